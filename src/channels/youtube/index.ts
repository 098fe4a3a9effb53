import { lazyDeliver } from '../lazy.js';
import type { ChannelType } from '../types.js';
import { youtubeStage } from './card.js';
import { youtubeOptions, type YouTubeOptions, type YouTubeOutput } from './options.js';
import { check, render } from './render.js';

/**
 * YouTube channel: the description (and tags) of the video that goes with the story.
 * Sending reads the video's snippet and writes it back with only those fields changed
 * (deliver.ts); googleapis is loaded only then.
 */
export const youtube: ChannelType<YouTubeOptions, YouTubeOutput> = {
  type: 'youtube',
  schema: youtubeOptions,
  example: { client_id: '${YOUTUBE_CLIENT_ID}', client_secret: '${YOUTUBE_CLIENT_SECRET}', refresh_token: '${YOUTUBE_REFRESH_TOKEN}' },
  secretKeys: ['client_secret', 'refresh_token'],
  sendRequires: ['client_id', 'client_secret', 'refresh_token'],
  supportsUpdate: true,
  skipReason: (article) => (article.youtube ? undefined : 'the article has no `youtube:` video id'),
  render,
  check,
  card: youtubeStage,
  platform: 'YouTube',
  requestsPerPost: 3, // token, videos.list, videos.update
  // The sending code (and googleapis) loads only when a YouTube channel sends: a dry-run never pays for it.
  retractPlan: (receipt) => {
    const before = (receipt.extra as { before?: { description?: string } } | undefined)?.before;
    return before
      ? `restore the title, description and tags video ${receipt.id} had before publish (${JSON.stringify((before.description ?? '').slice(0, 60))}…)`
      : `nothing automatic: the ledger has no copy of video ${receipt.id}'s description from before publish; restore it by hand`;
  },
  ...lazyDeliver(() => import('./deliver.js'), { clients: ['youtube'], lookup: true, verify: true, retract: true }),
};

export default youtube;
