/**
 * Every problem of a dry-run names where it comes from (`problems[].source`): the front
 * matter key, the paragraph the title or lead was taken from, a line of raw HTML, or the
 * channel's key in channels.yaml.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/inprocess.js';

interface JsonProblem { severity: string; code: string; message: string; source: { file: string; line: number; column: number } }
interface JsonRun { articles: { results: { channel: string; problems: JsonProblem[] }[] }[] }

const CONFIG = [
  'timezone: UTC',
  'channels:',
  '  telegram-en:',
  '    type: telegram',
  '    chat: "@news"',
  '    token: ${TELEGRAM_BOT_TOKEN}',
  '  hook:',
  '    type: webhook',
  '    url: https://hooks.example.org/x',
  '    max_length: 50',
  '',
].join('\n');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'publish-sources-'));
  writeFileSync(join(dir, 'channels.yaml'), CONFIG);
});

async function problems(name: string, text: string, channel?: string): Promise<Map<string, JsonProblem[]>> {
  writeFileSync(join(dir, name), text);
  const run = await runInProcess(['--dry-run', '--json', name, ...(channel ? ['--channel', channel] : [])], { cwd: dir });
  const doc = JSON.parse(run.stdout) as JsonRun;
  return new Map(doc.articles[0]!.results.map((r) => [r.channel, r.problems]));
}

const where = (p: JsonProblem | undefined) => p && `${p.source.file}:${p.source.line}:${p.source.column}`;

describe('problems[].source', () => {
  it('a missing image points at the image: key, a tag that cannot be a hashtag at tags:', async () => {
    const found = await problems('story.md', '---\ntitle: Talks resume\nlead: Delegations met.\ntags: [peace, "2024"]\nimage: ./gone.jpg\n---\n\nThe body.\n', 'telegram-en');
    const tg = found.get('telegram-en') ?? [];
    expect(where(tg.find((p) => p.code === 'missing_media'))).toBe('story.md:5:1');
    expect(where(tg.find((p) => p.code === 'bad_hashtag'))).toBe('story.md:4:1');
    // Every problem carries a source, also those with no better place than the article's start.
    for (const p of tg) expect(p.source.file).toBe('story.md');
  });

  it('a caption too long points at the paragraph the title was taken from', async () => {
    const long = `${'A very long opening sentence that goes on '.repeat(110)}and ends here`;
    const found = await problems('export.txt', `\n\nBabel needs your support.\n\n${long}. And more.\n\nSecond paragraph.\n`, 'telegram-en');
    const tooLong = (found.get('telegram-en') ?? []).find((p) => p.code === 'too_long');
    expect(tooLong, JSON.stringify([...found])).toBeDefined();
    expect(where(tooLong)).toBe('export.txt:5:1');
  });

  it('an override too long points at its entry under channels:', async () => {
    const text = 'x'.repeat(5000);
    const found = await problems('over.md', `---\ntitle: T\nchannels:\n  telegram-en:\n    text: "${text}"\n---\n\nBody.\n`, 'telegram-en');
    expect(where((found.get('telegram-en') ?? []).find((p) => p.code === 'too_long'))).toBe('over.md:4:3');
  });

  it('raw HTML a channel leaves out points at its line', async () => {
    const found = await problems('html.md', '---\ntitle: T\nlead: L.\n---\n\nFirst.\n\n<iframe src="https://example.org/x"></iframe>\n', 'telegram-en');
    expect(where((found.get('telegram-en') ?? []).find((p) => p.code === 'html_dropped'))).toBe('html.md:8:1');
  });

  it("a webhook text over max_length points at the channel's max_length: in channels.yaml", async () => {
    const found = await problems('hook.md', '---\ntitle: A title that alone is longer than the fifty characters allowed\nlead: A lead.\n---\n\nBody.\n', 'hook');
    const p = (found.get('hook') ?? []).find((x) => x.code === 'too_long');
    expect(p?.source).toEqual({ file: join(dir, 'channels.yaml'), line: 10, column: 5 });
  });
});
