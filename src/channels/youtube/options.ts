/** What a `type: youtube` channel takes and sends, and the YouTube Data API's limits. */
import { webUrl, z } from '../../zod.js';

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

export const DESCRIPTION_BYTES = 5000;
export const TITLE_LIMIT = 100;
/** The link must be above the "Show more" fold. */
export const LINK_WITHIN = 150;
/** YouTube's limit on a video's tags, counted by `youtubeTagsLength` (text/hashtags.ts). */
export const TAGS_LIMIT = 500;
