#!/usr/bin/env node
// Only starts the bundled CLI; everything else lives in src/.
import { main } from '../dist/main.js';

process.exitCode = await main(process.argv.slice(2), {
  env: process.env,
  cwd: process.cwd(),
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
});
