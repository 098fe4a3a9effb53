/**
 * Every bad input of issue 14 in a real process: exit 2, one line naming the file and line,
 * nothing on stdout, no stack trace, nothing sent (the channels point at a closed port).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPublish } from '../helpers/cli.js';

let dir: string;
const GOOD = ['timezone: UTC', 'channels:', '  telegram:', '    type: telegram', "    chat: '@babel_news'", '    api_root: http://127.0.0.1:9/'];
const ARTICLE = '---\ntitle: A story\nurl: https://example.org/a/\n---\nIts body.\n';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'publish-bad-input-'));
  writeFileSync(join(dir, 'good.yaml'), `${GOOD.join('\n')}\n`);
  writeFileSync(join(dir, 'story.md'), ARTICLE);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function expectOneLine(args: string[], pattern: RegExp): Promise<void> {
  const r = await runPublish(args, { cwd: dir, env: { TELEGRAM_BOT_TOKEN: '123:abc' } });
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).not.toMatch(/\n\s+at |internal error|this is a bug/);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}

const configs: [string, string[], RegExp][] = [
  ['an alias bomb', ['a: &a [x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b]', ...GOOD], /^error: bad\.yaml:2:\d+: these aliases/],
  ['a __proto__ key', ['__proto__: { language: en }', ...GOOD], /^error: bad\.yaml:1:1 __proto__: `__proto__` cannot be a key/],
  ['a constructor key in a channel', [...GOOD, '    constructor: 1'], /^error: bad\.yaml:7:5 channels\.telegram\.constructor: `constructor` cannot be a key/],
  ['${WP-USER}', [...GOOD, '    token: ${WP-USER}'], /^error: bad\.yaml:7:12 channels\.telegram\.token: `\$\{WP-USER\}` is not a valid variable reference/],
  ['${1BAD}', [...GOOD, '    token: ${1BAD}'], /^error: bad\.yaml:7:12 channels\.telegram\.token: `\$\{1BAD\}` is not a valid variable reference/],
  ['${ WP_USERNAME }', [...GOOD, '    token: ${ TELEGRAM_BOT_TOKEN }'], /did you mean `\$\{TELEGRAM_BOT_TOKEN\}`\?/],
  ['api_root: htp://', [...GOOD.slice(0, -1), '    api_root: htp://api.telegram.org'], /^error: bad\.yaml:6:15 channels\.telegram\.api_root: `htp:` is not a web address scheme/],
  ['chat: [a, b]', [...GOOD.slice(0, -2), '    chat: [a, b]'], /^error: bad\.yaml:5:11 channels\.telegram\.chat: expected one chat: @channel_name or the channel's -100… id; got a list$/],
];

const articles: [string, string, RegExp][] = [
  ['a front matter alias bomb', '---\ntitle: T\ntags: [&a [x, x, x, x, x, x, x, x, x, x], &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a], [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b]]\n---\nBody.\n', /^error: bad\.md:3:\d+: front matter: these aliases/],
  ['NUL as a YAML escape in the title', '---\ntitle: "A \\0 title"\n---\nBody.\n', /^error: bad\.md:2:8: front matter title: contains a NUL character/],
  ['a misspelled override', '---\ntitle: T\nchannels: { telegrm: { skip: true } }\n---\nBody.\n', /^error: bad\.md:3:13: front matter channels: telegrm: no channel "telegrm" in channels\.yaml: did you mean telegram\?/],
  ['a __proto__ override', '---\ntitle: T\nchannels: { __proto__: { skip: true } }\n---\nBody.\n', /^error: bad\.md:3:13: front matter channels: "__proto__" cannot be a channel name/],
];

describe('bad input in a real process: exit 2, one line, no stack', () => {
  it.each(configs)('channels.yaml with %s', async (_, lines, pattern) => {
    writeFileSync(join(dir, 'bad.yaml'), `${lines.join('\n')}\n`);
    await expectOneLine(['check', '-c', 'bad.yaml'], pattern);
    await expectOneLine(['-c', 'bad.yaml', 'story.md'], pattern);
  });

  it.each(articles)('an article with %s', async (_, text, pattern) => {
    writeFileSync(join(dir, 'bad.md'), text);
    await expectOneLine(['-c', 'good.yaml', '--dry-run', 'bad.md'], pattern);
    await expectOneLine(['-c', 'good.yaml', 'bad.md'], pattern);
  });

  it('control characters other than NUL are removed, not sent', async () => {
    writeFileSync(join(dir, 'bell.md'), '---\ntitle: "Bell\\a and \\x1b[31mescape"\nurl: https://example.org/a/\n---\nBody \x07 text.\n');
    const r = await runPublish(['-c', 'good.yaml', '--dry-run', '--json', 'bell.md'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.articles[0].title).toBe('Bell and [31mescape');
    expect(doc.articles[0].results[0].output.text).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
  });
});
