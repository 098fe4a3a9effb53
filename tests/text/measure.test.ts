import { describe, expect, it } from 'vitest';
import { graphemeCount, graphemes, telegramVisibleLength, telegramVisibleText, utf16Length, utf8Bytes } from '../../src/text/measure.js';

const FLAG_UA = '🇺🇦';
const FAMILY = '👨‍👩‍👧‍👦'; // man ZWJ woman ZWJ girl ZWJ boy
const RAINBOW = '🏳️‍🌈';

describe('utf16Length / utf8Bytes / graphemeCount', () => {
  it('counts ASCII the same three ways', () => {
    expect(utf16Length('Istanbul')).toBe(8);
    expect(utf8Bytes('Istanbul')).toBe(8);
    expect(graphemeCount('Istanbul')).toBe(8);
  });

  it('counts a flag as 4 UTF-16 units, 8 bytes and 1 grapheme', () => {
    expect(utf16Length(FLAG_UA)).toBe(4);
    expect(utf8Bytes(FLAG_UA)).toBe(8);
    expect(graphemeCount(FLAG_UA)).toBe(1);
    expect(graphemes(`${FLAG_UA}${FLAG_UA}`)).toEqual([FLAG_UA, FLAG_UA]);
  });

  it('counts Cyrillic as 2 bytes a letter and 1 unit a letter', () => {
    expect(utf16Length('Київ')).toBe(4);
    expect(utf8Bytes('Київ')).toBe(8);
    expect(utf8Bytes('мирні переговори')).toBe(15 * 2 + 1);
    expect(graphemeCount('Київ')).toBe(4);
  });

  it('counts an emoji as 2 units and 4 bytes', () => {
    expect(utf16Length('😀')).toBe(2);
    expect(utf8Bytes('😀')).toBe(4);
    expect(graphemeCount('😀')).toBe(1);
  });

  it('keeps ZWJ families, skin tones and rainbow flags whole', () => {
    expect(utf16Length(FAMILY)).toBe(11);
    expect(utf8Bytes(FAMILY)).toBe(25);
    expect(graphemeCount(FAMILY)).toBe(1);
    expect(graphemeCount('👍🏽')).toBe(1);
    expect(graphemeCount(RAINBOW)).toBe(1);
    expect(graphemes(`a${FAMILY}b`)).toEqual(['a', FAMILY, 'b']);
  });

  it('keeps combining sequences whole', () => {
    const decomposed = 'e\u0301te\u0301'; // "été" with combining acute accents
    expect(utf16Length(decomposed)).toBe(5);
    expect(graphemeCount(decomposed)).toBe(3);
    expect(graphemes('Е\u0308')).toEqual(['Е\u0308']);
  });

  it('handles the empty string', () => {
    expect(utf16Length('')).toBe(0);
    expect(utf8Bytes('')).toBe(0);
    expect(graphemeCount('')).toBe(0);
    expect(graphemes('')).toEqual([]);
  });
});

describe('telegramVisibleLength', () => {
  it('does not count tags', () => {
    expect(telegramVisibleLength('<b>Talks</b> in <i>Istanbul</i>')).toBe('Talks in Istanbul'.length);
    expect(telegramVisibleLength('<a href="https://example.org/a?b=1&amp;c=2">link</a>')).toBe(4);
    expect(telegramVisibleLength('<pre><code class="language-ts">x</code></pre>')).toBe(1);
    expect(telegramVisibleLength('<blockquote expandable>q</blockquote>')).toBe(1);
  });

  it('counts each entity as what it decodes to', () => {
    expect(telegramVisibleLength('A&amp;B')).toBe(3);
    expect(telegramVisibleLength('&lt;tag&gt;')).toBe(5);
    expect(telegramVisibleLength('&quot;q&quot;')).toBe(3);
    expect(telegramVisibleLength('&#8212;')).toBe(1);
    expect(telegramVisibleLength('&#x2014;')).toBe(1);
    // An astral character is two UTF-16 units, as Telegram counts.
    expect(telegramVisibleLength('&#128512;')).toBe(2);
    expect(telegramVisibleLength('&#x1F1FA;&#x1F1E6;')).toBe(4);
  });

  it('leaves what Telegram would not decode as written', () => {
    expect(telegramVisibleText('a&nbsp;b')).toBe('a&nbsp;b');
    expect(telegramVisibleText('&#1114112;')).toBe('&#1114112;');
    expect(telegramVisibleText('a < b')).toBe('a < b');
  });

  it('counts emoji, flags and Cyrillic in UTF-16 units', () => {
    expect(telegramVisibleLength(`<b>Київ</b> ${FLAG_UA} ${FAMILY}`)).toBe(4 + 1 + 4 + 1 + 11);
  });

  it('handles a quoted attribute containing ">"', () => {
    expect(telegramVisibleText('<a href="https://x.org/?q=a>b">go</a>')).toBe('go');
  });
});
