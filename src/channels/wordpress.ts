import { webUrl, z } from '../zod.js';
import type { Article } from '../article/types.js';
import type { ChannelConfig } from '../config/types.js';
import { escapeHtml } from '../text/escape.js';
import { renderMarkdownParagraphs } from '../text/inline-markdown.js';
import { sanitizeArticleHtml } from '../text/sanitize.js';
import { layoutValues } from './layout.js';
import { hasRawBody, websiteMarkupProblems } from './markup.js';
import type { ChannelType, DeliverContext, Post, Problem, Receipt, RenderContext, VerifyResult } from './types.js';

/** Options of a `type: wordpress` channel. */
export const wordpressOptions = z.object({
  /** The site's address; the REST root is found from its `Link rel="https://api.w.org/"` header. */
  url: webUrl(),
  /** The WordPress user the Application Password belongs to. */
  username: z.string().optional(),
  /** Secret: an Application Password (Users → Profile → Application Passwords). */
  password: z.string().optional(),
  /** `future` is used by itself when the article is scheduled. @default publish */
  status: z.enum(['publish', 'draft', 'pending', 'private']).default('publish'),
  /** Category names; each must exist on the site. */
  categories: z.array(z.string().min(1)).default([]),
  /** Hosts allowed in `<iframe src>` in the article body, e.g. www.youtube.com. @default [] */
  embed_hosts: z.array(z.string().min(1)).default([]),
  /** Upload the article image and make it the featured image. @default true */
  featured_image: z.boolean().default(true),
});
export type WordPressOptions = z.infer<typeof wordpressOptions>;

/** The `POST /wp/v2/posts` body as far as it is knowable offline (tags and categories are names until sent). */
export interface WordPressOutput {
  title: string;
  content: string;
  excerpt: string;
  slug: string;
  status: 'publish' | 'draft' | 'pending' | 'private' | 'future';
  tags: string[];
  categories?: string[];
  date_gmt?: string;
}

// Hashtags an override's {hashtags} may show (the post itself carries the tags as WordPress tags).
const HASHTAGS = 5;

function render(article: Article, ctx: RenderContext<WordPressOptions>): Post<WordPressOutput> {
  const { options } = ctx.channel;
  const override = article.overrides[ctx.channel.name]?.text;
  const lead = article.lead ? `<p class="lead">${escapeHtml(article.lead)}</p>\n` : '';
  const body = override !== undefined
    ? renderMarkdownParagraphs(override, layoutValues(article, ctx.channel, ctx.link, HASHTAGS))
    : sanitizeArticleHtml(article.bodyHtml, options.embed_hosts, { raw: hasRawBody(article) });
  const output: WordPressOutput = {
    title: escapeHtml(article.title),
    content: (lead + body).trim(),
    excerpt: escapeHtml(article.lead),
    slug: article.slug,
    status: options.status,
    tags: dedupe(article.tags),
  };
  if (options.categories.length > 0) output.categories = options.categories;
  const problems = override !== undefined ? [] : websiteMarkupProblems(article, options.embed_hosts);
  return { channel: ctx.channel.name, type: 'wordpress', output, measures: [], problems };
}

function dedupe(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  return tags.filter((t) => {
    const k = t.toLocaleLowerCase();
    return seen.has(k) ? false : (seen.add(k), true);
  });
}

function check(post: Post<WordPressOutput>): Problem[] {
  const problems: Problem[] = [];
  if (!post.output.title.trim()) problems.push({ severity: 'error', code: 'empty', message: 'the title is empty' });
  if (!post.output.content.trim()) problems.push({ severity: 'error', code: 'empty', message: 'the content is empty' });
  if (!/^[\p{L}\p{N}_-]+$/u.test(post.output.slug)) {
    problems.push({ severity: 'error', code: 'bad_slug', message: `slug "${post.output.slug}" has characters WordPress will change: use letters, digits and hyphens` });
  }
  return problems;
}

/** Where WordPress will put the post with pretty permalinks (`/%postname%/`): a stand-in for dry-runs. */
export function predictWordPressLink(article: Article, channel: ChannelConfig<WordPressOptions>): string {
  return `${channel.options.url.replace(/\/+$/, '')}/${article.slug}/`;
}

// The REST client lives in ./wordpress/ and loads only when sending (got is not needed for a dry-run).
/** The sending code and got, loaded without sending (see ChannelType.load). */
async function load(): Promise<unknown> {
  await import('./wordpress/deliver.js');
  return (await import('../http/lazy-got.js')).loadGot();
}

async function deliver(post: Post<WordPressOutput>, ctx: DeliverContext<WordPressOptions>): Promise<Receipt> {
  const { deliverWordPress } = await import('./wordpress/deliver.js');
  return deliverWordPress(post, ctx);
}

async function lookup(post: Post<WordPressOutput>, ctx: DeliverContext<WordPressOptions>): Promise<Receipt | undefined> {
  const { lookupWordPress } = await import('./wordpress/deliver.js');
  return lookupWordPress(post, ctx);
}

async function verify(ctx: DeliverContext<WordPressOptions>): Promise<VerifyResult> {
  const { verifyWordPress } = await import('./wordpress/verify.js');
  return verifyWordPress(ctx);
}

/** WordPress website: the article as a post, via the REST API with an Application Password. */
export const wordpress: ChannelType<WordPressOptions, WordPressOutput> = {
  type: 'wordpress',
  schema: wordpressOptions,
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
  load,
  requestsPerPost: 4, // REST root, slug lookup and user rights, create
  deliver,
  lookup,
  verify,
};

export default wordpress;
