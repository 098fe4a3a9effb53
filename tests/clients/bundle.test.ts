/**
 * The platform clients as users run them. The channel suites run in this process from src/,
 * where each client is imported from node_modules: no stand-in, no bundle, no stored code.
 * Here a real `publish` process (bin/publish.js → dist/main.cjs → dist/vendor/*.cjs) sends
 * one article to every platform's fake, and the trace of the bundles it ran proves each
 * send went through the vendored client with V8's stored code accepted.
 */
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHANNEL, startTelegramFake, type TelegramFake } from '../fakes/telegram.js';
import { startTikTokFake, type TikTokFake } from '../fakes/tiktok.js';
import { startWebhookFake, type WebhookFake } from '../fakes/webhook.js';
import { startWordPressFake, type WordPressFake } from '../fakes/wordpress.js';
import { startYouTubeFake, type YouTubeFake } from '../fakes/youtube.js';
import { ROOT, runPublish, type BundleRun } from '../helpers/cli.js';
import { platformEnv } from '../helpers/platform-env.js';

const VIDEO = 'dQw4w9WgXcQ';
const WP_PASSWORD = 'abcd EFGH ijkl MNOP qrst UVWX';
const TIKTOK_SECRET = 'bundle-test-tiktok-secret';
const TIKTOK_SEED = 'rft.bundle-test-seed';
const HOOK_SECRET = 'bundle-test-hook-secret';

let telegram: TelegramFake;
let youtube: YouTubeFake;
let tiktok: TikTokFake;
let wordpress: WordPressFake;
let webhook: WebhookFake;
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  [telegram, youtube, tiktok, wordpress, webhook] = await Promise.all([
    startTelegramFake(),
    startYouTubeFake(),
    startTikTokFake({ clientSecret: TIKTOK_SECRET, refreshTokens: [TIKTOK_SEED], processingPolls: 1 }),
    startWordPressFake({ users: [{ login: 'editor', appPassword: WP_PASSWORD }] }),
    startWebhookFake({ secret: HOOK_SECRET }),
  ]);
  youtube.addVideo(VIDEO, { title: 'Istanbul talks', description: 'Filmed in Istanbul.', categoryId: '25' });
  dir = mkdtempSync(join(tmpdir(), 'publish-bundle-'));
  cpSync(join(ROOT, 'examples'), dir, { recursive: true });
  await writeFile(
    join(dir, 'channels.yaml'),
    stringify({
      timezone: 'UTC',
      channels: {
        site: { type: 'wordpress', url: wordpress.url, username: 'editor', password: '${WP_APP_PASSWORD}' },
        telegram: { type: 'telegram', token: '${TELEGRAM_BOT_TOKEN}', chat: `@${DEFAULT_CHANNEL.username}`, api_root: telegram.url },
        youtube: {
          type: 'youtube',
          client_id: '${YOUTUBE_CLIENT_ID}',
          client_secret: '${YOUTUBE_CLIENT_SECRET}',
          refresh_token: '${YOUTUBE_REFRESH_TOKEN}',
          root_url: youtube.url,
          token_url: youtube.tokenUrl,
        },
        tiktok: {
          type: 'tiktok',
          client_key: tiktok.clientKey,
          client_secret: '${TIKTOK_CLIENT_SECRET}',
          refresh_token: '${TIKTOK_REFRESH_TOKEN}',
          base_url: tiktok.url,
          status_poll: '10ms',
        },
        hook: { type: 'webhook', url: `${webhook.url}story`, secret: '${HOOK_SECRET}' },
      },
    }),
  );
  env = {
    ...platformEnv({ telegram, youtube, tiktok: { clientSecret: TIKTOK_SECRET, refreshToken: TIKTOK_SEED }, wordpressPassword: WP_PASSWORD }),
    HOOK_SECRET,
  };
});
afterAll(async () => {
  await Promise.all([telegram, youtube, tiktok, wordpress, webhook].map((f) => f?.close()));
});

/** The bundles a run used, as paths under dist/, in the order they ran. */
function used(bundles: BundleRun[]): string[] {
  return bundles.map((b) => {
    expect(b.cache, b.file).toBe('accepted');
    expect(b.file.startsWith(join(ROOT, 'dist/')), b.file).toBe(true);
    return b.file.slice(join(ROOT, 'dist/').length);
  });
}

describe('sending through the built bundles (as users run publish)', () => {
  it('a dry-run runs the CLI bundle only', async () => {
    const run = await runPublish(['--dry-run', '--json', 'istanbul-talks.md'], { cwd: dir, env });
    expect(run.code, run.stderr).toBe(0);
    expect(used(run.bundles)).toEqual(['main.cjs']);
  });

  it('every platform sends through its client in dist/vendor, each with its stored code', async () => {
    const run = await runPublish(['--json', 'istanbul-talks.md'], { cwd: dir, env });
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const results = JSON.parse(run.stdout).articles[0].results as { channel: string; status: string; error?: unknown }[];
    expect(Object.fromEntries(results.map((r) => [r.channel, r.status])), JSON.stringify(results.map((r) => r.error))).toEqual({
      site: 'published',
      telegram: 'published',
      youtube: 'published',
      tiktok: 'published',
      hook: 'published',
    });

    // Each platform really holds the post: a photo post, the new description, a finished
    // upload, a post with its featured image, one signed delivery.
    const [message] = telegram.messages(`@${DEFAULT_CHANNEL.username}`);
    expect(message?.photo).toBeDefined();
    expect(youtube.video(VIDEO)?.snippet.description).toContain('https://babel.example.org/en/istanbul-talks/');
    expect(Object.values(tiktok.uploads).filter((u) => u.complete)).toHaveLength(1);
    const posts = [...wordpress.posts.values()].filter((p) => p.slug === 'istanbul-talks');
    expect(posts.map((p) => p.featuredMedia > 0)).toEqual([true]);
    expect(webhook.accepted()).toHaveLength(1);

    // The CLI bundle first, then each client once, from dist/vendor with stored code.
    const bundles = used(run.bundles);
    expect(bundles[0]).toBe('main.cjs');
    expect(bundles.slice(1).sort()).toEqual(['vendor/got.cjs', 'vendor/telegraf.cjs', 'vendor/youtube.cjs']);
  });

  it('each client bundle holds its client whole: it requires only built-in modules', () => {
    // So what a bundle runs is what the build put in it (stand-ins included), never a copy
    // resolved from node_modules at run time. debug and node-fetch try to require two
    // optional packages inside try/catch; neither is a dependency of publish.
    const OPTIONAL = ['supports-color', 'encoding'];
    for (const name of ['got', 'telegraf', 'youtube']) {
      const source = readFileSync(join(ROOT, 'dist/vendor', `${name}.cjs`), 'utf8');
      const required = [...source.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1] as string);
      expect(required.length, name).toBeGreaterThan(0);
      expect(required.filter((r) => !builtinModules.includes(r.replace(/^node:/, '')) && !OPTIONAL.includes(r)), name).toEqual([]);
    }
  });
});
