// Runs one CommonJS bundle of dist/ with V8's compiled code stored beside it
// (`<file>.cache`, written by scripts/code-cache.mjs at build time). Node 20 has no compile
// cache of its own, and compiling is most of what starting publish costs: with the stored
// code V8 skips parsing and compiling what it has seen run. Stored code that does not fit
// (another Node, other V8 flags, a rebuilt bundle) is refused by V8 and costs only the
// compile. bin/publish.js runs the CLI with it, src/clients/load.ts the platform clients.
import { readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

/**
 * Compiles `file` (with its stored code when there is one) and runs it as a CommonJS module.
 * `filename` is the name stack traces show (the build compiles under the final name).
 */
export function runBundle(file, { filename = file, storedCode = true } = {}) {
  const source = readFileSync(file, 'utf8');
  let cachedData;
  if (storedCode) {
    try {
      cachedData = readFileSync(`${file}.cache`);
    } catch {
      // no stored code: compile as usual
    }
  }
  const script = new Script(Module.wrap(source), { filename, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, createRequire(filename), module, filename, dirname(filename));
  const cache = cachedData ? (script.cachedDataRejected ? 'rejected' : 'accepted') : 'none';
  return { exports: module.exports, cache, script };
}
