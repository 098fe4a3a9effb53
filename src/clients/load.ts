/**
 * Loads a platform client (telegraf, googleapis, got) the first time a channel sends.
 *
 * The build bundles each client into one CommonJS file, `dist/vendor/<name>.cjs`, and
 * stores V8's compiled code for it beside it (`<name>.cjs.cache`). Node 20 has no compile
 * cache of its own, and compiling these libraries is most of what loading them costs:
 * with the stored code a send starts its first request sooner. Whatever goes wrong with the
 * stored code (another Node version, other V8 flags) only costs the compile; without the
 * bundle (tests running from src/) the client is imported from node_modules as usual.
 */
import { existsSync, readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

/** The clients the build bundles into dist/vendor. */
export type VendoredClient = 'telegraf' | 'youtube' | 'got';

/** How a client was loaded: tests and the build check the stored code is really used. */
export interface LoadedFrom {
  file?: string;
  cache: 'accepted' | 'rejected' | 'none';
}

const loaded = new Map<VendoredClient, LoadedFrom>();

/** How each client loaded in this process so far. */
export function loadedClients(): ReadonlyMap<VendoredClient, LoadedFrom> {
  return loaded;
}

/** dist/vendor when this code runs from the bundle (dist/main.js or dist/chunks/*.js). */
function vendorDir(): URL {
  return new URL(import.meta.url.includes('/dist/chunks/') ? '../vendor/' : './vendor/', import.meta.url);
}

/** Compiles and runs one CommonJS bundle with its stored code, when that matches. */
export function runBundle<T>(file: string): { exports: T; cache: LoadedFrom['cache'] } {
  const source = readFileSync(file, 'utf8');
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(`${file}.cache`);
  } catch {
    // no stored code: compile as usual
  }
  const script = new Script(Module.wrap(source), { filename: file, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} as T };
  const run = script.runInThisContext() as (exports: T, require: NodeJS.Require, module: { exports: T }, filename: string, dirname: string) => void;
  run.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return { exports: module.exports, cache: cachedData ? (script.cachedDataRejected ? 'rejected' : 'accepted') : 'none' };
}

/**
 * The client `name`: the bundle in dist/vendor when there is one, else `fallback()` (an
 * ordinary import of the same module).
 */
export async function loadClient<T>(name: VendoredClient, fallback: () => Promise<T>, dir: URL = vendorDir()): Promise<T> {
  const file = fileURLToPath(new URL(`${name}.cjs`, dir));
  if (!existsSync(file)) {
    const module = await fallback();
    loaded.set(name, { cache: 'none' });
    return module;
  }
  const { exports, cache } = runBundle<T>(file);
  loaded.set(name, { file, cache });
  return exports;
}
