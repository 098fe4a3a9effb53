import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../src/text/escape.js';
import { cutAtBoundary, fitFields } from '../../src/text/fit.js';
import { graphemes, telegramVisibleLength, utf8Bytes } from '../../src/text/measure.js';

const within = (n: number) => (s: string) => s.length <= n;

describe('cutAtBoundary', () => {
  const text = 'First sentence here. Second sentence is longer and goes on and on.';

  it('returns text that fits unchanged', () => {
    expect(cutAtBoundary(text, () => true)).toEqual({ text, cut: false, boundary: 'none' });
    expect(cutAtBoundary('', () => true)).toEqual({ text: '', cut: false, boundary: 'none' });
  });

  it('prefers a sentence end, followed by " …"', () => {
    expect(cutAtBoundary(text, within(30))).toEqual({ text: 'First sentence here. …', cut: true, boundary: 'sentence' });
  });

  it('takes the word cut when the sentence cut keeps less than 60% of it', () => {
    // Word cut keeps 39 characters; the sentence cut's 20 are under 60% of that.
    expect(cutAtBoundary(text, within(40))).toEqual({
      text: 'First sentence here. Second sentence is…',
      cut: true,
      boundary: 'word',
    });
  });

  it('keeps the sentence cut at exactly 60% or more of the word cut', () => {
    const t = 'One two three four five six. Seven eight nine ten';
    // sentence "One two three four five six." = 28; the word cut within 48 keeps "… nine" = 45.
    expect(cutAtBoundary(t, within(48)).boundary).toBe('sentence');
    const u = 'Ab. cd ef gh';
    // sentence "Ab." = 3; word cut within 10 keeps "Ab. cd ef" = 9, 3 < 5.4
    expect(cutAtBoundary(u, within(10))).toEqual({ text: 'Ab. cd ef…', cut: true, boundary: 'word' });
  });

  it('falls back to a word end when no sentence fits', () => {
    expect(cutAtBoundary(text, within(16))).toEqual({ text: 'First sentence…', cut: true, boundary: 'word' });
  });

  it('drops trailing punctuation and blanks before the ellipsis of a word cut', () => {
    expect(cutAtBoundary('Hello, world and more', within(8)).text).toBe('Hello…');
    expect(cutAtBoundary('War — and peace', within(8)).text).toBe('War…');
    expect(cutAtBoundary('alpha; beta: gamma', within(13)).text).toBe('alpha; beta…');
  });

  it('keeps a closing bracket or quote with its word', () => {
    expect(cutAtBoundary('He said (quietly) that it was over', within(19)).text).toBe('He said (quietly)…');
    expect(cutAtBoundary('«Мир» — каже він', within(8)).text).toBe('«Мир»…');
  });

  it('cuts at a grapheme boundary inside one huge word', () => {
    expect(cutAtBoundary('Supercalifragilisticexpialidocious', within(6))).toEqual({
      text: 'Super…',
      cut: true,
      boundary: 'grapheme',
    });
  });

  it('never cuts inside a ZWJ family, a flag or a combining sequence', () => {
    const family = '👨‍👩‍👧‍👦';
    expect(cutAtBoundary(family.repeat(3), within(15))).toEqual({ text: `${family}…`, cut: true, boundary: 'grapheme' });
    expect(cutAtBoundary(family.repeat(3), within(11)).text).toBe('');
    const flags = '🇺🇦🇹🇷🇬🇧';
    expect(cutAtBoundary(flags, within(7)).text).toBe('🇺🇦…');
    expect(cutAtBoundary(flags, within(10)).text).toBe('🇺🇦🇹🇷…');
    const accents = 'e\u0301e\u0301e\u0301e\u0301';
    expect(cutAtBoundary(accents, within(4)).text).toBe('e\u0301…');
    expect(cutAtBoundary(accents, within(6)).text).toBe('e\u0301e\u0301…');
  });

  it('drops trailing punctuation before the ellipsis of a grapheme cut too', () => {
    // "1,2,3,4,5,6" is one word (a number); "1,2,…" would also fit but reads worse.
    expect(cutAtBoundary('1,2,3,4,5,6', within(5))).toEqual({ text: '1,2…', cut: true, boundary: 'grapheme' });
  });

  it('does not separate a closing quote from a combining mark on it', () => {
    // '"\u0301' is one grapheme: the word cut after the quote would split it.
    expect(cutAtBoundary('word"\u0301 next', within(7))).toEqual({ text: 'word"\u0301…', cut: true, boundary: 'grapheme' });
  });

  it('returns "" when nothing fits', () => {
    expect(cutAtBoundary(text, within(1))).toEqual({ text: '', cut: true, boundary: 'none' });
    expect(cutAtBoundary('', () => false)).toEqual({ text: '', cut: true, boundary: 'none' });
  });

  it('uses the ellipsis given', () => {
    expect(cutAtBoundary(text, within(30), { ellipsis: '...' }).text).toBe('First sentence here. ...');
    expect(cutAtBoundary(text, within(18), { ellipsis: '...' }).text).toBe('First sentence...');
    expect(cutAtBoundary(text, within(20), { ellipsis: '' }).text).toBe('First sentence here.');
  });

  it('segments Cyrillic sentences and words', () => {
    const uk = 'Переговори тривали шість годин. Сторони домовилися зустрітися знову.';
    expect(cutAtBoundary(uk, within(40), { locale: 'uk' })).toEqual({
      text: 'Переговори тривали шість годин. …',
      cut: true,
      boundary: 'sentence',
    });
    expect(cutAtBoundary(uk, within(20), { locale: 'uk' }).text).toBe('Переговори тривали…');
  });

  it('cuts at a paragraph break as a sentence end', () => {
    expect(cutAtBoundary('Headline without a stop\n\nNext paragraph goes on', within(30)).text).toBe(
      'Headline without a stop …',
    );
  });

  it('prefers a sentence that ends in . ! ? … over a line break after a heading or a colon', () => {
    const text = 'The first paragraph of this story is long and it ends here.\n\nA heading\n\nThey agreed on three points:\n\n• one thing and another';
    expect(cutAtBoundary(text, within(95)).text).toBe('The first paragraph of this story is long and it ends here. …');
    // Quotes after the full stop still end the sentence.
    expect(cutAtBoundary('"We will return." She left.\n\nNext part goes on', within(30)).text).toBe('"We will return." She left. …');
  });

  it('measures with any function, e.g. UTF-8 bytes', () => {
    const uk = 'Київ Київ Київ';
    // "Київ Київ…" is 8 + 1 + 8 + 3 = 20 bytes.
    expect(cutAtBoundary(uk, (s) => utf8Bytes(s) <= 20).text).toBe('Київ Київ…');
  });

  it('survives a malformed locale by using the default', () => {
    expect(cutAtBoundary(text, within(16), { locale: 'not a locale!' }).text).toBe('First sentence…');
  });

  it('calls keep O(log n) times', () => {
    const long = Array.from({ length: 4000 }, (_, i) => (i % 12 === 11 ? `word${i}.` : `word${i}`)).join(' ');
    let calls = 0;
    const result = cutAtBoundary(long, (s) => {
      calls++;
      return s.length <= 5000;
    });
    expect(result.cut).toBe(true);
    // 1 whole-text call + ~log2(334) sentence + ~log2(4000) word probes.
    // + ~log2(4000) for the raw-prefix bound that limits segmenting.
    expect(calls).toBeLessThanOrEqual(1 + 12 + 10 + 13);
    let hugeCalls = 0;
    cutAtBoundary('x'.repeat(100_000), (s) => {
      hugeCalls++;
      return s.length <= 10;
    });
    expect(hugeCalls).toBeLessThanOrEqual(1 + 17 + 18); // raw-prefix bound + grapheme search
  });
});

describe('fitFields', () => {
  type Field = 'title' | 'lead' | 'body' | 'url';
  const build = (v: Record<Field, string>) => [v.title, v.lead, v.body, v.url].filter((s) => s !== '').join('\n\n');
  const values: Record<Field, string> = {
    title: 'Talks in Istanbul',
    lead: 'Delegations met for six hours. They agreed to meet again.',
    body: 'The talks began at ten. Both sides exchanged lists of prisoners. A ceasefire was not discussed.',
    url: 'https://example.org/istanbul',
  };

  it('returns the values unchanged when they fit', () => {
    const r = fitFields(values, ['body', 'lead'], build, (s) => s.length, 1000);
    expect(r).toEqual({ text: build(values), values, cut: [] });
  });

  it('shortens the first elastic field first, at a boundary', () => {
    // The body (95 characters) may keep 66: its first two sentences (64) and " …".
    const limit = build(values).length - (95 - 66);
    const r = fitFields(values, ['body', 'lead'], build, (s) => s.length, limit);
    expect(r.cut).toEqual(['body']);
    expect(r.values.body).toBe('The talks began at ten. Both sides exchanged lists of prisoners. …');
    expect(r.values.lead).toBe(values.lead);
    expect(r.text).toBe(build(r.values));
    expect(r.text.length).toBeLessThanOrEqual(limit);
  });

  it('removes the first field entirely before cutting the next', () => {
    const limit = build({ ...values, body: '' }).length - 20;
    const r = fitFields(values, ['body', 'lead'], build, (s) => s.length, limit);
    expect(r.cut).toEqual(['body', 'lead']);
    expect(r.values.body).toBe('');
    expect(r.values.lead).toBe('Delegations met for six hours. …');
    expect(r.values.title).toBe(values.title);
    expect(r.values.url).toBe(values.url);
    expect(r.text.length).toBeLessThanOrEqual(limit);
  });

  it('keeps the next field whole when removing the first made room', () => {
    const limit = build({ ...values, body: '' }).length;
    const r = fitFields(values, ['body', 'lead'], build, (s) => s.length, limit);
    expect(r.cut).toEqual(['body']);
    expect(r.values.body).toBe('');
    expect(r.values.lead).toBe(values.lead);
  });

  it('returns every elastic field empty when even that is too long', () => {
    const r = fitFields(values, ['body', 'lead'], build, (s) => s.length, 10);
    expect(r.values).toEqual({ ...values, body: '', lead: '' });
    expect(r.cut).toEqual(['body', 'lead']);
    expect(r.text).toBe(`${values.title}\n\n${values.url}`);
  });

  it('never changes fields that are not elastic', () => {
    const r = fitFields(values, ['lead'], build, (s) => s.length, 100);
    expect(r.values.body).toBe(values.body);
    expect(r.values.lead).toBe('');
  });

  it('cuts raw values, so an escaping build never splits an entity', () => {
    const raw = { title: 'A & B', body: 'Tom & Jerry <3 & more & more & more', url: 'https://x.org/?a=1&b=2' };
    const html = (v: Record<keyof typeof raw, string>) => `<b>${escapeHtml(v.title)}</b>\n\n${escapeHtml(v.body)}\n\n${escapeHtml(v.url)}`;
    for (let limit = 30; limit < 80; limit++) {
      const r = fitFields<keyof typeof raw>(raw, ['body'], html, telegramVisibleLength, limit);
      expect(r.text).not.toMatch(/&[a-z#0-9]*(?![a-z#0-9;])/);
      if (r.values.body !== '') expect(telegramVisibleLength(r.text)).toBeLessThanOrEqual(limit);
    }
  });

  it('never leaves half an emoji', () => {
    const v = { body: '🇺🇦🇺🇦🇺🇦🇺🇦🇺🇦' };
    const r = fitFields(v, ['body'], (x) => x.body, (s) => s.length, 10);
    expect(r.values.body).toBe('🇺🇦🇺🇦…');
    expect(graphemes(r.values.body)).toEqual(['🇺🇦', '🇺🇦', '…']);
  });
});
