// Writes V8's compiled code for each bundle given (`<file>.cache`), the way
// src/clients/load.ts reads it: the bundle is compiled, run once (so the functions its
// start-up calls are compiled too), then its code is serialised.
// `--as <dir> <final>`: the bundles are built in <dir> and will live in <final>. The stored
// code keeps the file name it was compiled under (stack traces show it), so it is compiled
// under the final one.
const { readFileSync, writeFileSync } = require('node:fs');
const { createRequire, wrap } = require('node:module');
const { dirname, resolve } = require('node:path');
const { Script } = require('node:vm');

const args = process.argv.slice(2);
let rename = (file) => file;
if (args[0] === '--as') {
  const [, from, to] = args.splice(0, 3).map((a, i) => (i === 0 ? a : resolve(a)));
  rename = (file) => (file.startsWith(`${from}/`) ? `${to}${file.slice(from.length)}` : file);
}
for (const file of args.map((f) => resolve(f))) {
  const filename = rename(file);
  const script = new Script(wrap(readFileSync(file, 'utf8')), { filename });
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, createRequire(file), module, filename, dirname(filename));
  writeFileSync(`${file}.cache`, script.createCachedData());
}
