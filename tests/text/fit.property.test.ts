/**
 * Property tests for fitting: random texts mixing Latin and Cyrillic words, emoji, flags,
 * ZWJ sequences, combining marks, punctuation and `<&>`, against random limits.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeHtmlAttr, youtubeSafe } from '../../src/text/escape.js';
import { cutAtBoundary, fitFields, type Measure } from '../../src/text/fit.js';
import { graphemes, telegramVisibleLength, telegramVisibleText, utf16Length, utf8Bytes } from '../../src/text/measure.js';
import { openQuotes as scanQuotes, type OpenQuotes } from '../../src/text/quotes.js';
import { checkTelegramHtml } from '../../src/text/check-telegram-html.js';

const RUNS = { numRuns: 300 };
// Limits as a share of what the text needs, so most runs have to cut something.
const share = fc.integer({ min: 0, max: 1100 }).map((n) => n / 1000);

const LATIN = ['peace', 'talks', 'Istanbul', 'delegation', 'the', 'a', 'ceasefire', 'NATO', 'x', 'Ukraine’s', 'U.S.', '3.5', 'Supercalifragilisticexpialidocious'];
const CYRILLIC = ['мир', 'переговори', 'Київ', 'Україна', 'делегація', 'й', 'Ї', 'сторони'];
const PICTURES = ['😀', '🎉', '👍🏽', '🇺🇦', '🇹🇷', '🇬🇧', '👨‍👩‍👧‍👦', '🏳️‍🌈', '👩🏽‍💻', '1️⃣', 'e\u0301', 'Е\u0308', 'ก้'];
const PUNCTUATION = ['.', ',', '!', '?', ';', ':', '—', '-', '…', '"', '(', ')', '«', '»', '\'', '/'];
const MARKUP = ['<', '>', '&', '&amp;', '<b>', 'a&b', '</i>', '&nbsp;', '<br>', '"q"'];
const SEPARATORS = [' ', ' ', ' ', ' ', '\n', '\n\n', '. ', '! ', '? ', ', ', '', ' — '];

const token = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...LATIN) },
  { weight: 3, arbitrary: fc.constantFrom(...CYRILLIC) },
  { weight: 2, arbitrary: fc.constantFrom(...PICTURES) },
  { weight: 2, arbitrary: fc.constantFrom(...PUNCTUATION) },
  { weight: 1, arbitrary: fc.constantFrom(...MARKUP) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 4 }) },
);
const text = fc
  .array(fc.tuple(token, fc.constantFrom(...SEPARATORS)), { maxLength: 60, size: 'max' })
  .map((parts) => parts.map(([t, sep]) => t + sep).join(''));

// The rules the cut follows, written out independently of src/text/fit.ts.
const CLOSING = /^[)\]}»"'”’›」』]$/u;
const JUNK = /[\s,;:\-‐‑‒–—―…/]$/u;
const CLOSING_END = /[)\]}»"'”’›」』]$/u;
const trimEnd = (s: string, re: RegExp) => {
  let out = s;
  while (out !== '' && re.test(out)) out = out.slice(0, -1);
  return out.length;
};
const direct = (granularity: 'grapheme' | 'word' | 'sentence') => new Intl.Segmenter('en', { granularity });

function graphemeEnds(s: string): Set<number> {
  return new Set([0, ...Array.from(direct('grapheme').segment(s), (g) => g.index + g.segment.length)]);
}
function sentenceCuts(s: string): number[] {
  return Array.from(direct('sentence').segment(s), (x) => withoutOpening(s, trimEnd(s.slice(0, x.index + x.segment.length), /\s$/u), /\s$/u));
}
// The oracle asks about the same text many times: scan it once.
let lastScanned: [string, OpenQuotes] | undefined;
function openQuotes(s: string): OpenQuotes {
  if (lastScanned?.[0] !== s) lastScanned = [s, scanQuotes(s)];
  return lastScanned[1];
}

/** A cut never ends just after a mark that opens a quotation (quotes.ts says which do). */
function withoutOpening(s: string, end: number, junk: RegExp): number {
  const quotes = openQuotes(s);
  let e = end;
  while (e > 0 && quotes.openAt(e).length > quotes.openAt(e - 1).length) e = trimEnd(s.slice(0, e - 1), junk);
  return e;
}
function wordCuts(s: string): number[] {
  const out: number[] = [];
  for (const w of direct('word').segment(s)) {
    if (!w.isWordLike) continue;
    let end = w.index + w.segment.length;
    while (end < s.length && CLOSING.test(s[end]!)) end++;
    out.push(withoutOpening(s, trimEnd(s.slice(0, end), JUNK), JUNK));
  }
  return out;
}
function graphemeCuts(s: string): number[] {
  return [...graphemeEnds(s)].map((end) => withoutOpening(s, trimEnd(s.slice(0, end), JUNK), JUNK));
}

/** The suffix of a cut at `end`: the ellipsis, then the marks closing the quotations open there. */
const closedAt = (s: string, suffix: string, end: number) => suffix + openQuotes(s).closersAt(end);

/** The longest usable cut by a plain linear scan: the oracle for the binary search. */
function bestCut(s: string, cuts: number[], suffix: string, keep: (c: string) => boolean): number {
  const contentEnd = s.trimEnd().length;
  const bounds = graphemeEnds(s);
  let best = 0;
  for (const c of cuts) if (c > 0 && c < contentEnd && bounds.has(c) && c > best && keep(s.slice(0, c) + closedAt(s, suffix, c))) best = c;
  return best;
}

/**
 * Checks that `value` is `original` cut at a boundary and marked with the ellipsis, followed
 * by the marks that close the quotations open at the cut.
 */
function expectBoundaryCut(original: string, cutValue: string): void {
  const ellipsis = cutValue.lastIndexOf('…');
  expect(ellipsis).toBeGreaterThan(-1);
  const value = cutValue.slice(0, ellipsis + 1);
  const closers = cutValue.slice(ellipsis + 1);
  expect(closers).toMatch(/^[»“”"]*$/u);
  const sentence = value.endsWith(' …') && sentenceCuts(original).includes(value.length - 2);
  const kept = sentence ? value.slice(0, -2) : value.slice(0, -1);
  expect(kept.length).toBeGreaterThan(0);
  expect(original.startsWith(kept)).toBe(true);
  expect(kept).toBe(kept.trimEnd());
  // Never inside a grapheme: the kept graphemes are the original's first ones.
  const keptGraphemes = graphemes(kept);
  expect(keptGraphemes).toEqual(graphemes(original).slice(0, keptGraphemes.length));
  expect(graphemeEnds(original).has(kept.length)).toBe(true);
  expect(closers).toBe(openQuotes(original).closersAt(kept.length));
  if (!sentence) {
    const words = wordCuts(original);
    const atWordEnd = words.includes(kept.length);
    // A cut inside a word happens only when not even the first word fitted.
    const firstWord = Math.min(...words.filter((w) => w > 0), Number.POSITIVE_INFINITY);
    expect(atWordEnd || kept.length < firstWord).toBe(true);
  }
}

type Field = 'title' | 'body' | 'link';
const title = 'Talks in <Istanbul> & more 🇺🇦';
const link = 'https://example.org/a?b=1&c="2"';

function checkFit(
  body: string,
  part: number,
  build: (v: Record<Field, string>) => string,
  measure: Measure,
): { text: string; body: string } {
  const minimal = measure(build({ title, body: '', link }));
  const full = measure(build({ title, body, link }));
  // From a little under the bare title and link to a little over the whole post.
  const limit = Math.round(minimal - 8 + part * (full - minimal + 8));
  const r = fitFields<Field>({ title, body, link }, ['body'], build, measure, limit);
  expect(r.values.title).toBe(title);
  expect(r.values.link).toBe(link);
  expect(r.text).toBe(build(r.values));
  if (full <= limit) {
    expect(r.values.body).toBe(body);
    expect(r.cut).toEqual([]);
  } else if (minimal <= limit) {
    expect(measure(r.text)).toBeLessThanOrEqual(limit);
  }
  if (r.values.body !== body && r.values.body !== '') expectBoundaryCut(body, r.values.body);
  return { text: r.text, body: r.values.body };
}

const plainBuild = (v: Record<Field, string>) => (v.body ? `${v.title}\n\n${v.body}\n\n${v.link}` : `${v.title}\n\n${v.link}`);
const telegramBuild = (v: Record<Field, string>) =>
  `<b>${escapeHtml(v.title)}</b>\n\n${v.body ? `${escapeHtml(v.body)}\n\n` : ''}<a href="${escapeHtmlAttr(v.link)}">${escapeHtml(v.link)}</a>`;
const youtubeBuild = (v: Record<Field, string>) => youtubeSafe(plainBuild(v));

describe('fitFields (properties)', () => {
  it('fits, keeps title and link, and cuts the body at a boundary (UTF-16)', () => {
    fc.assert(
      fc.property(text, share, (body, part) => {
        checkFit(body, part, plainBuild, utf16Length);
      }),
      RUNS,
    );
  });

  it('does the same counting UTF-8 bytes, and leaves no < or > for YouTube', () => {
    fc.assert(
      fc.property(text, share, (body, part) => {
        const r = checkFit(body, part, youtubeBuild, utf8Bytes);
        expect(r.text).not.toMatch(/[<>]/);
      }),
      RUNS,
    );
  });

  it('never cuts inside an entity or tag with an escaping build (Telegram HTML)', () => {
    fc.assert(
      fc.property(text, share, (body, part) => {
        const r = checkFit(body, part, telegramBuild, telegramVisibleLength);
        expect(checkTelegramHtml(r.text)).toEqual([]);
        const visible = telegramVisibleText(r.text);
        expect(visible).toBe(`${title}\n\n${r.body ? `${r.body}\n\n` : ''}${link}`);
      }),
      RUNS,
    );
  });
});

function expectOracleCut(s: string, part: number, bytes: boolean): void {
  const measure = bytes ? utf8Bytes : utf16Length;
  const limit = Math.round(part * measure(s));
  const keep = (c: string) => measure(c) <= limit;
  const r = cutAtBoundary(s, keep);
  if (keep(s)) {
    expect(r).toEqual({ text: s, cut: false, boundary: 'none' });
    return;
  }
  expect(r.cut).toBe(true);
  const word = bestCut(s, wordCuts(s), '…', keep);
  // Sentences ending in . ! ? … (closing quotes aside) first; then any sentence end (a line break).
  const terminal = (c: number) => /[.!?…。！？‼⁇⁈⁉]$/u.test(s.slice(0, trimEnd(s.slice(0, c), CLOSING_END)));
  const strict = bestCut(s, sentenceCuts(s).filter(terminal), ' …', keep);
  const sentence = strict > 0 && strict >= 0.6 * word ? strict : bestCut(s, sentenceCuts(s), ' …', keep);
  if (sentence > 0 && sentence >= 0.6 * word) {
    expect(r).toEqual({ text: s.slice(0, sentence) + closedAt(s, ' …', sentence), cut: true, boundary: 'sentence' });
  } else if (word > 0) {
    expect(r).toEqual({ text: s.slice(0, word) + closedAt(s, '…', word), cut: true, boundary: 'word' });
  } else {
    const g = bestCut(s, graphemeCuts(s), '…', keep);
    if (g > 0) expect(r).toEqual({ text: s.slice(0, g) + closedAt(s, '…', g), cut: true, boundary: 'grapheme' });
    else expect(r).toEqual({ text: '', cut: true, boundary: 'none' });
  }
  if (r.text !== '') {
    expect(keep(r.text)).toBe(true);
    expectBoundaryCut(s, r.text);
  }
}

describe('cutAtBoundary (properties)', () => {
  it('returns exactly the cut a linear scan of the rules finds', () => {
    fc.assert(fc.property(text, share, fc.boolean(), expectOracleCut), RUNS);
  });

  it('finds the same cut in long texts, where only a window near the limit is segmented', () => {
    const long = fc
      .array(fc.tuple(token, fc.constantFrom(...SEPARATORS)), { minLength: 500, maxLength: 1500 })
      .map((parts) => parts.map(([t, sep]) => t + sep).join(''));
    fc.assert(fc.property(long, share, fc.boolean(), expectOracleCut), { numRuns: 40 });
  });

  it('calls keep O(log n) times', () => {
    fc.assert(
      fc.property(text, share, (s, part) => {
        const limit = Math.round(part * s.length);
        let calls = 0;
        cutAtBoundary(s, (c) => {
          calls++;
          return c.length <= limit;
        });
        const log = Math.ceil(Math.log2(s.length + 2));
        // whole text + sentence search + word search + grapheme windows and search
        expect(calls).toBeLessThanOrEqual(1 + 4 * (log + 1));
      }),
      RUNS,
    );
  });
});

describe('escaping round trip (properties)', () => {
  it('escaped text is valid Telegram HTML that shows exactly the text', () => {
    fc.assert(
      fc.property(fc.oneof(text, fc.string({ unit: 'grapheme' })), (s) => {
        const html = escapeHtml(s);
        expect(checkTelegramHtml(html)).toEqual([]);
        expect(telegramVisibleText(html)).toBe(s);
        expect(telegramVisibleLength(html)).toBe(s.length);
      }),
      RUNS,
    );
  });
});
