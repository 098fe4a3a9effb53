import staticSite from './static.js';
import telegram from './telegram.js';
import tiktok from './tiktok.js';
import type { ChannelType } from './types.js';
import webhook from './webhook.js';
import wordpress from './wordpress.js';
import youtube from './youtube.js';

/**
 * The only list of channel types. Adding a platform means adding one file in
 * src/channels and one line here. Channel files import only light modules;
 * their platform clients are loaded inside `deliver`.
 */
export const channelTypes: readonly ChannelType[] = [wordpress, staticSite, telegram, youtube, tiktok, webhook];

/** The type registered under `name`, or undefined. */
export function getChannelType(name: string): ChannelType | undefined {
  return channelTypes.find((t) => t.type === name);
}
