import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isGraphemeBoundary, segmentText, type Granularity } from '../../src/text/segment.js';

const PIECES = ['word', 'Київ', ' ', '  ', '\n', '\r\n', '. ', '🇺🇦', '👨‍👩‍👧‍👦', 'e\u0301', '\u0301', '\u200D', '🏽', 'ก้', '日本語', '\u0600', '한국어', '"', '.'];
const text = fc.oneof(
  fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((p) => p.join('')),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
);

function direct(s: string, granularity: Granularity) {
  return Array.from(new Intl.Segmenter('en', { granularity }).segment(s), (x) => ({
    index: x.index,
    segment: x.segment,
    isWordLike: x.isWordLike === true,
  }));
}

describe('segmentText', () => {
  it.each(['grapheme', 'word', 'sentence'] as const)('segments in chunks exactly as one %s segmenter does', (granularity) => {
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 12 }), (s, chunk) => {
        expect(segmentText(s, granularity, 'en', chunk)).toEqual(direct(s, granularity));
      }),
      { numRuns: 300 },
    );
  });

  it('gives offsets in the whole text', () => {
    const s = `${'word '.repeat(200)}🇺🇦 end`;
    const segs = segmentText(s, 'grapheme', undefined, 16);
    expect(segs.map((g) => g.segment).join('')).toBe(s);
    for (const g of segs) expect(s.slice(g.index, g.index + g.segment.length)).toBe(g.segment);
    expect(segs.at(-5)!.segment).toBe('🇺🇦');
  });

  it('falls back to the default locale for one Intl cannot use', () => {
    expect(segmentText('a b', 'word', 'not a locale!').filter((w) => w.isWordLike).map((w) => w.segment)).toEqual(['a', 'b']);
  });
});

describe('isGraphemeBoundary', () => {
  it('agrees with a full segmentation at every offset', () => {
    fc.assert(
      fc.property(text, (s) => {
        const ends = new Set([0, ...direct(s, 'grapheme').map((g) => g.index + g.segment.length)]);
        for (let p = 0; p <= s.length; p++) expect(isGraphemeBoundary(s, p)).toBe(ends.has(p));
      }),
      { numRuns: 300 },
    );
  });

  it('rejects offsets inside a flag, a ZWJ family or a combining sequence', () => {
    expect(isGraphemeBoundary('a🇺🇦b', 3)).toBe(false);
    expect(isGraphemeBoundary('a🇺🇦b', 5)).toBe(true);
    expect(isGraphemeBoundary('👨‍👩‍👧‍👦', 2)).toBe(false);
    expect(isGraphemeBoundary('e\u0301x', 1)).toBe(false);
    expect(isGraphemeBoundary('e\u0301x', 2)).toBe(true);
  });
});
