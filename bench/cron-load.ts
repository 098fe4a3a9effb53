import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { stringify } from 'yaml';
import { DEFAULT_CHANNEL, startTelegramFake, type TelegramFake } from '../tests/fakes/telegram.js';
import { startTikTokFake, type TikTokFake } from '../tests/fakes/tiktok.js';
import { startWordPressFake, type WordPressFake } from '../tests/fakes/wordpress.js';
import { startYouTubeFake, type YouTubeFake } from '../tests/fakes/youtube.js';
import { BIN, timeCommand, type Figure } from './util.js';

const ARTICLES = 300;
const RUNS = 4;
const WP_PASSWORD = 'abcd EFGH ijkl MNOP qrst UVWX';
const TIKTOK_SECRET = 'bench-tiktok-client-secret';
const TIKTOK_SEED = 'rft.bench-cron-load-seed';
const GOAL_MS = 30_000;

interface Fakes {
  telegram: TelegramFake;
  youtube: YouTubeFake;
  tiktok: TikTokFake;
  wordpress: WordPressFake;
}

/** A YouTube id for article `i` (11 characters). */
const videoId = (i: number) => `vid${String(i).padStart(8, '0')}`;

/** The fakes with their own limits off: what is measured is publish, not a platform's cap. */
async function startFakes(): Promise<Fakes> {
  const off = { max: Number.POSITIVE_INFINITY, windowMs: 60_000 };
  const [telegram, youtube, tiktok, wordpress] = await Promise.all([
    startTelegramFake(),
    startYouTubeFake({ quotaLimit: Number.MAX_SAFE_INTEGER }),
    startTikTokFake({
      clientSecret: TIKTOK_SECRET,
      refreshTokens: [TIKTOK_SEED],
      processingPolls: 0,
      rateLimits: { creatorInfo: off, init: off, status: off },
    }),
    startWordPressFake({ users: [{ login: 'editor', appPassword: WP_PASSWORD }] }),
  ]);
  for (let i = 0; i < ARTICLES; i++) youtube.addVideo(videoId(i), { title: `Video ${i}`, description: 'Filmed for the bench.', categoryId: '25' });
  return { telegram, youtube, tiktok, wordpress };
}

/** A small MP4 (an `ftyp` box, then bytes): what a newsroom's short clip starts with. */
function smallClip(): Buffer {
  const ftyp = Buffer.from([0, 0, 0, 0x18, ...Buffer.from('ftypisom'), 0, 0, 2, 0, ...Buffer.from('isommp41')]);
  const mdat = Buffer.concat([Buffer.from([0, 0, 0x40, 0x08]), Buffer.from('mdat'), randomBytes(0x4000)]);
  return Buffer.concat([ftyp, mdat]);
}

/** A newsroom with four platform channels (no pacing: `per_minute: 0`), 300 articles without `url:`. */
function workspace(f: Fakes): { dir: string; files: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'publish-bench-cron-'));
  const common = { per_minute: 0, delay: '1s' };
  writeFileSync(
    join(dir, 'channels.yaml'),
    stringify({
      timezone: 'UTC',
      channels: {
        site: { type: 'wordpress', url: f.wordpress.url, username: 'editor', password: '${WP_APP_PASSWORD}', ...common },
        telegram: { type: 'telegram', token: '${TELEGRAM_BOT_TOKEN}', chat: `@${DEFAULT_CHANNEL.username}`, api_root: f.telegram.url, photo: 'none', ...common },
        youtube: {
          type: 'youtube',
          client_id: '${YOUTUBE_CLIENT_ID}',
          client_secret: '${YOUTUBE_CLIENT_SECRET}',
          refresh_token: '${YOUTUBE_REFRESH_TOKEN}',
          root_url: f.youtube.url,
          token_url: f.youtube.tokenUrl,
          ...common,
        },
        tiktok: {
          type: 'tiktok',
          client_key: f.tiktok.clientKey,
          client_secret: '${TIKTOK_CLIENT_SECRET}',
          refresh_token: '${TIKTOK_REFRESH_TOKEN}',
          base_url: f.tiktok.url,
          status_poll: '10ms',
          ...common,
        },
      },
    }),
  );
  writeFileSync(join(dir, 'clip.mp4'), smallClip());
  const files: string[] = [];
  for (let i = 0; i < ARTICLES; i++) {
    const file = `story-${i}.md`;
    writeFileSync(join(dir, file), `---\nid: story-${i}\ntitle: Story number ${i}\nlead: The lead of story ${i}.\nyoutube: ${videoId(i)}\nvideo: ./clip.mp4\ntags: [Bench, Load]\n---\n\nThe body of story ${i}.\n`);
    files.push(file);
  }
  return { dir, files };
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

/** Posts each platform made, and how many of them were doubles. */
function platformCounts(f: Fakes): { made: Record<string, number>; doubled: number } {
  const telegramTexts = f.telegram.messages(`@${DEFAULT_CHANNEL.username}`).map((m) => /Story number \d+/.exec(m.text ?? '')?.[0] ?? '');
  // The fake starts with WordPress's own 'hello-world' post.
  const wordpressSlugs = [...f.wordpress.posts.values()].map((p) => p.slug).filter((slug) => slug.startsWith('story-'));
  const tiktokTitles = Object.values(f.tiktok.publishes).map((p) => /Story number \d+/.exec(String(p.postInfo.title ?? ''))?.[0] ?? '');
  const youtubeUpdates = f.youtube.requests.filter((r) => r.route === 'videos.update').map((r) => String((r.body as { id?: string } | undefined)?.id ?? ''));
  const lists = { wordpress: wordpressSlugs, telegram: telegramTexts, youtube: youtubeUpdates, tiktok: tiktokTitles };
  const made = Object.fromEntries(Object.entries(lists).map(([k, v]) => [k, v.length]));
  const doubled = Object.values(lists).reduce((n, v) => n + (v.length - new Set(v).size), 0);
  return { made, doubled };
}

/** What the ledger says: rows sent, queue rows done. */
function ledgerCounts(dir: string): { sent: number; done: number; other: string } {
  const db = new Database(join(dir, '.publish/state.db'), { readonly: true });
  try {
    const sent = (db.prepare("SELECT count(*) AS n FROM posts WHERE status = 'sent'").get() as { n: number }).n;
    const done = (db.prepare("SELECT count(*) AS n FROM queue WHERE status = 'done'").get() as { n: number }).n;
    const rest = db.prepare("SELECT status, count(*) AS n FROM queue WHERE status <> 'done' GROUP BY status").all() as { status: string; n: number }[];
    return { sent, done, other: rest.map((r) => `${r.n} ${r.status}`).join(', ') };
  } finally {
    db.close();
  }
}

/**
 * Cron under load: 300 articles without `url:` queued for WordPress, Telegram, YouTube and
 * TikTok (a small clip) — 1,200 posts due at once — worked through by 4 overlapping
 * `publish run` processes against the platform fakes with their limits off and
 * `per_minute: 0`. The figure is the wall time until the last run exits; every post must
 * be made exactly once and recorded.
 */
export async function cronLoad(): Promise<Figure> {
  const fakes = await startFakes();
  const { dir, files } = workspace(fakes);
  try {
    const env = secretsEnv(fakes);
    const queued = await timeCommand(process.execPath, [BIN, ...files], { cwd: dir, env });
    if (queued.code !== 0) throw new Error(`queueing failed (exit ${queued.code}): ${queued.stderr.trim()}`);
    await new Promise((r) => setTimeout(r, 1100)); // `delay: 1s`: all due now
    const start = process.hrtime.bigint();
    const runs = await Promise.all(Array.from({ length: RUNS }, () => timeCommand(process.execPath, [BIN, 'run', '--json'], { cwd: dir, env })));
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const failedRuns = runs.filter((r) => r.code !== 0);
    if (process.env.BENCH_DEBUG) {
      writeFileSync('/tmp/cron-wp.json', JSON.stringify([...fakes.wordpress.posts.values()].map((p) => [p.id, p.slug, p.status]), null, 0));
      writeFileSync('/tmp/cron-wp-req.json', JSON.stringify(fakes.wordpress.requests.map((r) => [r.method, r.route, (r as { query?: unknown }).query, (r as { status?: unknown }).status])));
      for (const [i, r] of runs.entries()) writeFileSync(`/tmp/cron-run-${i}.json`, r.stdout), writeFileSync(`/tmp/cron-run-${i}.err`, r.stderr);
    }
    const { made, doubled } = platformCounts(fakes);
    const ledger = ledgerCounts(dir);
    const total = ARTICLES * 4;
    const lost = total - ledger.sent;
    const perRun = runs.map((r) => {
      try {
        return (JSON.parse(r.stdout) as { articles: unknown[] }).articles.length;
      } catch {
        return 0;
      }
    });
    const note = [
      `${ledger.sent}/${total} recorded sent, ${lost} lost, ${doubled} doubled`,
      `made: ${Object.entries(made).map(([k, v]) => `${k} ${v}`).join(', ')}`,
      `articles per run ${perRun.join('/')}`,
      ...(ledger.other ? [`queue also: ${ledger.other}`] : []),
      ...(failedRuns.length > 0 ? [`${failedRuns.length} runs failed: ${failedRuns[0]?.stderr.trim().split('\n').slice(-2).join(' ')}`] : []),
    ].join('; ');
    return {
      name: `cron: ${total} due posts (${ARTICLES} articles × 4 platforms), ${RUNS} overlapping runs`,
      value: Math.round(ms),
      unit: 'ms',
      goal: `≤ ${GOAL_MS} ms, 0 lost, 0 doubled`,
      ok: ms <= GOAL_MS && lost === 0 && doubled === 0 && failedRuns.length === 0 && Object.values(made).every((n) => n === ARTICLES),
      note,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await Promise.all([fakes.telegram.close(), fakes.youtube.close(), fakes.tiktok.close(), fakes.wordpress.close()]);
  }
}
