/**
 * Fitting text to a platform limit by shortening it at a sentence, then word, then grapheme
 * boundary, so a post never ends inside a word, an emoji or a flag, and never leaves a
 * quotation open: a cut inside one closes it after the ellipsis (`"We will… And more. …"`).
 */
import { isOpeningMark, openQuotes, type OpenQuotes } from './quotes.js';
import { isGraphemeBoundary, segmentText } from './segment.js';

/** How a platform counts a text (UTF-16 units, UTF-8 bytes, visible Telegram characters, …). */
export type Measure = (s: string) => number;

/** Where a cut was made; `none` when the text was kept whole (or nothing fitted). */
export type CutBoundary = 'none' | 'sentence' | 'word' | 'grapheme';

/** Options for {@link cutAtBoundary} and {@link fitFields}. */
export interface CutOptions {
  /** BCP 47 language of the text, for sentence and word segmentation. @default the runtime's */
  locale?: string;
  /** Marks the cut: `' …'` after a sentence, `'…'` after a word. @default '…' (U+2026) */
  ellipsis?: string;
}

/** What {@link cutAtBoundary} kept. */
export interface CutResult {
  /** The kept text with its ellipsis; `''` when not even one grapheme fits. */
  text: string;
  /** True when anything was removed. */
  cut: boolean;
  boundary: CutBoundary;
}

// A sentence cut keeping less than this share of the word cut gives way to the word cut.
const SENTENCE_SHARE = 0.6;
// Characters that close what the word before them opened: kept with the word ("(quietly)…").
const CLOSING = new Set([')', ']', '}', '»', '"', '\'', '”', '’', '›', '」', '』']);
// Dropped before the ellipsis of a word or grapheme cut: "Hello,…" reads as "Hello…".
const JUNK = /[\s,;:\-‐‑‒–—―…/]/u;
const BLANK = /\s/u;

// Punctuation that ends a sentence (closing quotes and brackets after it are skipped).
const TERMINAL = /[.!?…。！？‼⁇⁈⁉]/u;

/** True when text[0, end) ends with sentence-final punctuation, perhaps inside closing quotes. */
function endsSentence(text: string, end: number): boolean {
  let e = end;
  while (e > 0 && CLOSING.has(text[e - 1]!)) e--;
  return e > 0 && TERMINAL.test(text[e - 1]!);
}

/**
 * Moves `end` back over opening quotation marks right before it (and the `junk` before
 * them): a cut never ends with a quotation that has not started (`He said: «` → `He said`).
 */
function trimOpening(text: string, end: number, junk: RegExp, quotes: OpenQuotes): number {
  let e = end;
  while (e > 0 && isOpeningMark(text[e - 1]!) && quotes.openAt(e).length > quotes.openAt(e - 1).length) e = trimBack(text, e - 1, junk);
  return e;
}

/** Moves `end` back over characters matching `junk` (all of them BMP), without copying the text. */
function trimBack(text: string, end: number, junk: RegExp): number {
  let e = end;
  while (e > 0 && junk.test(text[e - 1]!)) e--;
  return e;
}

/**
 * Candidate cut positions, ascending and distinct, each moved back by `trim`; only those
 * that keep something and drop some non-blank content (keeping all of it is not a cut).
 */
function candidates(raw: Iterable<number>, contentEnd: number, trim: (end: number) => number): number[] {
  const out = new Set<number>();
  for (const end of raw) {
    const trimmed = trim(end);
    if (trimmed > 0 && trimmed < contentEnd) out.add(trimmed);
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * Segment ends within text[from, to), as positions in the whole text. A segmenter started
 * mid-text needs a little context before its boundaries are the whole text's, so ends in
 * the first SETTLE characters after a `from` > 0 are dropped.
 */
function endsIn(text: string, kind: 'sentence' | 'word', locale: string | undefined, from: number, to: number): number[] {
  const ends: number[] = [];
  const settled = from > 0 ? from + SETTLE : 0;
  for (const s of segmentText(text.slice(from, to), kind, locale)) {
    if (kind === 'word' && !s.isWordLike) continue;
    let end = from + s.index + s.segment.length;
    // Closing brackets and quotes stay with the word before them.
    if (kind === 'word') while (end < text.length && CLOSING.has(text[end]!)) end++;
    if (end >= settled) ends.push(end);
  }
  return ends;
}

/** What follows a cut ending at `end`: the ellipsis, then the marks closing open quotations. */
type Suffix = (end: number) => string;

/**
 * The longest prefix, among the ascending candidate ends, for which `keep(prefix + suffix)`
 * holds, by binary search (keep is assumed monotone over prefix length, and the closing
 * marks a suffix adds grow no faster than the prefix); -1 when none does. A probed end
 * inside a grapheme cluster is discarded, never kept.
 */
function longestKept(text: string, ends: readonly number[], suffix: Suffix, keep: (candidate: string) => boolean): number {
  const c = [...ends];
  let lo = 0;
  let hi = c.length - 1;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const end = c[mid]!;
    if (!isGraphemeBoundary(text, end)) {
      c.splice(mid, 1);
      hi--;
    } else if (keep(text.slice(0, end) + suffix(end))) {
      best = end;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return best;
}

// Characters past the longest fitting prefix still segmented, so a boundary near it is judged in context.
const LOOKAHEAD = 256;
// How far back from the bound boundaries are first looked for (grown fourfold when none fits).
const WINDOW = 384;
// Characters a segmenter started mid-text is given before its boundaries are trusted.
const SETTLE = 128;

/**
 * The longest prefix (in UTF-16 units, ignoring boundaries) that `keep` accepts with no
 * suffix: no boundary cut with an ellipsis can be longer, since keep is monotone.
 */
function longestRawPrefix(text: string, keep: (candidate: string) => boolean): number {
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (keep(text.slice(0, mid))) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

// First window of graphemes looked at when one huge word must be cut; grows fourfold.
const GRAPHEME_WINDOW = 256;

/**
 * The longest prefix ending between graphemes that `keep` accepts with `suffix`, or -1.
 * Segments only as far as needed: a window that fits entirely is grown and searched again.
 */
function longestGraphemeKept(
  text: string,
  contentEnd: number,
  trim: (end: number) => number,
  suffix: Suffix,
  keep: (candidate: string) => boolean,
): number {
  let windowEnd = Math.min(text.length, GRAPHEME_WINDOW);
  for (;;) {
    const ends = segmentText(text.slice(0, windowEnd), 'grapheme').map((g) => g.index + g.segment.length);
    // The window's last cluster may continue past it.
    if (windowEnd < text.length) ends.pop();
    const found = candidates(ends, contentEnd, trim);
    const last = found[found.length - 1];
    const complete = windowEnd >= text.length;
    if (!complete && (last === undefined || keep(text.slice(0, last) + suffix(last)))) {
      windowEnd = Math.min(text.length, windowEnd * 4);
      continue;
    }
    return longestKept(text, found, suffix, keep);
  }
}

/**
 * Shortens `text` until `keep` accepts it, cutting only at a boundary.
 *
 * Returns the text unchanged when `keep(text)` holds. Otherwise tries the longest prefix
 * ending at a sentence end (followed by `' …'`) and the longest ending at a word end
 * (followed by `'…'`, with trailing blanks and `, ; : — -` dropped), and takes the sentence
 * cut unless it keeps less than 60% of what the word cut keeps. When not even the first word
 * fits, cuts between graphemes (never inside an emoji, flag or combining sequence); when not
 * even one grapheme fits, returns `''`. A cut inside a quotation («…», „…“, “…”, "…")
 * closes it after the ellipsis, and the closing marks count towards `keep`; a cut never ends
 * just after an opening mark. `keep` must be monotone over prefix length; it is called
 * O(log n) times.
 */
export function cutAtBoundary(text: string, keep: (candidate: string) => boolean, opts: CutOptions = {}): CutResult {
  if (keep(text)) return { text, cut: false, boundary: 'none' };
  const ellipsis = opts.ellipsis ?? '…';
  const sentenceSuffix = ellipsis === '' ? '' : ` ${ellipsis}`;
  const contentEnd = trimBack(text, text.length, BLANK);
  const quotes = openQuotes(text);
  const trimBlank = (end: number) => trimOpening(text, trimBack(text, end, BLANK), BLANK, quotes);
  const trimJunk = (end: number) => trimOpening(text, trimBack(text, end, JUNK), JUNK, quotes);
  const closed = (s: string): Suffix => (end) => s + quotes.closersAt(end);
  const cutAt = (end: number, s: string) => text.slice(0, end) + closed(s)(end);

  // Segmenting is the slow part: only look at the part of the text that could fit at all,
  // plus a look-ahead so boundaries near the edge are the ones the whole text has.
  const bound = longestRawPrefix(text, keep);
  const horizon = Math.min(text.length, bound + LOOKAHEAD);
  // The cut is the last boundary that fits, so only a window just before the bound is
  // segmented, grown backwards only while no boundary in it fits (a very long word or sentence).
  const lastFitting = (
    kind: 'word' | 'sentence',
    trim: (end: number) => number,
    suffix: Suffix,
    floor: number,
    accept: (end: number) => boolean = () => true,
  ): number => {
    for (let size = WINDOW; ; size *= 4) {
      const from = Math.max(0, Math.max(floor, bound - size) - SETTLE);
      const ends = candidates(endsIn(text, kind, opts.locale, from, horizon), contentEnd, trim).filter((e) => e <= bound && e >= floor && accept(e));
      const best = longestKept(text, ends, suffix, keep);
      if (best >= 0 || from === 0 || from + SETTLE <= floor) return best;
    }
  };
  const wordEnd = lastFitting('word', trimJunk, closed(ellipsis), 0);
  // A sentence cut must keep SENTENCE_SHARE of the word cut: none further back can win.
  const floor = Math.ceil(SENTENCE_SHARE * Math.max(wordEnd, 0));
  // A sentence that ends in . ! ? … first: a line break alone also ends a segment, but a
  // cut after a heading or after "three points:" leaves the reader hanging.
  let sentenceEnd = lastFitting('sentence', trimBlank, closed(sentenceSuffix), floor, (end) => endsSentence(text, end));
  if (sentenceEnd < floor) sentenceEnd = lastFitting('sentence', trimBlank, closed(sentenceSuffix), floor);

  if (sentenceEnd > 0 && sentenceEnd >= SENTENCE_SHARE * wordEnd) {
    return { text: cutAt(sentenceEnd, sentenceSuffix), cut: true, boundary: 'sentence' };
  }
  if (wordEnd > 0) return { text: cutAt(wordEnd, ellipsis), cut: true, boundary: 'word' };

  const graphemeEnd = longestGraphemeKept(text, contentEnd, trimJunk, closed(ellipsis), keep);
  if (graphemeEnd > 0) return { text: cutAt(graphemeEnd, ellipsis), cut: true, boundary: 'grapheme' };
  return { text: '', cut: true, boundary: 'none' };
}

/** What {@link fitFields} produced. */
export interface FitResult<K extends string> {
  /** `build(values)`. */
  text: string;
  /** The values after fitting; fields not listed as elastic are exactly as given. */
  values: Record<K, string>;
  /** The elastic fields that were shortened or emptied, in order. */
  cut: K[];
}

/**
 * Fits a post to `limit` by shortening its elastic fields in order: the first is cut at a
 * boundary ({@link cutAtBoundary}); only when nothing of it fits is it emptied and the next
 * one cut. Other fields (title, link) are never touched. Cutting works on the raw values and
 * `build` escapes afterwards, so a cut can never fall inside a tag or an entity. If even
 * with every elastic field empty the post is too long, it is returned that way (the
 * channel's check reports `too_long`).
 */
export function fitFields<K extends string>(
  values: Record<K, string>,
  elastic: readonly K[],
  build: (v: Record<K, string>) => string,
  measure: Measure,
  limit: number,
  opts: CutOptions = {},
): FitResult<K> {
  const current: Record<K, string> = { ...values };
  const fits = (v: Record<K, string>) => measure(build(v)) <= limit;
  const cut: K[] = [];
  if (fits(current)) return { text: build(current), values: current, cut };
  for (const key of elastic) {
    const original = current[key];
    if (!original || cut.includes(key)) continue;
    const result = cutAtBoundary(original, (candidate) => fits({ ...current, [key]: candidate }), opts);
    if (!result.cut) break; // emptying an earlier field made room for this one whole
    current[key] = result.text;
    cut.push(key);
    if (result.text !== '') break;
  }
  return { text: build(current), values: current, cut };
}
