import { describe, expect, it } from 'vitest';
import { youtubeSafe } from '../../src/text/escape.js';
import { plainInline, renderInlineMarkdown, renderMarkdownParagraphs, TELEGRAM_INLINE } from '../../src/text/inline-markdown.js';
import { checkTelegramHtml } from '../../src/text/check-telegram-html.js';

const values = { url: 'https://babel.example.org/a?x=1&y=2', title: 'Kyiv & <Lviv>', lead: 'Lead.', body: '', hashtags: '#a #b' };

describe('renderInlineMarkdown', () => {
  it('writes < > & as text for every target', () => {
    expect(renderInlineMarkdown('Ferry & bus times', values, TELEGRAM_INLINE)).toBe('Ferry &amp; bus times');
    expect(renderInlineMarkdown('Ferry & bus times', values, plainInline())).toBe('Ferry & bus times');
    expect(renderInlineMarkdown('5 < 6 > 4 <times> <b>x</b> &amp;', values, TELEGRAM_INLINE)).toBe('5 &lt; 6 &gt; 4 &lt;times&gt; &lt;b&gt;x&lt;/b&gt; &amp;amp;');
    expect(renderInlineMarkdown('5 < 6 <times>', values, plainInline(youtubeSafe))).toBe('5 ‹ 6 ‹times›');
  });

  it('renders bold, italic, strike, code and links as Telegram HTML', () => {
    const html = renderInlineMarkdown('**Bold** and _italic_, ~~gone~~, `a<b`, [the story](https://babel.example.org/s?a=1&b=2).', values, TELEGRAM_INLINE);
    expect(html).toBe('<b>Bold</b> and <i>italic</i>, <s>gone</s>, <code>a&lt;b</code>, <a href="https://babel.example.org/s?a=1&amp;b=2">the story</a>.');
    expect(checkTelegramHtml(html)).toEqual([]);
  });

  it('writes plain text for TikTok and YouTube: marks dropped, a link as "words (url)"', () => {
    const text = '**Bold** and _italic_ [the story](https://babel.example.org/s) [https://x.org](https://x.org)';
    expect(renderInlineMarkdown(text, values, plainInline())).toBe('Bold and italic the story (https://babel.example.org/s) https://x.org');
  });

  it('fills placeholders with values escaped for the target, also inside a link', () => {
    expect(renderInlineMarkdown('**{title}**: [read]({url}) {hashtags} {unknown} {{url}}', values, TELEGRAM_INLINE)).toBe(
      '<b>Kyiv &amp; &lt;Lviv&gt;</b>: <a href="https://babel.example.org/a?x=1&amp;y=2">read</a> #a #b {unknown} {url}',
    );
    // A value is never read as Markdown.
    expect(renderInlineMarkdown('{title}', { title: '**not bold** [x](https://y)' }, TELEGRAM_INLINE)).toBe('**not bold** [x](https://y)');
  });

  it('keeps only the words of a link that is not http(s), mailto or tg', () => {
    for (const target of ['javascript:alert(1)', 'java&#10;script:alert(1)', 'JaVaScRiPt&colon;alert(1)', 'data:text/html,x', 'vbscript:x', '/relative']) {
      expect(renderInlineMarkdown(`[words](${target})`, values, TELEGRAM_INLINE)).toBe('words');
    }
    expect(renderInlineMarkdown('[write](mailto:desk@babel.example.org)', values, TELEGRAM_INLINE)).toBe('<a href="mailto:desk@babel.example.org">write</a>');
  });

  it('keeps line breaks and blank lines', () => {
    expect(renderInlineMarkdown('one\ntwo\n\nthree', values, TELEGRAM_INLINE)).toBe('one\ntwo\n\nthree');
  });

  it('renders website paragraphs', () => {
    expect(renderMarkdownParagraphs('**A** & b\nc\n\n[d]({url})', values)).toBe(
      '<p><strong>A</strong> &amp; b<br>\nc</p>\n<p><a href="https://babel.example.org/a?x=1&amp;y=2">d</a></p>',
    );
  });
});
