import { describe, expect, it } from 'vitest';
import { decodeEntities, escapeHtml, escapeHtmlAttr, youtubeSafe, escapeMarkdownText } from '../../src/text/escape.js';
import { checkTelegramHtml } from '../../src/text/check-telegram-html.js';

describe('escapeHtml / escapeHtmlAttr', () => {
  it('escapes & < > in text', () => {
    expect(escapeHtml('Tom & Jerry <3 > all')).toBe('Tom &amp; Jerry &lt;3 &gt; all');
  });

  it('leaves quotes alone in text, escapes them in attributes', () => {
    expect(escapeHtml('"quoted"')).toBe('"quoted"');
    expect(escapeHtmlAttr('https://x.org/?a=1&b="2"<>')).toBe('https://x.org/?a=1&amp;b=&quot;2&quot;&lt;&gt;');
  });

  it('escapes an existing entity again, so the reader sees it literally', () => {
    expect(escapeHtml('&nbsp;')).toBe('&amp;nbsp;');
  });

  it('never produces a named entity Telegram rejects', () => {
    const s = escapeHtml('a\u00a0b — «c» & d < e > f © …');
    expect(s).not.toMatch(/&(?!amp;|lt;|gt;)[a-z]+;/);
    expect(checkTelegramHtml(s)).toEqual([]);
  });
});

describe('youtubeSafe', () => {
  it('replaces angle brackets with single guillemets', () => {
    expect(youtubeSafe('a <b> c -> d')).toBe('a \u2039b\u203a c -\u203a d');
    expect(youtubeSafe('no brackets & "quotes"')).toBe('no brackets & "quotes"');
  });
});

describe('decodeEntities', () => {
  it('decodes the common named entities', () => {
    expect(decodeEntities('a&nbsp;b')).toBe('a\u00a0b');
    expect(decodeEntities('&mdash;&ndash;&hellip;')).toBe('—–…');
    expect(decodeEntities('&laquo;Київ&raquo;')).toBe('«Київ»');
    expect(decodeEntities('&quot;&amp;&lt;&gt;&apos;')).toBe('"&<>\'');
    expect(decodeEntities('&lsquo;a&rsquo; &ldquo;b&rdquo;')).toBe('‘a’ “b”');
    expect(decodeEntities('caf&eacute; &copy; &euro;')).toBe('café © €');
  });

  it('decodes numeric entities, decimal and hex', () => {
    expect(decodeEntities('&#8212;&#x2014;&#X2014;')).toBe('———');
    expect(decodeEntities('&#128512;')).toBe('😀');
    expect(decodeEntities('&#x1F1FA;&#x1F1E6;')).toBe('🇺🇦');
  });

  it('reads &#128;..&#159; as Windows-1252, as browsers do', () => {
    expect(decodeEntities('it&#146;s &#147;ok&#148;')).toBe('it’s “ok”');
  });

  it('leaves unknown names and invalid numbers as written', () => {
    expect(decodeEntities('&bogus; &#0; &#xD800; &#1114112; & alone')).toBe('&bogus; &#0; &#xD800; &#1114112; & alone');
  });

  it('decodes once, not recursively', () => {
    expect(decodeEntities('&amp;lt;')).toBe('&lt;');
  });
});

describe('escapeMarkdownText', () => {
  it('writes text so Markdown shows it as written: no raw HTML, no emphasis, links, headings or lists', () => {
    expect(escapeMarkdownText('AT&T: x < y > z <script>alert(1)</script>')).toBe('AT&amp;T: x &lt; y &gt; z &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(escapeMarkdownText('*not* _em_ `code` [link](x) ~~s~~ a\\b')).toBe('\\*not\\* \\_em\\_ \\`code\\` \\[link\\](x) \\~\\~s\\~\\~ a\\\\b');
    expect(escapeMarkdownText('# not a heading\n- not a list\n1. not a list')).toBe('\\# not a heading\n\\- not a list\n1\\. not a list');
    expect(escapeMarkdownText('Kyiv-Mohyla, 2025. Fine.')).toBe('Kyiv-Mohyla, 2025. Fine.');
  });
});

