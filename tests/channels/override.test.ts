/**
 * An editor's per-article override (`channels.<name>.text`) is inline Markdown, shown on
 * each channel in that channel's own terms (docs/ARCHITECTURE.md, "Overrides").
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/article/parse.js';
import { dryRun } from '../../src/engine/plan.js';
import { loadConfig } from '../../src/config/load-config.js';
import { ROOT } from '../helpers/cli.js';

const NOW = new Date('2026-03-01T10:00:00Z');

async function outputs(front: string): Promise<Record<string, { status: string; output?: Record<string, unknown>; problems: { code: string }[] }>> {
  const config = await loadConfig(join(ROOT, 'tests/channels/golden/channels.yaml'), { env: {} });
  const text = `---\nid: ferry\ntitle: Ferries resume\nlead: The port reopened.\nurl: https://babel.example.org/ferry/\ntags: [Odesa, ferries]\nyoutube: dQw4w9WgXcQ\nvideo: ./clip.mp4\n${front}---\n\nBody.\n`;
  const article = parseArticle({ source: 'ferry.md', text, dir: ROOT }, { strip: [], defaultLanguage: 'en' });
  const result = dryRun(config, [article], [], NOW);
  return Object.fromEntries(result.articles[0]!.results.map((r) => [r.channel, r]));
}

describe('override text', () => {
  it('"Ferry & bus times" is shown, not refused, on every channel', async () => {
    const o = await outputs([
      'channels:',
      '  telegram-en: { text: "Ferry & bus times" }',
      '  tiktok: { text: "Ferry & bus times" }',
      '  youtube: { text: "Ferry & bus times" }',
      '  site: { text: "Ferry & bus times" }',
      '',
    ].join('\n'));
    expect(o['telegram-en']).toMatchObject({ status: 'valid', output: { text: 'Ferry &amp; bus times' }, problems: [] });
    expect(o['tiktok']?.output?.['caption']).toBe('Ferry & bus times');
    expect(o['youtube']?.output?.['description']).toBe('Ferry & bus times');
    expect(o['site']?.output?.['content']).toBe('<p class="lead">The port reopened.</p>\n<p>Ferry &amp; bus times</p>');
  });

  it('renders inline Markdown per target and fills placeholders escaped for it', async () => {
    const text = '**Timetable** for _{title}_ <today>: [details]({url})';
    const o = await outputs(`channels:\n  telegram-en: { text: "${text}" }\n  tiktok: { text: "${text}" }\n  youtube: { text: "${text}" }\n  slack: { text: "${text}" }\n`);
    expect(o['telegram-en']?.output?.['text']).toBe('<b>Timetable</b> for <i>Ferries resume</i> &lt;today&gt;: <a href="https://babel.example.org/ferry/">details</a>');
    expect(o['telegram-en']?.problems).toEqual([]);
    // TikTok gets no link (docs/ARCHITECTURE.md, "Link"): {url} is empty there, so only the words stay.
    expect(o['tiktok']?.output?.['caption']).toBe('Timetable for Ferries resume <today>: details');
    expect(o['youtube']?.output?.['description']).toBe('Timetable for Ferries resume ‹today›: details (https://babel.example.org/ferry/)');
    expect(o['youtube']?.problems.map((p) => p.code)).not.toContain('angle_brackets');
    expect(o['slack']?.output?.['text']).toBe('Timetable for Ferries resume <today>: details (https://babel.example.org/ferry/)');
  });
});
