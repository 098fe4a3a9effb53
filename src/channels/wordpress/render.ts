/** The WordPress post of an article, and the rules it must keep: pure, no I/O. */
import type { Article } from '../../article/types.js';
import type { ChannelConfig } from '../../config/types.js';
import { escapeHtml } from '../../text/escape.js';
import { renderMarkdownParagraphs } from '../../text/inline-markdown.js';
import { sanitizeArticleHtml } from '../../text/sanitize.js';
import { layoutValues } from '../layout.js';
import { hasRawBody, websiteMarkupProblems } from '../markup.js';
import type { Post, Problem, RenderContext } from '../types.js';
import type { WordPressOptions, WordPressOutput } from './options.js';

// Hashtags an override's {hashtags} may show (the post itself carries the tags as WordPress tags).
const HASHTAGS = 5;

export function render(article: Article, ctx: RenderContext<WordPressOptions>): Post<WordPressOutput> {
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

export function check(post: Post<WordPressOutput>): Problem[] {
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
