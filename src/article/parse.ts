import { sha256Hex } from '../hash.js';
import { basename, extname } from 'node:path';
import { decodeArticleText } from './decode.js';
import { readFrontMatter } from './fields.js';
import type { FrontMatter } from './fields.js';
import { cleanSegments } from './clean/index.js';
import { articleFormat, type ArticleFormat } from './format.js';
import { parseFrontMatterYaml, splitFrontMatter } from './front-matter.js';
import { articleError, type Location } from './located.js';
import { markdownSegments } from './markdown.js';
import { plainSegments } from './plain.js';
import { blocksOf, htmlOf, type Segment } from './segment.js';
import { slugify } from './slug.js';
import { pickTitleAndLead, type TitleAndLead } from './title-lead.js';
import type { Article, ArticlePlaces, Dropped, MediaRef, Place, RawHtml } from './types.js';

/** One article's source: where it came from, its bytes (or text) and its directory. */
export interface ArticleInput {
  /** The path as given on the command line, or "-" for stdin. Names the file in errors. */
  source: string;
  text: string | Buffer;
  /** Absolute directory media paths resolve against (cwd for stdin). */
  dir: string;
  /** The format when the source does not say it by its extension (a fetched page is HTML). */
  format?: ArticleFormat;
  /** The charset the server named for a fetched page. */
  charset?: string;
  /** The address a fetched page came from, after redirects (see Article.fetched). */
  fetchedFrom?: string;
}

/** What parsing needs from channels.yaml. */
export interface ParseOptions {
  /** `article.strip`: a body paragraph whose text matches any of these is dropped. */
  strip: RegExp[];
  /** `article.keep`: a paragraph whose text matches any of these is never dropped. @default [] */
  keep?: RegExp[];
  /** `article.clean`: recognise boilerplate without configuration. @default true */
  clean?: boolean;
  /** channels.yaml's top-level `language`, for articles that do not say. */
  defaultLanguage: string | undefined;
  /**
   * The channel names in channels.yaml, to check the front matter's `channels:` overrides
   * against: a name close to one of them is a typo and an error; any other unknown name is
   * warned about. @default not checked
   */
  channels?: readonly string[];
  /** Receives warnings about the article (an override for a channel channels.yaml lacks). */
  warn?: (message: string) => void;
}

/**
 * Parses one Markdown or plain-text article (`.md` with optional YAML front matter, `.txt`
 * plain export, or "-") into an immutable `Article`. Pure: no file I/O. Throws a one-line
 * `ArticleError` naming the file (and line) and saying what to do. HTML and Word documents
 * need their libraries loaded first: read them with `parseArticleInput`.
 */
export function parseArticle(input: ArticleInput, opts: ParseOptions): Article {
  const { source, dir } = input;
  if (input.format === 'html' || input.format === 'docx') throw new Error(`parseArticle: ${source} is ${input.format}: use parseArticleInput`);
  const text = decodeArticleText(source, input.text);
  const format = articleFormat(source, text);
  if (format === 'html' || format === 'docx') throw new Error(`parseArticle: ${source} is ${format}: use parseArticleInput`);

  let front: FrontMatter = {};
  const keys: Record<string, Location> = {};
  let body = text;
  let bodyLine = 1;
  // A plain export may carry front matter too, when an editor adds it: only when every line
  // between the --- lines reads as YAML keys, so an export opening with a rule stays prose.
  if (format === 'markdown' || looksLikeFrontMatter(text)) {
    const split = splitFrontMatter(source, text);
    if (split.yaml !== undefined) {
      front = readFrontMatter(source, parseFrontMatterYaml(source, split.yaml, split.yamlLine), dir, opts, keys);
      if (split.body.trim() === '' && front.title === undefined) {
        throw articleError(source, 'has front matter but no text: write the article below the closing --- line');
      }
    }
    body = split.body;
    bodyLine = split.bodyLine;
  }

  const segments = format === 'markdown' ? markdownSegments(body, bodyLine) : plainSegments(body, bodyLine);
  return articleFromParts(input, opts, { front, keys, segments, markdown: format === 'markdown' });
}

/**
 * What a page (an HTML file, a Word document, a fetched page) says about the article, used
 * where the front matter (or the `publish` block) does not say.
 */
export type PageFacts = Pick<FrontMatter, 'title' | 'lead' | 'url' | 'slug' | 'tags' | 'language' | 'image' | 'date'>;

/** An article's pieces before cleaning: what its format's reader found. */
export interface ArticleParts {
  front: FrontMatter;
  /** Where each front matter key is written (Markdown front matter), for problems' `source`. */
  keys?: Record<string, Location>;
  /** The body, in source order, before cleaning. */
  segments: Segment[];
  /** The title may be the first `#` heading (Markdown). */
  markdown: boolean;
  page?: PageFacts;
  /** Paragraphs the reader itself dropped (a figure's caption), merged into `dropped` by line. */
  dropped?: Dropped[];
  /** Read from its published page (`Article.fetched`). */
  fetched?: boolean;
  /** The id when neither the front matter nor the page gives one. @default the file name */
  id?: string;
  /** See Article.origin. */
  origin?: string;
}

/**
 * Cleans an article's segments, picks its title and lead and makes the immutable `Article`.
 * Front matter always wins over what the page says. Throws a one-line `ArticleError`.
 */
export function articleFromParts(input: ArticleInput, opts: ParseOptions, parts: ArticleParts): Article {
  const { source, dir } = input;
  const { front, segments } = parts;
  const page = parts.page ?? {};
  const language = front.language ?? page.language ?? opts.defaultLanguage;
  const cleaned = cleanSegments(segments, { strip: opts.strip, keep: opts.keep ?? [], clean: opts.clean ?? true });
  const kept = cleaned.kept;
  const dropped = parts.dropped?.length ? [...cleaned.dropped, ...parts.dropped].sort((a, b) => a.line - b.line) : cleaned.dropped;
  const picked = pickTitleAndLead(kept, {
    title: front.title ?? page.title,
    lead: front.lead ?? page.lead,
    markdown: parts.markdown,
    language,
  });
  if (picked.title === undefined || picked.title === '') {
    if (dropped.length > 0) {
      const reasons = [...new Set(dropped.map((d) => d.reason))].join(', ');
      throw articleError(
        source,
        `has no title (every paragraph was dropped as boilerplate: ${reasons}): add a title line or title: in front matter, or protect a paragraph with article.keep`,
      );
    }
    throw articleError(source, 'has no title (there is no text to take a title from): add a title line, or title: in front matter');
  }

  const derivedSlug = slugify(picked.title);
  const id = front.id ?? front.slug ?? parts.id ?? (source === '-' ? derivedSlug : basename(source, extname(source)));
  if (id === '') {
    throw articleError(source, 'no id can be made from the title: add id: to the front matter');
  }
  if (/\s/u.test(id)) {
    throw articleError(source, `id "${id}" (from the file name) contains spaces: rename the file or add id: to the front matter`);
  }
  const slug = front.slug ?? page.slug ?? (derivedSlug !== '' ? derivedSlug : slugify(id));
  if (slug === '') {
    throw articleError(source, 'no slug can be made from the title: add slug: to the front matter');
  }
  const image = front.image ?? page.image;

  return withSourceHash({
    id,
    source,
    dir,
    title: picked.title,
    lead: picked.lead,
    body: Object.freeze(blocksOf(picked.rest)),
    bodyHtml: htmlOf(picked.rest),
    rawHtml: Object.freeze(rawHtmlOf(kept, picked)),
    tags: Object.freeze(front.tags ?? page.tags ?? []),
    language,
    url: front.url ?? page.url,
    slug,
    image: image === undefined ? undefined : Object.freeze(image),
    video: front.video === undefined ? undefined : Object.freeze(front.video),
    youtube: front.youtube,
    ...(parts.fetched ? { fetched: true } : {}),
    ...(parts.origin === undefined ? {} : { origin: parts.origin }),
    date: front.date ?? page.date,
    dropped: Object.freeze(dropped.map((d) => Object.freeze(d))),
    places: placesOf(parts.keys ?? {}, picked),
    overrides: Object.freeze(
      Object.fromEntries(Object.entries(front.channels ?? {}).map(([name, o]) => [name, Object.freeze(o)])),
    ),
  }, input.text);
}

/**
 * Where the title, the lead and the front matter keys are: a key given in the front matter
 * wins over the paragraph (the front matter wins there too); a lead taken from the rest of
 * the title's paragraph is on that paragraph's line.
 */
function placesOf(keys: Record<string, Location>, picked: TitleAndLead): ArticlePlaces {
  const place = (at: Location | undefined): Place | undefined => (at === undefined ? undefined : { line: at.line, column: at.col ?? 1 });
  const all: Record<string, Place> = {};
  for (const [key, at] of Object.entries(keys)) all[key] = place(at)!;
  const line = (segment: { line: number } | undefined): Place | undefined => (segment === undefined ? undefined : { line: segment.line, column: 1 });
  const title = all.title ?? line(picked.from.title);
  const lead = all.lead ?? line(picked.from.lead) ?? (picked.lead === '' ? undefined : line(picked.from.title));
  return Object.freeze({
    keys: Object.freeze(all),
    ...(title ? { title } : {}),
    ...(lead ? { lead } : {}),
  });
}

/**
 * The kept blocks that hold raw HTML, with what each became: a body block, the lead (also
 * when its first sentence became the title), or the title (also a paragraph dropped for
 * repeating it).
 */
function rawHtmlOf(kept: readonly Segment[], picked: TitleAndLead): RawHtml[] {
  const out: RawHtml[] = [];
  for (const s of kept) {
    if (!s.raw) continue;
    const part = picked.rest.includes(s) ? 'body' : picked.from.lead === s ? 'lead' : 'title';
    out.push(Object.freeze({ line: s.line, part, html: s.html, tags: s.raw.tags, hidden: s.raw.hidden }));
  }
  return out;
}

/**
 * Freezes the article with `sourceHash` computed on first read: only sending and
 * scheduling compare it, and a dry-run should not pay for loading the hash code.
 */
function withSourceHash(fields: Omit<Article, 'sourceHash'>, text: string | Buffer): Article {
  let hash: string | undefined;
  const article = Object.defineProperty({ ...fields }, 'sourceHash', {
    enumerable: true,
    get: () => (hash ??= sha256Hex(typeof text === 'string' ? Buffer.from(text, 'utf8') : text)),
  }) as Article;
  return Object.freeze(article);
}

/**
 * `---`, then only `key: value` lines (or their indented/list continuations), then the line
 * that closes front matter for splitFrontMatter. The text is already decoded (no BOM, LF only).
 */
function looksLikeFrontMatter(text: string): boolean {
  const m = /^---[ \t]*\n([\s\S]*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)/.exec(text);
  if (!m) return false;
  const lines = m[1]!.split('\n').filter((l) => l.trim() !== '');
  return lines.length > 0 && /^[A-Za-z_][\w-]*:(\s|$)/.test(lines[0]!) && lines.every((l) => /^[A-Za-z_][\w-]*:(\s|$)|^\s+\S|^-\s/.test(l));
}
