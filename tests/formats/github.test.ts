/**
 * `--format github`: one workflow command per problem at its source, escaped as the runner
 * reads them, then the normal output; a Markdown job summary appended to $GITHUB_STEP_SUMMARY.
 * Chosen by itself under GitHub Actions unless --json is given.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { escapeData, escapeProperty, jobSummary, workflowCommand } from '../../src/formats/github.js';
import { runInProcess } from '../helpers/inprocess.js';

describe('workflow command escaping', () => {
  it('escapes %, CR and LF in the message, and also : and , in properties', () => {
    expect(escapeData('50% done\r\nnext: a, b')).toBe('50%25 done%0D%0Anext: a, b');
    expect(escapeProperty('publish a:b,c%\n')).toBe('publish a%3Ab%2Cc%25%0A');
    expect(workflowCommand({ level: 'error', file: 'stories/a,b.md', line: 3, col: 1, title: 'publish telegram-en', message: 'too_long: x\ny' }))
      .toBe('::error file=stories/a%2Cb.md,line=3,col=1,title=publish telegram-en::too_long: x%0Ay');
  });

  it('a story cannot break the job summary table or inject markup', () => {
    const md = jobSummary({
      dryRun: true,
      articles: [{ id: 'x', source: 'stories/a|b.md', title: 't', results: [
        { channel: 'tg', type: 'telegram', status: 'invalid', problems: [{ severity: 'error', code: 'too_long', message: 'm', source: { file: 'f', line: 7, column: 1 } }], measures: [{ field: 'text', used: 5000, limit: 4096, unit: 'UTF-16 units' }] },
        { channel: '<img src=x>', type: 'webhook', status: 'skipped', problems: [], reason: 'the article says\nskip' },
      ] }],
    });
    const rows = md.split('\n').filter((l) => l.startsWith('| '));
    expect(rows).toHaveLength(4); // head, rule, two channels
    expect(rows[2]).toBe('| stories/a\\|b.md | tg | ❌ invalid | text 5000/4096 ⚠️ | too_long (line 7) |');
    expect(rows[3]).toContain('&lt;img src=x&gt;');
    expect(rows[3]).toContain('the article says skip');
  });
});

const CONFIG = 'timezone: UTC\nchannels:\n  telegram-en:\n    type: telegram\n    chat: "@news"\n    token: ${TELEGRAM_BOT_TOKEN}\n  hook:\n    type: webhook\n    url: https://hooks.example.org/x\n    max_length: 40\n';

describe('publish --dry-run under GitHub Actions', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'publish-github-'));
    writeFileSync(join(dir, 'channels.yaml'), CONFIG);
    writeFileSync(join(dir, 'story.md'), '---\ntitle: A title that is longer than forty characters, sadly\ntags: [peace, "2024"]\nimage: ./gone.jpg\n---\n\nThe body: 100% true.\n');
  });

  it('annotates each problem at its line, prints the normal output, and appends the job summary', async () => {
    const summary = join(dir, 'summary.md');
    writeFileSync(summary, '## earlier step\n');
    const run = await runInProcess(['--dry-run', 'story.md'], { cwd: dir, env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary, GITHUB_WORKSPACE: dir } });
    expect(run.code).toBe(1);
    const commands = run.stdout.split('\n').filter((l) => l.startsWith('::'));
    expect(commands).toContain('::error file=story.md,line=4,col=1,title=publish telegram-en::missing_media: ./gone.jpg (from story.md) does not exist: fix the path in the front matter');
    expect(commands.some((c) => c.startsWith('::warning file=story.md,line=3,col=1,title=publish telegram-en::bad_hashtag: '))).toBe(true);
    // channels.yaml named as the repository names it, at the channel's max_length: key.
    expect(commands.some((c) => /^::error file=channels\.yaml,line=10,col=5,title=publish hook::too_long: the text is \d+ UTF-16 units, over max_length 40$/.test(c))).toBe(true);
    // Then the normal output.
    expect(run.stdout).toContain('✗ telegram-en (telegram)  invalid');
    expect(run.stderr).toContain('dry-run: 1 article');
    const md = readFileSync(summary, 'utf8');
    expect(md.startsWith('## earlier step\n### publish dry-run: 1 story, 2 invalid')).toBe(true);
    expect(md).toMatch(/^\| story\.md \| hook \| ❌ invalid \| text \d+\/40 ⚠️ \| too_long \(line 10\) \|$/m);
  });

  it('--json stays one JSON document under GitHub Actions; --format github asks for it anywhere', async () => {
    const json = await runInProcess(['--dry-run', '--json', 'story.md'], { cwd: dir, env: { GITHUB_ACTIONS: 'true' } });
    expect(JSON.parse(json.stdout).ok).toBe(false);
    const asked = await runInProcess(['--dry-run', '--format', 'github', 'story.md'], { cwd: dir });
    expect(asked.stdout).toMatch(/^::error file=story\.md,line=4/m);
    const both = await runInProcess(['--dry-run', '--json', '--format', 'junit', 'story.md'], { cwd: dir });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--json and --format junit ask for two outputs');
  });

  it("publish check --format github annotates the articles' problems too", async () => {
    const run = await runInProcess(['check', '--format', 'github', 'story.md'], { cwd: dir, env: {} });
    expect(run.stdout).toMatch(/^::error file=story\.md,line=4,col=1,title=publish telegram-en::missing_media/m);
  });
});

describe('errors that stop the command, under GitHub Actions', () => {
  it("a typo in channels.yaml is an annotation on its line (and still the one-line error, exit 2)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'publish-github-config-'));
    writeFileSync(join(dir, 'channels.yaml'), 'timezone: UTC\nchannels:\n  tg:\n    type: telegram\n    chat: "@news"\n    tokne: x\n');
    writeFileSync(join(dir, 'story.md'), '---\ntitle: T\n---\n\nBody.\n');
    const run = await runInProcess(['--dry-run', 'story.md'], { cwd: dir, env: { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: dir } });
    expect(run.code).toBe(2);
    // (named from the process directory, which is the working directory outside tests)
    expect(run.stdout).toMatch(/^::error file=[^,]*channels\.yaml,line=6,col=5,title=publish::channels\.tg\.tokne: unknown key `tokne`/m);
    expect(run.stderr).toMatch(/^error: .*channels\.yaml:6:5 channels\.tg\.tokne: unknown key/m);
  });

  it('an article that cannot be read is an annotation on its line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'publish-github-article-'));
    writeFileSync(join(dir, 'channels.yaml'), CONFIG);
    writeFileSync(join(dir, 'bad.md'), '---\ntitle: T\ntitel: typo\n---\n\nBody.\n');
    const run = await runInProcess(['--dry-run', 'bad.md'], { cwd: dir, env: { GITHUB_ACTIONS: 'true' } });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^::error file=bad\.md,line=3,col=1,title=publish::front matter: unknown key "titel"/m);
  });
});
