/**
 * Escaping for each target's text rules, and decoding of HTML entities found in article text.
 */
import { NAMED_ENTITIES, browserCodePoint, numericEntityCodePoint } from './entities.js';

const HTML_TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/**
 * Escapes text for HTML element content: `&` `<` `>` only. Produces no other named entity,
 * so the result is also valid Telegram HTML (which rejects `&nbsp;` and friends).
 */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>]/g, (c) => HTML_TEXT_ESCAPES[c] ?? c);
}

/** Escapes text for a double-quoted HTML attribute value: `&` `<` `>` `"`. */
export function escapeHtmlAttr(s: string): string {
  return s.replace(/[&<>"]/g, (c) => HTML_TEXT_ESCAPES[c] ?? c);
}

/**
 * Plain text as Markdown that shows exactly that text: `&`, `<` and `>` as entities (so it
 * is never raw HTML), and what Markdown would read as emphasis, code, links, headings or
 * list items backslash-escaped (CommonMark and kramdown both honour these escapes).
 */
export function escapeMarkdownText(s: string): string {
  return s
    .replace(/[\\`*_[\]~]/g, '\\$&')
    .replace(/[&<>]/g, (c) => HTML_TEXT_ESCAPES[c] ?? c)
    .replace(/^(\s*)([#+=-]|\d+(?=[.)]))/gm, (_whole, space: string, mark: string) => (/^\d/.test(mark) ? `${space}${mark}\\` : `${space}\\${mark}`));
}

/**
 * Makes text acceptable to YouTube, which refuses `<` and `>` in titles and descriptions:
 * they become the look-alike single guillemets `‹` (U+2039) and `›` (U+203A).
 */
export function youtubeSafe(s: string): string {
  return s.replace(/</g, '\u2039').replace(/>/g, '\u203a');
}

const ENTITY = /&(?:#(\d+)|#[xX]([0-9A-Fa-f]+)|([A-Za-z][A-Za-z0-9]*));/g;

/**
 * Decodes named entities (`&nbsp;` `&mdash;` `&hellip;` `&laquo;` `&rsquo;` …, all of
 * Latin-1 and the common typographic ones) and numeric ones (`&#8212;` `&#x2014;`) to
 * characters, as a browser would. An unknown name or an invalid number is left as written.
 */
export function decodeEntities(s: string): string {
  return s.replace(ENTITY, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name !== undefined) return NAMED_ENTITIES.get(name) ?? whole;
    const cp = numericEntityCodePoint((dec ?? hex)!, hex !== undefined);
    return cp === undefined ? whole : String.fromCodePoint(browserCodePoint(cp));
  });
}
