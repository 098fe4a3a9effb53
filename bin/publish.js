#!/usr/bin/env node
// Only starts the bundled CLI (dist/main.cjs, built from src/ by scripts/build.mjs).
import { fileURLToPath } from 'node:url';
import { runBundle } from './run-bundle.js';

const { main } = runBundle(fileURLToPath(new URL('../dist/main.cjs', import.meta.url))).exports;

process.exitCode = await main(process.argv.slice(2), {
  env: process.env,
  cwd: process.cwd(),
  // Touching process.stdin opens it (a few ms): only `-` articles need it.
  get stdin() {
    return process.stdin;
  },
  stdout: process.stdout,
  stderr: process.stderr,
});
