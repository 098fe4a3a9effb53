/**
 * Property tests: random texts with quotations in every convention (English “…”, Ukrainian
 * and Russian «…» with „…“ inside, straight "…"), nested, among apostrophes, cut at every
 * length. No cut leaves a quotation open, ends inside a word, or passes the limit.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeHtmlAttr } from '../../src/text/escape.js';
import { cutAtBoundary, fitFields } from '../../src/text/fit.js';
import { telegramVisibleLength, utf16Length, utf8Bytes } from '../../src/text/measure.js';

const WORDS = ['peace', 'talks', 'Istanbul', 'U.S.', '2022', 'don’t', "Ukraine's", 'мир', 'переговори', 'п’ять', 'Київ', 'сторони', 'переговоры', 'Стамбул', '🇺🇦', 'e\u0301'];
const PAIRS = [
  ['“', '”'],
  ['«', '»'],
  ['„', '“'],
  ['"', '"'],
] as const;
const STOPS = ['', '', '', '.', ',', '!', '?', ':', ' —', '…'];
const GAPS = [' ', ' ', ' ', ' ', '\n\n', '\n'];

/**
 * A run of words; a quotation wraps some of them (at most two deep, never a style inside
 * itself, nor “…” inside „…“, where “ would close the outer one).
 */
const words = fc.array(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...STOPS)), { minLength: 1, maxLength: 6 }).map((ws) => ws.map(([w, p]) => w + p).join(' '));
const quoted = (depth: number, outer: string): fc.Arbitrary<string> =>
  fc
    .tuple(fc.constantFrom(...PAIRS.filter(([open]) => open !== outer && !(outer === '„' && open === '“'))), fc.constantFrom('', '', '.', ',', '!'))
    .chain(([[open, close], stop]) =>
      (depth > 0 ? fc.array(fc.oneof(words, quoted(depth - 1, open)), { minLength: 1, maxLength: 3 }) : words.map((w) => [w])).map(
        (inner) => `${open}${inner.join(' ')}${stop}${close}`,
      ),
    );
const part = fc.oneof({ weight: 3, arbitrary: words }, { weight: 2, arbitrary: quoted(1, '') });
const text = fc
  .array(fc.tuple(part, fc.constantFrom('', '.', ',', ':'), fc.constantFrom(...GAPS)), { minLength: 1, maxLength: 8 })
  .map((parts) => parts.map(([p, stop, gap]) => p + stop + gap).join('').trim());

/** Balanced, by a plain stack over the marks the generator writes (an independent reading). */
function balanced(s: string): boolean {
  const stack: string[] = [];
  for (const c of s) {
    const top = stack[stack.length - 1];
    if (c === '"') {
      if (top === '"') stack.pop();
      else stack.push('"');
    } else if (c === '«' || c === '„') stack.push(c);
    else if (c === '»') {
      if (top !== '«') return false;
      stack.pop();
    } else if (c === '“') {
      if (top === '„') stack.pop();
      else stack.push(c);
    } else if (c === '”') {
      if (top !== '“') return false;
      stack.pop();
    }
  }
  return stack.length === 0;
}

/** Offsets where a word ends or a non-word starts: where the segmenter lets a cut fall. */
function wordBoundaries(s: string): Set<number> {
  const out = new Set<number>([0]);
  for (const w of new Intl.Segmenter('en', { granularity: 'word' }).segment(s)) out.add(w.index + w.segment.length);
  return out;
}

/** The kept text of a cut: before the ellipsis (and the space a sentence cut puts before it). */
function keptPart(cut: string): string {
  const kept = cut.slice(0, cut.lastIndexOf('…'));
  return kept.endsWith(' ') ? kept.trimEnd() : kept;
}

describe('cuts never leave a quotation open (properties)', () => {
  it('at every length: balanced, at a word boundary, within the limit (UTF-16)', () => {
    fc.assert(
      fc.property(text, (s) => {
        expect(balanced(s)).toBe(true);
        const bounds = wordBoundaries(s);
        for (let limit = 0; limit <= s.length; limit++) {
          const r = cutAtBoundary(s, (c) => c.length <= limit);
          expect(r.text.length).toBeLessThanOrEqual(limit);
          expect(balanced(r.text)).toBe(true);
          if (!r.cut || r.text === '') continue;
          const kept = keptPart(r.text);
          expect(s.startsWith(kept)).toBe(true);
          // Only the marks closing what the kept text opened follow the ellipsis.
          expect(r.text.slice(r.text.lastIndexOf('…') + 1)).toMatch(/^[”»“"]*$/u);
          // Never just after an opening mark, never inside a word (unless not one word fits).
          expect(kept).not.toMatch(/(?:^|\s)[«„“"]$/u);
          if (r.boundary !== 'grapheme') expect(bounds.has(kept.length)).toBe(true);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('every channel build at every length: the post fits and its body and lead stay balanced', () => {
    type F = 'title' | 'lead' | 'body' | 'link';
    const link = 'https://babel.example.org/a?b=1&c=2';
    const builds: [string, (v: Record<F, string>) => string, (s: string) => number][] = [
      ['Telegram HTML', (v) => `<b>${escapeHtml(v.title)}</b>\n\n${escapeHtml(v.lead)}\n\n${escapeHtml(v.body)}\n\n<a href="${escapeHtmlAttr(link)}">${escapeHtml(link)}</a>`, telegramVisibleLength],
      ['TikTok', (v) => `${v.title}\n\n${v.lead}\n\n${v.body}`, utf16Length],
      ['YouTube', (v) => `${link}\n\n${v.lead}\n\n${v.body}`, utf8Bytes],
    ];
    fc.assert(
      fc.property(text, text, (lead, body) => {
        for (const [, build, measure] of builds) {
          const values = { title: '«Переговори» в Стамбулі', lead, body, link };
          const floor = measure(build({ ...values, lead: '', body: '' }));
          const full = measure(build(values));
          for (let limit = floor; limit <= full; limit += 3) {
            const r = fitFields<F>(values, ['body', 'lead'], build, measure, limit);
            expect(measure(r.text)).toBeLessThanOrEqual(limit);
            expect(balanced(r.values.body)).toBe(true);
            expect(balanced(r.values.lead)).toBe(true);
          }
        }
      }),
      { numRuns: 8 },
    );
  });
});
