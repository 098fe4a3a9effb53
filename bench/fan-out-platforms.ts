import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { DEFAULT_CHANNEL, startTelegramFake, type TelegramFake } from '../tests/fakes/telegram.js';
import { startTikTokFake, type TikTokFake } from '../tests/fakes/tiktok.js';
import { startWordPressFake, type WordPressFake } from '../tests/fakes/wordpress.js';
import { startYouTubeFake, type YouTubeFake } from '../tests/fakes/youtube.js';
import { mp4Bytes } from '../tests/helpers/media.js';
import { BIN, median, timeCommand, type Figure } from './util.js';

const LATENCY_MS = 600;
const VIDEO_ID = 'dQw4w9WgXcQ';
const WP_PASSWORD = 'abcd EFGH ijkl MNOP qrst UVWX';
const TIKTOK_SECRET = 'bench-tiktok-client-secret';
const TIKTOK_SEED = 'rft.bench-fan-out-seed';
const CHANNELS = ['telegram', 'youtube', 'tiktok', 'wordpress'] as const;

/** The four platform fakes, each slow only on the request that creates the post. */
interface Fakes {
  telegram: TelegramFake;
  youtube: YouTubeFake;
  tiktok: TikTokFake;
  wordpress: WordPressFake;
}

/**
 * Fresh fakes for each run: with the post of an earlier run in place, WordPress would find
 * it by slug and YouTube would see the description already written, and neither would
 * make its slow request again.
 */
async function startFakes(): Promise<Fakes> {
  const [telegram, youtube, tiktok, wordpress] = await Promise.all([
    startTelegramFake(),
    startYouTubeFake(),
    startTikTokFake({
      clientSecret: TIKTOK_SECRET,
      refreshTokens: [TIKTOK_SEED],
      processingPolls: 0,
      latencyMs: { '/v2/post/publish/video/init/': LATENCY_MS },
    }),
    startWordPressFake({
      users: [{ login: 'editor', appPassword: WP_PASSWORD }],
      latencyMs: { 'POST /wp/v2/posts': LATENCY_MS },
    }),
  ]);
  youtube.addVideo(VIDEO_ID, { title: 'A story on video', description: 'Filmed for the bench.', categoryId: '25' });
  // These two fakes take a delay as a one-shot fault on a route.
  telegram.failNext('sendMessage', { delayMs: LATENCY_MS });
  youtube.failNext('videos.update', { delayMs: LATENCY_MS });
  return { telegram, youtube, tiktok, wordpress };
}

/** A fresh newsroom directory: one channel of each platform type, one article, a 1 MB clip. */
function workspace(f: Fakes): string {
  const dir = mkdtempSync(join(tmpdir(), 'publish-bench-fanout-platforms-'));
  writeFileSync(
    join(dir, 'channels.yaml'),
    stringify({
      timezone: 'UTC',
      channels: {
        telegram: { type: 'telegram', token: '${TELEGRAM_BOT_TOKEN}', chat: `@${DEFAULT_CHANNEL.username}`, api_root: f.telegram.url, photo: 'none' },
        youtube: {
          type: 'youtube',
          client_id: '${YOUTUBE_CLIENT_ID}',
          client_secret: '${YOUTUBE_CLIENT_SECRET}',
          refresh_token: '${YOUTUBE_REFRESH_TOKEN}',
          root_url: f.youtube.url,
          token_url: f.youtube.tokenUrl,
        },
        tiktok: {
          type: 'tiktok',
          client_key: f.tiktok.clientKey,
          client_secret: '${TIKTOK_CLIENT_SECRET}',
          refresh_token: '${TIKTOK_REFRESH_TOKEN}',
          base_url: f.tiktok.url,
          status_poll: '10ms',
        },
        wordpress: { type: 'wordpress', url: f.wordpress.url, username: 'editor', password: '${WP_APP_PASSWORD}' },
      },
    }),
  );
  writeFileSync(join(dir, 'clip.mp4'), mp4Bytes(1024 * 1024));
  writeFileSync(
    join(dir, 'story.md'),
    `---\nid: story\ntitle: A story\nlead: Its lead.\nurl: https://example.org/story/\nyoutube: ${VIDEO_ID}\nvideo: ./clip.mp4\n---\n\nIts body.\n`,
  );
  return dir;
}

function secretsEnv(f: Fakes): Record<string, string> {
  return {
    TELEGRAM_BOT_TOKEN: f.telegram.token,
    YOUTUBE_CLIENT_ID: f.youtube.clientId,
    YOUTUBE_CLIENT_SECRET: f.youtube.clientSecret,
    YOUTUBE_REFRESH_TOKEN: f.youtube.refreshToken,
    TIKTOK_CLIENT_SECRET: TIKTOK_SECRET,
    TIKTOK_REFRESH_TOKEN: TIKTOK_SEED,
    WP_APP_PASSWORD: WP_PASSWORD,
  };
}

/** Throws unless the `--json` report says every channel published. */
function assertAllSent(stdout: string): void {
  const doc = JSON.parse(stdout) as { articles: { results: { channel: string; status: string; error?: { message: string } }[] }[] };
  const results = doc.articles[0]?.results ?? [];
  const bad = CHANNELS.filter((c) => results.find((r) => r.channel === c)?.status !== 'published');
  if (bad.length > 0) {
    const why = bad.map((c) => {
      const r = results.find((x) => x.channel === c);
      return `${c}: ${r ? `${r.status}${r.error ? ` (${r.error.message})` : ''}` : 'missing'}`;
    });
    throw new Error(`not every channel published: ${why.join('; ')}`);
  }
}

/** Requests each fake received, and whether its slow request was among them. */
function requestCounts(f: Fakes): Record<(typeof CHANNELS)[number], number> {
  const slow = [
    f.telegram.requestsTo('sendMessage').length,
    f.youtube.requests.filter((r) => r.route === 'videos.update').length,
    f.tiktok.requests.filter((r) => r.path === '/v2/post/publish/video/init/').length,
    f.wordpress.requests.filter((r) => r.method === 'POST' && r.route === '/wp/v2/posts').length,
  ];
  if (slow.some((n) => n !== 1)) throw new Error(`expected one slow creating request per channel, got ${slow.join(', ')}`);
  return {
    telegram: f.telegram.requests.length,
    youtube: f.youtube.requests.length,
    tiktok: f.tiktok.requests.length,
    wordpress: f.wordpress.requests.length,
  };
}

/**
 * One article with `url` to four platform channels (Telegram, YouTube, TikTok, WordPress
 * fakes in this process) whose post-creating request each answers after 600 ms; the other
 * requests (token refresh, lookups, upload, status) answer at once. Measured like
 * bench/fan-out.ts: the whole `publish` process minus an immediate rerun that sends nothing.
 */
export async function fanOutPlatforms(runs = 5): Promise<Figure> {
  const walls: number[] = [];
  const idle: number[] = [];
  let counts: Record<string, number> = {};
  for (let i = 0; i < runs; i++) {
    const fakes = await startFakes();
    const dir = workspace(fakes);
    try {
      const env = secretsEnv(fakes);
      const r = await timeCommand(process.execPath, [BIN, '--json', 'story.md'], { cwd: dir, env });
      if (r.code !== 0) throw new Error(`publish failed (exit ${r.code}): ${r.stderr.trim() || r.stdout.trim()}`);
      assertAllSent(r.stdout);
      walls.push(r.ms);
      // The rerun does everything but wait for the servers (all unchanged): start-up, config, ledger.
      const again = await timeCommand(process.execPath, [BIN, '--json', 'story.md'], { cwd: dir, env });
      if (again.code !== 0) throw new Error(`rerun failed (exit ${again.code}): ${again.stderr.trim()}`);
      idle.push(again.ms);
      counts = requestCounts(fakes);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await Promise.all([fakes.telegram.close(), fakes.youtube.close(), fakes.tiktok.close(), fakes.wordpress.close()]);
    }
  }
  const fan = median(walls) - median(idle);
  const perChannel = Object.entries(counts).map(([c, n]) => `${c} ${n}`).join(', ');
  return {
    name: 'fan-out, 4 platform fakes answering after 600 ms',
    value: Math.round(fan),
    unit: 'ms',
    goal: '≤ 900 ms (1.5 × 600)',
    ok: fan <= 900,
    note: `whole process ${median(walls).toFixed(0)} ms, of which start-up/ledger ${median(idle).toFixed(0)} ms; requests per run (one slow each): ${perChannel}`,
  };
}
