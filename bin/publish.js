#!/usr/bin/env node
// Only starts the bundled CLI; everything else lives in src/.
import { main } from '../dist/main.js';

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
