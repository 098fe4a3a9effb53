import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, runPublish } from '../helpers/cli.js';

const CONFIG = `
channels:
  hook:
    type: webhook
    url: http://127.0.0.1:9/never
  telegram:
    type: telegram
    token: \${TG_TOKEN_FOR_TEST}
    chat: '@babel_test'
`;

function workspace(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'publish-cli-'));
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, content);
  }
  return dir;
}

/** A user error: exit 2, one line on stderr naming what and where, no stack, nothing on stdout. */
function expectUserError(run: { code: number | null; stderr: string; stdout: string }, mention: RegExp) {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stderr).toMatch(mention);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(run.stdout).toBe('');
}

describe('publish --dry-run', () => {
  it('renders every example on every channel with exit 0', async () => {
    const run = await runPublish(['--dry-run', '--json', 'examples/istanbul-talks.md', 'examples/donations-export.txt', 'examples/kyiv-energy-uk.md']);
    expect(run.code, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc.ok).toBe(true);
    expect(doc.dryRun).toBe(true);
    expect(doc.articles).toHaveLength(3);
    for (const article of doc.articles) {
      expect(article.results.length).toBeGreaterThan(0);
      for (const r of article.results) expect(['valid', 'skipped']).toContain(r.status);
    }
    const uk = doc.articles[2];
    expect(uk.linkPredicted).toBe(true);
    const tg = uk.results.find((r: { channel: string }) => r.channel === 'telegram-uk');
    expect(tg.status).toBe('valid');
    expect(tg.output.parse_mode).toBe('HTML');
  });

  it('cleans the raw export with no article: settings: boilerplate in no channel, every real paragraph in each, every drop listed', async () => {
    expect(readFileSync(join(ROOT, 'channels.yaml'), 'utf8')).not.toMatch(/^article:/m);
    const run = await runPublish(['--dry-run', '--json', 'examples/donations-export.txt']);
    expect(run.code, run.stderr).toBe(0);
    const [article] = JSON.parse(run.stdout).articles;
    expect(Object.keys(article).slice(0, 4)).toEqual(['id', 'source', 'title', 'dropped']);
    expect(article.dropped.map((d: { line: number; reason: string }) => `${d.line} ${d.reason}`)).toEqual([
      '3 photo credit', '7 share buttons', '14 donation appeal', '16 donation amounts',
      '20 photo caption', '22 read-also link', '28 error-report prompt', '30 subscription prompt',
    ]);
    const source = readFileSync(join(ROOT, 'examples/donations-export.txt'), 'utf8').split(/\n\s*\n/u).map((p) => p.replace(/\s+/gu, ' ').trim());
    const dropped = new Set(article.dropped.map((d: { text: string }) => d.text));
    const sent = article.results.filter((r: { status: string }) => r.status === 'valid');
    expect(sent.map((r: { channel: string }) => r.channel)).toEqual(['site', 'telegram-en']); // no video: YouTube and TikTok skip it
    for (const r of sent) {
      const output = JSON.stringify(r.output);
      for (const gone of ['Babel needs', 'UAH', 'Donate', 'One-time', 'Solar panels on the roof', 'Read also', 'Ctrl+Enter', 'Copy link']) {
        expect(output, `${r.channel}: ${gone}`).not.toContain(gone);
      }
    }
    // Every paragraph that was not dropped reaches the website and the Telegram post whole.
    const site = sent.find((r: { channel: string }) => r.channel === 'site').output;
    const telegram = sent.find((r: { channel: string }) => r.channel === 'telegram-en').output.text;
    const kept = source.filter((p) => p !== '' && !dropped.has(p));
    expect(kept).toHaveLength(7);
    const decode = (html: string) => html.replace(/<[^>]*>/g, '').replace(/&quot;/g, '"').replace(/&#39;|&#x27;/g, "'").replace(/&amp;/g, '&');
    for (const paragraph of kept.slice(1)) {
      expect(decode(`${site.excerpt}\n${site.content}`)).toContain(paragraph);
      expect(decode(telegram)).toContain(paragraph);
    }

    const human = await runPublish(['--dry-run', '--channel', 'telegram-en', 'examples/donations-export.txt']);
    expect(human.stdout).toContain(
      'dropped 8 paragraphs: photo credit (line 3), share buttons (line 7), donation appeal (line 14), donation amounts (line 16), photo caption (line 20), read-also link (line 22), error-report prompt (line 28), subscription prompt (line 30)',
    );
  });

  it('needs no secrets and prints them nowhere', async () => {
    const run = await runPublish(['--dry-run', 'examples/istanbul-talks.md'], { env: { TELEGRAM_BOT_TOKEN: undefined } });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('telegram-en (telegram)');
    expect(run.stdout).toMatch(/text \d+\/1024 UTF-16 units/);
  });

  it('reads an article from stdin with -', async () => {
    const run = await runPublish(['--dry-run', '--json', '-'], { input: '---\ntitle: From stdin\ntags: [Test]\n---\n\nA lead paragraph.\n\nA body paragraph.\n' });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).articles[0].title).toBe('From stdin');
  });

  it('exits 1 when a post breaks a rule', async () => {
    const dir = workspace({
      'channels.yaml': CONFIG,
      'long.md': `---\ntitle: Long\nurl: https://example.org/long\nchannels:\n  telegram: { text: "${'word '.repeat(900)}" }\n---\n\nBody.\n`,
    });
    const run = await runPublish(['--dry-run', '--json', 'long.md'], { cwd: dir });
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.stdout);
    expect(doc.ok).toBe(false);
    const tg = doc.articles[0].results.find((r: { channel: string }) => r.channel === 'telegram');
    expect(tg.status).toBe('invalid');
    expect(tg.problems[0].code).toBe('too_long');
  });

  it('--channel limits the channels', async () => {
    const run = await runPublish(['--dry-run', '--json', '--channel', 'youtube', 'examples/istanbul-talks.md']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).articles[0].results.map((r: { channel: string }) => r.channel)).toEqual(['youtube']);
  });

  it('-c works before and after the command', async () => {
    const dir = workspace({ 'conf/x.yaml': CONFIG, 'a.md': '# Title\n\nLead.\n' });
    for (const args of [['-c', 'conf/x.yaml', '--dry-run', 'a.md'], ['--dry-run', 'a.md', '-c', 'conf/x.yaml']]) {
      const run = await runPublish([...args, '--json'], { cwd: dir });
      expect(run.code, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout).articles[0].results).toHaveLength(2);
    }
  });
});

describe('bad input: exit 2, one line, nothing sent', () => {
  const base = { 'channels.yaml': CONFIG };
  const cases: [string, Record<string, string | Buffer>, string[], RegExp][] = [
    ['missing file', base, ['nope.md'], /nope\.md/],
    ['a directory', { ...base, 'dir/x.md': 'x' }, ['dir'], /dir/],
    ['empty file', { ...base, 'empty.md': '' }, ['empty.md'], /empty\.md.*empty/i],
    ['whitespace-only file', { ...base, 'blank.txt': '  \n\n\t\n' }, ['blank.txt'], /blank\.txt/],
    ['binary file', { ...base, 'bin.md': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2]) }, ['bin.md'], /bin\.md/],
    ['unterminated front matter', { ...base, 'open.md': '---\ntitle: x\n\nBody\n' }, ['open.md'], /open\.md/],
    ['malformed front matter', { ...base, 'bad.md': '---\ntitle: [unclosed\n---\n\nBody\n' }, ['bad.md'], /bad\.md:\d+/],
    ['front matter with no body', { ...base, 'nobody.md': '---\nid: x\n---\n' }, ['nobody.md'], /nobody\.md/],
    ['unknown channel type', { 'channels.yaml': 'channels:\n  x:\n    type: myspace\n', 'a.md': '# T\n\nL\n' }, ['a.md'], /channels\.yaml:3:\d+ channels\.x\.type/],
    ['missing required key', { 'channels.yaml': 'channels:\n  t:\n    type: telegram\n', 'a.md': '# T\n\nL\n' }, ['a.md'], /channels\.yaml:\d+:\d+ channels\.t.*chat/],
    ['YAML syntax error', { 'channels.yaml': 'channels:\n  x: [\n', 'a.md': '# T\n\nL\n' }, ['a.md'], /channels\.yaml:\d+:\d+/],
    ['unknown --channel', { ...base, 'a.md': '# T\n\nL\n' }, ['--channel', 'nope', 'a.md'], /--channel nope/],
  ];
  for (const [name, files, args, mention] of cases) {
    it(name, async () => {
      const dir = workspace(files);
      for (const dry of [true, false]) {
        const run = await runPublish([...(dry ? ['--dry-run'] : []), ...args], { cwd: dir, env: { TG_TOKEN_FOR_TEST: '123:abc' } });
        expectUserError(run, mention);
      }
    });
  }

  it('one unreadable article stops all of them', async () => {
    const dir = workspace({ ...base, 'good.md': '# Good\n\nLead.\n' });
    const run = await runPublish(['--dry-run', 'good.md', 'missing.md'], { cwd: dir });
    expectUserError(run, /missing\.md/);
  });

  it('a missing secret is named with its channel when sending', async () => {
    const dir = workspace({ ...base, 'a.md': '---\nurl: https://example.org/a\n---\n# T\n\nL\n' });
    const run = await runPublish(['a.md', '--channel', 'telegram'], { cwd: dir, env: { TG_TOKEN_FOR_TEST: undefined } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/channels\.telegram\.token.*TG_TOKEN_FOR_TEST/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('secrets written inline', () => {
  it('are used, with a warning naming the line, and never printed', async () => {
    const dir = workspace({
      'channels.yaml': "channels:\n  telegram:\n    type: telegram\n    token: '123456:inline-secret-token'\n    chat: '@babel_test'\n",
      'a.md': '# Title\n\nLead.\n',
    });
    const run = await runPublish(['--dry-run', 'a.md'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/warning: channels\.yaml:4:\d+ channels\.telegram\.token: .*inline/);
    expect(run.stdout + run.stderr).not.toContain('inline-secret-token');
  });
});

describe('--help', () => {
  it('teaches every command', async () => {
    const run = await runPublish(['--help']);
    expect(run.code).toBe(0);
    for (const word of ['--dry-run', '--json', '--channel', '--at', '--update', '--force', 'run', 'status', 'cancel', 'check', 'preview', 'init', 'migrate', 'Examples:']) {
      expect(run.stdout).toContain(word);
    }
    for (const cmd of ['run', 'status', 'cancel', 'check', 'preview', 'init', 'migrate']) {
      const sub = await runPublish([cmd, '--help']);
      expect(sub.code, cmd).toBe(0);
      expect(sub.stdout).toContain(`publish ${cmd}`);
    }
  });
});

void ROOT;

describe('output piped into a reader that stops early (`publish … | head -1`)', () => {
  it('ends quietly, with no stack trace about the closed pipe', async () => {
    const child = spawn(process.execPath, [BIN, '--dry-run', 'examples/istanbul-talks.md', 'examples/kyiv-energy-uk.md'], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    // Read the first chunk, then close our end of the pipe, as `head -1` does.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|at .*\(|node:internal/);
    expect(code).toBe(0);
  });
});
