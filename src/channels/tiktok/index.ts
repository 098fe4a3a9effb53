import { statSync } from 'node:fs';
import { parseDuration } from '../../config/duration.js';
import { lazyDeliver } from '../lazy.js';
import type { ChannelType, Receipt } from '../types.js';
import { tiktokStage } from './card.js';
import { MAX_VIDEO, tiktokOptions, type TikTokOptions, type TikTokOutput } from './options.js';
import { check, render } from './render.js';

/** The one line that says how to take a TikTok post down by hand. */
function manualRetract(receipt: Receipt): string {
  return `open ${receipt.url ?? `the post ${receipt.id}`} in the TikTok app (signed in as the account that posted it) and delete it: ⋯ → Delete`;
}

/** TikTok channel: the clip that goes with the story, captioned. */
export const tiktok: ChannelType<TikTokOptions, TikTokOutput> = {
  type: 'tiktok',
  schema: tiktokOptions,
  example: { client_key: '${TIKTOK_CLIENT_KEY}', client_secret: '${TIKTOK_CLIENT_SECRET}', refresh_token: '${TIKTOK_REFRESH_TOKEN}' },
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
  card: tiktokStage,
  platform: 'TikTok',
  requestsPerPost: 5, // token, creator info, init, upload, status
  // API-NOTES: video/init/ takes 6 a minute per account.
  perMinute: 6,
  // The sending code (and got) loads only when a TikTok channel sends: a dry-run never pays for it.
  // TikTok's Content Posting API has no delete: a person takes the clip down in the app.
  retractPlan: (receipt) => `nothing automatic (TikTok's API cannot delete): ${manualRetract(receipt)}`,
  retract: async (ctx) => ({ outcome: 'manual', detail: ctx.previous ? manualRetract(ctx.previous) : 'find the clip in the TikTok app and delete it' }),
  ...lazyDeliver(() => import('./deliver.js'), { clients: ['got'], lookup: true, verify: true }),
};

export default tiktok;
