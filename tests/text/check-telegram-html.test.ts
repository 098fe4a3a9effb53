import { describe, expect, it } from 'vitest';
import { checkTelegramHtml } from '../../src/text/check-telegram-html.js';

const codes = (html: string) => checkTelegramHtml(html).map((p) => p.code);

describe('checkTelegramHtml accepts', () => {
  it.each([
    ['plain text', 'Talks in Istanbul, 2025 — 🇺🇦 > all'],
    ['nested b/i/a', '<b>bold <i>italic <a href="https://example.org/?a=1&amp;b=2">link</a></i></b>'],
    ['every simple tag', '<strong>a</strong><em>b</em><u>c</u><ins>d</ins><s>e</s><strike>f</strike><del>g</del>'],
    ['spoilers', '<tg-spoiler>x</tg-spoiler> <span class="tg-spoiler">y</span>'],
    ['custom emoji', '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>'],
    ['code and pre', '<code>x &lt; y</code> <pre>block</pre>'],
    ['code with a language in pre', '<pre><code class="language-python">print(1)</code></pre>'],
    ['blockquote and expandable', '<blockquote>q</blockquote><blockquote expandable>long</blockquote>'],
    ['formatting inside blockquote', '<blockquote><b>bold</b> <a href="x">l</a></blockquote>'],
    ['the four named entities', '&lt;&gt;&amp;&quot;'],
    ['numeric entities', '&#8212; &#x2014; &#128512;'],
    ['upper-case tag names', '<B>x</B>'],
    ['single-quoted and unquoted attributes', "<a href='https://x.org'>a</a> <a href=https://y.org>b</a>"],
    ['attributes Telegram ignores', '<b class="x">y</b>'],
    ['empty end tag closing the open one', '<b>x</>'],
    ['empty string', ''],
  ])('%s', (_name, html) => {
    expect(checkTelegramHtml(html)).toEqual([]);
  });
});

describe('checkTelegramHtml rejects', () => {
  it('<br> with a one-line message naming the tag, position and what is allowed', () => {
    const problems = checkTelegramHtml('Line one<br>Line two');
    expect(problems).toEqual([
      {
        code: 'bad_html_tag',
        message: 'unsupported tag <br> at character 8: Telegram accepts only b, i, u, s, a, code, pre, blockquote, tg-spoiler',
      },
    ]);
  });

  it('<br/>, <p>, <div>, <img>, <h1>, once per tag', () => {
    expect(codes('a<br/>b')).toEqual(['bad_html_tag']);
    expect(codes('<p>para</p>')).toEqual(['bad_html_tag']);
    expect(codes('<div>x</div><img src="a.png"><h1>t</h1>')).toEqual(['bad_html_tag', 'bad_html_tag', 'bad_html_tag']);
    expect(checkTelegramHtml('<p>para</p>')[0]!.message).toContain('<p>');
  });

  it('&nbsp; and other named entities, suggesting a numeric one', () => {
    const problems = checkTelegramHtml('a&nbsp;b');
    expect(problems).toHaveLength(1);
    expect(problems[0]!.code).toBe('bad_html_entity');
    expect(problems[0]!.message).toContain('&nbsp;');
    expect(problems[0]!.message).toContain('&#160;');
    expect(codes('&mdash; &hellip; &apos;')).toEqual(['bad_html_entity', 'bad_html_entity', 'bad_html_entity']);
  });

  it('a bare & and invalid numeric entities', () => {
    expect(codes('Tom & Jerry')).toEqual(['bad_html_entity']);
    expect(checkTelegramHtml('Tom & Jerry')[0]!.message).toBe('bare "&" at character 4: write &amp;');
    expect(codes('AT&T')).toEqual(['bad_html_entity']);
    expect(codes('&#1114112; &#xD800;')).toEqual(['bad_html_entity', 'bad_html_entity']);
  });

  it('a bare & inside an href', () => {
    expect(codes('<a href="https://x.org/?a=1&b=2">x</a>')).toEqual(['bad_html_entity']);
  });

  it('a bare <', () => {
    expect(codes('a < b')).toEqual(['bad_html_tag']);
    expect(codes('I <3 you')).toEqual(['bad_html_tag']);
    expect(codes('<!-- comment -->')).toEqual(['bad_html_tag']);
  });

  it('an unclosed tag', () => {
    const problems = checkTelegramHtml('<b>bold forever');
    expect(problems).toEqual([{ code: 'bad_html_nesting', message: 'unclosed tag <b> at character 0: add </b>' }]);
    expect(codes('<b>x</b><i>y')).toEqual(['bad_html_nesting']);
  });

  it('a start tag without its ">"', () => {
    expect(codes('<b class="x"')).toEqual(['bad_html_tag']);
    expect(codes('<a href="never closed>x</a>')).toEqual(['bad_html_tag']);
  });

  it('crossed tags, reported once', () => {
    expect(codes('<b><i>x</b></i>')).toEqual(['bad_html_nesting']);
  });

  it('an end tag without a start tag, or not matching the open one', () => {
    expect(codes('x</b>')).toEqual(['bad_html_nesting']);
    expect(codes('<b>x</i></b>')).toEqual(['bad_html_nesting']);
    expect(codes('<b>x</strong>')).toEqual(['bad_html_nesting', 'bad_html_nesting']);
  });

  it('nested blockquotes', () => {
    const problems = checkTelegramHtml('<blockquote>a<blockquote>b</blockquote></blockquote>');
    expect(problems.map((p) => p.code)).toEqual(['bad_html_nesting']);
    expect(problems[0]!.message).toContain('blockquote');
  });

  it('anything inside code or pre except code in pre', () => {
    expect(codes('<code><b>x</b></code>')).toEqual(['bad_html_nesting']);
    expect(codes('<pre><i>x</i></pre>')).toEqual(['bad_html_nesting']);
    expect(codes('<pre><code><b>x</b></code></pre>')).toEqual(['bad_html_nesting']);
    expect(codes('<pre><b><code>x</code></b></pre>')).toEqual(['bad_html_nesting', 'bad_html_nesting']);
  });

  it('a link inside a link', () => {
    expect(codes('<a href="a"><a href="b">x</a></a>')).toEqual(['bad_html_nesting']);
  });

  it('span without the spoiler class, tg-emoji without an id, self-closing tags', () => {
    expect(codes('<span>x</span>')).toEqual(['bad_html_tag']);
    expect(codes('<span class="red">x</span>')).toEqual(['bad_html_tag']);
    expect(codes('<tg-emoji>👍</tg-emoji>')).toEqual(['bad_html_tag']);
    expect(codes('<b/>')).toEqual(['bad_html_tag']);
  });

  it('a valueless attribute other than blockquote expandable', () => {
    expect(codes('<a href>x</a>')).toEqual(['bad_html_tag']);
  });

  it('keeps each message on one line and caps the number of problems', () => {
    const problems = checkTelegramHtml('& '.repeat(100));
    expect(problems.length).toBeLessThanOrEqual(20);
    expect(problems.length).toBeGreaterThan(0);
    for (const p of checkTelegramHtml('<p>\n<br>\n&nbsp;\n<b>')) expect(p.message).not.toContain('\n');
  });
});
