/** The static-site file of an article, and the rules it must keep: pure, no I/O. */
import { stringify } from 'yaml';
import type { Article } from '../../article/types.js';
import type { ChannelConfig } from '../../config/types.js';
import { escapeHtml, escapeMarkdownText } from '../../text/escape.js';
import { sanitizeArticleHtml } from '../../text/sanitize.js';
import { hasRawBody, websiteMarkupProblems } from '../markup.js';
import type { Post, Problem, RenderContext } from '../types.js';
import type { StaticOptions, StaticOutput } from './options.js';

/** The file path for an article, from the `path` pattern. */
export function staticPath(article: Article, options: StaticOptions, now: Date): string {
  const date = article.date ? new Date(article.date) : now;
  const pattern = options.path ?? (options.format === 'html' ? '{yyyy}/{slug}.html' : '{yyyy}/{slug}.md');
  const pad = (n: number) => String(n).padStart(2, '0');
  const fields: Record<string, string> = {
    yyyy: String(date.getUTCFullYear()),
    mm: pad(date.getUTCMonth() + 1),
    dd: pad(date.getUTCDate()),
    slug: article.slug,
    id: article.id,
    lang: article.language ?? '',
  };
  return pattern.replace(/\{(\w+)\}/g, (m, k: string) => fields[k] ?? m).replace(/^\/+/, '');
}

/** The URL a static site serves a content file at: `2025/x.md` → `<base>/2025/x/`. */
export function staticUrl(path: string, options: StaticOptions): string {
  const base = options.base_url.replace(/\/+$/, '');
  const served = path.endsWith('.md') || path.endsWith('.markdown')
    ? path.replace(/(^|\/)index\.(md|markdown)$/, '$1').replace(/\.(md|markdown)$/, '/')
    : path;
  return `${base}/${encodeURI(served)}`;
}

export function render(article: Article, ctx: RenderContext<StaticOptions>): Post<StaticOutput> {
  const { options } = ctx.channel;
  const path = staticPath(article, options, ctx.now);
  const url = staticUrl(path, options);
  const body = sanitizeArticleHtml(article.bodyHtml, options.embed_hosts, { raw: hasRawBody(article) });
  const date = (article.date ? new Date(article.date) : ctx.now).toISOString();
  let content: string;
  if (options.format === 'markdown') {
    const front: Record<string, unknown> = { title: article.title, description: article.lead, date, slug: article.slug };
    if (article.tags.length > 0) front.tags = [...article.tags];
    if (article.language) front.lang = article.language;
    if (article.image?.url) front.image = article.image.url;
    // The lead is text: escaped so a site generator shows it as written, never as markup.
    content = `---\n${stringify(front, { lineWidth: 0 })}---\n\n${escapeMarkdownText(article.lead)}\n\n${body}\n`;
  } else {
    const lang = article.language ? ` lang="${escapeHtml(article.language)}"` : '';
    content = `<!doctype html>\n<html${lang}>\n<head>\n<meta charset="utf-8">\n<title>${escapeHtml(article.title)}</title>\n<meta name="description" content="${escapeHtml(article.lead).replace(/"/g, '&quot;')}">\n</head>\n<body>\n<article>\n<h1>${escapeHtml(article.title)}</h1>\n<p class="lead">${escapeHtml(article.lead)}</p>\n${body}\n</article>\n</body>\n</html>\n`;
  }
  return { channel: ctx.channel.name, type: 'static', output: { path, url, content }, measures: [], problems: websiteMarkupProblems(article, options.embed_hosts) };
}

export function check(post: Post<StaticOutput>): Problem[] {
  const problems: Problem[] = [];
  if (post.output.path.split('/').some((seg) => seg === '..' || seg === '')) {
    problems.push({ severity: 'error', code: 'bad_path', message: `path "${post.output.path}" leaves the content folder or has an empty part`, cause: { option: 'path' } });
  }
  return problems;
}

/** Where the site will serve the article: the link other channels use, known offline. */
export function predictStaticLink(article: Article, channel: ChannelConfig<StaticOptions>, now: Date): string {
  return staticUrl(staticPath(article, channel.options, now), channel.options);
}
