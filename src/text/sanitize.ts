import { createRequire } from 'node:module';
import type sanitizeHtmlType from 'sanitize-html';
import { decodeEntities } from './escape.js';

// sanitize-html (with htmlparser2 and postcss) is the slowest import we have: it is loaded
// only for an article whose body holds raw HTML (or anything markdown-it does not write).
const require = createRequire(import.meta.url);
let sanitizer: typeof sanitizeHtmlType | undefined;

function load(): typeof sanitizeHtmlType {
  sanitizer ??= require('sanitize-html') as typeof sanitizeHtmlType;
  return sanitizer;
}

/** The website's rules: no script or style, no event handlers, no `javascript:` URLs, iframes only from `embedHosts`. */
function rules(s: typeof sanitizeHtmlType, embedHosts: readonly string[]): sanitizeHtmlType.IOptions {
  return {
    allowedTags: [
      ...s.defaults.allowedTags.filter((t) => t !== 'iframe'),
      'img', 'figure', 'figcaption', 'picture', 'source', 'video', 'audio',
      ...(embedHosts.length > 0 ? ['iframe'] : []),
    ],
    allowedAttributes: {
      a: ['href', 'name', 'target', 'rel', 'title'],
      img: ['src', 'srcset', 'alt', 'title', 'width', 'height', 'loading'],
      iframe: ['src', 'width', 'height', 'allow', 'allowfullscreen', 'title', 'frameborder'],
      source: ['src', 'srcset', 'type', 'media'],
      video: ['src', 'controls', 'poster', 'width', 'height'],
      audio: ['src', 'controls'],
      '*': ['class', 'id', 'lang', 'dir'],
    },
    allowedSchemes: ['http', 'https', 'mailto', 'tel'],
    allowedSchemesByTag: { img: ['http', 'https', 'data'] },
    allowedSchemesAppliedToAttributes: ['href', 'src', 'cite', 'poster'],
    allowProtocolRelative: false,
    allowedIframeHostnames: [...embedHosts],
    disallowedTagsMode: 'discard',
    // A data: image only as a bitmap: an SVG (which can hold script) is not one.
    transformTags: { img: imageSource },
  };
}

const BITMAP_DATA = /^data:image\/(?:png|jpe?g|gif|webp)[;,]/i;

function imageSource(tagName: string, attribs: sanitizeHtmlType.Attributes): sanitizeHtmlType.Tag {
  const src = attribs['src']?.replace(/^[\u0000-\u0020]+/, '').replace(/[\t\n\r]/g, '');
  if (src === undefined || !/^data:/i.test(src) || BITMAP_DATA.test(src)) return { tagName, attribs };
  const { src: _dropped, ...rest } = attribs;
  return { tagName, attribs: rest };
}

/** Options of {@link sanitizeArticleHtml}. */
export interface SanitizeOptions {
  /**
   * The article's body holds raw HTML (Article.rawHtml): always sanitise. Without it, HTML
   * that is exactly what markdown-it writes ({@link isPlainMarkdownHtml}) is kept as it is.
   */
  raw?: boolean;
}

/**
 * Cleans article HTML for the website with sanitize-html: no script or style, no event
 * handlers, no `javascript:` (or `data:`, `vbscript:`) URLs however they are written
 * (entities, tabs, case), iframes only from `embedHosts` (e.g. www.youtube.com).
 */
export function sanitizeArticleHtml(html: string, embedHosts: readonly string[] = [], opts: SanitizeOptions = {}): string {
  // markdown-it's own output is safe by construction: loading the sanitiser for it would
  // only cost start-up time. Anything written as raw HTML, or not provably markdown-it's, is sanitised.
  if (!opts.raw && isPlainMarkdownHtml(html)) return html.trim();
  const s = load();
  return s(html, rules(s, embedHosts)).trim();
}

/** Tags markdown-it itself emits, with the attributes it may put on them. */
const MARKDOWN_TAGS: Record<string, readonly string[]> = {
  p: [], h1: [], h2: [], h3: [], h4: [], h5: [], h6: [], ul: [], ol: ['start'], li: [],
  blockquote: [], pre: [], code: ['class'], em: [], strong: [], s: [], a: ['href', 'title'],
  img: ['src', 'alt', 'title'], hr: [], br: [], table: [], thead: [], tbody: [], tr: [],
  th: ['style'], td: ['style'],
};
const TAG = /^<(\/?)([a-z][a-z0-9]*)((?:\s+[a-z-]+="[^"<>]*")*)\s*\/?>/;
const ATTR = /\s+([a-z-]+)="([^"<>]*)"/g;
// After `&amp;` is decoded (the only entity markdown-it writes in a URL): a web, mail or
// phone link, a fragment, a path (not `//host`), or a relative reference with no scheme.
const SAFE_URL = /^(?!\/\/)(?:https?:|mailto:|tel:|#|\/|\.|[^:]*$)/i;
// What markdown-it never leaves in a URL it wrote: any other entity, spaces, control
// characters, backslashes (which browsers read as slashes).
const UNSAFE_IN_URL = /&(?!amp;)|[\u0000-\u0020\u007f\\]/;

/**
 * True when every tag in `html` is one markdown-it emits with only the attributes it
 * uses and safe URLs: such HTML needs no sanitising. Anything else goes to sanitize-html.
 * URLs are judged as a browser reads them: a `&` that starts anything but `&amp;` (such as
 * `&#106;avascript&colon;`) makes the HTML not plain, so it is never tested before decoding.
 */
export function isPlainMarkdownHtml(html: string): boolean {
  let at = html.indexOf('<');
  while (at >= 0) {
    const m = TAG.exec(html.slice(at, at + 2000));
    if (!m) return false;
    const allowed = MARKDOWN_TAGS[m[2] as string];
    if (!allowed) return false;
    for (const a of (m[3] ?? '').matchAll(ATTR)) {
      const [, name = '', value = ''] = a;
      if (!allowed.includes(name)) return false;
      if (name === 'href' || name === 'src') {
        if (UNSAFE_IN_URL.test(value) || !SAFE_URL.test(value.replace(/&amp;/g, '&'))) return false;
      }
      if (name === 'class' && !/^language-[\w-]+$/.test(value)) return false;
      if (name === 'style' && !/^text-align:(left|right|center)$/.test(value)) return false;
    }
    at = html.indexOf('<', at + m[0].length);
  }
  return true;
}

/** Something sanitising took out of an article's HTML. */
export type SanitizeDrop =
  | { kind: 'element'; tag: string; text: string }
  | { kind: 'attribute'; tag: string; attribute: string }
  | { kind: 'words'; text: string };

/** Opening tags in order, each with its attribute names. */
function openingTags(s: typeof sanitizeHtmlType, html: string, options: sanitizeHtmlType.IOptions): { tag: string; attributes: string[] }[] {
  const seen: { tag: string; attributes: string[] }[] = [];
  s(html, { ...options, onOpenTag: (tag: string, attribs: Record<string, string>) => void seen.push({ tag, attributes: Object.keys(attribs) }) } as sanitizeHtmlType.IOptions);
  return seen;
}

/** The words of some HTML, roughly as a reader sees them (comments and tags removed, entities decoded). */
function words(html: string): string[] {
  const text = decodeEntities(html.replace(/<!--[\s\S]*?(-->|$)/g, ' ').replace(/<[^>]*>/g, ' '));
  return text.split(/\s+/).filter((w) => w !== '');
}

/**
 * What sanitising `html` for the website removes: elements (with the words inside them),
 * attributes, and words. For warnings (docs/ARCHITECTURE.md, "HTML inside articles": no word vanishes
 * silently); loads sanitize-html.
 */
export function sanitizeDrops(html: string, embedHosts: readonly string[] = []): SanitizeDrop[] {
  const s = load();
  const options = rules(s, embedHosts);
  const before = openingTags(s, html, options);
  const clean = s(html, options);
  const after = openingTags(s, clean, options);
  const drops: SanitizeDrop[] = [];
  // The sanitiser only removes: walk both lists in step, what has no partner was dropped.
  let j = 0;
  for (const tag of before) {
    const partner = after[j];
    if (partner && partner.tag === tag.tag) {
      j++;
      for (const attribute of tag.attributes) {
        if (!partner.attributes.includes(attribute)) drops.push({ kind: 'attribute', tag: tag.tag, attribute });
      }
    } else {
      drops.push({ kind: 'element', tag: tag.tag, text: '' });
    }
  }
  // Words: the clean text is a subsequence of the original; the rest went.
  const cleanWords = words(clean);
  const lost: string[][] = [];
  let k = 0;
  let run: string[] | undefined;
  for (const word of words(html)) {
    if (k < cleanWords.length && cleanWords[k] === word) {
      k++;
      run = undefined;
    } else {
      if (!run) lost.push((run = []));
      run.push(word);
    }
  }
  const runs = lost.map((r) => r.join(' '));
  // Words inside a dropped element (a script's code) are told with it.
  for (const drop of drops) {
    if (drop.kind === 'element' && runs.length > 0 && /^(script|style|textarea|option|noscript)$/.test(drop.tag)) drop.text = runs.shift() ?? '';
  }
  for (const text of runs) drops.push({ kind: 'words', text });
  return drops;
}
