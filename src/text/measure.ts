/**
 * Measuring text the way each platform counts it: UTF-16 code units (Telegram, TikTok),
 * UTF-8 bytes (YouTube descriptions), user-perceived characters (graphemes).
 */
import { Buffer } from 'node:buffer';
import { TELEGRAM_NAMED_ENTITIES, numericEntityCodePoint } from './entities.js';
import { segmentText } from './segment.js';


/** Length in UTF-16 code units (`s.length`): how Telegram and TikTok count. */
export function utf16Length(s: string): number {
  return s.length;
}

/** Length in UTF-8 bytes: how YouTube counts its 5000-byte description. */
export function utf8Bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** The user-perceived characters (extended grapheme clusters) of `s`: a flag or a ZWJ family is one. */
export function graphemes(s: string): string[] {
  return segmentText(s, 'grapheme').map((g) => g.segment);
}

/** How many user-perceived characters `s` has. */
export function graphemeCount(s: string): number {
  return segmentText(s, 'grapheme').length;
}

// A start or end tag; quoted attribute values may contain `>`.
const TAG = /<\/?[A-Za-z](?:[^>"']|"[^"]*"|'[^']*')*>/g;
const TELEGRAM_ENTITY = /&(?:#(\d+)|#[xX]([0-9A-Fa-f]+)|([A-Za-z]+));/g;

/**
 * The text a Telegram HTML-mode message shows: tags removed, `&lt; &gt; &amp; &quot;` and
 * numeric entities decoded. Anything Telegram would not decode is left as written.
 */
export function telegramVisibleText(html: string): string {
  return html
    .replace(TAG, '')
    .replace(TELEGRAM_ENTITY, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
      if (name !== undefined) return TELEGRAM_NAMED_ENTITIES.get(name) ?? whole;
      const cp = numericEntityCodePoint((dec ?? hex)!, hex !== undefined);
      return cp === undefined ? whole : String.fromCodePoint(cp);
    });
}

/**
 * Length in UTF-16 code units of what a Telegram HTML-mode message shows (its limit is
 * counted after entity parsing): `<b>A&amp;B</b>` is 3.
 */
export function telegramVisibleLength(html: string): number {
  return telegramVisibleText(html).length;
}
