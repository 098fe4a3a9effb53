import { escapeHtml, escapeHtmlAttr } from '../text/escape.js';
import { telegramVisibleText } from '../text/measure.js';
import { linkifyText } from './linkify.js';

// Same shape as Telegram's parser sees a tag: quoted attribute values may hold `>`.
const TAG = /<(\/?)([A-Za-z][A-Za-z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
const ATTRIBUTE = /([^\s=/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;
const SAFE_HREF = /^(https?:|tg:|mailto:)/i;

/** Telegram tag → the HTML the preview shows for it (always one of our own, attribute-free, tags). */
const SHOWN_AS: Record<string, string> = {
  b: 'b', strong: 'strong', i: 'i', em: 'em', u: 'u', ins: 'u', s: 's', strike: 's', del: 's',
  code: 'code', pre: 'pre', blockquote: 'blockquote', 'tg-spoiler': 'span', 'tg-emoji': 'span', a: 'a', span: 'span',
};

interface Open {
  name: string;
  shown: string;
}

function attributes(source: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const m of source.matchAll(ATTRIBUTE)) {
    const name = m[1]?.toLowerCase();
    if (name) found.set(name, m[2] ?? m[3] ?? m[4] ?? '');
  }
  return found;
}

/** The opening tag the preview emits for an allowed Telegram tag, or undefined when Telegram does not allow it. */
function openingTag(name: string, attrs: Map<string, string>): string | undefined {
  const shown = SHOWN_AS[name];
  if (shown === undefined) return undefined;
  switch (name) {
    case 'span':
      return attrs.get('class') === 'tg-spoiler' ? '<span class="tg-spoiler">' : undefined;
    case 'tg-spoiler':
      return '<span class="tg-spoiler">';
    case 'tg-emoji':
      return '<span class="tg-emoji">';
    case 'blockquote':
      return attrs.has('expandable') ? '<blockquote class="expandable">' : '<blockquote>';
    case 'a': {
      // Telegram decodes entities in href; the browser would too, so decode before judging the scheme.
      const href = telegramVisibleText(attrs.get('href') ?? '').trim();
      return SAFE_HREF.test(href)
        ? `<a href="${escapeHtmlAttr(href)}" target="_blank" rel="noopener noreferrer">`
        : '<a>';
    }
    default:
      return `<${shown}>`;
  }
}

/**
 * Renders a Telegram HTML-mode message as the app shows it, safely: the tags Telegram
 * allows become plain equivalents (no attributes but a checked `href`), every other tag
 * is shown as the literal text it is, and only the entities Telegram decodes are decoded.
 * For valid Telegram HTML the result's text content is exactly `telegramVisibleText(html)`.
 */
export function renderTelegramHtml(html: string): string {
  const stack: Open[] = [];
  let out = '';
  let last = 0;
  const text = (raw: string): void => {
    const visible = telegramVisibleText(raw);
    // Telegram itself links bare URLs and hashtags, except inside links and code.
    out += stack.some((o) => o.name === 'a' || o.name === 'code' || o.name === 'pre') ? escapeHtml(visible) : linkifyText(visible);
  };
  for (const m of html.matchAll(TAG)) {
    const at = m.index ?? 0;
    text(html.slice(last, at));
    last = at + m[0].length;
    const closing = m[1] === '/';
    const name = (m[2] ?? '').toLowerCase();
    if (closing) {
      const index = stack.map((o) => o.name).lastIndexOf(name);
      if (index < 0) {
        out += escapeHtml(m[0]);
        continue;
      }
      while (stack.length > index) out += `</${stack.pop()!.shown}>`;
      continue;
    }
    const open = openingTag(name, attributes(m[3] ?? ''));
    if (open === undefined) {
      out += escapeHtml(m[0]);
      continue;
    }
    out += open;
    stack.push({ name, shown: SHOWN_AS[name] ?? 'span' });
  }
  text(html.slice(last));
  while (stack.length > 0) out += `</${stack.pop()!.shown}>`;
  return out;
}
