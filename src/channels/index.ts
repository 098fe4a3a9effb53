import staticSite from './static/index.js';
import telegram from './telegram/index.js';
import tiktok from './tiktok/index.js';
import type { ChannelType } from './types.js';
import webhook from './webhook/index.js';
import wordpress from './wordpress/index.js';
import youtube from './youtube/index.js';

/**
 * The only list of channel types: config validation, the engine, the preview (each type's
 * `platform` and `card`), the client loader and the build (each type's `clients`, as
 * src/clients/bundles.json) all read it. Adding a platform means adding one folder in
 * src/channels and one line here. A type's index.ts imports only light modules; its
 * sending code and platform client load lazily (lazy.ts).
 */
export const channelTypes: readonly ChannelType[] = [wordpress, staticSite, telegram, youtube, tiktok, webhook];

/** The type registered under `name`, or undefined. */
export function getChannelType(name: string): ChannelType | undefined {
  return channelTypes.find((t) => t.type === name);
}

/**
 * Every platform client bundle the registered types load, sorted, each with its entry
 * (`src/clients/<name>.ts`): what src/clients/bundles.json must hold for the build.
 */
export function clientBundles(types: readonly ChannelType[] = channelTypes): Record<string, string> {
  const names = [...new Set(types.flatMap((t) => t.clients ?? []))].sort();
  return Object.fromEntries(names.map((name) => [name, `src/clients/${name}.ts`]));
}
