import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
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
