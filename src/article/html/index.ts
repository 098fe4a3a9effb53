/**
 * HTML articles: a page saved from the CMS (WordPress, Ghost, Drupal…), a Google Docs
 * "web page" export, a fragment of article HTML, or a page fetched from the website. Mozilla's
 * Readability finds the article in a full page (a fragment is all article); its text becomes
 * the same body segments a Markdown article has, cleaned of boilerplate the same way.
 *
 * Loaded only for such articles, with its libraries (linkedom, Readability, htmlparser2)
 * from their own bundle (dist/vendor/dom.cjs).
 */
import { loadClient } from '../../clients/load.js';
import type * as DomLibraries from '../../clients/dom.js';
import { ArticleError } from '../../errors.js';
import { readFrontMatter, type FrontMatter } from '../fields.js';
import { parseFrontMatterYaml } from '../front-matter.js';
import { articleError } from '../located.js';
import { normalizeLink } from '../markdown.js';
import { articleFromParts, type ArticleInput, type ParseOptions } from '../parse.js';
import type { Article, MediaRef } from '../types.js';
import { decodeHtml } from './decode.js';
import { TEXT_NODE, type DomDocument, type DomElement } from './dom.js';
import { canonicalUrl, metaValue, pageBase, pageDate, pageImage, pageLanguage, pageLink, pageTags, slugOfUrl, type ImageRules } from './page.js';
import { scanHtml, type Scanned } from './scan.js';
import { applyStyles } from './styles.js';
import { escapeHtmlAttr } from '../../text/escape.js';
import { walkArticle } from './walk.js';

export type Libraries = typeof DomLibraries;

/** Elements nested deeper than this are refused (CMS pages nest 20–60 deep): the DOM and Readability recurse. */
const MAX_DEPTH = 512;

let libraries: Promise<Libraries> | undefined;

/** htmlparser2, linkedom and Readability, loaded once. */
export function loadHtmlLibraries(): Promise<Libraries> {
  return (libraries ??= loadClient('dom', () => import('../../clients/dom.js')));
}

/** An HTML article's source, and where it came from when it was fetched. */
export interface HtmlInput extends ArticleInput {
  /** The charset the server named (Content-Type), when fetched. */
  charset?: string;
  /** The address the page was fetched from (after redirects): it is already on the website. */
  fetchedFrom?: string;
}

/** What a reader of another format (a Word document) tells the HTML reader. */
export interface HtmlFrom {
  /** The article image when the format has its own (a Word document's first picture). */
  image?: MediaRef;
  /** What the source is, for messages: "page" or "document". @default page */
  what?: string;
  /** An element that is the title whatever else the page has (a Word document's Title style). */
  titleSelector?: string;
  /** See Article.origin. */
  origin?: string;
  /** The bytes the source hash is of, when the HTML was made from them (a Word document). */
  sourceBytes?: Buffer;
}

/** Reads an HTML article (loading the HTML libraries first). */
export async function readHtmlArticle(input: HtmlInput, opts: ParseOptions): Promise<Article> {
  return htmlArticle(input, opts, await loadHtmlLibraries());
}

const collapse = (text: string | null | undefined): string => (text ?? '').replace(/\s+/g, ' ').trim().normalize('NFC');

/** Parses an HTML article with the given libraries. Throws a one-line `ArticleError`. */
export function htmlArticle(input: HtmlInput, opts: ParseOptions, lib: Libraries, from: HtmlFrom = {}): Article {
  const { source, dir } = input;
  const what = from.what ?? 'page';
  const text = decodeHtml(source, input.text, input.charset);
  const scanned = scanHtml(text, lib.Parser);
  if (scanned.depth > MAX_DEPTH) {
    throw articleError(source, `nests its elements ${scanned.depth} deep, more than any ${what} of a story does: save the story again from its editor`);
  }
  const fetched = input.fetchedFrom !== undefined;
  const base = pageBase(scanned, input.fetchedFrom);
  const front = publishBlock(source, scanned, dir, opts, fetched);

  const wrapped = scanned.fragment ? `<!DOCTYPE html><html><head></head><body>${scanned.html}</body></html>` : scanned.html;
  const document = lib.parseHTML(wrapped).document as unknown as DomDocument;
  applyStyles(document, scanned.styles);
  const googleDocs = / doc-content( |$)/.test(` ${document.body?.getAttribute('class') ?? ''}`);
  if (googleDocs) plainSpacesAtRuns(document);
  const heading = takeTitle(document, scanned, from.titleSelector ?? (googleDocs ? 'p.title' : undefined));

  let root: DomElement | null = document.body;
  if (!scanned.fragment) {
    const found = new lib.Readability(document as never, { serializer: (el: unknown) => el }).parse();
    root = (found?.content as DomElement | null | undefined) ?? null;
  }
  const keep = opts.keep ?? [];
  const walked = root === null
    ? { segments: [], captions: [], images: [] }
    : walkArticle(root, {
      link: (href) => pageLink(href, base),
      image: (src) => {
        const ref = pageImage(src, undefined, { dir, base, fetched: true });
        return typeof ref === 'string' ? undefined : ref.url;
      },
      normalizeLink,
      keep: (t) => keep.some((pattern) => t.search(pattern) !== -1),
    });
  if (!walked.segments.some((s) => s.text !== '')) {
    throw articleError(source, `has no article in it (no paragraph of text outside menus, scripts and forms): give the ${what} of one story`);
  }

  const title = heading.title ?? metaValue(scanned, 'og:title', 'twitter:title')?.value ?? documentTitle(scanned);
  // The title is not repeated as the body's first heading.
  const first = walked.segments.findIndex((s) => s.text !== '');
  if (title !== undefined && walked.segments[first]?.kind === 'heading' && sameText(walked.segments[first]!.text, title)) walked.segments.splice(first, 1);

  const rules: ImageRules = { dir, base, fetched };
  const canonical = canonicalUrl(scanned, input.fetchedFrom);
  const image = from.image ?? (front.image === undefined ? imageOf(source, scanned, walked.images, rules, opts.warn) : undefined);
  // The page's featured picture is the article image (the post's photo, the website's
  // featured media): the body does not show it a second time.
  const featured = image?.url ?? front.image?.url;
  if (featured !== undefined) {
    const tag = `<p><img src="${escapeHtmlAttr(normalizeLink(featured))}"`;
    const at = walked.segments.findIndex((s) => s.text === '' && s.html.startsWith(tag));
    if (at !== -1) walked.segments.splice(at, 1);
  }
  return articleFromParts({ source, text: from.sourceBytes ?? input.text, dir }, opts, {
    front,
    segments: walked.segments,
    markdown: false,
    page: {
      ...(title === undefined ? {} : { title }),
      ...leadOf(heading.lead, scanned, walked.segments.find((s) => s.kind === 'paragraph' && s.text !== '')?.text, title),
      ...(canonical === undefined ? {} : { url: canonical }),
      ...optional('slug', slugOfUrl(canonical)),
      ...optional('tags', pageTags(scanned)),
      ...optional('language', pageLanguage(scanned)),
      ...optional('image', image),
      ...optional('date', pageDate(scanned)),
    },
    dropped: walked.captions.map((c) => ({ line: c.line, reason: 'photo caption', text: c.text })),
    ...(fetched ? { fetched: true, ...optional('id', canonical), origin: source } : {}),
    ...optional('origin', from.origin),
  });
}

/**
 * Google Docs writes the space at the edge of a styled run (after a bold or linked word) as
 * `&nbsp;`: an artefact of its export, not the writer's choice, so it becomes a plain space.
 */
function plainSpacesAtRuns(document: DomDocument): void {
  for (const span of Array.from(document.querySelectorAll('span'))) {
    const first = span.firstChild;
    if (first?.nodeType === TEXT_NODE && first.textContent?.startsWith('\u00a0')) first.textContent = ` ${first.textContent.slice(1)}`;
    const last = span.lastChild;
    if (last?.nodeType === TEXT_NODE && last.textContent?.endsWith('\u00a0')) last.textContent = `${last.textContent.slice(0, -1)} `;
  }
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

function sameText(a: string, b: string): boolean {
  const norm = (s: string) => s.replace(/[\s.!?…:;"'”’»)\]]+$/u, '').replace(/\s+/gu, ' ').trim().toLocaleLowerCase();
  return norm(a) === norm(b);
}

/**
 * The page's headline, taken out of the DOM so it is not part of the body: the element
 * `titleSelector` names (a Title style: Google Docs' `p.title`, a Word document's), else its
 * one `<h1>` (with several, the one the `og:title` or `<title>` starts with, else the first
 * inside `<article>` or `<main>`, else the first); a "Subtitle" paragraph is the lead.
 */
function takeTitle(document: DomDocument, scanned: Scanned, titleSelector: string | undefined): { title?: string; lead?: string } {
  const out: { title?: string; lead?: string } = {};
  const h1s = Array.from(document.querySelectorAll('h1')).filter((h) => collapse(h.textContent) !== '');
  const styled = titleSelector === undefined ? null : document.querySelector(titleSelector);
  let chosen: DomElement | undefined;
  if (styled !== null && collapse(styled.textContent) !== '') chosen = styled;
  else if (h1s.length === 1) chosen = h1s[0];
  else if (h1s.length > 1) {
    const named = collapse(metaValue(scanned, 'og:title', 'twitter:title')?.value ?? scanned.title).toLocaleLowerCase();
    chosen = h1s.find((h) => named.startsWith(collapse(h.textContent).toLocaleLowerCase())) ?? h1s.find((h) => closest(h, ['article', 'main'])) ?? h1s[0];
  }
  if (chosen !== undefined) {
    out.title = collapse(chosen.textContent);
    chosen.remove();
  }
  const subtitle = document.querySelector('p.subtitle');
  if (subtitle !== null && collapse(subtitle.textContent) !== '') {
    out.lead = collapse(subtitle.textContent);
    subtitle.remove();
  }
  return out;
}

function closest(el: DomElement, names: string[]): boolean {
  for (let p = el.parentElement; p !== null; p = p.parentElement) if (names.includes(p.localName)) return true;
  return false;
}

/** `<title>` without the site's name after a separator ("Story – Babel"). */
function documentTitle(scanned: Scanned): string | undefined {
  const title = collapse(scanned.title);
  if (title === '') return undefined;
  const site = metaValue(scanned, 'og:site_name')?.value;
  if (site !== undefined) {
    const m = new RegExp(`^(.+?)\\s*[|–—:·•-]\\s*${site.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'u').exec(title);
    if (m) return m[1]!;
  }
  return title;
}

/**
 * The lead: a Google Docs subtitle, else the page's description (`og:description`…) unless it
 * is only the start of the first paragraph (a CMS's automatic excerpt): then that paragraph is
 * the lead, as for an article without one.
 */
function leadOf(subtitle: string | undefined, scanned: Scanned, firstParagraph: string | undefined, title: string | undefined): { lead?: string } {
  if (subtitle !== undefined) return { lead: subtitle };
  const description = metaValue(scanned, 'og:description', 'twitter:description', 'description')?.value.normalize('NFC');
  if (description === undefined || (title !== undefined && sameText(description, title))) return {};
  const start = description.replace(/\s*(\[\s*(…|\.\.\.)\s*\]|…|\.\.\.)$/u, '').replace(/\s+/g, ' ').trim();
  if (firstParagraph !== undefined && firstParagraph.replace(/\s+/g, ' ').startsWith(start)) return {};
  return { lead: description };
}

/**
 * The article image: `og:image` (or `twitter:image`), else the first image in the article
 * that may be used; one the page names that may not be used is left out with a warning.
 */
function imageOf(source: string, scanned: Scanned, images: readonly { src: string; line: number }[], rules: ImageRules, warn: ((message: string) => void) | undefined): MediaRef | undefined {
  const named = metaValue(scanned, 'og:image:secure_url', 'og:image', 'twitter:image', 'twitter:image:src');
  if (named !== undefined) {
    const ref = pageImage(named.value, named.line, rules);
    if (typeof ref !== 'string') return ref;
    warn?.(`${source}:${named.line}: og:image ${ref}: the article goes out without it`);
  }
  for (const img of images) {
    const ref = pageImage(img.src, img.line, rules);
    if (typeof ref !== 'string') return ref;
  }
  return undefined;
}

/**
 * The page's `<script type="application/json" id="publish">`: the front matter keys as JSON
 * (`{"youtube": "…", "channels": {"tiktok": {"skip": true}}}`), checked exactly as front
 * matter is. A fetched page may name no local file.
 */
function publishBlock(source: string, scanned: Scanned, dir: string, opts: ParseOptions, fetched: boolean): FrontMatter {
  const block = scanned.publish;
  if (block === undefined) return {};
  const at = { line: block.line };
  let json: unknown;
  try {
    json = JSON.parse(block.value);
  } catch (cause) {
    throw articleError(source, `the publish block is not valid JSON (${(cause as Error).message}): fix it, or remove the <script id="publish"> element`, at, cause);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw articleError(source, 'the publish block must be a JSON object such as {"channels": {"tiktok": {"skip": true}}}', at);
  }
  let front: FrontMatter;
  try {
    front = readFrontMatter(source, parseFrontMatterYaml(source, block.value, block.line), dir, opts);
  } catch (error) {
    if (error instanceof ArticleError) error.message = error.message.replace(/: front matter( |:)/, ': publish block$1').replace('fix the YAML between the --- lines', 'fix the JSON');
    throw error;
  }
  if (fetched) {
    for (const key of ['image', 'video'] as const) {
      const ref = front[key];
      if (ref?.path !== undefined) {
        throw articleError(source, `publish block ${key}: ${JSON.stringify(ref.ref)} is a local file, and a page read from the web can name only https addresses`, ref.line === undefined ? at : { line: ref.line });
      }
    }
  }
  return front;
}
