/**
 * An article without `url:`: the posts that carry the website's link wait for it, TikTok
 * (its caption has no link) does not — a hung website never holds up the clip.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startTikTokFake, type TikTokFake } from '../fakes/tiktok.js';
import { startWordPressFake, type WordPressFake } from '../fakes/wordpress.js';
import { startPublish } from '../helpers/cli.js';

const WP_PASSWORD = 'abcd EFGH ijkl MNOP qrst UVWX';
const SEED = 'rft.no-link-seed';
const SECRET = 'no-link-client-secret';

let wp: WordPressFake;
let tiktok: TikTokFake;
let dir: string;
beforeEach(async () => {
  wp = await startWordPressFake({ users: [{ login: 'editor', appPassword: WP_PASSWORD }], latencyMs: { 'POST /wp/v2/posts': 8000 } });
  tiktok = await startTikTokFake({ clientSecret: SECRET, refreshTokens: [SEED], processingPolls: 0 });
  dir = mkdtempSync(join(tmpdir(), 'publish-no-link-'));
  writeFileSync(
    join(dir, 'channels.yaml'),
    stringify({
      timezone: 'UTC',
      channels: {
        site: { type: 'wordpress', url: wp.url, username: 'editor', password: '${WP_APP_PASSWORD}' },
        tiktok: { type: 'tiktok', client_key: tiktok.clientKey, client_secret: '${TT_SECRET}', refresh_token: '${TT_REFRESH}', base_url: tiktok.url, status_poll: '10ms' },
      },
    }),
  );
  const ftyp = Buffer.from([0, 0, 0, 0x18, ...Buffer.from('ftypisom'), 0, 0, 2, 0, ...Buffer.from('isommp41')]);
  writeFileSync(join(dir, 'clip.mp4'), Buffer.concat([ftyp, randomBytes(4096)]));
  writeFileSync(join(dir, 'story.md'), '---\nid: no-link\ntitle: A clip and a slow website\nlead: The site hangs.\nvideo: ./clip.mp4\n---\n\nThe body.\n');
});
afterEach(async () => {
  await Promise.all([wp.close(), tiktok.close()]);
});

describe('an article without url: and a website that hangs', () => {
  it('TikTok posts at once; the website finishes later', async () => {
    const child = startPublish(['story.md'], { cwd: dir, env: { WP_APP_PASSWORD: WP_PASSWORD, TT_SECRET: SECRET, TT_REFRESH: SEED } });
    const closed = new Promise<number | null>((resolve) => child.once('close', resolve));
    const started = Date.now();
    while (Object.keys(tiktok.publishes).length === 0 && Date.now() - started < 7000) await new Promise((r) => setTimeout(r, 25));
    expect(Object.keys(tiktok.publishes)).toHaveLength(1);
    // The website's post is still being made.
    expect([...wp.posts.values()].filter((p) => p.slug.startsWith('a-clip'))).toHaveLength(0);
    expect(await closed).toBe(0);
    expect([...wp.posts.values()].filter((p) => p.slug.startsWith('a-clip'))).toHaveLength(1);
  }, 30_000);
});

describe('publish run: an article without url: whose website fails', () => {
  it('the posts that need its link fail at once with the reason (no waiting for a website this run already tried)', async () => {
    const { startWebhookFake } = await import('../fakes/webhook.js');
    const { runPublish } = await import('../helpers/cli.js');
    const hook = await startWebhookFake();
    try {
      wp.latencyMs = {};
      wp.failNext('POST /wp/v2/posts', 500, 10);
      writeFileSync(
        join(dir, 'channels.yaml'),
        stringify({
          timezone: 'UTC',
          channels: {
            site: { type: 'wordpress', url: wp.url, username: 'editor', password: '${WP_APP_PASSWORD}', delay: '1s', retry: { attempts: 2, base_delay: '10ms' } },
            hook: { type: 'webhook', url: `${hook.url}hook`, delay: '1s' },
          },
        }),
      );
      const env = { WP_APP_PASSWORD: WP_PASSWORD };
      expect((await runPublish(['story.md'], { cwd: dir, env })).code).toBe(0);
      await new Promise((r) => setTimeout(r, 1100));
      const started = Date.now();
      const run = await runPublish(['run', '--json'], { cwd: dir, env });
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(run.code).toBe(1);
      const results = (JSON.parse(run.stdout) as { articles: { results: { channel: string; status: string; error?: { message: string } }[] }[] }).articles[0]!.results;
      expect(results.map((r) => [r.channel, r.status])).toEqual([['site', 'failed'], ['hook', 'failed']]);
      expect(results[1]?.error?.message).toMatch(/the website did not publish/);
      expect(hook.requests).toHaveLength(0);
    } finally {
      await hook.close();
    }
  }, 30_000);
});
