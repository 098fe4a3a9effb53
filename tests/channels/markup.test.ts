/**
 * No word vanishes silently (docs/ARCHITECTURE.md, "HTML inside articles"): `<`, `>` and `&` are text on
 * every channel, a tag that is not an HTML element is text, and raw HTML a channel drops
 * is a warning naming the article line. Markdown and plain exports alike.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/article/parse.js';
import { dryRun } from '../../src/engine/plan.js';
import { loadConfig } from '../../src/config/load-config.js';
import { telegramVisibleText } from '../../src/text/measure.js';
import { ROOT } from '../helpers/cli.js';

const NOW = new Date('2026-03-01T10:00:00Z');

interface Result { status: string; output?: Record<string, unknown>; problems: { severity: string; code: string; message: string }[] }

async function run(source: string, text: string): Promise<Record<string, Result>> {
  const config = await loadConfig(join(ROOT, 'tests/channels/golden/channels.yaml'), { env: {} });
  const article = parseArticle({ source, text, dir: ROOT }, { strip: [], defaultLanguage: 'en' });
  const result = dryRun(config, [article], [], NOW);
  return Object.fromEntries(result.articles[0]!.results.map((r) => [r.channel, r as Result]));
}

const warnings = (r: Result | undefined) => (r?.problems ?? []).filter((p) => p.code === 'html_dropped').map((p) => p.message);
const FRONT = '---\nid: t\ntitle: "Ferry <times> & bus"\nlead: "Tickets cost < 5 € & > 2 €"\nurl: https://babel.example.org/t/\nyoutube: dQw4w9WgXcQ\nvideo: ./clip.mp4\n---\n';

describe('HTML inside articles', () => {
  it('a Markdown sentence quoting <script> keeps its other words and says what was left out, with the line', async () => {
    const r = await run('t.md', `${FRONT}\nFirst paragraph.\n\nWe pasted <script>alert(1)</script> into the search field.\n`);
    // Line 12 of the file: 8 lines of front matter, a blank line, the first paragraph, a blank line.
    for (const channel of ['telegram-en', 'youtube', 'slack']) {
      const text = String(r[channel]?.output?.['text'] ?? r[channel]?.output?.['description']);
      expect(text).toContain('We pasted into the search field.');
      expect(warnings(r[channel])).toEqual([expect.stringMatching(/^line 12: <script> and the words in it \("alert\(1\)"\) are left out (on|in) .*: .*write it in backticks/)]);
    }
    expect(r['site']?.output?.['content']).toContain('<p>We pasted  into the search field.</p>');
    expect(warnings(r['site'])).toEqual([expect.stringMatching(/^line 12: <script> and the words in it \("alert\(1\)"\) are removed from the website/)]);
    expect(warnings(r['mirror'])).toHaveLength(1);
    // TikTok shows no body: nothing of it is reported there.
    expect(warnings(r['tiktok'])).toEqual([]);
  });

  it('in backticks the same words reach every channel as text', async () => {
    const r = await run('t.md', `${FRONT}\nWe pasted \`<script>alert(1)</script>\` into the search field.\n`);
    expect(telegramVisibleText(String(r['telegram-en']?.output?.['text']))).toContain('We pasted <script>alert(1)</script> into the search field.');
    expect(r['site']?.output?.['content']).toContain('<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>');
    for (const channel of Object.keys(r)) expect(warnings(r[channel])).toEqual([]);
  });

  it('a tag that is not an HTML element is text on every channel, inline and on a line of its own', async () => {
    const r = await run('t.md', `${FRONT}\nThe <times> table is out.\n\n<Odesa>\n\n<div>Ferries at <times> noon</div>\n`);
    const telegram = telegramVisibleText(String(r['telegram-en']?.output?.['text']));
    expect(telegram).toContain('The <times> table is out.');
    expect(telegram).toContain('<Odesa>');
    expect(telegram).toContain('Ferries at <times> noon');
    expect(r['telegram-en']?.problems).toEqual([]);
    const content = String(r['site']?.output?.['content']);
    expect(content).toContain('<p>The &lt;times&gt; table is out.</p>');
    expect(content).toContain('<p>&lt;Odesa&gt;</p>');
    expect(content).toContain('<div>Ferries at &lt;times&gt; noon</div>');
    expect(warnings(r['site'])).toEqual([]);
    expect(String(r['youtube']?.output?.['description'])).toContain('The ‹times› table is out.');
  });

  it('< > & in the title, the lead and prose reach every channel as those characters, escaped for each', async () => {
    const body = 'If x < y && y > z, then AT&T wins.';
    for (const [source, text] of [['t.md', `${FRONT}\n${body}\n`], ['t.txt', `Ferry <times> & bus\n\nTickets cost < 5 € & > 2 €\n\n${body}\n`]] as const) {
      const r = await run(source, text);
      const telegram = String(r['telegram-en']?.output?.['text']);
      expect(telegram).toContain('<b>Ferry &lt;times&gt; &amp; bus</b>');
      expect(telegram).toContain('Tickets cost &lt; 5 € &amp; &gt; 2 €');
      expect(telegram).toContain('If x &lt; y &amp;&amp; y &gt; z, then AT&amp;T wins.');
      expect(r['telegram-en']?.problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(r['site']?.output).toMatchObject({ title: 'Ferry &lt;times&gt; &amp; bus', excerpt: 'Tickets cost &lt; 5 € &amp; &gt; 2 €' });
      expect(String(r['site']?.output?.['content'])).toContain('If x &lt; y &amp;&amp; y &gt; z, then AT&amp;T wins.');
      if (source === 't.md') expect(String(r['youtube']?.output?.['description'])).toContain('If x ‹ y && y › z, then AT&T wins.');
      if (source === 't.md') expect(String(r['tiktok']?.output?.['caption'])).toBe('Ferry <times> & bus\n\nTickets cost < 5 € & > 2 €');
      expect(String(r['slack']?.output?.['text'])).toContain('If x < y && y > z, then AT&T wins.');
      expect(String(r['mirror']?.output?.['content'])).toContain('If x &lt; y &amp;&amp; y &gt; z, then AT&amp;T wins.');
      for (const channel of Object.keys(r)) expect(warnings(r[channel])).toEqual([]);
    }
  });

  it('a plain export shows a quoted <script> as text everywhere: nothing is markup there', async () => {
    const r = await run('t.txt', 'Ferry news\n\nLead.\n\nWe pasted <script>alert(1)</script> into the search field.\n');
    expect(telegramVisibleText(String(r['telegram-en']?.output?.['text']))).toContain('We pasted <script>alert(1)</script> into the search field.');
    expect(r['site']?.output?.['content']).toContain('We pasted &lt;script&gt;alert(1)&lt;/script&gt; into the search field.');
    for (const channel of Object.keys(r)) expect(warnings(r[channel])).toEqual([]);
  });

  it('names each attribute and element the website removes, and embeds the text channels cannot show', async () => {
    const r = await run('t.md', [
      FRONT,
      '<div onclick="steal()">Raw block with <em>words</em></div>',
      '',
      'A [safe](https://example.org) link and a <a href="&#106;avascript&#58;alert(1)">bad one</a>,',
      'and <span style="color:red">red</span> text.',
      '',
      '<iframe src="https://evil.example/x"></iframe>',
      '',
    ].join('\n'));
    expect(warnings(r['site'])).toEqual([
      'line 10: the onclick attribute of <div> is removed from the website: no scripts on the website',
      'line 12: the href attribute of <a> is removed from the website: only http(s), mailto and tel links are kept',
      'line 13: the style attribute of <span> is removed from the website: not an attribute the website allows',
      "line 15: <iframe> is removed from the website: not an element the website allows (an iframe needs its host in the channel's embed_hosts); its words are kept",
    ]);
    expect(String(r['site']?.output?.['content'])).not.toMatch(/onclick|javascript|style=|<iframe/i);
    expect(warnings(r['telegram-en'])).toEqual(['line 15: <iframe src="https://evil.example/x"> is not shown on Telegram']);
    const telegram = telegramVisibleText(String(r['telegram-en']?.output?.['text']));
    expect(telegram).toContain('Raw block with words');
    expect(telegram).toContain('A safe link and a bad one, and red text.');
  });

  it('raw HTML in the paragraph that becomes the lead is reported on every channel, the website too', async () => {
    const r = await run('t.md', '---\nid: t\ntitle: T\nurl: https://babel.example.org/t/\nvideo: ./clip.mp4\n---\nThe lead <style>p{}</style> sentence.\n\nBody.\n');
    for (const channel of ['site', 'telegram-en', 'tiktok', 'slack']) {
      expect(warnings(r[channel])).toEqual([expect.stringMatching(/^line 7: <style> and the words in it \("p\{\}"\) are left out /)]);
    }
    expect(String(r['tiktok']?.output?.['caption'])).toBe('T\n\nThe lead sentence.');
  });

  it('names the title when the raw HTML is in the heading that became it', async () => {
    const r = await run('t.md', '---\nid: t\nurl: https://babel.example.org/t/\n---\n# Ferries <script>x()</script> resume\n\nThe lead.\n\nBody.\n');
    expect(r['site']?.output?.['title']).toBe('Ferries resume');
    expect(warnings(r['site'])).toEqual([expect.stringMatching(/^line 5: <script> and the words in it \("x\(\)"\) are left out from the title: /)]);
  });
});
