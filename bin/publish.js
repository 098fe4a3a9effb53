#!/usr/bin/env node
// Only starts the bundled CLI (dist/main.cjs, built from src/ by scripts/build.mjs) with
// the runner the build copies from src/run-bundle.ts: bin/ holds no source of its own.
import { fileURLToPath } from 'node:url';
import { runBundle } from '../dist/run-bundle.mjs';

// `publish … | head` closes the pipe before all is written: stop quietly, as other
// command-line tools do, instead of a stack trace about EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
}

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
