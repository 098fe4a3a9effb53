import { escapeHtml } from '../text/escape.js';
import { htmlTagNames } from 'html-tag-names';
import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import { MarkedLine, joinMarked, linkTarget, type MarkedText } from './inline.js';
import type { Segment } from './segment.js';
import type { Mark, RawMarkup } from './types.js';

let markdown: MarkdownIt | undefined;

/** The one markdown-it instance: raw HTML passed through (the website sanitises), no magic. */
function markdownIt(): MarkdownIt {
  markdown ??= new MarkdownIt({ html: true, linkify: false, typographer: false });
  return markdown;
}

const ELEMENTS = new Set<string>(htmlTagNames);
/** Elements whose content is not reader text: text channels leave it out (and say so). */
const NON_TEXT = new Set(['script', 'style', 'template', 'textarea', 'title', 'noscript', 'iframe', 'object', 'svg', 'math', 'canvas', 'select']);
// A start or end tag; quoted attribute values may hold `>`.
const TAG = /<(\/?)([A-Za-z][A-Za-z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;

/** An HTML element name (custom elements, which contain a hyphen, count); `times` is not one. */
function isElement(name: string): boolean {
  const lower = name.toLowerCase();
  return ELEMENTS.has(lower) || lower.includes('-');
}


/**
 * Raw HTML with every tag that is not an HTML element (`<times>`, `<Name>`) written as text,
 * outside `<svg>` and `<math>`, whose own elements are not HTML's (docs/ARCHITECTURE.md, "HTML inside articles").
 */
function escapeNonElements(html: string): string {
  let foreign = 0;
  return html.replace(TAG, (whole, slash: string, name: string, rest: string) => {
    const lower = name.toLowerCase();
    if (lower === 'svg' || lower === 'math') {
      if (slash) foreign = Math.max(0, foreign - 1);
      else if (!rest.trimEnd().endsWith('/')) foreign++;
      return whole;
    }
    return foreign > 0 || isElement(name) ? whole : escapeHtml(whole);
  });
}

/** True when `html` has an element tag (so it is raw HTML, not text that looked like a tag). */
function hasElementTag(html: string): boolean {
  for (const m of html.matchAll(TAG)) if (isElement(m[2] ?? '')) return true;
  return /<!--/.test(html);
}

/**
 * Before rendering: an inline tag that is not an HTML element becomes text, and an HTML
 * block made only of such tags becomes a paragraph; the element tags in other HTML blocks
 * stay, the others in them are escaped.
 */
function textForNonElements(md: MarkdownIt, tokens: Token[], env: object): Token[] {
  const out: Token[] = [];
  for (const token of tokens) {
    if (token.type === 'html_block') {
      if (!hasElementTag(token.content)) {
        const Token = md.core.State.prototype.Token;
        const open = new Token('paragraph_open', 'p', 1);
        const close = new Token('paragraph_close', 'p', -1);
        const inline = md.parseInline(token.content.trim(), env)[0]!;
        open.map = token.map;
        inline.map = token.map;
        open.block = close.block = true;
        inline.level = token.level + 1;
        open.level = close.level = token.level;
        out.push(open, inline, close);
        textForInlineNonElements(inline);
        continue;
      }
      token.content = escapeNonElements(token.content);
    }
    if (token.type === 'inline') textForInlineNonElements(token);
    out.push(token);
  }
  return out;
}

function textForInlineNonElements(inline: Token): void {
  for (const child of inline.children ?? []) {
    if (child.type !== 'html_inline') continue;
    const name = /^<\/?([A-Za-z][A-Za-z0-9-]*)/.exec(child.content)?.[1];
    if (name !== undefined && !isElement(name)) child.type = 'text';
  }
}

/**
 * Splits a Markdown body into top-level segments using markdown-it's token stream, each
 * with its plain text, its own rendered HTML and the raw HTML written in it. `firstLine`
 * is the file line of the body.
 */
export function markdownSegments(body: string, firstLine: number): Segment[] {
  const md = markdownIt();
  const env = {};
  const tokens = textForNonElements(md, md.parse(body, env), env);
  const segments: Segment[] = [];
  let i = 0;
  while (i < tokens.length) {
    const open = tokens[i]!;
    let end = i;
    if (open.nesting === 1) {
      while (end < tokens.length && !(tokens[end]!.nesting === -1 && tokens[end]!.level === open.level)) end++;
    }
    const slice = tokens.slice(i, end + 1);
    const map = open.map ?? [0, 1];
    const raw: RawMarkup = { tags: [], hidden: [] };
    segments.push({
      ...kindAndText(open, slice, firstLine, raw),
      html: md.renderer.render(slice, md.options, env),
      line: firstLine + map[0],
      lines: map[1] - map[0],
      ...(raw.tags.length > 0 || raw.hidden.length > 0 ? { raw } : {}),
    });
    i = end + 1;
  }
  return segments;
}

function kindAndText(open: Token, slice: Token[], firstLine: number, raw: RawMarkup): Pick<Segment, 'kind' | 'text' | 'headingLevel' | 'marks'> {
  const joined = joinMarked(plainLines(slice, firstLine, raw), '\n');
  const text = joined.text.normalize('NFC');
  // Normalising may change the length (rarely: an entity decoded next to a combining mark): the marks would not fit.
  const marks = text === joined.text && joined.marks.length > 0 ? { marks: joined.marks } : {};
  switch (open.type) {
    case 'heading_open':
      return { kind: 'heading', text, headingLevel: Number(open.tag.slice(1)), ...marks };
    case 'bullet_list_open':
    case 'ordered_list_open':
      return { kind: 'list', text, ...marks };
    case 'blockquote_open':
      return { kind: 'quote', text, ...marks };
    case 'fence':
    case 'code_block':
      return { kind: 'code', text: open.content.replace(/\n$/, '').normalize('NFC') };
    case 'html_block':
      return { kind: 'html', text };
    case 'hr':
      return { kind: 'paragraph', text: '' };
    default: // paragraph, table
      return { kind: 'paragraph', text, ...marks };
  }
}

/** The lines of a block's tokens, with their inline marks: one per paragraph, list item, table row. */
function plainLines(tokens: Token[], firstLine: number, raw: RawMarkup): MarkedText[] {
  const lines: MarkedText[] = [];
  let bullet = false;
  let row: MarkedText[] | undefined;
  for (const token of tokens) {
    const line = firstLine + (token.map?.[0] ?? 0);
    switch (token.type) {
      case 'list_item_open':
        bullet = true;
        break;
      case 'tr_open':
        row = [];
        break;
      case 'tr_close':
        if (row !== undefined && row.some((cell) => cell.text !== '')) lines.push(joinMarked(row, ' | '));
        row = undefined;
        break;
      case 'inline': {
        const text = inlineText(token.children ?? [], line, raw);
        if (row !== undefined) row.push(text);
        else if (text.text !== '') {
          lines.push(bullet ? joinMarked([{ text: '•', marks: [] }, text], ' ') : text);
          bullet = false;
        }
        break;
      }
      case 'fence':
      case 'code_block':
        lines.push({ text: token.content.replace(/\n$/, ''), marks: [] });
        break;
      case 'html_block': {
        const text = htmlText(token.content, line, raw);
        if (text !== '') lines.push({ text, marks: [] });
        break;
      }
    }
  }
  return lines;
}

/** The tag as written, shortened for a message. */
function shown(tag: string): string {
  const oneLine = tag.replace(/\s+/g, ' ');
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}…>` : oneLine;
}

function collapse(text: string): string {
  return text.replace(/[ \t]+/g, ' ').trim();
}

/**
 * Inline Markdown as plain text with its marks: a link keeps its label (and, when it points
 * to an http(s) or mailto URL, a link mark), images are dropped, raw HTML tags are dropped and
 * their text kept, except inside elements whose content is not reader text (script, style…),
 * which is recorded in `raw.hidden`. `line` is the file line it starts on.
 */
function inlineText(children: Token[], line: number, raw: RawMarkup): MarkedText {
  const out = new MarkedLine('spaces');
  let at = line;
  let hidden: { line: number; tag: string; name: string; text: string } | undefined;
  for (const child of children) {
    if (child.type === 'softbreak' || child.type === 'hardbreak') {
      at++;
      if (hidden) hidden.text += ' ';
      else if (child.type === 'softbreak') out.add(' ');
      else out.lineBreak();
      continue;
    }
    if (child.type === 'html_inline') {
      const m = /^<(\/?)([A-Za-z][A-Za-z0-9-]*)/.exec(child.content);
      if (!m) continue; // a comment or declaration: not for readers
      const name = m[2]!.toLowerCase();
      const closing = m[1] === '/';
      if (closing) {
        if (hidden && hidden.name === name) {
          raw.hidden.push({ line: hidden.line, tag: hidden.tag, text: collapse(hidden.text) });
          hidden = undefined;
        }
        continue;
      }
      raw.tags.push({ line: at, tag: shown(child.content) });
      if (name === 'br') out.lineBreak();
      else if (!hidden && NON_TEXT.has(name) && !/\/\s*>$/.test(child.content)) hidden = { line: at, tag: shown(child.content), name, text: '' };
      continue;
    }
    if (hidden) {
      if (child.type === 'text' || child.type === 'code_inline') hidden.text += child.content;
      continue;
    }
    switch (child.type) {
      case 'text':
        out.add(child.content);
        break;
      case 'code_inline':
        out.openMark('code');
        out.add(child.content);
        out.closeMark('code');
        break;
      case 'strong_open':
      case 'em_open':
      case 's_open':
        out.openMark(MARK_OF[child.type]!);
        break;
      case 'strong_close':
      case 'em_close':
      case 's_close':
        out.closeMark(MARK_OF[child.type]!);
        break;
      case 'link_open':
        out.openMark('link', linkTarget(child.attrGet('href')));
        break;
      case 'link_close':
        out.closeMark('link');
        break;
    }
  }
  if (hidden) raw.hidden.push({ line: hidden.line, tag: hidden.tag, text: collapse(hidden.text) });
  return out.finish();
}

const MARK_OF: Record<string, Mark['kind']> = {
  strong_open: 'bold',
  strong_close: 'bold',
  em_open: 'italic',
  em_close: 'italic',
  s_open: 'strike',
  s_close: 'strike',
};

/**
 * The text content of raw HTML: comments dropped, elements whose content is not reader text
 * (script, style…) dropped and recorded in `raw.hidden`, block ends become line breaks,
 * other tags removed (and recorded in `raw.tags`), entities decoded, spaces collapsed.
 */
export function htmlText(html: string, line = 1, raw: RawMarkup = { tags: [], hidden: [] }): string {
  const lineAt = (index: number) => line + (html.slice(0, index).match(/\n/g)?.length ?? 0);
  let out = '';
  let last = 0;
  let hidden: { line: number; tag: string; name: string; from: number; depth: number } | undefined;
  const source = html.replace(/<!--[\s\S]*?(-->|$)/g, (c) => c.replace(/[^\n]/g, ' '));
  for (const m of source.matchAll(TAG)) {
    const index = m.index ?? 0;
    const closing = m[1] === '/';
    const name = (m[2] ?? '').toLowerCase();
    if (hidden) {
      if (name === hidden.name) hidden.depth += closing ? -1 : 1;
      if (hidden.depth === 0) {
        raw.hidden.push({ line: hidden.line, tag: hidden.tag, text: collapse(plainOf(source.slice(hidden.from, index))) });
        hidden = undefined;
        last = index + m[0].length;
      }
      continue;
    }
    out += source.slice(last, index);
    last = index + m[0].length;
    if (closing) {
      if (/^(p|div|li|h[1-6]|figcaption|figure|blockquote|tr|table|section|article)$/.test(name)) out += '\n';
      continue;
    }
    raw.tags.push({ line: lineAt(index), tag: shown(m[0]) });
    if (name === 'br') out += '\n';
    else if (NON_TEXT.has(name) && !/\/\s*>$/.test(m[0])) {
      hidden = { line: lineAt(index), tag: shown(m[0]), name, from: last, depth: 1 };
    }
  }
  if (hidden) raw.hidden.push({ line: hidden.line, tag: hidden.tag, text: collapse(plainOf(source.slice(hidden.from))) });
  else out += source.slice(last);
  return markdownIt()
    .utils.unescapeAll(out)
    .split('\n')
    .map(collapse)
    .filter((l) => l !== '')
    .join('\n');
}

/** Text inside a hidden element, for a message: tags removed, entities decoded. */
function plainOf(html: string): string {
  return markdownIt().utils.unescapeAll(html.replace(TAG, ' '));
}

/** A URL as markdown-it writes it into `href` or `src` (percent-encoded, as a Markdown article's links are). */
export function normalizeLink(url: string): string {
  return markdownIt().normalizeLink(url);
}
