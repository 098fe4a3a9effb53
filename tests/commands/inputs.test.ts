/**
 * Issue 18: the inputs newsrooms have (a WordPress page, a Ghost page, a Google Docs web-page
 * export, a Word document) give, in a real dry-run, the same channel posts as the equivalent
 * Markdown article. The files are in tests/article/inputs/ (story.docx made by LibreOffice:
 * see make-docx.sh there).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookFake, type WebhookFake } from '../fakes/webhook.js';
import { runPublish } from '../helpers/cli.js';

const DIR = 'tests/article/inputs';

interface DryRun {
  articles: { id: string; title: string; dropped: { reason: string; text: string }[]; results: { channel: string; status: string; output?: Record<string, unknown> }[] }[];
}

async function dryRun(file: string): Promise<DryRun['articles'][number]> {
  const r = await runPublish(['--dry-run', '--json', `${DIR}/${file}`]);
  expect(r.code, r.stderr).toBe(0);
  const out = JSON.parse(r.stdout) as DryRun;
  expect(out.articles).toHaveLength(1);
  return out.articles[0]!;
}

/** The posts, with a Word document's picture named by the file it was extracted to left aside. */
const posts = (a: DryRun['articles'][number]) =>
  a.results.map((r) => {
    if (r.output?.photo === undefined) return r;
    const { photo, ...output } = r.output;
    return { ...r, output, photo: String(photo).replace(/^\.\//, '') };
  });

describe.each([
  ['wordpress.html', 'story.md'],
  ['ghost.html', 'story.md'],
  ['gdocs.html', 'gdocs.md'],
  ['story.docx', 'story-docx.md'],
])('%s', (input, markdown) => {
  it(`gives the same channel posts as ${markdown}`, async () => {
    const [got, want] = await Promise.all([dryRun(input), dryRun(markdown)]);
    expect(got.title).toBe(want.title);
    expect(posts(got)).toEqual(posts(want));
    // The same boilerplate went, whatever the format (a page's photo caption is its own drop).
    const reasons = (a: typeof got) => a.dropped.filter((d) => d.reason !== 'photo caption' && d.reason !== 'photo credit').map((d) => [d.reason, d.text]);
    expect(reasons(got)).toEqual(reasons(want));
    expect(reasons(got).length).toBeGreaterThan(0);
    // Something to compare: every channel the article goes to has a post.
    expect(got.results.filter((r) => r.status === 'valid').length).toBeGreaterThanOrEqual(2);
  });
});

describe('the publish block', () => {
  it('carries per-channel overrides as front matter does (tiktok skip)', async () => {
    const a = await dryRun('wordpress.html');
    expect(a.results.find((r) => r.channel === 'tiktok')).toMatchObject({ status: 'skipped' });
  });
});

describe('a story given by its address', () => {
  let server: Server;
  let base: string;
  let fake: WebhookFake;
  let dir: string;
  const page = readFileSync(`${DIR}/wordpress.html`, 'utf8');

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/?p=48213') return void res.writeHead(301, { location: '/en/kharkiv-metro-school/' }).end();
      if (req.url === '/en/kharkiv-metro-school/') return void res.writeHead(200, { 'content-type': 'text/html; charset=UTF-8' }).end(page);
      if (req.url === '/feed.json') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      if (req.url === '/empty/') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<!DOCTYPE html><html><body><nav><a href="/">Home</a></nav></body></html>');
      res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    fake = await startWebhookFake({ secret: 'hook-secret-value-123' });
    dir = mkdtempSync(join(tmpdir(), 'publish-inputs-'));
    writeFileSync(
      join(dir, 'channels.yaml'),
      [
        'timezone: UTC',
        'language: en',
        'channels:',
        '  site:',
        '    type: wordpress',
        '    url: http://127.0.0.1:9/',
        '    username: editor',
        '    password: ${WP_APP_PASSWORD}',
        '  hook:',
        '    type: webhook',
        `    url: ${fake.url}hook`,
        '    secret: ${HOOK_SECRET}',
        '',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await fake.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  const env = { HOOK_SECRET: 'hook-secret-value-123', WP_APP_PASSWORD: 'not-used-here' };
  const publish = (args: string[]) => runPublish(args, { cwd: dir, env });

  it('skips the website ("already on the website"), sends the rest once, keyed by the canonical address', async () => {
    const first = await publish([`${base}/?p=48213`, '--json']);
    expect(first.code, first.stderr).toBe(0);
    const article = JSON.parse(first.stdout).articles[0];
    expect(article.id).toBe('https://babel.example.org/en/kharkiv-metro-school/');
    const [site, hook] = article.results;
    expect(site).toMatchObject({ channel: 'site', status: 'skipped' });
    expect(site.reason).toMatch(/^already on the website/);
    expect(hook).toMatchObject({ channel: 'hook', status: 'published' });
    expect(fake.accepted()).toHaveLength(1);

    // The same story by another address of it: the ledger knows it by its canonical address.
    const again = await publish([`${base}/en/kharkiv-metro-school/`, '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).articles[0].results[1]).toMatchObject({ channel: 'hook', status: 'unchanged' });
    expect(fake.accepted()).toHaveLength(1);

    const status = await publish(['status', '--json']);
    expect(JSON.parse(status.stdout).posts.map((p: { article: string; channel: string }) => [p.article, p.channel])).toEqual([
      ['https://babel.example.org/en/kharkiv-metro-school/', 'hook'],
    ]);
    // status takes the address as the id it is (it never fetches).
    const one = await publish(['status', '--json', 'https://babel.example.org/en/kharkiv-metro-school/']);
    expect(one.code, one.stderr).toBe(0);
    expect(JSON.parse(one.stdout).posts).toHaveLength(1);
    // cancel tells the channel after the address from the address's own colons.
    const cancel = await publish(['cancel', 'https://babel.example.org/en/kharkiv-metro-school/:hook']);
    expect(cancel.code, cancel.stderr).toBe(0);
    const unknown = await publish(['cancel', 'https://babel.example.org/en/kharkiv-metro-school/:hoook']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no channel "hoook"/);
  });

  it.each([
    ['/missing/', /^error: http:\/\/127\.0\.0\.1:\d+\/missing\/: answered 404 Not Found: check the address/],
    ['/feed.json', /^error: http:\/\/127\.0\.0\.1:\d+\/feed\.json: is not a web page \(it answered application\/json\)/],
    ['/empty/', /^error: http:\/\/127\.0\.0\.1:\d+\/empty\/: has no article in it/],
  ])('%s: exit 2, one line, nothing sent', async (path, message) => {
    const before = fake.accepted().length;
    const r = await publish([`${base}${path}`]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n'), r.stderr).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(fake.accepted()).toHaveLength(before);
  });

  it('bad files: an HTML page with no article, a corrupt .docx: exit 2, one line', async () => {
    writeFileSync(join(dir, 'menu.html'), '<!DOCTYPE html><html><head><title>Babel</title></head><body><nav><ul><li><a href="/">Home</a></li></ul></nav><footer>© Babel</footer></body></html>');
    writeFileSync(join(dir, 'broken.docx'), Buffer.concat([readFileSync(`${DIR}/story.docx`).subarray(0, 64), Buffer.alloc(512, 0x41)]));
    for (const [file, message] of [
      ['menu.html', /^error: menu\.html: has no article in it/],
      ['broken.docx', /^error: broken\.docx: cannot be read as a Word document .*save it again as \.docx$/],
    ] as const) {
      const r = await publish(['--dry-run', file]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.trimEnd().split('\n'), r.stderr).toHaveLength(1);
      expect(r.stderr.trimEnd()).toMatch(message);
    }
  });
});
