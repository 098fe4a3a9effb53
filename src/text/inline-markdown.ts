/**
 * An editor's override text (`channels.<name>.text` in front matter) is inline Markdown:
 * `**bold**`, `_italic_`, `~~struck~~`, `` `code` `` and `[words](https://…)`, with
 * placeholders such as `{url}`. It is rendered for each target by markdown-it's inline
 * parser with raw HTML, autolinks and entities off, so `<`, `>` and `&` are always text.
 */
import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import { escapeHtml, escapeHtmlAttr } from './escape.js';

/** How one target writes each inline element. */
export interface InlineFormat {
  /** Escapes literal text and placeholder values for the target. */
  escape(s: string): string;
  strong(inner: string): string;
  em(inner: string): string;
  strike(inner: string): string;
  /** `text` already escaped. */
  code(text: string): string;
  /** `label` already rendered; `href` a checked http(s), mailto or tg URL, not escaped. */
  link(label: string, href: string): string;
  /** A line break inside a paragraph. */
  lineBreak: string;
}

/** Telegram's HTML parse mode: `<b> <i> <s> <code> <a href>`; `< > &` escaped. */
export const TELEGRAM_INLINE: InlineFormat = {
  escape: escapeHtml,
  strong: (s) => `<b>${s}</b>`,
  em: (s) => `<i>${s}</i>`,
  strike: (s) => `<s>${s}</s>`,
  code: (s) => `<code>${s}</code>`,
  link: (label, href) => `<a href="${escapeHtmlAttr(href)}">${label}</a>`,
  lineBreak: '\n',
};

/** A web page (the website's article body). */
export const HTML_INLINE: InlineFormat = {
  ...TELEGRAM_INLINE,
  strong: (s) => `<strong>${s}</strong>`,
  em: (s) => `<em>${s}</em>`,
  lineBreak: '<br>\n',
};

/**
 * Plain text (TikTok, YouTube, webhooks), with `escape` for the target's own rules: the
 * emphasis marks go, a link is written `words (https://…)` (only the URL when the words
 * are the URL), since none of these platforms has link text.
 */
export function plainInline(escape: (s: string) => string = (s) => s): InlineFormat {
  return {
    escape,
    strong: (s) => s,
    em: (s) => s,
    strike: (s) => s,
    code: (s) => s,
    link: (label, href) => (label === escape(href) ? label : `${label} (${escape(href)})`),
    lineBreak: '\n',
  };
}

let parser: MarkdownIt | undefined;

/** markdown-it with only the inline rules an override may use; links are checked here, later. */
function inlineParser(): MarkdownIt {
  if (parser) return parser;
  const md = new MarkdownIt('zero', { html: false, linkify: false, typographer: false });
  md.enable(['emphasis', 'strikethrough', 'backticks', 'link', 'escape', 'newline']);
  // Placeholders like {url} must survive in the destination: keep it as written, judge it after filling.
  md.normalizeLink = (url) => url;
  md.validateLink = () => true;
  parser = md;
  return md;
}

const PLACEHOLDER = /\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
// Spaces and control characters: browsers drop some from a URL before reading its scheme.
const URL_NOISE = /[\u0000-\u0020\u007f]/;
const SAFE_SCHEME = /^(?:https?:|mailto:|tg:)/i;

/** `text` with placeholders filled: literal parts and values both go through `escape`. */
function fill(text: string, values: Readonly<Record<string, string>>, escape: (s: string) => string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    const at = m.index ?? 0;
    out += escape(text.slice(last, at));
    const name = m[1];
    if (m[0] === '{{') out += escape('{');
    else if (m[0] === '}}') out += escape('}');
    else if (name !== undefined && Object.hasOwn(values, name)) out += escape(values[name] ?? '');
    else out += escape(m[0]);
    last = at + m[0].length;
  }
  return out + escape(text.slice(last));
}

/** A link target after filling, or undefined when it is not an http(s), mailto or tg URL. */
function checkedHref(raw: string, values: Readonly<Record<string, string>>): string | undefined {
  const href = fill(raw, values, (s) => s).trim();
  return SAFE_SCHEME.test(href) && !URL_NOISE.test(href) ? href : undefined;
}

/** Renders one inline token list (markdown-it's `children`). */
function renderTokens(tokens: readonly Token[], values: Readonly<Record<string, string>>, format: InlineFormat): string {
  // One frame per open element: what it is and what it holds so far.
  const stack: { type: string; href?: string; out: string }[] = [{ type: 'root', out: '' }];
  const top = () => stack[stack.length - 1]!;
  for (const token of tokens) {
    switch (token.type) {
      case 'text':
        top().out += fill(token.content, values, format.escape);
        break;
      case 'code_inline':
        top().out += format.code(fill(token.content, values, format.escape));
        break;
      case 'softbreak':
      case 'hardbreak':
        top().out += format.lineBreak;
        break;
      case 'strong_open':
      case 'em_open':
      case 's_open':
        stack.push({ type: token.type, out: '' });
        break;
      case 'link_open':
        stack.push({ type: token.type, href: token.attrGet('href') ?? '', out: '' });
        break;
      case 'strong_close':
      case 'em_close':
      case 's_close':
      case 'link_close': {
        const frame = stack.length > 1 ? stack.pop()! : { type: 'root', out: '' };
        let rendered = frame.out;
        if (frame.type === 'strong_open') rendered = format.strong(frame.out);
        else if (frame.type === 'em_open') rendered = format.em(frame.out);
        else if (frame.type === 's_open') rendered = format.strike(frame.out);
        else if (frame.type === 'link_open') {
          const href = checkedHref(frame.href ?? '', values);
          rendered = href === undefined ? frame.out : format.link(frame.out, href);
        }
        top().out += rendered;
        break;
      }
      default:
        // Nothing else is enabled; keep any text a token carries rather than lose words.
        if (token.content) top().out += fill(token.content, values, format.escape);
    }
  }
  while (stack.length > 1) {
    const frame = stack.pop()!;
    top().out += frame.out;
  }
  return stack[0]!.out;
}

/**
 * Renders an override for a target: inline Markdown to the target's markup, every literal
 * `<`, `>` and `&` escaped as the target needs, placeholders (`{title} {lead} {body} {url}
 * {hashtags}`) filled with values escaped the same way (`{{` and `}}` give braces; an unknown
 * `{name}` stays as written). A link whose target is not an http(s), mailto or tg URL after
 * filling keeps only its words.
 */
export function renderInlineMarkdown(source: string, values: Readonly<Record<string, string>>, format: InlineFormat): string {
  const md = inlineParser();
  const tokens = md.parseInline(source, {});
  return renderTokens(tokens[0]?.children ?? [], values, format).trim();
}

/** The same as {@link renderInlineMarkdown} for a web page: one `<p>` per blank-line-separated paragraph. */
export function renderMarkdownParagraphs(source: string, values: Readonly<Record<string, string>>): string {
  return source
    .split(/\n[ \t]*\n/)
    .map((p) => renderInlineMarkdown(p, values, HTML_INLINE))
    .filter((p) => p !== '')
    .map((p) => `<p>${p}</p>`)
    .join('\n');
}
