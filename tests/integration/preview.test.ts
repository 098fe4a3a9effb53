/**
 * The preview page in a real headless Chromium (Debian's `chromium`, driven by playwright-core):
 * every channel's card renders, the text in each card is exactly the dry-run's, an over-long
 * post shows its red box, and a screenshot is written. Skips, saying why, without Chromium.
 */
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Io } from '../../src/engine/context.js';
import { previewCommand } from '../../src/commands/preview.js';
import { publishCommand } from '../../src/commands/publish.js';
import { Report } from '../../src/report.js';
import { decodeEntities } from '../../src/text/escape.js';
import { telegramVisibleText } from '../../src/text/measure.js';

// PUBLISH_TEST_CHROMIUM exists only to try the skip path; the suite uses Debian's chromium.
const CHROMIUM = process.env.PUBLISH_TEST_CHROMIUM ?? '/usr/bin/chromium';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CONFIG = join(ROOT, 'channels.yaml');
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`preview browser test skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);

// The callbacks given to page.evaluate run in the browser; this project's tsc has no DOM lib.
declare const document: { createElement(tag: string): { innerHTML: string; textContent: string | null } };
declare function getComputedStyle(element: unknown): { borderTopColor: string; outlineStyle: string };

interface DryRunResult {
  channel: string;
  type: string;
  status: string;
  output?: Record<string, unknown>;
}

function fakeIo(cwd: string) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.resume();
  const io: Io = { env: { NO_COLOR: '1', PATH: '' }, cwd, stdin: new PassThrough(), stdout, stderr };
  const report = (json: boolean) => new Report({ stdout, stderr, env: io.env, json });
  return { io, report, context: (json: boolean) => ({ io, report: report(json) }), out: () => out };
}

/** Exactly what `publish --dry-run --json <article>` prints, parsed. */
async function dryRunJson(article: string, cwd: string): Promise<{ articles: { results: DryRunResult[] }[] }> {
  const world = fakeIo(cwd);
  const result = await publishCommand({ articles: [article], config: CONFIG, dryRun: true, json: true }, world.context(true));
  world.report(true).run(result);
  return JSON.parse(world.out());
}

/** Writes the preview of `article` and returns the page's path and the command's exit code. */
async function writePreview(article: string, cwd: string, out: string): Promise<{ file: string; code: number }> {
  const world = fakeIo(cwd);
  const written = await previewCommand({ config: CONFIG, article, out }, world.context(false));
  return { file: join(cwd, out), code: written.ok ? 0 : 1 };
}

/** The text a reader of `field` sees, from the dry-run payload (Telegram tags stripped, entities decoded). */
function visibleText(type: string, field: string, value: string): string {
  if (type === 'telegram') return telegramVisibleText(value);
  if (type === 'wordpress' && (field === 'title' || field === 'excerpt')) return decodeEntities(value);
  return value;
}

describe.skipIf(!haveChromium)('publish preview in Chromium', () => {
  let browser: Browser;
  let dir = '';
  const requests: string[] = [];

  beforeAll(async () => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'publish-preview-browser-')));
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(file: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('request', (r) => {
      if (!r.url().startsWith('data:') && !r.url().startsWith('file:')) requests.push(r.url());
    });
    await page.goto(pathToFileURL(file).href);
    return page;
  }

  for (const example of ['examples/istanbul-talks.md', 'examples/kyiv-energy-uk.md']) {
    it(`${example}: a card per channel, each showing exactly the dry-run text`, async () => {
      const article = join(ROOT, example);
      const expected = (await dryRunJson(article, dir)).articles[0]!.results;
      const { file, code } = await writePreview(article, dir, `${example.replace(/\W+/g, '-')}.html`);
      expect(code).toBe(0);
      const page = await open(file);

      expect(await page.locator('[data-channel]').count()).toBe(expected.length);
      for (const result of expected) {
        const card = page.locator(`[data-channel="${result.channel}"]`);
        await expect(card.isVisible()).resolves.toBe(true);
        expect(await card.getAttribute('data-status')).toBe(result.status);
        if (!result.output) continue;

        const fields = await card.locator('[data-text]').evaluateAll((els) =>
          els.map((el) => ({ field: el.getAttribute('data-text') ?? '', text: el.textContent ?? '' })),
        );
        expect(fields.length).toBeGreaterThan(0);
        for (const { field, text } of fields) {
          const value = result.output[field];
          expect(typeof value, `${result.channel}.${field}`).toBe('string');
          const want = result.type === 'wordpress' && field === 'content'
            // The content is HTML: compare with what the browser itself reads from the dry-run's HTML.
            ? await page.evaluate((html) => {
                const holder = document.createElement('div');
                holder.innerHTML = html;
                return holder.textContent ?? '';
              }, value as string)
            : visibleText(result.type, field, value as string);
          expect(text, `${result.channel}.${field}`).toBe(want);
        }
      }
      // The main text field of each text channel is on the page.
      const shown = await page.locator('[data-text]').evaluateAll((els) => els.map((el) => `${el.closest('[data-channel]')?.getAttribute('data-channel')}.${el.getAttribute('data-text')}`));
      for (const r of expected.filter((x) => x.output)) {
        const main = { telegram: 'text', youtube: 'description', tiktok: 'caption', wordpress: 'content' }[r.type];
        if (main) expect(shown).toContain(`${r.channel}.${main}`);
      }
      await page.close();
    });
  }

  it('an over-long post is highlighted: red box with the message, the text outlined; a screenshot is written', async () => {
    const long = join(dir, 'too-long.md');
    writeFileSync(long, `---
id: too-long
title: An editor's override that runs long
lead: Telegram's limit is 4096 characters.
url: https://babel.example.org/en/too-long/
language: en
tags: [Ukraine]
channels:
  telegram-en: { text: "${'A sentence that goes on. '.repeat(180)}{url}" }
---

Body.
`);
    const { file, code } = await writePreview(long, dir, 'too-long.html');
    expect(code).toBe(1);
    const page = await open(file);
    const card = page.locator('[data-channel="telegram-en"]');
    expect(await card.getAttribute('data-status')).toBe('invalid');
    const problem = card.locator('[data-problem="too_long"]');
    expect(await problem.isVisible()).toBe(true);
    expect(await problem.textContent()).toMatch(/the text is \d{4} UTF-16 units, over the limit of 4096/);
    expect(await problem.evaluate((el) => getComputedStyle(el).borderTopColor)).toBe('rgb(209, 36, 47)');
    const text = card.locator('[data-text="text"]');
    expect(await text.getAttribute('data-over')).toBe('true');
    expect(await text.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
    expect(await card.locator('[data-measure="text"]').getAttribute('data-over')).toBe('true');
    // Other channels of the same article stay fine.
    expect(await page.locator('[data-channel="site"]').getAttribute('data-status')).toBe('valid');

    const shot = join(dir, 'too-long.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(10_000);
    expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');
    await page.close();
  });

  it('made no network request', () => {
    expect(requests).toEqual([]);
  });
});
