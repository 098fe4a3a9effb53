import { lazyDeliver } from '../lazy.js';
import type { ChannelType } from '../types.js';
import { staticStage } from './card.js';
import { staticOptions, type StaticOptions, type StaticOutput } from './options.js';
import { check, predictStaticLink, render } from './render.js';

/** Static site: the article as a file in the site's content folder. */
export const staticSite: ChannelType<StaticOptions, StaticOutput> = {
  type: 'static',
  schema: staticOptions,
  example: { dir: 'site/content/news', base_url: 'https://example.org/news' },
  secretKeys: [],
  providesLink: true,
  supportsUpdate: true,
  predictLink: predictStaticLink,
  render,
  check,
  card: staticStage,
  platform: 'Static site',
  retractPlan: (receipt, channel) => `remove ${channel.options.dir.replace(/\/+$/, '')}/${receipt.id} from the content folder`,
  ...lazyDeliver(() => import('./deliver.js'), { lookup: true, retract: true }),
};

export default staticSite;
