/**
 * Loads a platform client (telegraf, googleapis, got) the first time a channel sends.
 *
 * The build bundles each client into one CommonJS file, `dist/vendor/<name>.cjs`, with
 * V8's compiled code beside it, and runs it through src/run-bundle.ts: compiling these
 * libraries is most of what loading them costs. Without the bundle (tests running from
 * src/) the client is imported from node_modules as usual.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runBundle, type StoredCode } from '../run-bundle.js';

/**
 * A client the build bundles into dist/vendor: a name in bundles.json, which holds the
 * `clients` of the channel types (src/channels/index.ts) and the article readers.
 */
export type VendoredClient = keyof (typeof import('./bundles.json'))['bundles'] | keyof (typeof import('./bundles.json'))['readers'];

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
