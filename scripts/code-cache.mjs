// Stores V8's compiled code beside each bundle of a build (`<file>.cache`), for
// src/run-bundle.ts: `node scripts/code-cache.mjs <build dir> <final dir>`.
// Each bundle is compiled under the name it will have in <final dir> (stack traces show
// it) and run once; the CLI also does a dry-run of the examples first, so the code a
// dry-run needs is stored compiled, not just the start-up.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';

const [from, to] = process.argv.slice(2).map((dir) => resolve(dir));
if (!from || !to) throw new Error('usage: node scripts/code-cache.mjs <build dir> <final dir>');
// The build's own copy of the runner, the one bin/publish.js will use.
const { runBundle } = await import(pathToFileURL(join(from, 'run-bundle.mjs')).href);

function store(file, script) {
  writeFileSync(`${file}.cache`, script.createCachedData());
}

for (const name of readdirSync(join(from, 'vendor')).filter((f) => f.endsWith('.cjs'))) {
  const file = join(from, 'vendor', name);
  store(file, runBundle(file, { filename: join(to, 'vendor', name), storedCode: false }).script);
}

const cli = join(from, 'main.cjs');
const { exports, script } = runBundle(cli, { filename: join(to, 'main.cjs'), storedCode: false });
const examples = ['examples/istanbul-talks.md', 'examples/donations-export.txt', 'examples/kyiv-energy-uk.md'];
if (existsSync('channels.yaml') && examples.every((e) => existsSync(e))) {
  const sink = () => Object.assign(new Writable({ write: (_chunk, _encoding, done) => done() }), { isTTY: false });
  const io = { env: { ...process.env, NO_COLOR: '1' }, cwd: process.cwd(), stdin: process.stdin, stdout: sink(), stderr: sink() };
  await exports.main(['--dry-run', '--json', ...examples], io);
  await exports.main(['--dry-run', examples[0]], io);
}
store(cli, script);
