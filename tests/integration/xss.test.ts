/**
 * The XSS corpus (tests/channels/xss-corpus.ts) in a real Chromium: every website output
 * (WordPress content, static-site page) loaded without any Content-Security-Policy, every
 * element hovered, focused and its media given time to fail, and the preview page of the
 * same articles with its own policy: nothing may run (no dialog, no call of the page's
 * `alert`), and the preview may not even try (no script-src violation). Skips without Chromium.
 */
import { existsSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/article/parse.js';
import { dryRun } from '../../src/engine/plan.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { Config } from '../../src/config/types.js';
import { buildPreviewPage } from '../../src/preview/page.js';
import { MARKDOWN_VECTORS, RAW_HTML_VECTORS } from '../channels/xss-corpus.js';

const CHROMIUM = process.env.PUBLISH_TEST_CHROMIUM ?? '/usr/bin/chromium';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const haveChromium = existsSync(CHROMIUM);
const NOW = new Date('2026-03-01T10:00:00Z');

// The callbacks given to page.evaluate run in the browser; this project's tsc has no DOM lib.
declare const document: { querySelectorAll(s: string): ArrayLike<{ dispatchEvent(e: unknown): boolean; focus?: () => void; tagName: string; href?: string; protocol?: string }> };
declare const window: Record<string, unknown>;
declare class MouseEvent { constructor(type: string, init?: object); }
declare class FocusEvent { constructor(type: string, init?: object); }

function articles(config: Config) {
  return [...RAW_HTML_VECTORS, ...MARKDOWN_VECTORS].map((vector, i) => {
    const text = `---\nid: xss-${i}\ntitle: Title ${i}\nlead: Lead.\nurl: https://babel.example.org/xss/\n---\n\n${vector}\n\nAfter.\n`;
    const article = parseArticle({ source: `xss-${i}.md`, text, dir: ROOT }, { strip: [], defaultLanguage: 'en' });
    return { article, result: dryRun(config, [article], [], NOW).articles[0]! };
  });
}

describe.skipIf(!haveChromium)('XSS corpus in Chromium', () => {
  let browser: Browser;
  let dir = '';
  let config: Config;

  beforeAll(async () => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'publish-xss-')));
    config = await loadConfig(join(ROOT, 'tests/channels/golden/channels.yaml'), { env: {} });
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  let page: Page | undefined;
  const dialogs: string[] = [];

  /** One tab for every file: listeners and the watch on alert() set once, kept across navigations. */
  async function tab(): Promise<Page> {
    if (page) return page;
    page = await browser.newPage();
    page.on('dialog', (d) => {
      dialogs.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    // No network: an external script or frame could not load anyway, and nothing should try.
    await page.route(/^https?:/, (route) => route.abort());
    await page.addInitScript(() => {
      const hit = (what: string) => () => { ((window['__ran'] as string[] | undefined) ?? (window['__ran'] = [] as string[]) as string[]).push(what); };
      window['alert'] = hit('alert');
      window['confirm'] = hit('confirm');
      window['prompt'] = hit('prompt');
      (globalThis as unknown as { addEventListener(t: string, f: (e: { effectiveDirective: string; blockedURI: string }) => void): void })
        .addEventListener('securitypolicyviolation', (e) => {
          if (/^(script|object|frame|child|base|form|worker)/.test(e.effectiveDirective)) hit(`csp ${e.effectiveDirective} ${e.blockedURI}`)();
        });
    });
    return page;
  }

  /** Opens `file`, pokes every element, and returns what ran (dialogs, alert calls, CSP script violations). */
  async function poke(file: string): Promise<string[]> {
    const p = await tab();
    dialogs.length = 0;
    await p.goto(pathToFileURL(file).href);
    await p.evaluate(() => {
      // Handlers still run; links and forms are not followed (a javascript: link is reported below instead).
      (globalThis as unknown as { addEventListener(t: string, f: (e: { preventDefault(): void }) => void, capture: boolean): void })
        .addEventListener('click', (e) => e.preventDefault(), true);
      const all = document.querySelectorAll('*');
      for (let i = 0; i < all.length; i++) {
        const el = all[i]!;
        for (const type of ['mouseover', 'mouseenter', 'mousemove', 'click', 'dblclick']) el.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true }));
        el.dispatchEvent(new FocusEvent('focus'));
        // A link that would run code is a failure by itself, followed or not (relative ones resolve to file: here).
        if (el.tagName === 'A' && el.href && /^(javascript|vbscript|data):$/.test(el.protocol ?? '')) ((window['__ran'] as string[] | undefined) ?? (window['__ran'] = [] as string[]) as string[]).push(`link ${el.href}`);
      }
    });
    // Time for images, media and frames to fail and their handlers to fire.
    await p.waitForTimeout(100);
    return [...dialogs, ...((await p.evaluate(() => window['__ran'] as string[] | undefined)) ?? [])];
  }

  it('the checker sees a script run (control)', async () => {
    const file = join(dir, 'control.html');
    writeFileSync(file, '<!doctype html><body><img src="x" onerror="alert(1)"><a href="javascript:alert(2)">x</a></body>');
    expect((await poke(file)).length).toBeGreaterThan(0);
  });

  it('nothing runs from the WordPress content, the static page or the preview page', async () => {
    const all = articles(config);
    const site = all.map(({ result }) => String(result.results.find((r) => r.channel === 'site')?.output?.['content'])).join('\n<hr>\n');
    const siteFile = join(dir, 'site.html');
    writeFileSync(siteFile, `<!doctype html><html><body>${site}</body></html>`);
    expect(await poke(siteFile)).toEqual([]);

    const html = { ...config, channels: config.channels.map((c) => (c.name === 'mirror' ? { ...c, options: { ...(c.options as object), format: 'html' } } : c)) } as Config;
    for (const [i, { article }] of all.entries()) {
      const page = String(dryRun(html, [article], ['mirror'], NOW).articles[0]!.results[0]?.output?.['content']);
      const pageFile = join(dir, `static-${i}.html`);
      writeFileSync(pageFile, page);
      expect(await poke(pageFile), RAW_HTML_VECTORS[i] ?? MARKDOWN_VECTORS[i - RAW_HTML_VECTORS.length]).toEqual([]);
      const previewFile = join(dir, `preview-${i}.html`);
      writeFileSync(previewFile, buildPreviewPage({ article, result: all[i]!.result, config, now: NOW }));
      expect(await poke(previewFile)).toEqual([]);
    }
  }, 600_000);
});
