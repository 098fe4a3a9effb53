/**
 * An article's DOM as body segments, the same pieces a Markdown article becomes: plain text
 * with inline marks for the text channels, and for the website the HTML markdown-it would
 * write for the same text (so an HTML export and the equivalent Markdown article give the
 * same posts, and the website needs no sanitiser for it). Only what the tool understands
 * is written: paragraphs, headings, lists, quotes, code, tables, rules, images from the web
 * and video embeds (those go to the website's sanitiser as raw HTML).
 */
import { escapeHtmlAttr } from '../../text/escape.js';
import { MarkedLine, joinMarked, type MarkedText } from '../inline.js';
import type { Segment } from '../segment.js';
import type { Mark } from '../types.js';
import { isElement, TEXT_NODE, type DomElement, type DomNode } from './dom.js';
import { LINE_ATTRIBUTE } from './scan.js';

/** How the walk turns the page's addresses into ones it may use. */
export interface WalkContext {
  /** A link's target as an absolute http(s) or mailto URL, or undefined (the words stay, unlinked). */
  link(href: string): string | undefined;
  /** An image's address as a https URL the website may show, or undefined (left out of the body). */
  image(src: string): string | undefined;
  /** markdown-it's own normalisation of a URL written into HTML. */
  normalizeLink(url: string): string;
  /** True when an `article.keep` pattern protects this text (a caption that must stay). */
  keep(text: string): boolean;
}

/** What the walk found. */
export interface Walked {
  segments: Segment[];
  /** Figure captions (`<figcaption>`): dropped as photo captions, with their line. */
  captions: { line: number; text: string }[];
  /** Every image in the body, in order, as written (`src`), with its line. */
  images: { src: string; line: number; alt?: string }[];
}

const INLINE = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'br', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'font', 'i', 'img', 'ins', 'kbd', 'label',
  'mark', 'q', 's', 'samp', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'time', 'tt', 'u', 'var', 'wbr', 'picture', 'source',
]);
const MARKS: Record<string, Mark['kind']> = { b: 'bold', strong: 'bold', i: 'italic', em: 'italic', s: 'strike', strike: 'strike', del: 'strike', code: 'code', kbd: 'code', samp: 'code', tt: 'code' };
const EMBEDS = new Set(['iframe', 'video', 'audio']);
/** Elements whose content is never reader text (the first pass took most of them out already). */
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'svg', 'math', 'canvas', 'button', 'select', 'textarea', 'input', 'form', 'nav', 'aside', 'head', 'title', 'object', 'embed']);

/** The line a node starts on: its own, else its nearest ancestor's, else its first descendant's. */
export function lineOf(node: DomNode): number {
  for (let n: DomNode | null = node; n !== null; n = n.parentNode) {
    if (isElement(n)) {
      const line = Number(n.getAttribute(LINE_ATTRIBUTE));
      if (line > 0) return line;
    }
  }
  return 1;
}

/** Walks the article element `root` into segments. */
export function walkArticle(root: DomElement, ctx: WalkContext): Walked {
  const walked: Walked = { segments: [], captions: [], images: [] };

  /** Inline content of `node` into `line`, with its marks and the images in it. */
  const inline = (node: DomNode, line: MarkedLine): void => {
    if (node.nodeType === TEXT_NODE) {
      line.add(node.textContent ?? '');
      return;
    }
    if (!isElement(node)) return;
    const name = node.localName;
    if (SKIPPED.has(name)) return;
    if (name === 'br') return line.lineBreak();
    if (name === 'img') {
      const src = node.getAttribute('src');
      const alt = (node.getAttribute('alt') ?? '').replace(/\s+/g, ' ').trim().normalize('NFC');
      if (src) walked.images.push({ src, line: lineOf(node), ...(alt === '' ? {} : { alt }) });
      return;
    }
    const mark = MARKS[name];
    const href = name === 'a' ? node.getAttribute('href') : null;
    const link = href === null ? undefined : ctx.link(href);
    const target = link === undefined ? undefined : ctx.normalizeLink(link);
    if (mark) line.openMark(mark);
    if (target !== undefined) line.openMark('link', target);
    if (mark === 'code') line.add(node.textContent ?? '');
    else for (const child of Array.from(node.childNodes)) inline(child, line);
    if (target !== undefined) line.closeMark('link');
    if (mark) line.closeMark(mark);
    if (!INLINE.has(name)) line.add(' '); // a block inside inline content (a <div> in an <li>) ends a word
  };

  /** The marked text of an element's inline content, NFC (marks dropped in the rare case NFC moves them). */
  const textOf = (el: DomElement): MarkedText => {
    const line = new MarkedLine('all');
    for (const child of Array.from(el.childNodes)) inline(child, line);
    return nfc(line.finish());
  };

  const html = (m: MarkedText): string => markedHtml(m, ctx.normalizeLink);

  const push = (segment: Segment): void => {
    walked.segments.push(segment);
  };

  const paragraph = (m: MarkedText, line: number, imagesBefore: number): void => {
    if (m.text !== '') {
      push({ kind: 'paragraph', text: m.text, ...(m.marks.length ? { marks: m.marks } : {}), html: `<p>${html(m)}</p>\n`, line, lines: 1 });
      return;
    }
    // A paragraph of images only: each one the web can show, as markdown-it writes ![alt](src).
    for (const img of walked.images.slice(imagesBefore)) {
      const src = ctx.image(img.src);
      if (src !== undefined) push({ kind: 'paragraph', text: '', html: `<p><img src="${escapeHtmlAttr(ctx.normalizeLink(src))}" alt="${escapeHtmlAttr(img.alt ?? '')}"></p>\n`, line: img.line, lines: 1 });
    }
  };

  /** List items as "• " lines (a nested list's items too), and the list's HTML. */
  const list = (el: DomElement, lines: MarkedText[]): string => {
    const ordered = el.localName === 'ol';
    const start = Number(el.getAttribute('start') ?? '1');
    let out = ordered && Number.isInteger(start) && start !== 1 ? `<ol start="${start}">\n` : `<${ordered ? 'ol' : 'ul'}>\n`;
    for (const item of Array.from(el.children)) {
      if (item.localName !== 'li') continue;
      const line = new MarkedLine('all');
      let nested = '';
      const sub: MarkedText[] = [];
      const walkItem = (node: DomNode): void => {
        if (isElement(node) && (node.localName === 'ul' || node.localName === 'ol')) {
          nested += list(node, sub);
        } else if (isElement(node) && !INLINE.has(node.localName) && !SKIPPED.has(node.localName)) {
          for (const child of Array.from(node.childNodes)) walkItem(child);
          line.add(' ');
        } else {
          inline(node, line);
        }
      };
      for (const child of Array.from(item.childNodes)) walkItem(child);
      const text = nfc(line.finish());
      if (text.text !== '') lines.push(joinMarked([{ text: '•', marks: [] }, text], ' '));
      lines.push(...sub);
      if (text.text === '' && nested === '') continue;
      out += nested === '' ? `<li>${html(text)}</li>\n` : `<li>${html(text)}\n${nested}</li>\n`;
    }
    return `${out}</${ordered ? 'ol' : 'ul'}>\n`;
  };

  /** A table as rows of "cell | cell" and markdown-it's table HTML. */
  const table = (el: DomElement): void => {
    const rows: MarkedText[] = [];
    let head = '';
    let body = '';
    for (const tr of Array.from(el.querySelectorAll('tr'))) {
      const cells = Array.from(tr.children).filter((c) => c.localName === 'td' || c.localName === 'th');
      const texts = cells.map((c) => textOf(c));
      if (texts.some((t) => t.text !== '')) rows.push(joinMarked(texts, ' | '));
      const isHead = cells.length > 0 && cells.every((c) => c.localName === 'th') && body === '' && head === '';
      const row = `<tr>\n${cells.map((c, i) => `<${c.localName}>${html(texts[i]!)}</${c.localName}>\n`).join('')}</tr>\n`;
      if (isHead) head += row;
      else body += row;
    }
    const text = joinMarked(rows, '\n');
    if (text.text === '') return;
    push({
      kind: 'paragraph',
      text: text.text,
      ...(text.marks.length ? { marks: text.marks } : {}),
      html: `<table>\n${head ? `<thead>\n${head}</thead>\n` : ''}${body ? `<tbody>\n${body}</tbody>\n` : ''}</table>\n`,
      line: lineOf(el),
      lines: 1,
    });
  };

  /** An embedded player, for the website only (its sanitiser keeps it when the host is allowed). */
  const embed = (el: DomElement): void => {
    const src = el.getAttribute('src') ?? el.querySelector('source')?.getAttribute('src') ?? null;
    const url = src === null ? undefined : ctx.image(src);
    if (url === undefined) return;
    const name = el.localName;
    const attrs = [`src="${escapeHtmlAttr(url)}"`];
    for (const a of ['width', 'height', 'title']) {
      const v = el.getAttribute(a);
      if (v) attrs.push(`${a}="${escapeHtmlAttr(v)}"`);
    }
    if (name === 'iframe' && el.getAttribute('allowfullscreen') !== null) attrs.push('allowfullscreen');
    if (name !== 'iframe') attrs.push('controls');
    const tag = `<${name} ${attrs.join(' ')}>`;
    const line = lineOf(el);
    push({ kind: 'html', text: '', html: `${tag}</${name}>\n`, line, lines: 1, raw: { tags: [{ line, tag }], hidden: [] } });
  };

  /** Block content of `el`: loose inline content between blocks becomes a paragraph. */
  const blocks = (el: DomElement): void => {
    let loose: MarkedLine | undefined;
    let looseLine = 0;
    let looseImages = 0;
    const flush = (): void => {
      if (!loose) return;
      paragraph(nfc(loose.finish()), looseLine, looseImages);
      loose = undefined;
    };
    for (const child of Array.from(el.childNodes)) {
      if (child.nodeType === TEXT_NODE || (isElement(child) && INLINE.has(child.localName))) {
        if (!loose) {
          if (child.nodeType === TEXT_NODE && (child.textContent ?? '').trim() === '') continue;
          loose = new MarkedLine('all');
          looseLine = lineOf(child);
          looseImages = walked.images.length;
        }
        inline(child, loose);
        continue;
      }
      if (!isElement(child)) continue;
      flush();
      block(child);
    }
    flush();
  };

  const block = (el: DomElement): void => {
    const name = el.localName;
    if (SKIPPED.has(name)) return;
    const line = lineOf(el);
    switch (name) {
      case 'p': {
        const before = walked.images.length;
        paragraph(textOf(el), line, before);
        return;
      }
      case 'h1':
      case 'h2':
      case 'h3':
      case 'h4':
      case 'h5':
      case 'h6': {
        const m = textOf(el);
        if (m.text === '') return;
        push({ kind: 'heading', text: m.text, headingLevel: Number(name[1]), ...(m.marks.length ? { marks: m.marks } : {}), html: `<${name}>${html(m)}</${name}>\n`, line, lines: 1 });
        return;
      }
      case 'ul':
      case 'ol': {
        const lines: MarkedText[] = [];
        const out = list(el, lines);
        const m = joinMarked(lines, '\n');
        if (m.text === '') return;
        push({ kind: 'list', text: m.text, ...(m.marks.length ? { marks: m.marks } : {}), html: out, line, lines: 1 });
        return;
      }
      case 'blockquote': {
        const inner = walkArticle(el, ctx);
        walked.images.push(...inner.images);
        const texts = inner.segments.filter((s) => s.text !== '');
        const m = joinMarked(texts.map((s) => ({ text: s.text, marks: [...(s.marks ?? [])] })), '\n');
        if (m.text === '') return;
        push({ kind: 'quote', text: m.text, ...(m.marks.length ? { marks: m.marks } : {}), html: `<blockquote>\n${texts.map((s) => s.html).join('')}</blockquote>\n`, line, lines: 1 });
        return;
      }
      case 'pre': {
        const text = (el.textContent ?? '').replace(/\n$/, '').normalize('NFC');
        if (text.trim() === '') return;
        push({ kind: 'code', text, html: `<pre><code>${escapeHtmlAttr(text)}\n</code></pre>\n`, line, lines: 1 });
        return;
      }
      case 'figcaption': {
        const m = textOf(el);
        if (m.text === '') return;
        if (ctx.keep(m.text)) paragraph(m, line, walked.images.length);
        else walked.captions.push({ line, text: m.text });
        return;
      }
      case 'hr':
        push({ kind: 'paragraph', text: '', html: '<hr>\n', line, lines: 1 });
        return;
      case 'table':
        table(el);
        return;
      case 'img':
      case 'picture': {
        const before = walked.images.length;
        inline(el, new MarkedLine('all'));
        paragraph({ text: '', marks: [] }, line, before);
        return;
      }
      default:
        if (EMBEDS.has(name)) return embed(el);
        blocks(el); // div, section, article, figure, header, main…
    }
  };

  blocks(root);
  return walked;
}

/** The text in NFC; its marks only when that moved nothing. */
function nfc(m: MarkedText): MarkedText {
  const text = m.text.normalize('NFC');
  return text === m.text ? m : { text, marks: [] };
}

/** A marked line as markdown-it writes inline HTML: `<strong> <em> <s> <code> <a href>`, breaks as `<br>`. */
export function markedHtml(m: MarkedText, normalizeLink: (url: string) => string): string {
  const escape = (s: string): string => escapeHtmlAttr(s).replace(/\n/g, '<br>\n');
  const render = (from: number, to: number, marks: readonly Mark[]): string => {
    let html = '';
    let pos = from;
    for (let i = 0; i < marks.length; ) {
      const mark = marks[i]!;
      let j = i + 1;
      while (j < marks.length && marks[j]!.start < mark.end) j++;
      const start = Math.max(mark.start, pos);
      if (start < mark.end) {
        html += escape(m.text.slice(pos, start));
        const inner = mark.kind === 'code' ? escapeHtmlAttr(m.text.slice(start, mark.end)) : render(start, mark.end, marks.slice(i + 1, j).map((c) => ({ ...c, end: Math.min(c.end, mark.end) })));
        html += wrapHtml(mark, inner, normalizeLink);
        pos = mark.end;
      }
      i = j;
    }
    return html + escape(m.text.slice(pos, to));
  };
  return render(0, m.text.length, m.marks);
}

function wrapHtml(mark: Mark, inner: string, normalizeLink: (url: string) => string): string {
  switch (mark.kind) {
    case 'bold':
      return `<strong>${inner}</strong>`;
    case 'italic':
      return `<em>${inner}</em>`;
    case 'strike':
      return `<s>${inner}</s>`;
    case 'code':
      return `<code>${inner}</code>`;
    case 'link':
      return mark.href === undefined ? inner : `<a href="${escapeHtmlAttr(normalizeLink(mark.href))}">${inner}</a>`;
  }
}
