// Runs one CommonJS bundle of dist/ with V8's compiled code stored beside it
// (`<file>.cache`, written by scripts/code-cache.mjs at build time). Node 20 has no compile
// cache of its own, and compiling is most of what starting publish costs: with the stored
// code V8 skips parsing and compiling what it has seen run. Stored code that does not fit
// (another Node, other V8 flags) is refused by V8, and stored code older than its bundle is
// not used: either costs only the compile. bin/publish.js runs the CLI with it (through the
// copy the build writes to dist/run-bundle.mjs: bin/ holds no source), src/clients/load.ts
// the platform clients. Each run is announced on the diagnostics channel `publish:bundle`
// ({ file, cache }): tests prove with it that users' runs use the bundles and their stored
// code (tests/helpers/trace-bundles.cjs).
import { channel } from 'node:diagnostics_channel';
import { readFileSync, statSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

/** How the stored code of a bundle fared: used, refused by V8, older than the bundle, or absent. */
export type StoredCode = 'accepted' | 'rejected' | 'stale' | 'none';

const bundles = channel('publish:bundle');

/**
 * Compiles `file` (with its stored code when there is one) and runs it as a CommonJS module.
 * `filename` is the name stack traces show (the build compiles under the final name).
 */
export function runBundle<T = Record<string, unknown>>(
  file: string,
  { filename = file, storedCode = true }: { filename?: string; storedCode?: boolean } = {},
): { exports: T; cache: StoredCode; script: Script } {
  const source = readFileSync(file, 'utf8');
  let cachedData: Buffer | undefined;
  let stale = false;
  if (storedCode) {
    try {
      // V8 checks stored code against the source's length only: a bundle changed after its
      // code was stored (edited by hand, half copied) must not run the old code.
      stale = statSync(file).mtimeMs > statSync(`${file}.cache`).mtimeMs;
      if (!stale) cachedData = readFileSync(`${file}.cache`);
    } catch {
      // no stored code: compile as usual
    }
  }
  const script = new Script(Module.wrap(source), { filename, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} as T };
  const wrapper = script.runInThisContext() as (exports: T, require: NodeJS.Require, module: { exports: T }, filename: string, dirname: string) => void;
  wrapper.call(module.exports, module.exports, createRequire(filename), module, filename, dirname(filename));
  const cache: StoredCode = stale ? 'stale' : cachedData ? (script.cachedDataRejected ? 'rejected' : 'accepted') : 'none';
  if (bundles.hasSubscribers) bundles.publish({ file, cache });
  return { exports: module.exports, cache, script };
}
