/**
 * Loads a platform client (telegraf, googleapis, got) the first time a channel sends.
 *
 * The build bundles each client into one CommonJS file, `dist/vendor/<name>.cjs`, with
 * V8's compiled code beside it, and runs it through bin/run-bundle.js: compiling these
 * libraries is most of what loading them costs. Without the bundle (tests running from
 * src/) the client is imported from node_modules as usual.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runBundle, type StoredCode } from '../../bin/run-bundle.js';

/** The clients (and article readers) the build bundles into dist/vendor. */
export type VendoredClient = 'telegraf' | 'youtube' | 'got' | 'dom' | 'docx';

/** How a client was loaded: tests check the stored code is really used. */
export interface LoadedFrom {
  file?: string;
  cache: StoredCode;
}

const loaded = new Map<VendoredClient, LoadedFrom>();

/** How each client loaded in this process so far. */
export function loadedClients(): ReadonlyMap<VendoredClient, LoadedFrom> {
  return loaded;
}

/**
 * The client `name`: the bundle in `dir` (dist/vendor beside the CLI bundle) when there is
 * one, else `fallback()` (an ordinary import of the same module).
 */
export async function loadClient<T>(name: VendoredClient, fallback: () => Promise<T>, dir = new URL('./vendor/', import.meta.url)): Promise<T> {
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
