import { escapeHtml, escapeHtmlAttr } from '../text/escape.js';

/** Text as HTML element content. */
export const esc = escapeHtml;
/** Text as a double-quoted attribute value. */
export const attr = escapeHtmlAttr;

/**
 * The attributes of the element that holds a post's text: `data-text="<field>"` (tests and
 * readers find the text by it) and `data-over` when that field is over the platform limit.
 */
export function textAttrs(field: string, over: ReadonlySet<string>, className: string): string {
  return ` class="${attr(className)}" data-text="${attr(field)}"${over.has(field) ? ' data-over="true"' : ''}`;
}

/** A stable, HTML-id-safe form of a channel name. */
export function idFor(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]+/g, '-');
}

/** The payload field as a string ('' when absent or not a string). */
export function field(output: Record<string, unknown> | undefined, key: string): string | undefined {
  const value = output?.[key];
  return typeof value === 'string' ? value : undefined;
}

/** "09:30" in the viewer's time (the mock-ups only need something that looks like a post time). */
export function clock(now: Date): string {
  return `${String(now.getHours()).padStart(2, '0')}:${String(now.getMinutes()).padStart(2, '0')}`;
}

/** Up to two initials for an avatar: "Babel News" → "BN", "@babel_news_en" → "BN". */
export function initials(name: string): string {
  const words = name.replace(/^@/, '').split(/[\s_.-]+/u).filter(Boolean);
  return words.slice(0, 2).map((w) => [...w][0]?.toUpperCase() ?? '').join('') || '?';
}

/** The host of a URL without `www.`, or the text itself when it is not a URL. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host.replace(/^www\./, '');
  } catch {
    return url;
  }
}

/** Roughly whether a text is longer than `lines` lines of a narrow panel (so the fold shows "more"). */
export function foldsAfter(text: string, lines: number, charsPerLine = 55): boolean {
  let count = 0;
  for (const line of text.split('\n')) count += Math.max(1, Math.ceil(line.length / charsPerLine));
  return count > lines;
}
