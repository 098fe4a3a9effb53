/** What a `type: tiktok` channel takes and sends, and the Content Posting API's limits. */
import { webUrl, z } from '../../zod.js';

const MB = 1024 * 1024;
/** Smallest chunk TikTok takes; a smaller file is sent as one chunk of its own size. */
export const MIN_CHUNK = 5 * MB;
/** Largest `chunk_size` TikTok takes. */
export const MAX_CHUNK = 64 * MB;
/** Largest video TikTok takes by FILE_UPLOAD (4 GB). */
export const MAX_VIDEO = 4 * 1024 * MB;
/** Chunk size when channels.yaml does not set one. */
export const DEFAULT_CHUNK = 10 * MB;

export const PRIVACY_LEVELS = ['PUBLIC_TO_EVERYONE', 'MUTUAL_FOLLOW_FRIENDS', 'FOLLOWER_OF_CREATOR', 'SELF_ONLY'] as const;

const DURATION = 'not a duration; write a number with a unit: `500ms`, `90s`, `5m` or `1h`';

/** Options of a `type: tiktok` channel. */
export const tiktokOptions = z.object({
  /** App credentials from the TikTok developer portal. */
  client_key: z.string().optional(),
  /** Secret: use `${TIKTOK_CLIENT_SECRET}`. */
  client_secret: z.string().optional(),
  /** Secret: the first refresh token; rotated ones are kept in the ledger database. */
  refresh_token: z.string().optional(),
  /** Secret: a fixed access token instead of refreshing (simple set-ups). */
  access_token: z.string().optional(),
  /** @default https://open.tiktokapis.com */
  base_url: webUrl().default('https://open.tiktokapis.com'),
  /** Must be one the creator is offered (creator_info); unaudited apps may post only SELF_ONLY. @default PUBLIC_TO_EVERYONE */
  privacy_level: z.enum(PRIVACY_LEVELS).default('PUBLIC_TO_EVERYONE'),
  disable_comment: z.boolean().default(false),
  disable_duet: z.boolean().default(false),
  disable_stitch: z.boolean().default(false),
  /** Chunk size for the upload, bytes (5–64 MB). @default 10 MB */
  chunk_size: z.number().int().min(MIN_CHUNK).max(MAX_CHUNK).default(DEFAULT_CHUNK),
  /** How long to wait for TikTok to finish processing before leaving it to `publish status`. @default 5m */
  processing_timeout: z.string().regex(/^\d+(ms|s|m|h)$/, DURATION).default('5m'),
  /** First wait before asking whether TikTok finished processing; doubles up to 15 s. @default 1s */
  status_poll: z.string().regex(/^\d+(ms|s|m|h)$/, DURATION).default('1s'),
});
export type TikTokOptions = z.infer<typeof tiktokOptions>;

/** The caption and post settings (post_info) plus the clip it goes with. */
export interface TikTokOutput {
  caption: string;
  privacy_level: (typeof PRIVACY_LEVELS)[number];
  /** The article's `video:` as written. */
  video: string;
}

export const CAPTION_LIMIT = 2200;
