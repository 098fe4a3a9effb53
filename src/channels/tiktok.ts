import { statSync } from 'node:fs';
import { webUrl, z } from '../zod.js';
import { parseDuration } from '../config/duration.js';
import type { Article } from '../article/types.js';
import { utf16Length } from '../text/measure.js';
import { layoutText, layoutValues, limitProblem, sections, type LayoutValues } from './layout.js';
import { textMarkupProblems } from './markup.js';
import { MAX_VIDEO } from './tiktok/chunks.js';
import type { ChannelType, DeliverContext, Post, Problem, Receipt, RenderContext, VerifyResult } from './types.js';

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
  chunk_size: z.number().int().min(5 * 1024 * 1024).max(64 * 1024 * 1024).default(10 * 1024 * 1024),
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
const HASHTAGS = 8;

// No link: links in captions are not clickable on TikTok.
const layout = (v: LayoutValues): string => sections(v.title, v.lead, v.hashtags);

function render(article: Article, ctx: RenderContext<TikTokOptions>): Post<TikTokOutput> {
  const { channel } = ctx;
  const values = layoutValues(article, channel, undefined, HASHTAGS);
  const fitted = layoutText(article, channel, values, {
    build: layout,
    escape: (s) => s,
    measure: utf16Length,
    limit: CAPTION_LIMIT,
    elastic: ['lead'],
  });
  const output: TikTokOutput = {
    caption: fitted.text,
    privacy_level: channel.options.privacy_level,
    video: article.video?.ref ?? '',
  };
  return {
    channel: channel.name,
    type: 'tiktok',
    output,
    measures: [{ field: 'caption', used: utf16Length(output.caption), limit: CAPTION_LIMIT, unit: 'UTF-16 units' }],
    // The caption has no body: only the title's and lead's raw HTML matter here.
    problems: textMarkupProblems(article, channel.name, 'on TikTok', { body: false }),
  };
}

function check(post: Post<TikTokOutput>): Problem[] {
  const problems: Problem[] = [];
  for (const m of post.measures) problems.push(...limitProblem(m, 'the caption'));
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(post.output.video)) {
    // The send refuses it too (deliver.ts): the dry-run must not call it valid.
    problems.push({ severity: 'error', code: 'remote_video', message: `TikTok takes the clip as a file upload, not a web address: download ${post.output.video} and set \`video:\` to the local file` });
  }
  if (/https?:\/\//.test(post.output.caption)) {
    problems.push({ severity: 'warning', code: 'link_in_caption', message: 'the caption contains a link, which is not clickable on TikTok' });
  }
  return problems;
}

// The sending code (and got) loads only when a TikTok channel sends: a dry-run never pays for it.
const load = async (): Promise<unknown> => {
  await import('./tiktok/deliver.js');
  return (await import('../http/lazy-got.js')).loadGot();
};
const deliver = async (post: Post<TikTokOutput>, ctx: DeliverContext<TikTokOptions>): Promise<Receipt> =>
  (await import('./tiktok/deliver.js')).deliverTikTok(post, ctx);
const lookup = async (post: Post<TikTokOutput>, ctx: DeliverContext<TikTokOptions>): Promise<Receipt | undefined> =>
  (await import('./tiktok/deliver.js')).lookupTikTok(post, ctx);
const verify = async (ctx: DeliverContext<TikTokOptions>): Promise<VerifyResult> =>
  (await import('./tiktok/deliver.js')).verifyTikTok(ctx);

/** TikTok channel: the clip that goes with the story, captioned. */
export const tiktok: ChannelType<TikTokOptions, TikTokOutput> = {
  type: 'tiktok',
  schema: tiktokOptions,
  secretKeys: ['client_secret', 'refresh_token', 'access_token'],
  // Rotated on every refresh; the newest is kept in the ledger (tiktok/auth.ts).
  rotatedSecret: 'refresh_token',
  // Either access_token, or client_key + client_secret + refresh_token: checked when sending.
  sendRequires: [],
  supportsUpdate: 'TikTok captions cannot be edited',
  usesLink: false,
  // Uploading takes as long as the file needs (allowing a slow 1 MB/s), then TikTok processes it.
  timeAllowanceMs: (article, channel) => {
    let size = 0;
    try {
      size = article.video?.path ? statSync(article.video.path).size : 0;
    } catch {
      // a missing file is reported by the media check before sending
    }
    return Math.ceil(size / 1000) + (parseDuration(channel.options.processing_timeout) ?? 300_000);
  },
  skipReason: (article) => (article.video ? undefined : 'the article has no `video:` clip'),
  media: (article) => (article.video ? [article.video] : []),
  mediaLimits: { video: { maxBytes: MAX_VIDEO, platform: 'TikTok (FILE_UPLOAD)' } },
  render,
  check,
  load,
  requestsPerPost: 5, // token, creator info, init, upload, status
  // API-NOTES: video/init/ takes 6 a minute per account.
  perMinute: 6,
  deliver,
  lookup,
  verify,
};

export default tiktok;
