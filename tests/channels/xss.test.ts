/**
 * Issue 14 item 2: nothing executable from an article reaches the website (WordPress and
 * static-site output) or the preview page, whatever form the attack takes
 * (tests/channels/xss-corpus.ts). The website output is sanitised always, whatever the
 * shortcut for plain Markdown decides.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/article/parse.js';
import { dryRun } from '../../src/engine/plan.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { Config } from '../../src/config/types.js';
import { buildPreviewPage } from '../../src/preview/page.js';
import { isPlainMarkdownHtml } from '../../src/text/sanitize.js';
import { ROOT } from '../helpers/cli.js';
import { findExecutable } from '../helpers/executable.js';
import { MARKDOWN_VECTORS, RAW_HTML_VECTORS } from './xss-corpus.js';

const NOW = new Date('2026-03-01T10:00:00Z');
const VECTORS = [...RAW_HTML_VECTORS, ...MARKDOWN_VECTORS];

let config: Config | undefined;
async function golden(): Promise<Config> {
  config ??= await loadConfig(join(ROOT, 'tests/channels/golden/channels.yaml'), { env: {} });
  return config;
}

function article(vector: string, where: 'body' | 'lead' = 'body') {
  const text = where === 'body'
    ? `---\nid: xss\ntitle: Safe title\nlead: Safe lead.\nurl: https://babel.example.org/xss/\nyoutube: dQw4w9WgXcQ\n---\n\nBefore.\n\n${vector}\n\nAfter.\n`
    : `---\nid: xss\nurl: https://babel.example.org/xss/\n---\n\n# Title ${vector}\n\n${vector}\n\nBody.\n`;
  return parseArticle({ source: 'xss.md', text, dir: ROOT }, { strip: [], defaultLanguage: 'en' });
}

// The preview page's own markup: its stylesheet, its Content-Security-Policy and its inline icons.
const previewOwn = ({ tag, attrs, path }: { tag: string; attrs: Record<string, string>; path: string[] }) =>
  (tag === 'style' && path.join('>') === 'html>head>style')
  || (tag === 'meta' && /^content-security-policy$/i.test(attrs['http-equiv'] ?? '') && path.join('>') === 'html>head>meta')
  || (tag === 'meta' && attrs['http-equiv'] === undefined)
  || ((tag === 'svg' || tag === 'path' || tag === 'circle' || tag === 'g' || tag === 'rect') && !Object.keys(attrs).some((a) => a.startsWith('on') || a.includes('href')))
  || ((tag === 'input' && attrs['type'] === 'checkbox' && Object.keys(attrs).every((a) => ['type', 'id', 'class', 'hidden', 'aria-hidden'].includes(a))));

describe('XSS corpus', () => {
  it('the checker itself finds what a browser would run', () => {
    expect(findExecutable('<a href="&#106;avascript&#58;alert(1)">x</a>')).toEqual(['href="javascript:alert(1)" on <a>']);
    expect(findExecutable('<a href="jav&#x09;ascript:alert(1)">x</a>')).toHaveLength(1);
    expect(findExecutable('<img src=x onerror=alert(1)>')).toEqual(['onerror on <img>']);
    expect(findExecutable('<svg><a xlink:href="javascript:alert(1)">x</a></svg>').length).toBeGreaterThan(0);
    expect(findExecutable('<p>&lt;script&gt;alert(1)&lt;/script&gt; <a href="https://x.org/?a=1&amp;b=2">ok</a></p>')).toEqual([]);
  });

  for (const vector of VECTORS) {
    it(`website and preview: ${JSON.stringify(vector).slice(0, 90)}`, async () => {
      const cfg = await golden();
      for (const where of ['body', 'lead'] as const) {
        const a = article(vector, where);
        const result = dryRun(cfg, [a], [], NOW).articles[0]!;
        const site = result.results.find((r) => r.channel === 'site')!;
        const mirror = result.results.find((r) => r.channel === 'mirror')!;
        const content = String(site.output?.['content']);
        expect(findExecutable(content), content).toEqual([]);
        // The title and excerpt are HTML too: text only, never an element.
        for (const field of ['title', 'excerpt']) {
          expect(String(site.output?.[field]), field).not.toMatch(/<[a-z!/?]/i);
        }
        // The static file: Markdown with the sanitised body, which a site generator passes through as HTML.
        const file = String(mirror.output?.['content']);
        expect(findExecutable(file.replace(/^---[\s\S]*?---\n/, '')), file).toEqual([]);
        const page = buildPreviewPage({ article: a, result, config: cfg, now: NOW });
        expect(findExecutable(page, { allow: previewOwn })).toEqual([]);
        // Nothing in the page loads from outside it either (the CSP says so too).
        expect(page).not.toMatch(/<(script|iframe|object|embed|base|link)\b/i);
      }
    });
  }

  it('the html format of a static site is safe as a whole page', async () => {
    const cfg = await golden();
    const html = { ...cfg, channels: cfg.channels.map((c) => (c.name === 'mirror' ? { ...c, options: { ...(c.options as object), format: 'html' } } : c)) } as Config;
    for (const vector of VECTORS) {
      const result = dryRun(html, [article(vector)], ['mirror'], NOW).articles[0]!;
      const file = String(result.results[0]?.output?.['content']);
      expect(findExecutable(file), `${vector}\n${file}`).toEqual([]);
    }
  });

  it('HTML written with entities or control characters in a URL is never taken for plain Markdown', () => {
    for (const html of [
      '<p><a href="&#106;avascript&#58;alert(1)">x</a></p>',
      '<p><a href="javascript&colon;alert(1)">x</a></p>',
      '<p><a href="javascript&#x3A;alert(1)">x</a></p>',
      '<p><a href="jav\tascript:alert(1)">x</a></p>',
      '<p><a href="//evil.example">x</a></p>',
      '<p><a href="\\\\evil.example">x</a></p>',
      '<p><img src="&#x6A;avascript:alert(1)" alt=""></p>',
    ]) {
      expect(isPlainMarkdownHtml(html), html).toBe(false);
    }
    expect(isPlainMarkdownHtml('<p><a href="https://x.org/?a=1&amp;b=2">x</a></p>')).toBe(true);
  });
});
