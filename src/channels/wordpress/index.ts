import { lazyDeliver } from '../lazy.js';
import type { ChannelType } from '../types.js';
import { wordpressStage } from './card.js';
import { wordpressOptions, type WordPressOptions, type WordPressOutput } from './options.js';
import { heldUntil, retractPlan } from './lifecycle.js';
import { check, predictWordPressLink, render } from './render.js';

/** WordPress website: the article as a post, via the REST API with an Application Password. */
export const wordpress: ChannelType<WordPressOptions, WordPressOutput> = {
  type: 'wordpress',
  schema: wordpressOptions,
  example: { url: 'https://example.org', username: '${WP_USERNAME}', password: '${WP_APP_PASSWORD}' },
  secretKeys: ['password'],
  sendRequires: ['username', 'password'],
  providesLink: true,
  schedulesNatively: true,
  supportsUpdate: true,
  predictLink: predictWordPressLink,
  // No mediaLimits: the site's upload limit (upload_max_filesize) is not knowable offline.
  media: (article, channel) => (channel.options.featured_image && article.image ? [article.image] : []),
  render,
  check,
  card: wordpressStage,
  platform: 'WordPress',
  requestsPerPost: 4, // REST root, slug lookup and user rights, create
  // The REST client (and got) loads only when sending: a dry-run never pays for it.
  heldUntil,
  retractPlan,
  ...lazyDeliver(() => import('./deliver.js'), { clients: ['got'], lookup: true, verify: true, retract: true, unschedule: true }),
};

export default wordpress;
