import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import type { Segment } from './segment.js';

let markdown: MarkdownIt | undefined;

/** The one markdown-it instance: raw HTML passed through (the website sanitises), no magic. */
function markdownIt(): MarkdownIt {
  markdown ??= new MarkdownIt({ html: true, linkify: false, typographer: false });
  return markdown;
}

/**
 * Splits a Markdown body into top-level segments using markdown-it's token stream, each
 * with its plain text and its own rendered HTML. `firstLine` is the file line of the body.
 */
export function markdownSegments(body: string, firstLine: number): Segment[] {
  const md = markdownIt();
  const env = {};
  const tokens = md.parse(body, env);
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
    segments.push({
      ...kindAndText(open, slice),
      html: md.renderer.render(slice, md.options, env),
      line: firstLine + map[0],
      lines: map[1] - map[0],
    });
    i = end + 1;
  }
  return segments;
}

function kindAndText(open: Token, slice: Token[]): Pick<Segment, 'kind' | 'text' | 'headingLevel'> {
  const text = plainLines(slice).join('\n').normalize('NFC');
  switch (open.type) {
    case 'heading_open':
      return { kind: 'heading', text, headingLevel: Number(open.tag.slice(1)) };
    case 'bullet_list_open':
    case 'ordered_list_open':
      return { kind: 'list', text };
    case 'blockquote_open':
      return { kind: 'quote', text };
    case 'fence':
    case 'code_block':
      return { kind: 'code', text: open.content.replace(/\n$/, '').normalize('NFC') };
    case 'html_block':
      return { kind: 'html', text };
    case 'hr':
      return { kind: 'paragraph', text: '' };
    default: // paragraph, table
      return { kind: 'paragraph', text };
  }
}

/** The plain-text lines of a block's tokens: one per paragraph, list item, table row. */
function plainLines(tokens: Token[]): string[] {
  const lines: string[] = [];
  let bullet = false;
  let row: string[] | undefined;
  for (const token of tokens) {
    switch (token.type) {
      case 'list_item_open':
        bullet = true;
        break;
      case 'tr_open':
        row = [];
        break;
      case 'tr_close':
        if (row !== undefined && row.some((cell) => cell !== '')) lines.push(row.join(' | '));
        row = undefined;
        break;
      case 'inline': {
        const text = inlineText(token.children ?? []);
        if (row !== undefined) row.push(text);
        else if (text !== '') {
          lines.push(bullet ? `• ${text}` : text);
          bullet = false;
        }
        break;
      }
      case 'fence':
      case 'code_block':
        lines.push(token.content.replace(/\n$/, ''));
        break;
      case 'html_block': {
        const text = htmlText(token.content);
        if (text !== '') lines.push(text);
        break;
      }
    }
  }
  return lines;
}

/** Inline Markdown as plain text: a link keeps its label, images and tags are dropped. */
function inlineText(children: Token[]): string {
  let text = '';
  for (const child of children) {
    if (child.type === 'text' || child.type === 'code_inline') text += child.content;
    else if (child.type === 'softbreak') text += ' ';
    else if (child.type === 'hardbreak') text += '\n';
    else if (child.type === 'html_inline' && /^<br\s*\/?>$/i.test(child.content)) text += '\n';
  }
  return text.trim();
}

/**
 * The text content of raw HTML: scripts, styles and comments dropped, block ends become
 * line breaks, other tags removed, entities decoded, spaces collapsed.
 */
export function htmlText(html: string): string {
  const text = html
    .replace(/<!--[\s\S]*?(-->|$)/g, '')
    .replace(/<(script|style)\b[\s\S]*?(<\/\1\s*>|$)/gi, '')
    .replace(/<br\s*\/?>|<\/(p|div|li|h[1-6]|figcaption|figure|blockquote|tr|table|section|article)\s*>/gi, '\n')
    .replace(/<\/?[a-z][^>]*>/gi, '');
  return markdownIt()
    .utils.unescapeAll(text)
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}
