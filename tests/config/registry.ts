import { z } from 'zod';
import type { ChannelType } from '../../src/channels/types.js';

/** Config tests never render or preview; a type still has to have these. */
const notRendered = {
  platform: 'a test platform',
  example: {},
  render(): never {
    throw new Error('config tests do not render');
  },
  check: () => [],
  deliver(): never {
    throw new Error('config tests do not send');
  },
};

/** A Telegram-like type: a bot token (secret) and a chat, with a configurable API root. */
export const telegramLike: ChannelType = {
  type: 'telegram',
  schema: z.object({
    token: z.string().min(1),
    chat: z.string().min(1),
    api_root: z.url().default('https://api.telegram.org'),
    disable_preview: z.boolean().default(false),
  }),
  secretKeys: ['token'],
  sendRequires: ['token'],
  ...notRendered,
};

/** A WordPress-like type: site URL, an Application Password, a post status. */
export const wordpressLike: ChannelType = {
  type: 'wordpress',
  schema: z.object({
    url: z.url(),
    username: z.string().min(1),
    password: z.string().min(1),
    status: z.enum(['publish', 'draft', 'future']).default('publish'),
    embed_hosts: z.array(z.string()).default([]),
  }),
  secretKeys: ['password'],
  sendRequires: ['username', 'password'],
  providesLink: true,
  ...notRendered,
};

/** A YouTube-like type: OAuth client and refresh token, with a type-specific secret key name. */
export const youtubeLike: ChannelType = {
  type: 'youtube',
  schema: z.object({
    client_id: z.string().min(1),
    client_secret: z.string().min(1),
    refresh_token: z.string().min(1),
    api_key: z.string().optional(),
    root_url: z.url().default('https://youtube.googleapis.com/'),
  }),
  secretKeys: ['client_secret', 'refresh_token', 'api_key'],
  ...notRendered,
};

/** A strict schema with a nested object and a custom message that echoes its input. */
export const webhookLike: ChannelType = {
  type: 'webhook',
  schema: z
    .object({
      url: z.url(),
      headers: z.object({ authorization: z.string() }).strict().optional(),
      signing_key: z.string().refine((v) => v.length >= 12, { error: (issue) => `key ${String(issue.input)} is too short` }),
    })
    .strict(),
  secretKeys: ['signing_key'],
  ...notRendered,
};

export const registry: readonly ChannelType[] = [telegramLike, wordpressLike, youtubeLike, webhookLike];
