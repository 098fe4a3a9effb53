/** Marks on a Latin letter (the build writes this as `new RegExp`: made once here, not per call). */
const LATIN_MARKS = /(\p{Script=Latin})\p{M}+/gu;

/** Longest slug `slugify` makes, in characters. */
export const MAX_SLUG_LENGTH = 80;

/**
 * A URL slug from a title: lowercase; diacritics stripped from Latin letters only
 * ("Café" → "cafe", while Ukrainian "й" stays "й"); letters of any script and digits kept;
 * every other run of characters becomes one "-"; at most 80 characters, cut at a word
 * boundary. May return "" (a title of only emoji or punctuation).
 */
export function slugify(title: string): string {
  const words = title
    .toLowerCase()
    .normalize('NFKD')
    .replace(LATIN_MARKS, '$1')
    .normalize('NFC')
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  const chars = [...words];
  if (chars.length <= MAX_SLUG_LENGTH) return words;
  const cut = chars.slice(0, MAX_SLUG_LENGTH).join('');
  // Cut inside a word: back up to the last whole word, unless the first word is itself too long.
  const atBoundary = chars[MAX_SLUG_LENGTH] === '-' ? cut : cut.slice(0, Math.max(cut.lastIndexOf('-'), 0));
  return (atBoundary === '' ? cut : atBoundary).replace(/-+$/, '');
}
