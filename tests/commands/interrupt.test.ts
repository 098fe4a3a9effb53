/**
 * Ctrl-C in a real process: the first SIGINT starts nothing new, lets the posts on the wire
 * finish (and records them), prints the summary and exits 130; a second exits at once.
 * And two editors publishing one article without `url:` at the same moment: the one who
 * loses the race hears "sent by another run", not a failure.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { DEFAULT_CHANNEL, startTelegramFake, type TelegramFake } from '../fakes/telegram.js';
import { startWebhookFake, type WebhookFake } from '../fakes/webhook.js';
import { startWordPressFake, type WordPressFake } from '../fakes/wordpress.js';
import { startYouTubeFake, type YouTubeFake } from '../fakes/youtube.js';
import { runPublish, startPublish, type CliRun } from '../helpers/cli.js';

const SECRET = 'hook-secret-value-123';

/** Runs a child to its end, collecting its output. */
function collect(child: ReturnType<typeof startPublish>): { done: Promise<CliRun>; stderr: () => string } {
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<CliRun>((resolve) => child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr, bundles: [] })));
  return { done, stderr: () => stderr };
}

async function until(test: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (test()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('Ctrl-C while sending', () => {
  let fake: WebhookFake;
  let dir: string;
  beforeEach(async () => {
    fake = await startWebhookFake({ secret: SECRET });
    dir = mkdtempSync(join(tmpdir(), 'publish-sigint-'));
    const channels = ['a', 'b', 'c', 'd'].map((c) => `  ${c}:\n    type: webhook\n    url: ${fake.url}${c}\n    secret: \${HOOK_SECRET}\n`).join('');
    writeFileSync(join(dir, 'channels.yaml'), `timezone: UTC\nchannels:\n${channels}`);
    for (const name of ['first', 'second']) {
      writeFileSync(join(dir, `${name}.md`), `---\nid: ${name}\nurl: https://example.org/${name}/\n---\n# The ${name} story\n\nIts lead.\n`);
    }
  });
  afterEach(async () => {
    await fake.close();
  });
  const env = { HOOK_SECRET: SECRET };

  it('the first SIGINT waits for the posts on the wire, says so, prints the summary and exits 130', async () => {
    fake.latencyMs = 1500;
    const child = startPublish(['first.md', 'second.md'], { cwd: dir, env });
    const out = collect(child);
    await until(() => (out.stderr().match(/: sending/g) ?? []).length >= 4, 'the first article on the wire');
    child.kill('SIGINT');
    const run = await out.done;

    expect(run.code).toBe(130);
    expect(run.stderr).toMatch(/warning: stopping: nothing new starts; waiting for 4 posts on the wire to finish \(Ctrl-C again to quit at once\)/);
    // Every channel's line, the finished ones with their links, the rest not sent.
    for (const c of ['a', 'b', 'c', 'd']) expect(run.stdout).toMatch(new RegExp(`✓ ${c} \\(webhook\\) +published +http`));
    expect((run.stdout.match(/– [a-d] \(webhook\) +skipped: not sent: publish was stopped \(Ctrl-C\)/g) ?? []).length).toBe(4);
    expect(run.stderr).toMatch(/done: 2 articles, 4 published, 4 skipped/);
    expect(run.stderr).toMatch(/stopped by Ctrl-C/);
    expect(fake.accepted().map((d) => d.body.article?.id)).toEqual(['first', 'first', 'first', 'first']);

    // Recorded: nothing is left in flight, and a rerun sends only what was not sent.
    const status = await runPublish(['status', '--json'], { cwd: dir, env });
    const posts = (JSON.parse(status.stdout) as { posts: { article: string; status: string }[] }).posts;
    expect(posts.filter((p) => p.status === 'in_flight')).toEqual([]);
    fake.latencyMs = 0;
    const rerun = await runPublish(['first.md', 'second.md', '--json'], { cwd: dir, env });
    expect(rerun.code).toBe(0);
    expect(fake.accepted().filter((d) => d.body.article?.id === 'second')).toHaveLength(4);
    expect(fake.accepted()).toHaveLength(8);
  }, 60_000);

  it('a second SIGINT exits at once; what was on the wire stays in flight', async () => {
    fake.latencyMs = 20_000;
    const child = startPublish(['first.md'], { cwd: dir, env });
    const out = collect(child);
    await until(() => (out.stderr().match(/: sending/g) ?? []).length >= 4, 'the posts on the wire');
    const started = Date.now();
    child.kill('SIGINT');
    await until(() => /stopping/.test(out.stderr()), 'the first Ctrl-C line');
    child.kill('SIGINT');
    const run = await out.done;
    expect(Date.now() - started).toBeLessThan(5000);
    expect(run.code).toBe(130);
    expect(run.stderr).toMatch(/stopped at once: posts that were on the wire stay "in flight"/);
    const status = await runPublish(['status', '--json'], { cwd: dir, env });
    expect((JSON.parse(status.stdout) as { posts: { status: string }[] }).posts.every((p) => p.status === 'in_flight')).toBe(true);
  }, 60_000);

  it('publish run: stopped articles go back to the queue', async () => {
    expect((await runPublish(['first.md', 'second.md', '--at', '+0s'], { cwd: dir, env })).code).toBe(0);
    fake.latencyMs = 1500;
    const child = startPublish(['run', '--concurrency', '1'], { cwd: dir, env });
    const out = collect(child);
    await until(() => (out.stderr().match(/: sending/g) ?? []).length >= 4, 'the first article on the wire');
    child.kill('SIGINT');
    const run = await out.done;
    expect(run.code).toBe(130);
    expect(fake.accepted()).toHaveLength(4);
    fake.latencyMs = 0;
    const again = await runPublish(['run', '--json'], { cwd: dir, env });
    expect(again.code, again.stderr).toBe(0);
    expect(fake.accepted()).toHaveLength(8);
    expect(new Set(fake.accepted().map((d) => `${d.body.article?.id}${d.path}`)).size).toBe(8);
  }, 60_000);
});

describe('two editors publish one article without `url:` at the same moment', () => {
  let wp: WordPressFake;
  let telegram: TelegramFake;
  let youtube: YouTubeFake;
  let dir: string;
  const WP_PASSWORD = 'abcd EFGH ijkl MNOP qrst UVWX';
  beforeEach(async () => {
    wp = await startWordPressFake({ users: [{ login: 'editor', appPassword: WP_PASSWORD }], latencyMs: { 'POST /wp/v2/posts': 1500 } });
    telegram = await startTelegramFake();
    youtube = await startYouTubeFake();
    youtube.addVideo('dQw4w9WgXcQ', { title: 'The video', description: 'Filmed.', categoryId: '25' });
    dir = mkdtempSync(join(tmpdir(), 'publish-race-'));
    writeFileSync(
      join(dir, 'channels.yaml'),
      stringify({
        timezone: 'UTC',
        channels: {
          site: { type: 'wordpress', url: wp.url, username: 'editor', password: '${WP_APP_PASSWORD}' },
          telegram: { type: 'telegram', token: '${TELEGRAM_BOT_TOKEN}', chat: `@${DEFAULT_CHANNEL.username}`, api_root: telegram.url, photo: 'none' },
          youtube: { type: 'youtube', client_id: '${YT_ID}', client_secret: '${YT_SECRET}', refresh_token: '${YT_REFRESH}', root_url: youtube.url, token_url: youtube.tokenUrl },
        },
      }),
    );
    writeFileSync(join(dir, 'story.md'), '---\nid: race\ntitle: Two editors at once\nlead: Both pressed publish.\nyoutube: dQw4w9WgXcQ\n---\n\nThe body.\n');
  });
  afterEach(async () => {
    await Promise.all([wp.close(), telegram.close(), youtube.close()]);
  });

  it('one post per channel; the other run reports "sent by another run", and both exit 0', async () => {
    const env = { WP_APP_PASSWORD: WP_PASSWORD, TELEGRAM_BOT_TOKEN: telegram.token, YT_ID: youtube.clientId, YT_SECRET: youtube.clientSecret, YT_REFRESH: youtube.refreshToken };
    const [one, two] = await Promise.all([
      runPublish(['story.md', '--json'], { cwd: dir, env: { ...env, PUBLISH_HOST: 'desk-1' } }),
      runPublish(['story.md', '--json'], { cwd: dir, env: { ...env, PUBLISH_HOST: 'desk-2' } }),
    ]);
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    expect([...wp.posts.values()].filter((p) => p.slug.startsWith('two-editors'))).toHaveLength(1);
    expect(telegram.messages(`@${DEFAULT_CHANNEL.username}`)).toHaveLength(1);
    expect(youtube.requests.filter((r) => r.route === 'videos.update')).toHaveLength(1);

    type R = { channel: string; status: string; reason?: string };
    const results = [one, two].flatMap((r) => (JSON.parse(r.stdout) as { articles: { results: R[] }[] }).articles[0]!.results);
    for (const channel of ['site', 'telegram', 'youtube']) {
      const mine = results.filter((r) => r.channel === channel);
      expect(mine.map((r) => r.status).sort(), channel).toEqual(['published', 'unchanged']);
      expect(mine.find((r) => r.status === 'unchanged')?.reason, channel).toMatch(/^sent by another run \(desk-[12]/);
    }
    expect(results.some((r) => r.status === 'failed')).toBe(false);
  }, 60_000);
});
