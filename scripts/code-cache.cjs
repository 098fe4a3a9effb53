// Writes V8's compiled code for each bundle given (`<file>.cache`), the way
// src/clients/load.ts reads it: the bundle is compiled, run once (so the functions its
// start-up calls are compiled too), then its code is serialised.
const { readFileSync, writeFileSync } = require('node:fs');
const { createRequire, wrap } = require('node:module');
const { dirname, resolve } = require('node:path');
const { Script } = require('node:vm');

for (const file of process.argv.slice(2).map((f) => resolve(f))) {
  const script = new Script(wrap(readFileSync(file, 'utf8')), { filename: file });
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  writeFileSync(`${file}.cache`, script.createCachedData());
}
