/**
 * Intl.Segmenter over short chunks. Node 20's V8 copies the whole input into every segment
 * object it yields, so segmenting a 40,000-character article takes seconds and gigabytes;
 * cutting the text first at places where every segmenter breaks anyway keeps it linear.
 */

/** What to split a text into. */
export type Granularity = 'grapheme' | 'word' | 'sentence';

/** One segment, with its offset in the whole text. */
export interface TextSegment {
  index: number;
  segment: string;
  /** Words only: letters, digits, ideographs (not spaces, punctuation or emoji). */
  isWordLike: boolean;
}

const segmenters = new Map<string, Intl.Segmenter>();

/** A cached segmenter; a locale Intl cannot use falls back to the runtime's default. */
export function segmenter(locale: string | undefined, granularity: Granularity): Intl.Segmenter {
  const key = `${locale ?? ''}\u0000${granularity}`;
  let s = segmenters.get(key);
  if (s === undefined) {
    try {
      s = new Intl.Segmenter(locale, { granularity });
    } catch {
      s = new Intl.Segmenter(undefined, { granularity });
    }
    segmenters.set(key, s);
  }
  return s;
}

// Characters that attach to the one before them (UAX #29 Extend, ZWJ, SpacingMark).
const EXTENDING = /^[\p{M}\u200C\u200D\u0E33\u0EB3\uFF9E\uFF9F\u{1F3FB}-\u{1F3FF}\u{E0020}-\u{E007F}]/u;
// Characters after which a grapheme always ends unless the next one extends it: none of them
// is a Prepend, a Hangul jamo, a regional indicator or a ZWJ.
const PLAIN = /^[\n\x20-\x7E\p{sc=Latin}\p{sc=Cyrillic}\p{sc=Greek}\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]$/u;
const MARK = /^\p{M}$/u;
const SPACE = /^\s/u;

/** Whether `text` may be cut at `p` without changing how `granularity` segments it. */
function safeCut(text: string, p: number, granularity: Granularity): boolean {
  const prev = text[p - 1]!;
  const next = text.slice(p, p + 2);
  if (granularity === 'sentence') return prev === '\n'; // a paragraph end always ends a sentence
  if (EXTENDING.test(next) || /^[\uDC00-\uDFFF]/.test(next)) return false;
  if (granularity === 'word') return (prev === ' ' || prev === '\n') && !SPACE.test(next);
  return PLAIN.test(prev) && !MARK.test(prev);
}

/**
 * Segments `text` like `Intl.Segmenter(locale, {granularity})`, in chunks of about
 * `chunkSize` UTF-16 units cut only where the result cannot change.
 */
export function segmentText(text: string, granularity: Granularity, locale?: string, chunkSize = 256): TextSegment[] {
  const seg = segmenter(locale, granularity);
  const out: TextSegment[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + chunkSize);
    while (end < text.length && !safeCut(text, end, granularity)) end++;
    for (const s of seg.segment(text.slice(start, end))) {
      out.push({ index: start + s.index, segment: s.segment, isWordLike: s.isWordLike === true });
    }
    start = end;
  }
  return out;
}

/**
 * Whether offset `p` of `text` falls between two grapheme clusters. Segments only from the
 * nearest earlier place where clusters cannot continue, so it costs a few characters, not the text.
 */
export function isGraphemeBoundary(text: string, p: number): boolean {
  if (p <= 0 || p >= text.length) return p === 0 || p === text.length;
  let start = p;
  while (start > 0 && !safeCut(text, start, 'grapheme')) start--;
  if (start === p) return true;
  // No rule looks further ahead than the character right after p (at most 2 units).
  const window = text.slice(start, p + 2);
  for (const s of segmentText(window, 'grapheme')) {
    const end = start + s.index + s.segment.length;
    if (end >= p) return end === p;
  }
  return false;
}
