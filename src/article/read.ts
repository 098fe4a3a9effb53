import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ArticleError } from '../errors.js';
import { EXTENSIONS_SHOWN, formatOfPath } from './format.js';
import { articleError } from './located.js';
import { inspectMedia, mediaRoots, type MediaInspection } from './media-file.js';
import { parseArticleInput } from './parse-input.js';
import type { ArticleInput, ParseOptions } from './parse.js';
import type { Article } from './types.js';

/** Where to read articles from. */
export interface ReadOptions extends ParseOptions {
  /** Relative article paths resolve against this directory. */
  cwd: string;
  /**
   * Reads all of standard input, for the source "-".
   * @default reads `process.stdin`
   */
  stdin?: () => Promise<Buffer>;
  /**
   * Check the local files each article names (`image:`, `video:`): one outside the article's
   * folder (and `root`, channels.yaml's `media_root:`), behind a link leading out, or not of an
   * accepted type makes the article an error. A missing file is left to the channels that need it.
   * @default not checked
   */
  media?: { root: string | undefined };
  /**
   * Limits for fetching a page given by its address (`publish https://…`).
   * @default 15 s, 5 MB, 5 redirects
   */
  fetch?: import('./fetch.js').FetchLimits;
}

/**
 * Reads and parses every article before anything is sent (docs/ARCHITECTURE.md, "Several articles").
 * "-" reads stdin, once. If any article cannot be read or parsed, throws the
 * `ArticleError` of the first such source in the order given; two articles with the same
 * id are also an error, since the ledger keys posts by id.
 */
export async function readArticles(sources: string[], opts: ReadOptions): Promise<Article[]> {
  if (sources.filter((s) => s === '-').length > 1) {
    throw articleError('-', 'standard input is given more than once: pass - only once');
  }
  const inputs = await Promise.allSettled(sources.map((source) => readArticleInput(source, opts)));
  const articles: Article[] = [];
  const seen = new Map<string, string>();
  // Many articles share a cover or a clip: each file is checked once per run.
  const checked = new Map<string, MediaInspection>();
  for (const input of inputs) {
    if (input.status === 'rejected') throw input.reason;
    const article = await parseArticleInput(input.value, opts);
    const other = seen.get(article.id);
    if (other !== undefined) {
      throw articleError(
        article.source,
        `has the same id "${article.id}" as ${other}: give one of them a different id: in its front matter`,
      );
    }
    seen.set(article.id, article.source);
    if (opts.media) assertMediaAllowed(article, opts.media.root, checked);
    articles.push(article);
  }
  return articles;
}

/** Throws the ArticleError of the first `image:`/`video:` file the article may not send. */
export function assertMediaAllowed(article: Article, mediaRoot: string | undefined, checked = new Map<string, MediaInspection>()): void {
  const roots = mediaRoots(article.dir, mediaRoot);
  for (const key of ['image', 'video'] as const) {
    const ref = article[key];
    if (ref?.path === undefined) continue;
    // The answer depends on the folder too (a file may be inside one article's folder, not another's).
    const cacheKey = `${key}\0${article.dir}\0${ref.ref}\0${ref.path}`;
    let found = checked.get(cacheKey);
    if (found === undefined) {
      found = inspectMedia(ref, key, roots);
      checked.set(cacheKey, found);
    }
    if (found.ok || found.refusal.code === 'missing') continue;
    throw articleError(article.source, `${key}: ${found.refusal.message}`, ref.line === undefined ? undefined : { line: ref.line });
  }
}

/** Reads and parses one article file (or "-" for stdin). */
export async function readArticleFile(source: string, opts: ReadOptions): Promise<Article> {
  return parseArticleInput(await readArticleInput(source, opts), opts);
}

/** The bytes and directory of one source, with file-system problems as `ArticleError`s. */
export async function readArticleInput(
  source: string,
  opts: Pick<ReadOptions, 'cwd' | 'stdin' | 'fetch'>,
): Promise<ArticleInput> {
  if (/^[a-z][a-z0-9+.-]+:/i.test(source) && !/^[a-z]:[\\/]/i.test(source)) {
    // An address: a web page is fetched (even in a dry-run: it is the article); nothing else is read.
    const { fetchPage, isWebAddress, isOtherAddress } = await import('./fetch.js');
    if (isWebAddress(source)) {
      const page = await fetchPage(source, opts.fetch);
      return { source, text: page.body, dir: resolve(opts.cwd), format: 'html', fetchedFrom: page.url, ...(page.charset === undefined ? {} : { charset: page.charset }) };
    }
    if (isOtherAddress(source)) throw articleError(source, 'is not a web address: give a file, or the http:// or https:// address of a story\'s page');
  }
  if (source === '-') {
    try {
      return { source, text: await (opts.stdin ?? readStdin)(), dir: resolve(opts.cwd) };
    } catch (cause) {
      throw articleError(source, `standard input could not be read (${describeCause(cause)}): pipe the article in again`, undefined, cause);
    }
  }
  const path = resolve(opts.cwd, source);
  try {
    const info = await stat(path);
    if (info.isDirectory()) {
      throw articleError(source, `is a directory: give article files (${EXTENSIONS_SHOWN}), e.g. stories/*.md`);
    }
    formatOfPath(source);
    return { source, text: await readFile(path), dir: dirname(path) };
  } catch (cause) {
    if (cause instanceof ArticleError) throw cause;
    throw fileSystemError(source, cause);
  }
}

function fileSystemError(source: string, cause: unknown): ArticleError {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return articleError(source, 'no such file: check the path', undefined, cause);
  if (code === 'EACCES' || code === 'EPERM') {
    return articleError(source, 'cannot be read (permission denied): check the file permissions', undefined, cause);
  }
  if (code === 'EISDIR') return articleError(source, `is a directory: give article files (${EXTENSIONS_SHOWN})`, undefined, cause);
  return articleError(source, `cannot be read (${describeCause(cause)}): check the file`, undefined, cause);
}

function describeCause(cause: unknown): string {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string') return code;
  return cause instanceof Error ? cause.message.split('\n')[0]! : String(cause);
}

/** All of `process.stdin` as one buffer. */
async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}
