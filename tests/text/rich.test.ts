/**
 * Formatting written after fitting: whatever the cut, the markup is well nested, valid for
 * Telegram, and shows exactly the fitted text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cutAtBoundary, fitFields } from '../../src/text/fit.js';
import { telegramVisibleLength, telegramVisibleText } from '../../src/text/measure.js';
import { TELEGRAM_RICH, renderRich, type RichText, type Span } from '../../src/text/rich.js';
import { checkTelegramHtml } from '../../src/text/check-telegram-html.js';

const WORDS = ['peace', 'talks', 'Київ', 'x < y', 'AT&T', '"quoted"', '🇺🇦', '👨‍👩‍👧‍👦', 'e\u0301', 'end.', 'Why?', '&amp;', '<b>'];
const SEPARATORS = [' ', ' ', '\n', '\n\n', '. ', ', '];
const KINDS: Span['kind'][] = ['bold', 'italic', 'strike', 'code', 'link', 'quote', 'pre'];

/** A text and well-nested spans over it (made as a tree: each span inside its parent). */
const rich: fc.Arbitrary<RichText> = fc
  .tuple(
    fc.array(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...SEPARATORS)), { minLength: 1, maxLength: 40 }),
    fc.array(fc.tuple(fc.constantFrom(...KINDS), fc.nat(), fc.nat()), { maxLength: 12 }),
  )
  .map(([parts, picks]) => {
    const text = parts.map(([w, s]) => w + s).join('');
    const spans: Span[] = [];
    for (const [kind, a, b] of picks) {
      // Inside the last span that can hold it, or at the top level.
      const parent = spans.length > 0 && a % 2 === 0 ? spans[spans.length - 1]! : { start: 0, end: text.length };
      const width = parent.end - parent.start;
      if (width <= 0) continue;
      const start = parent.start + (a % width);
      const end = start + 1 + (b % (parent.end - start));
      spans.push(kind === 'link' ? { start, end, kind, href: `https://example.org/?a=1&b="${a}"` } : { start, end, kind });
    }
    return { text, spans };
  });

describe('renderRich', () => {
  it('shows the text exactly and writes valid Telegram HTML, cut anywhere', () => {
    fc.assert(
      fc.property(rich, fc.nat(), fc.constantFrom('', '…', ' …'), (r, at, ellipsis) => {
        const shown = r.text.slice(0, at % (r.text.length + 1)) + ellipsis;
        const html = renderRich(r, shown, TELEGRAM_RICH);
        expect(checkTelegramHtml(html)).toEqual([]);
        expect(telegramVisibleText(html)).toBe(shown);
      }),
      { numRuns: 400 },
    );
  });

  it('fitted by fitFields, never goes over the limit and never cuts inside a tag or an entity', () => {
    fc.assert(
      fc.property(rich, fc.integer({ min: 1, max: 400 }), (r, limit) => {
        const build = (v: Record<'title' | 'body', string>) => `<b>${TELEGRAM_RICH.escape(v.title)}</b>\n\n${renderRich(r, v.body, TELEGRAM_RICH)}`;
        const fitted = fitFields({ title: 'T', body: r.text }, ['body'], build, telegramVisibleLength, limit);
        expect(checkTelegramHtml(fitted.text)).toEqual([]);
        if (telegramVisibleLength(build({ title: 'T', body: '' })) <= limit) expect(telegramVisibleLength(fitted.text)).toBeLessThanOrEqual(limit);
      }),
      { numRuns: 300 },
    );
  });

  it('clips a link cut inside its words, and drops one cut before it', () => {
    const r: RichText = { text: 'Read the live blog now. More text follows here.', spans: [{ start: 9, end: 18, kind: 'link', href: 'https://x.example/?a&b' }] };
    const cut = cutAtBoundary(r.text, (c) => c.length <= 15);
    expect(renderRich(r, cut.text, TELEGRAM_RICH)).toBe('Read the <a href="https://x.example/?a&amp;b">live</a>…');
    expect(renderRich(r, 'Read…', TELEGRAM_RICH)).toBe('Read…');
  });

  it('writes nothing inside code, and no quote inside a quote', () => {
    const r: RichText = {
      text: 'a <b> c',
      spans: [
        { start: 0, end: 7, kind: 'quote' },
        { start: 0, end: 7, kind: 'quote' },
        { start: 2, end: 5, kind: 'code' },
        { start: 3, end: 4, kind: 'bold' },
      ],
    };
    expect(renderRich(r, r.text, TELEGRAM_RICH)).toBe('<blockquote>a <code>&lt;b&gt;</code> c</blockquote>');
  });
});
