/**
 * A first pass over an HTML article's source with htmlparser2 (no DOM): it reads what the
 * page says about itself (meta tags, canonical link, language, the `publish` block), and
 * writes the page again smaller and with line numbers: what is never article text (scripts,
 * styles, menus, forms, side bars) is taken out, so building the DOM and finding the article
 * cost less, and block elements carry the source line they start on, so a dropped paragraph
 * is reported at its line.
 */
import { escapeHtml } from '../../text/escape.js';
import type { Parser as ParserType } from 'htmlparser2';

/** The attribute that carries a block's source line into the DOM. */
export const LINE_ATTRIBUTE = 'data-publish-line';

/** A `<meta>` or `<link>` value and the line it is on. */
export interface Located {
  value: string;
  line: number;
}

/** What a page says about itself, and its source made ready for the DOM. */
export interface Scanned {
  /** The source without scripts, styles, menus and forms; block elements carry their line. */
  html: string;
  /** True when the source has no `<html>`, `<head>` or `<body>` tag: a fragment, all article. */
  fragment: boolean;
  /** `<html lang>`. */
  lang?: string;
  /** `<base href>`. */
  base?: string;
  /** `<title>`. */
  title?: string;
  /** `<meta property|name=… content=…>` by lower-case property or name, in page order. */
  meta: Map<string, Located[]>;
  /** `<link rel=canonical href>`. */
  canonical?: Located;
  /** `<script type="application/json" id="publish">`: its text and the line it starts on. */
  publish?: Located;
  /** The text of every `<style>` (Google Docs writes bold and italics as classes). */
  styles: string;
  /** How deep elements nest (a hostile page nests thousands deep to exhaust the stack). */
  depth: number;
}

/** Elements whose whole content goes: never article text. */
const REMOVED = new Set(['script', 'style', 'noscript', 'template', 'svg', 'math', 'canvas', 'object', 'embed', 'nav', 'aside', 'footer', 'form', 'button', 'select', 'textarea', 'input', 'dialog', 'head']);
/**
 * Readability's own first pass takes out elements whose class or id says they are not the
 * story (comments, related stories, side bars, share buttons…) or whose role is a menu: the
 * same rule here (without "header", which holds the headline) leaves it less to parse.
 */
const UNLIKELY = /-ad-|ai2html|banner|breadcrumbs|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote/i;
const MAYBE = /and|article|body|column|content|main|shadow/i;
const UNLIKELY_ROLES = new Set(['menu', 'menubar', 'complementary', 'navigation', 'alert', 'alertdialog', 'dialog']);

function unlikely(name: string, attribs: Record<string, string>): boolean {
  if (name === 'a' || name === 'body' || name === 'html') return false;
  if (attribs.hidden !== undefined || attribs['aria-hidden'] === 'true') return true;
  if (UNLIKELY_ROLES.has(attribs.role ?? '')) return true;
  const match = `${attribs.class ?? ''} ${attribs.id ?? ''}`;
  return match.length > 1 && UNLIKELY.test(match) && !MAYBE.test(match);
}

/** Elements that get their line. */
const BLOCKS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'ul', 'ol', 'blockquote', 'pre', 'figure', 'figcaption', 'table', 'tr', 'div', 'section', 'article', 'main', 'header', 'img', 'iframe', 'video', 'audio', 'hr', 'dl', 'dt', 'dd']);

/** Line (1-based) of each offset, by binary search over the line starts. */
function lineFinder(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

/** Scripts, style sheets, SVG pictures and comments: often half of a page's bytes. */
const BULK = /<(script|style|svg)\b([^>]*)>([\s\S]*?)<\/\1\s*>|<!--[\s\S]*?-->/gi;

/**
 * The source with its scripts, styles, SVG and comments replaced by their line breaks alone
 * (so every line keeps its number), except the `publish` block; and the style sheets' text.
 * One native regex before the parser walks the page character by character: that walk, in
 * code not yet optimised, is most of what reading a page costs.
 */
function withoutBulk(source: string): { text: string; styles: string } {
  let styles = '';
  const text = source.replace(BULK, (whole: string, name: string | undefined, attrs: string | undefined, content: string | undefined) => {
    if (name?.toLowerCase() === 'script' && /\bid\s*=\s*["']?publish\b/i.test(attrs ?? '')) return whole;
    if (name?.toLowerCase() === 'style') styles += `${content ?? ''}\n`;
    return whole.replace(/[^\n]+/g, '');
  });
  return { text, styles };
}

/**
 * Scans `source` (decoded text) with htmlparser2's `Parser`. In a page, what Readability
 * would take out first (see UNLIKELY) goes too; a fragment keeps it (it is all article).
 */
export function scanHtml(original: string, Parser: typeof ParserType): Scanned {
  const { text: source, styles } = withoutBulk(original);
  const lineOf = lineFinder(source);
  const meta = new Map<string, Located[]>();
  const out: Scanned = { html: '', fragment: true, meta, styles, depth: 0 };
  let depth = 0;
  // Edits to the source, in order: [from, to) replaced by `text`.
  const edits: { from: number; to: number; text: string }[] = [];
  let removing: { name: string; from: number; depth: number } | undefined;
  let capture: { what: 'title' | 'publish'; text: string; line: number } | undefined;
  // Inside a table or code, Readability keeps everything.
  let keepAll = 0;

  const parser: ParserType = new Parser(
    {
      onopentag(name, attribs, isImplied) {
        const at = parser.startIndex;
        if (++depth > out.depth) out.depth = depth;
        if (name === 'html' || name === 'head' || name === 'body') {
          if (!isImplied) out.fragment = false;
          if (name === 'html' && attribs.lang && out.lang === undefined) out.lang = attribs.lang;
        }
        if (name === 'meta') {
          const key = (attribs.property ?? attribs.name ?? attribs.itemprop)?.trim().toLowerCase();
          if (key && attribs.content !== undefined) {
            const list = meta.get(key) ?? [];
            list.push({ value: attribs.content, line: lineOf(at) });
            meta.set(key, list);
          }
        } else if (name === 'link') {
          const rel = (attribs.rel ?? '').toLowerCase().split(/\s+/);
          if (rel.includes('canonical') && attribs.href && out.canonical === undefined) out.canonical = { value: attribs.href, line: lineOf(at) };
        } else if (name === 'base') {
          if (attribs.href && out.base === undefined) out.base = attribs.href;
        } else if (name === 'title' && out.title === undefined && (!removing || removing.name === 'head')) {
          capture = { what: 'title', text: '', line: lineOf(at) };
        } else if (name === 'script' && attribs.id === 'publish' && (attribs.type ?? '').toLowerCase() === 'application/json' && out.publish === undefined) {
          capture = { what: 'publish', text: '', line: lineOf(parser.endIndex + 1) };
        }
        if (removing) {
          if (name === removing.name) removing.depth++;
          return;
        }
        if (!isImplied && (REMOVED.has(name) || (keepAll === 0 && !out.fragment && unlikely(name, attribs)))) {
          removing = { name, from: at, depth: 1 };
          return;
        }
        if (name === 'table' || name === 'code' || name === 'pre') keepAll++;
        if (BLOCKS.has(name) && !isImplied) {
          // Before the ">" (or the "/" of "/>") that ends the start tag.
          let end = parser.endIndex;
          if (source[end - 1] === '/') end--;
          edits.push({ from: end, to: end, text: ` ${LINE_ATTRIBUTE}="${lineOf(at)}"` });
        }
      },
      ontext(text) {
        if (capture) capture.text += text;
      },
      onclosetag(name, isImplied) {
        depth--;
        if (!removing && (name === 'table' || name === 'code' || name === 'pre')) keepAll = Math.max(0, keepAll - 1);
        if (capture && (name === 'title' || name === 'script')) {
          if (capture.what === 'title') out.title = capture.text;
          else out.publish = { value: capture.text, line: capture.line };
          capture = undefined;
        }
        if (!removing || name !== removing.name) return;
        if (--removing.depth > 0) return;
        // An element closed by another tag (no end tag of its own) ends where that tag starts.
        const to = isImplied ? parser.startIndex : parser.endIndex + 1;
        // The <title> is kept: Readability compares headings with it.
        edits.push({ from: removing.from, to, text: removing.name === 'head' && out.title !== undefined ? `<head><title>${escapeHtml(out.title)}</title></head>` : '' });
        removing = undefined;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(source);
  if (removing) edits.push({ from: removing.from, to: source.length, text: '' });

  edits.sort((a, b) => a.from - b.from);
  let html = '';
  let last = 0;
  for (const edit of edits) {
    if (edit.from < last) continue; // inside a removed element
    html += source.slice(last, edit.from) + edit.text;
    last = edit.to;
  }
  out.html = html + source.slice(last);
  return out;
}

