import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { isPlainMarkdownHtml, sanitizeArticleHtml, sanitizeDrops } from '../../src/text/sanitize.js';

const md = new MarkdownIt({ html: true });

describe('sanitizeArticleHtml', () => {
  it('passes plain Markdown output through untouched', () => {
    const html = md.render('# Title\n\nSome *text* & [a link](https://example.org "t") and `code`.\n\n- a\n- b\n\n```js\nx < y\n```\n\n![img](./a.jpg)\n');
    expect(isPlainMarkdownHtml(html)).toBe(true);
    expect(sanitizeArticleHtml(html)).toBe(html.trim());
  });

  it('removes scripts, event handlers and javascript: URLs', () => {
    const html = md.render('Hi <img src="x.jpg" onerror="alert(1)"> there.\n\n<script>alert(2)</script>\n\n<a href="javascript:alert(3)">click</a>\n');
    expect(isPlainMarkdownHtml(html)).toBe(false);
    const clean = sanitizeArticleHtml(html);
    expect(clean).not.toMatch(/onerror|<script|javascript:/i);
    expect(clean).toContain('<img src="x.jpg"');
  });

  it('keeps iframes only from embed hosts', () => {
    const html = '<p>x</p><iframe src="https://www.youtube.com/embed/abc"></iframe><iframe src="https://evil.example/x"></iframe>';
    expect(sanitizeArticleHtml(html, ['www.youtube.com'])).toContain('https://www.youtube.com/embed/abc');
    expect(sanitizeArticleHtml(html, ['www.youtube.com'])).not.toContain('evil.example');
    expect(sanitizeArticleHtml(html)).not.toContain('<iframe');
  });

  it('does not trust Markdown-looking HTML with unsafe attributes', () => {
    expect(isPlainMarkdownHtml('<p style="color:red">x</p>')).toBe(false);
    expect(isPlainMarkdownHtml('<a href="vbscript:x">x</a>')).toBe(false);
    expect(isPlainMarkdownHtml('<code class="x onclick">y</code>')).toBe(false);
    expect(isPlainMarkdownHtml('<p>unterminated <p')).toBe(false);
  });

  it('sanitises HTML that has raw HTML in it even when it looks like markdown-it output', () => {
    const html = '<p><a href="https://x.org">x</a></p>';
    expect(sanitizeArticleHtml(html, [], { raw: true })).toBe('<p><a href="https://x.org">x</a></p>');
    expect(sanitizeArticleHtml('<p><a href="&#106;avascript&#58;alert(1)">x</a></p>')).toBe('<p><a>x</a></p>');
  });

  it('keeps a data: image only as a bitmap', () => {
    expect(sanitizeArticleHtml('<img src="data:image/png;base64,iVBORw0KGgo=" alt="">', [], { raw: true })).toContain('src="data:image/png;base64');
    expect(sanitizeArticleHtml('<img src="data:image/svg+xml;base64,PHN2Zz4=" alt="">', [], { raw: true })).toBe('<img alt="" />');
  });
});

describe('sanitizeDrops', () => {
  it('names the elements, attributes and words sanitising removes', () => {
    expect(sanitizeDrops('<p>We pasted <script>alert(1)</script> here <span style="x" onclick="y()">z</span>.</p><iframe src="https://e.org"></iframe>')).toEqual([
      { kind: 'element', tag: 'script', text: 'alert(1)' },
      { kind: 'attribute', tag: 'span', attribute: 'style' },
      { kind: 'attribute', tag: 'span', attribute: 'onclick' },
      { kind: 'element', tag: 'iframe', text: '' },
    ]);
    expect(sanitizeDrops('<p><b>fine</b> <a href="https://x.org">ok</a></p>')).toEqual([]);
  });
});
