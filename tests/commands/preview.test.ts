import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Io } from '../../src/engine/context.js';
import { findOpener, previewCommand } from '../../src/commands/preview.js';
import { linkifyText } from '../../src/card/linkify.js';
import { renderTelegramHtml } from '../../src/card/render-telegram-html.js';
import { fakeIo } from '../helpers/io.js';
import { clearSecrets } from '../../src/scrub.js';


const ROOT = new URL('../../', import.meta.url).pathname;

const CONFIG = `timezone: UTC
language: en
channels:
  site:
    type: wordpress
    url: https://example.org
    username: \${WP_USERNAME}
    password: \${WP_APP_PASSWORD}
  telegram-en:
    type: telegram
    token: \${TG_TOKEN}
    chat: '@example_news'
    languages: [en]
  telegram-uk:
    type: telegram
    token: \${TG_TOKEN}
    chat: '@example_news_uk'
    languages: [uk]
  youtube:
    type: youtube
  tiktok:
    type: tiktok
`;

function article(extra = ''): string {
  return `---
id: story
title: "Talks & a <promise>"
lead: "The lead, with AT&T and x < y."
url: https://example.org/story/
tags: [Ukraine, peace talks, Istanbul, Türkiye]
image: ./cover.jpg
youtube: dQw4w9WgXcQ
video: ./clip.mp4
${extra}---

First paragraph of the body.

Second paragraph <script>alert(1)</script> with a [link](https://example.org/more).
`;
}

let dir = '';
beforeEach(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'publish-preview-')));
  writeFileSync(join(dir, 'channels.yaml'), CONFIG);
  copyFileSync(join(ROOT, 'examples/media/cover.jpg'), join(dir, 'cover.jpg'));
  copyFileSync(join(ROOT, 'examples/media/clip.mp4'), join(dir, 'clip.mp4'));
  writeFileSync(join(dir, 'story.md'), article());
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  clearSecrets();
});

async function preview(opts: Record<string, unknown>, env: Record<string, string | undefined> = {}) {
  const world = fakeIo(dir, { PATH: '', ...env });
  const ctx = world.context(Boolean(opts.json));
  const written = await previewCommand({ config: join(dir, 'channels.yaml'), article: 'story.md', ...opts }, ctx);
  ctx.report.previewWritten(written);
  return { code: written.ok ? 0 : 1, out: world.out(), err: world.err() };
}

describe('publish preview', () => {
  it('writes one page with a card per channel and prints its path', async () => {
    const { code, out, err } = await preview({ out: 'out/preview.html' });
    expect(code).toBe(0);
    const file = join(dir, 'out/preview.html');
    expect(out.trim()).toBe(file);
    expect(err).toContain('preview: 4 ready, 1 skipped');
    const html = readFileSync(file, 'utf8');
    for (const name of ['site', 'telegram-en', 'telegram-uk', 'youtube', 'tiktok']) expect(html).toContain(`data-channel="${name}"`);
    expect(html).toMatch(/data-channel="telegram-uk"[^>]*data-status="skipped"/);
    expect(html).toContain('this channel takes &quot;uk&quot;');
  });

  it('is self-contained: a CSP that forbids requests, no script, every image a data: URI', async () => {
    await preview({});
    const html = readFileSync(join(dir, 'preview.html'), 'utf8');
    expect(html).toContain(`http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:`);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link\b/i);
    const sources = [...html.matchAll(/\bsrc="([^"]*)"/g)].map((m) => m[1]);
    expect(sources.length).toBeGreaterThan(0);
    for (const src of sources) expect(src).toMatch(/^data:image\/jpeg;base64,/);
    expect(html).toContain(`data:image/jpeg;base64,${readFileSync(join(dir, 'cover.jpg')).toString('base64')}`);
  });

  it('shows sizes against the limits and the fold and hashtag places', async () => {
    await preview({});
    const html = readFileSync(join(dir, 'preview.html'), 'utf8');
    // With the article image, the Telegram post is one photo whose caption is the text: 1024.
    expect(html).toMatch(/data-measure="text" data-used="\d+" data-limit="1024"/);
    expect(html.match(/class="tg-bubble[^"]*"/g)).toEqual(['class="tg-bubble tg-bubble--photo"']);
    expect(html).toMatch(/data-measure="description" data-used="\d+" data-limit="5000"/);
    expect(html).toMatch(/data-measure="caption" data-used="\d+" data-limit="2200"/);
    expect(html).toContain('<div class="yt-hashtags" data-hashtags-above-title="true"><span>#Ukraine</span> <span>#peaceTalks</span> <span>#Istanbul</span></div>');
  });

  it('escapes the article everywhere: its "<script>" and "<promise>" are text, never markup', async () => {
    await preview({});
    const html = readFileSync(join(dir, 'preview.html'), 'utf8');
    expect(html).not.toContain('<promise>');
    expect(html).toContain('&lt;promise&gt;');
    expect(html).not.toContain('<script>alert');
  });

  it('an over-long post: exit 1, the page is still written, with the red box and the field marked', async () => {
    writeFileSync(join(dir, 'story.md'), article(`channels:\n  telegram-en: { text: "${'word '.repeat(1000)}{url}" }\n`));
    const { code, err } = await preview({});
    expect(code).toBe(1);
    expect(err).toContain('1 with problems');
    const html = readFileSync(join(dir, 'preview.html'), 'utf8');
    expect(html).toMatch(/data-channel="telegram-en"[^>]*data-status="invalid"/);
    expect(html).toMatch(/class="problem problem--error" data-problem="too_long" data-severity="error"/);
    expect(html).toMatch(/data-text="text" data-over="true"/);
  });

  it('shows what cleaning removed, struck through, in a "removed" panel; nothing when nothing was', async () => {
    await preview({});
    expect(readFileSync(join(dir, 'preview.html'), 'utf8')).not.toContain('class="removed"');
    writeFileSync(
      join(dir, 'story.md'),
      article().replace(
        'First paragraph of the body.',
        'First paragraph of the body.\n\nWe exist thanks to readers like you. Support us & our work.\n\n€5 €10 €25 Donate',
      ),
    );
    await preview({});
    const html = readFileSync(join(dir, 'preview.html'), 'utf8');
    expect(html).toContain('<section class="removed" data-removed="2">');
    expect(html).toContain(
      '<li data-line="14" data-reason="donation appeal"><span class="removed__why">line 14 · donation appeal</span><del>We exist thanks to readers like you. Support us &amp; our work.</del></li>',
    );
    expect(html).toContain('<li data-line="16" data-reason="donation amounts">');
    // Gone from every card.
    expect(html.slice(html.indexOf('<main'))).not.toContain('Support us');
  });

  it('--json prints {ok, file}', async () => {
    const { code, out } = await preview({ json: true });
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual({ ok: true, file: join(dir, 'preview.html') });
  });

  it('--open without xdg-open/open on PATH says where the page is instead', async () => {
    const { code, err } = await preview({ open: true }, { PATH: join(dir, 'no-bin') });
    expect(code).toBe(0);
    expect(err).toContain(`no browser opener (xdg-open/open) found: open ${join(dir, 'preview.html')} in your browser`);
  });

  it('findOpener finds an executable xdg-open on PATH', () => {
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'xdg-open'), '#!/bin/sh\n', { mode: 0o755 });
    expect(findOpener({ PATH: `${join(dir, 'none')}:${bin}` }, 'linux')).toBe(join(bin, 'xdg-open'));
    expect(findOpener({ PATH: bin }, 'darwin')).toBeUndefined();
    expect(existsSync(join(bin, 'xdg-open'))).toBe(true);
  });
});

describe('renderTelegramHtml', () => {
  it('keeps the tags Telegram allows, as plain equivalents', () => {
    expect(renderTelegramHtml('<b>bold</b> <i>it</i> <ins>u</ins> <del>s</del> <code>c</code>')).toBe(
      '<b>bold</b> <i>it</i> <u>u</u> <s>s</s> <code>c</code>',
    );
    expect(renderTelegramHtml('<span class="tg-spoiler">x</span><tg-spoiler>y</tg-spoiler>')).toBe(
      '<span class="tg-spoiler">x</span><span class="tg-spoiler">y</span>',
    );
    expect(renderTelegramHtml('<blockquote expandable>q</blockquote>')).toBe('<blockquote class="expandable">q</blockquote>');
  });

  it('shows every other tag as the text it is, and drops attributes it does not know', () => {
    expect(renderTelegramHtml('a<br>b <script>alert(1)</script>')).toBe('a&lt;br&gt;b &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(renderTelegramHtml('<b onclick="x()">b</b>')).toBe('<b>b</b>');
    expect(renderTelegramHtml('<span style="color:red">s</span>')).toBe('&lt;span style="color:red"&gt;s&lt;/span&gt;');
  });

  it('keeps only safe link targets', () => {
    expect(renderTelegramHtml('<a href="https://x.org/?a=1&amp;b=2">x</a>')).toBe(
      '<a href="https://x.org/?a=1&amp;b=2" target="_blank" rel="noopener noreferrer">x</a>',
    );
    expect(renderTelegramHtml('<a href="javascript:alert(1)">x</a>')).toBe('<a>x</a>');
  });

  it('decodes only the entities Telegram decodes', () => {
    expect(renderTelegramHtml('AT&amp;T x &lt; y &#128512; &nbsp;')).toBe('AT&amp;T x &lt; y 😀 &amp;nbsp;');
  });

  it('closes what the text leaves open and ignores stray end tags', () => {
    expect(renderTelegramHtml('<b>open')).toBe('<b>open</b>');
    expect(renderTelegramHtml('x</i>')).toBe('x&lt;/i&gt;');
  });

  it('links bare URLs and hashtags as the app does, outside code', () => {
    expect(renderTelegramHtml('see https://x.org/a. #Tag')).toBe(
      'see <a class="autolink" href="https://x.org/a" target="_blank" rel="noopener noreferrer">https://x.org/a</a>. <span class="hashtag">#Tag</span>',
    );
    expect(renderTelegramHtml('<code>#not</code>')).toBe('<code>#not</code>');
    expect(linkifyText('a&b #x <y>')).toBe('a&amp;b <span class="hashtag">#x</span> &lt;y&gt;');
  });
});
