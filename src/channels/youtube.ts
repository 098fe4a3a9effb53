import { webUrl, z } from '../zod.js';
import type { Article } from '../article/types.js';
import { youtubeSafe } from '../text/escape.js';
import { youtubeTagsLength } from '../text/hashtags.js';
import { utf16Length, utf8Bytes } from '../text/measure.js';
import { fitYouTubeTags, TAGS_LIMIT } from './youtube/tags.js';
import { layoutText, layoutValues, limitProblem, sections, type LayoutValues } from './layout.js';
import { textMarkupProblems } from './markup.js';
import type { ChannelType, DeliverContext, Measure, Post, Problem, Receipt, RenderContext, VerifyResult } from './types.js';

/** Options of a `type: youtube` channel. */
export const youtubeOptions = z.object({
  /** OAuth client of a Google Cloud project with the YouTube Data API enabled. */
  client_id: z.string().optional(),
  /** Secret: use `${YOUTUBE_CLIENT_SECRET}`. */
  client_secret: z.string().optional(),
  /** Secret: a refresh token with the youtube scope. */
  refresh_token: z.string().optional(),
  /** @default https://youtube.googleapis.com/ */
  root_url: webUrl().default('https://youtube.googleapis.com/'),
  /** @default https://oauth2.googleapis.com/token */
  token_url: webUrl().default('https://oauth2.googleapis.com/token'),
  /** Also set the video's tags from the article: `merge` adds to the existing ones, `replace` replaces them. Unset: tags untouched. */
  tags: z.enum(['merge', 'replace']).optional(),
  /** Replace the video's title with this (placeholders allowed). Unset: the title is kept. */
  title: z.string().optional(),
});
export type YouTubeOptions = z.infer<typeof youtubeOptions>;

/** The description (and tags) written into the video's snippet. */
export interface YouTubeOutput {
  video_id: string;
  /** Only when the channel sets `title:`; otherwise the video's own title is kept. */
  title?: string;
  description: string;
  /** The article's tags, when the channel sets `tags:`; merged with the video's when sending. */
  tags?: string[];
}

export { fitYouTubeTags, TAGS_LIMIT };

export const DESCRIPTION_BYTES = 5000;
export const TITLE_LIMIT = 100;
/** The link must be above the "Show more" fold. */
export const LINK_WITHIN = 150;
const HASHTAGS = 15;

// The link first, so it stays above the fold whatever the lead's length.
const layout = (v: LayoutValues): string => sections(v.url, v.lead, v.body, v.hashtags);

function render(article: Article, ctx: RenderContext<YouTubeOptions>): Post<YouTubeOutput> {
  const { channel, link } = ctx;
  const values = layoutValues(article, channel, link, HASHTAGS);
  const fitted = layoutText(article, channel, values, {
    build: layout,
    escape: youtubeSafe,
    measure: utf8Bytes,
    limit: DESCRIPTION_BYTES,
  });
  const output: YouTubeOutput = { video_id: article.youtube ?? '', description: fitted.text };
  if (channel.options.title !== undefined) {
    output.title = youtubeSafe(channel.options.title.replace(/\{title\}/g, article.title)).trim();
  }
  if (channel.options.tags !== undefined) output.tags = fitYouTubeTags(article.tags);
  const measures: Measure[] = [
    { field: 'description', used: utf8Bytes(output.description), limit: DESCRIPTION_BYTES, unit: 'UTF-8 bytes' },
  ];
  if (output.title !== undefined) {
    measures.push({ field: 'title', used: utf16Length(output.title), limit: TITLE_LIMIT, unit: 'characters' });
  }
  if (output.tags !== undefined) {
    measures.push({ field: 'tags', used: youtubeTagsLength(output.tags), limit: TAGS_LIMIT, unit: 'characters' });
  }
  return { channel: channel.name, type: 'youtube', output, measures, problems: textMarkupProblems(article, channel.name, 'on YouTube', { body: true }) };
}

function check(post: Post<YouTubeOutput>, ctx: RenderContext<YouTubeOptions>): Problem[] {
  const problems: Problem[] = [];
  for (const m of post.measures) problems.push(...limitProblem(m, `the ${m.field}`));
  const { description, title } = post.output;
  for (const [field, text] of [['description', description], ['title', title]] as const) {
    if (text !== undefined && /[<>]/.test(text)) {
      problems.push({ severity: 'error', code: 'angle_brackets', message: `the ${field} contains < or >, which YouTube refuses` });
    }
  }
  if (title !== undefined && title.trim() === '') {
    problems.push({ severity: 'error', code: 'empty', message: 'the title is empty: YouTube requires one' });
  }
  if (ctx.link) {
    const at = description.indexOf(ctx.link);
    if (at < 0 || at + ctx.link.length > LINK_WITHIN) {
      problems.push({
        severity: 'warning',
        code: 'link_below_fold',
        message: `the link is not within the first ${LINK_WITHIN} characters, so viewers see it only after "Show more"`,
      });
    }
  } else {
    problems.push({ severity: 'warning', code: 'no_link', message: 'no link to the story: set `url:` in the article or configure a website channel' });
  }
  return problems;
}

// The sending code (and googleapis) loads only when a YouTube channel sends: a dry-run never pays for it.
const load = async (): Promise<unknown> => {
  await import('./youtube/deliver.js');
  return (await import('./youtube/client.js')).loadGoogleApis();
};
const deliver = async (post: Post<YouTubeOutput>, ctx: DeliverContext<YouTubeOptions>): Promise<Receipt> =>
  (await import('./youtube/deliver.js')).deliverYouTube(post, ctx);
const lookup = async (post: Post<YouTubeOutput>, ctx: DeliverContext<YouTubeOptions>): Promise<Receipt | undefined> =>
  (await import('./youtube/deliver.js')).lookupYouTube(post, ctx);
const verify = async (ctx: DeliverContext<YouTubeOptions>): Promise<VerifyResult> =>
  (await import('./youtube/deliver.js')).verifyYouTube(ctx);

/**
 * YouTube channel: the description (and tags) of the video that goes with the story.
 * Sending reads the video's snippet and writes it back with only those fields changed
 * (src/channels/youtube/); googleapis is loaded only then.
 */
export const youtube: ChannelType<YouTubeOptions, YouTubeOutput> = {
  type: 'youtube',
  schema: youtubeOptions,
  secretKeys: ['client_secret', 'refresh_token'],
  sendRequires: ['client_id', 'client_secret', 'refresh_token'],
  supportsUpdate: true,
  skipReason: (article) => (article.youtube ? undefined : 'the article has no `youtube:` video id'),
  render,
  check,
  load,
  requestsPerPost: 3, // token, videos.list, videos.update
  deliver,
  lookup,
  verify,
};

export default youtube;
