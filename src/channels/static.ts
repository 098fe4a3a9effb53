import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { stringify } from 'yaml';
import { ChannelError } from '../errors.js';
import { webUrl, z } from '../zod.js';
import { randomHex } from '../hash.js';
import type { Article } from '../article/types.js';
import type { ChannelConfig } from '../config/types.js';
import { sanitizeArticleHtml } from '../text/sanitize.js';
import { escapeHtml, escapeMarkdownText } from '../text/escape.js';
import { hasRawBody, websiteMarkupProblems } from './markup.js';
import type { ChannelType, DeliverContext, Post, Problem, Receipt, RenderContext } from './types.js';

/** Options of a `type: static` channel (Hugo, Jekyll, Astro, Eleventy content folders). */
export const staticOptions = z.object({
  /** The site's content folder, relative to channels.yaml. */
  dir: z.string().min(1),
  /** Where the site is served, e.g. https://example.org/news. */
  base_url: webUrl(),
  /** `markdown`: front matter + body; `html`: a standalone fragment page. @default markdown */
  format: z.enum(['markdown', 'html']).default('markdown'),
  /** File path under `dir`; `{yyyy} {mm} {dd} {slug} {id} {lang}`. @default {yyyy}/{slug}.md (or .html) */
  path: z.string().min(1).optional(),
  /** Hosts allowed in `<iframe src>`. @default [] */
  embed_hosts: z.array(z.string().min(1)).default([]),
});
export type StaticOptions = z.infer<typeof staticOptions>;

/** The file that will be written. */
export interface StaticOutput {
  /** Relative to `dir`. */
  path: string;
  /** Where the site will serve it. */
  url: string;
  /** The whole file. */
  content: string;
}

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

function render(article: Article, ctx: RenderContext<StaticOptions>): Post<StaticOutput> {
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

function check(post: Post<StaticOutput>): Problem[] {
  const problems: Problem[] = [];
  if (post.output.path.split('/').some((seg) => seg === '..' || seg === '')) {
    problems.push({ severity: 'error', code: 'bad_path', message: `path "${post.output.path}" leaves the content folder or has an empty part` });
  }
  return problems;
}

/** The absolute file for a post: `<dir>/<path>`, `dir` relative to channels.yaml; never outside `dir`. */
export function staticTarget(post: Post<StaticOutput>, ctx: DeliverContext<StaticOptions>): string {
  const root = resolve(ctx.config.dir, ctx.channel.options.dir);
  const file = resolve(root, post.output.path);
  const inside = relative(root, file);
  if (!inside || inside.startsWith('..') || isAbsolute(inside)) {
    throw new ChannelError(ctx.channel.name, 'bad_path', `path "${post.output.path}" leaves the content folder ${root}`);
  }
  return file;
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Writes `content` to `file` atomically: a temp file in the same folder, fsynced, renamed over
 * the target, then the folder fsynced, so a site build never reads half a file.
 */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  const dir = dirname(file);
  await mkdir(dir, { recursive: true });
  const temp = resolve(dir, `.${randomHex(6)}.publish-tmp`);
  const handle = await open(temp, 'wx', 0o644);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  // The rename itself is durable only once the folder is synced (not possible on every platform).
  const folder = await open(dir, 'r').catch(() => undefined);
  await folder?.sync().catch(() => undefined);
  await folder?.close();
}

function staticReceipt(post: Post<StaticOutput>): Receipt {
  return { id: post.output.path, url: post.output.url };
}

function fsError(ctx: DeliverContext<StaticOptions>, file: string, error: unknown): ChannelError {
  const code = (error as NodeJS.ErrnoException).code ?? 'io';
  return new ChannelError(ctx.channel.name, 'write_failed', `cannot write ${file}: ${code} (check the folder exists and is writable)`, { cause: error });
}

/** Writes the file; an existing file with other content is replaced only with `--update`. */
async function deliver(post: Post<StaticOutput>, ctx: DeliverContext<StaticOptions>): Promise<Receipt> {
  const file = staticTarget(post, ctx);
  let existing: string | undefined;
  try {
    existing = await readIfExists(file);
  } catch (error) {
    throw fsError(ctx, file, error);
  }
  if (existing === post.output.content) return staticReceipt(post);
  if (existing !== undefined && ctx.mode !== 'update') {
    throw new ChannelError(ctx.channel.name, 'exists', `${file} exists with other content: use --update to replace it`);
  }
  try {
    await writeFileAtomic(file, post.output.content);
  } catch (error) {
    throw fsError(ctx, file, error);
  }
  return staticReceipt(post);
}

/** A stopped run's file: there with exactly our content. */
async function lookup(post: Post<StaticOutput>, ctx: DeliverContext<StaticOptions>): Promise<Receipt | undefined> {
  const existing = await readIfExists(staticTarget(post, ctx)).catch(() => undefined);
  return existing === post.output.content ? staticReceipt(post) : undefined;
}

/** Static site: the article as a file in the site's content folder. */
export const staticSite: ChannelType<StaticOptions, StaticOutput> = {
  type: 'static',
  schema: staticOptions,
  secretKeys: [],
  providesLink: true,
  supportsUpdate: true,
  predictLink: (article: Article, channel: ChannelConfig<StaticOptions>, now: Date) =>
    staticUrl(staticPath(article, channel.options, now), channel.options),
  render,
  check,
  deliver,
  lookup,
};

export default staticSite;
