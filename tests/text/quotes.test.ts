import { describe, expect, it } from 'vitest';
import { cutAtBoundary } from '../../src/text/fit.js';
import { closersFor, openQuotes } from '../../src/text/quotes.js';

const within = (n: number) => (s: string) => s.length <= n;

describe('openQuotes', () => {
  it('knows what is open where, in every convention', () => {
    const t = '«Він сказав: „Ні“ і пішов» — так. “English” and "straight" too.';
    const q = openQuotes(t);
    expect(q.openAt(0)).toBe('');
    expect(q.openAt(1)).toBe('«');
    expect(q.openAt(t.indexOf('Ні'))).toBe('«„');
    expect(q.closersAt(t.indexOf('Ні'))).toBe('“»');
    expect(q.openAt(t.indexOf(' і '))).toBe('«');
    expect(q.openAt(t.indexOf(' — '))).toBe('');
    expect(q.closersAt(t.indexOf('English'))).toBe('”');
    expect(q.closersAt(t.indexOf('straight'))).toBe('"');
    expect(q.openAt(t.length)).toBe('');
  });

  it('closes „…” as well as „…“', () => {
    expect(openQuotes('„Так”, — каже він').openAt(6)).toBe('');
  });

  it('leaves apostrophes, inch marks and strays alone', () => {
    expect(openQuotes("Ukraine’s don't п'ять").openAt(21)).toBe('');
    expect(openQuotes('a 5" screen, then word" and » and ”').openAt(35)).toBe('');
    expect(openQuotes('a " b').openAt(5)).toBe('');
  });

  it('closes innermost first', () => {
    expect(closersFor('«„')).toBe('“»');
    expect(closersFor('"«')).toBe('»"');
  });
});

describe('cutAtBoundary and quotations', () => {
  const seed =
    '"The Russians want to build associations with 2022. But all that connects the negotiations with this is exclusively the city of Istanbul. And nothing more. All attempts by the Russians to tie today to 2022 will not work," emphasized Andriy Yermak.';

  it('closes a quotation a sentence cut falls inside', () => {
    expect(cutAtBoundary(seed, within(160))).toEqual({
      text: '"The Russians want to build associations with 2022. But all that connects the negotiations with this is exclusively the city of Istanbul. And nothing more. …"',
      cut: true,
      boundary: 'sentence',
    });
  });

  it('closes a quotation a word cut falls inside, nested ones innermost first', () => {
    expect(cutAtBoundary('Він сказав: «Ми не погодимось на „заморожування“ ніколи».', within(49)).text).toBe(
      'Він сказав: «Ми не погодимось на…»',
    );
    expect(cutAtBoundary('Він сказав: «Ми не погодимось на „заморожування конфлікту“».', within(50)).text).toBe(
      'Він сказав: «Ми не погодимось на „заморожування…“»',
    );
  });

  it('ends before a quotation that has only opened', () => {
    expect(cutAtBoundary('He said: «Never again, not once, not ever».', within(14))).toEqual({
      text: 'He said…',
      cut: true,
      boundary: 'word',
    });
  });

  it('counts the closing marks in the limit', () => {
    const r = cutAtBoundary('“One two three four five six seven”', within(21));
    expect(r.text).toBe('“One two three four…”');
    expect(r.text.length).toBeLessThanOrEqual(21);
  });
});
