/**
 * The tiktok channel type against the strict TikTok fake: the shared contract, then what is
 * TikTok's own — chunk arithmetic and ranges, rotated refresh tokens that survive a restart,
 * success judged by `error.code` only, status polling with exact big ids, and the refusals
 * an editor must be able to act on.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Article } from '../../src/article/types.js';
import tiktok from '../../src/channels/tiktok/index.js';
import { tiktokOptions, type TikTokOptions, type TikTokOutput } from '../../src/channels/tiktok/options.js';
import { MAX_LAST_CHUNK, planChunks } from '../../src/channels/tiktok/chunks.js';
import { deliverTikTok, lookupTikTok, verifyTikTok } from '../../src/channels/tiktok/deliver.js';
import { failReasonError, tiktokApiError } from '../../src/channels/tiktok/errors.js';
import { mp4DurationSeconds } from '../../src/channels/tiktok/mp4.js';
import { postIdFromStatus } from '../../src/channels/tiktok/publish-status.js';
import type { DeliverContext, Post, Receipt } from '../../src/channels/types.js';
import type { ChannelConfig, Config } from '../../src/config/types.js';
import { createAttempt } from '../../src/http/retry.js';
import { ChannelError } from '../../src/errors.js';
import { runPublish, startPublish } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inprocess.js';
import { mp4Bytes, writeSparseMp4 } from '../helpers/media.js';
import { chunkArithmeticProblem, startTikTokFake, type TikTokFake, type TikTokFakeOptions } from '../fakes/tiktok.js';
import { testChannel } from './contract.js';

const MB = 1024 * 1024;
const CLIENT_SECRET = 'contract-tiktok-client-secret';
const SEED = 'rft.seed-from-channels-yaml';
/** The fake's first post id: beyond 2^53, so only exact text keeps it. */
const BIG_ID = '7440000000000000001';
const INVALID_GRANT = 'TikTok refresh token expired or already used: authorise again and set TIKTOK_REFRESH_TOKEN';

/** Every secret the fake knows now (issued access tokens, live refresh tokens) plus ours. */
function secretsOf(fake: TikTokFake): string[] {
  return [CLIENT_SECRET, SEED, ...fake.accessTokens.keys(), ...fake.validRefreshTokens];
}

testChannel<TikTokFake>({
  type: 'tiktok',
  async start() {
    const fake = await startTikTokFake({ clientSecret: CLIENT_SECRET, refreshTokens: [SEED], processingPolls: 1 });
    return {
      fake,
      options: {
        client_key: fake.clientKey,
        client_secret: '${TIKTOK_CLIENT_SECRET}',
        refresh_token: '${TIKTOK_REFRESH_TOKEN}',
        base_url: fake.url,
        status_poll: '10ms',
      },
      env: { TIKTOK_CLIENT_SECRET: CLIENT_SECRET, TIKTOK_REFRESH_TOKEN: SEED },
      close: () => fake.close(),
    };
  },
  posts: (fake) => Object.values(fake.uploads).filter((u) => u.complete).length,
  requests: (fake) => fake.requests.length,
  failNext(fake, fault) {
    if (fault === 'unauthorized') fake.validRefreshTokens.clear(); // the refresh token was used or revoked
    if (fault === 'rate_limited') fake.refuseNextInit('rate_limit_exceeded');
    if (fault === 'server_error') fake.failNextChunk(503);
  },
  // Only the Istanbul story has a `video:` clip; the others are skipped.
  articles: ['istanbul-talks.md'],
  remote: /^https:\/\/www\.tiktok\.com\/@babel\.news\/video\/\d{19}$/,
  secrets: (setup) => secretsOf(setup.fake),
});

// ---------------------------------------------------------------------------------------
// A newsroom folder with one story and its clip, against a fresh fake.

interface Site {
  fake: TikTokFake;
  dir: string;
  env: Record<string, string>;
  /** Writes `story.md` (or `name`) pointing at a clip of `size` bytes (random bytes; sparse above 16 MB). */
  story(size: number, opts?: { name?: string; id?: string; lead?: string; text?: string }): { file: string; sha256?: string };
  run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  /** The tiktok result of a `--json` run. */
  result(stdout: string): Record<string, any>;
}

let site: Site;
let fakes: TikTokFake[] = [];

async function startSite(options: Record<string, unknown> = {}, fakeOptions: TikTokFakeOptions = {}): Promise<Site> {
  const fake = await startTikTokFake({ clientSecret: CLIENT_SECRET, refreshTokens: [SEED], processingPolls: 1, hashUploads: true, ...fakeOptions });
  fakes.push(fake);
  const dir = mkdtempSync(join(tmpdir(), 'publish-tiktok-'));
  const env = { TIKTOK_CLIENT_SECRET: CLIENT_SECRET, TIKTOK_REFRESH_TOKEN: SEED };
  writeFileSync(join(dir, 'channels.yaml'), stringify({
    timezone: 'UTC',
    channels: {
      tiktok: {
        type: 'tiktok',
        client_key: fake.clientKey,
        client_secret: '${TIKTOK_CLIENT_SECRET}',
        refresh_token: '${TIKTOK_REFRESH_TOKEN}',
        base_url: fake.url,
        status_poll: '10ms',
        retry: { attempts: 3, base_delay: '10ms', max_delay: '50ms', budget: '20s' },
        ...options,
      },
    },
  }));
  return {
    fake,
    dir,
    env,
    story(size, opts = {}) {
      const name = opts.name ?? 'story.md';
      const clip = `${name.replace(/\.md$/, '')}.mp4`;
      let sha256: string | undefined;
      if (size <= 16 * MB) {
        const bytes = mp4Bytes(size);
        writeFileSync(join(dir, clip), bytes);
        sha256 = createHash('sha256').update(bytes).digest('hex');
      } else {
        writeSparseMp4(join(dir, clip), size);
      }
      const override = opts.text === undefined ? '' : `channels:\n  tiktok: { text: ${JSON.stringify(opts.text)} }\n`;
      writeFileSync(join(dir, name), `---\nid: ${opts.id ?? 'story'}\ntitle: Kyiv keeps the lights on\nlead: ${opts.lead ?? 'Engineers explain how the grid survives a winter of strikes.'}\nurl: https://example.org/story/\ntags: [Kyiv, energy, Ukraine]\nvideo: ./${clip}\n${override}---\n\nThe body.\n`);
      return sha256 === undefined ? { file: name } : { file: name, sha256 };
    },
    run: (args) => runInProcess(args, { cwd: dir, env }),
    result: (stdout) => JSON.parse(stdout).articles[0].results[0],
  };
}

beforeEach(() => {
  fakes = [];
});
afterEach(async () => {
  await Promise.all(fakes.map((f) => f.close()));
});

// ---------------------------------------------------------------------------------------

describe('planChunks', () => {
  it('sends a file under 5 MB whole and gives the last chunk the remainder', () => {
    expect(planChunks(3 * MB, 10 * MB)).toEqual({ videoSize: 3 * MB, chunkSize: 3 * MB, totalChunkCount: 1, ranges: [{ first: 0, last: 3 * MB - 1 }] });
    expect(planChunks(7 * MB, 5 * MB)).toMatchObject({ chunkSize: 5 * MB, totalChunkCount: 1, ranges: [{ first: 0, last: 7 * MB - 1 }] });
    expect(planChunks(7 * MB, 10 * MB)).toMatchObject({ chunkSize: 7 * MB, totalChunkCount: 1 });
    expect(planChunks(12 * MB, 5 * MB).ranges).toEqual([{ first: 0, last: 5 * MB - 1 }, { first: 5 * MB, last: 12 * MB - 1 }]);
    expect(planChunks(1024 * MB, 10 * MB)).toMatchObject({ chunkSize: 10 * MB, totalChunkCount: 102 });
    expect(planChunks(200 * MB, 1 * MB).chunkSize).toBe(5 * MB); // clamped up
    expect(planChunks(200 * MB, 100 * MB).chunkSize).toBe(64 * MB); // clamped down
  });

  it('refuses an empty file and one over 4 GB', () => {
    expect(() => planChunks(0)).toThrow(RangeError);
    expect(() => planChunks(4 * 1024 * MB + 1)).toThrow(/4 GB/);
  });

  it('always plans contiguous ranges covering the file that TikTok accepts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 * 1024 * MB }), fc.integer({ min: 1, max: 200 * MB }), (size, wanted) => {
        const plan = planChunks(size, wanted);
        expect(plan.ranges).toHaveLength(plan.totalChunkCount);
        expect(plan.totalChunkCount).toBeGreaterThanOrEqual(1);
        expect(plan.totalChunkCount).toBeLessThanOrEqual(1000);
        if (size >= 5 * MB) expect(plan.totalChunkCount).toBe(Math.floor(size / plan.chunkSize));
        expect(plan.ranges[0]?.first).toBe(0);
        expect(plan.ranges.at(-1)?.last).toBe(size - 1);
        for (const [i, r] of plan.ranges.entries()) {
          if (i > 0) expect(r.first).toBe((plan.ranges[i - 1]?.last ?? -2) + 1);
          const length = r.last - r.first + 1;
          if (i < plan.ranges.length - 1) expect(length).toBe(plan.chunkSize);
          else expect(length).toBeLessThanOrEqual(MAX_LAST_CHUNK);
        }
        // The strict fake's own rule agrees.
        expect(chunkArithmeticProblem(size, plan.chunkSize, plan.totalChunkCount)).toBeNull();
      }),
      { numRuns: 500 },
    );
  });
});

describe('tiktok: uploads', () => {
  it('a 3 MB clip goes as one chunk; PROCESSING → PUBLISH_COMPLETE gives the big id exactly', async () => {
    site = await startSite();
    const { file, sha256 } = site.story(3 * MB);
    const r = await site.run(['--json', file]);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const res = site.result(r.stdout);
    expect(res.status).toBe('published');
    expect(res.remote).toEqual({ id: BIG_ID, url: `https://www.tiktok.com/@babel.news/video/${BIG_ID}` });

    const [upload] = Object.values(site.fake.uploads);
    expect(upload).toMatchObject({ videoSize: 3 * MB, chunkSize: 3 * MB, totalChunkCount: 1, complete: true, sha256 });
    expect(upload?.chunks).toEqual([{ first: 0, last: 3 * MB - 1, bytes: 3 * MB }]);
    const put = site.fake.requests.find((q) => q.method === 'PUT');
    expect(put?.headers).toMatchObject({ 'content-type': 'video/mp4', 'content-length': String(3 * MB), 'content-range': `bytes 0-${3 * MB - 1}/${3 * MB}` });
    expect(put?.query).toHaveProperty('upload_token'); // the upload URL keeps its query
    // creator_info before init, and polled until complete (1 PROCESSING answer, then COMPLETE).
    const paths = site.fake.requests.map((q) => q.path.replace(/\/upload\/\w+/, '/upload'));
    expect(paths).toEqual([
      '/v2/oauth/token/',
      '/v2/post/publish/creator_info/query/',
      '/v2/post/publish/video/init/',
      '/upload',
      '/v2/post/publish/status/fetch/',
      '/v2/post/publish/status/fetch/',
    ]);
    expect(site.fake.initWithoutCreatorInfo).toEqual([]);
    const init = site.fake.requests.find((q) => q.path.endsWith('/video/init/'));
    expect(init?.body).toMatchObject({
      post_info: { privacy_level: 'PUBLIC_TO_EVERYONE', disable_comment: false, disable_duet: false, disable_stitch: false, brand_content_toggle: false },
      source_info: { source: 'FILE_UPLOAD', video_size: 3 * MB, chunk_size: 3 * MB, total_chunk_count: 1 },
    });
    expect((init?.body as any).post_info.title).toMatch(/^Kyiv keeps the lights on\n\n.*#Kyiv #energy #Ukraine$/s);
  });

  it('a 7 MB clip with 5 MB chunks is one chunk of 7 MB (floor(7/5) = 1, the remainder goes last)', async () => {
    site = await startSite({ chunk_size: 5 * MB });
    const { file, sha256 } = site.story(7 * MB);
    const r = await site.run(['--json', file]);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const [upload] = Object.values(site.fake.uploads);
    expect(upload).toMatchObject({ videoSize: 7 * MB, chunkSize: 5 * MB, totalChunkCount: 1, complete: true, sha256 });
    expect(upload?.chunks).toEqual([{ first: 0, last: 7 * MB - 1, bytes: 7 * MB }]);
  });

  it('a 12 MB clip with 5 MB chunks goes in order: 0–5 MB (206), then 5–12 MB (201)', async () => {
    site = await startSite({ chunk_size: 5 * MB });
    const { file, sha256 } = site.story(12 * MB);
    const r = await site.run(['--json', file]);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const [upload] = Object.values(site.fake.uploads);
    expect(upload).toMatchObject({ chunkSize: 5 * MB, totalChunkCount: 2, complete: true, sha256 });
    expect(upload?.chunks.map((c) => [c.first, c.last])).toEqual([[0, 5 * MB - 1], [5 * MB, 12 * MB - 1]]);
    const ranges = site.fake.requests.filter((q) => q.method === 'PUT').map((q) => q.headers['content-range']);
    expect(ranges).toEqual([`bytes 0-${5 * MB - 1}/${12 * MB}`, `bytes ${5 * MB}-${12 * MB - 1}/${12 * MB}`]);
  });

  it('a chunk answered 503 is sent again from the file, and the post goes out once', async () => {
    site = await startSite({ chunk_size: 5 * MB });
    const { file, sha256 } = site.story(12 * MB);
    site.fake.failNextChunk(503, 2);
    const r = await site.run(['--json', file]);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(site.fake.requests.filter((q) => q.method === 'PUT')).toHaveLength(4);
    expect(Object.values(site.fake.uploads)).toHaveLength(1);
    expect(Object.values(site.fake.uploads)[0]).toMatchObject({ complete: true, sha256 });
  });
});

describe('tiktok: refusals', () => {
  it('a privacy level the account does not offer fails before init and lists the offered ones', async () => {
    site = await startSite();
    site.fake.creatorInfo.privacy_level_options = ['FOLLOWER_OF_CREATOR', 'SELF_ONLY'];
    const { file } = site.story(1 * MB);
    const r = await site.run(['--json', file]);
    expect(r.code).toBe(1);
    const res = site.result(r.stdout);
    expect(res.status).toBe('failed');
    expect(res.error).toMatchObject({ code: 'privacy_not_offered', retryable: false });
    expect(res.error.message).toContain('set privacy_level to one of FOLLOWER_OF_CREATOR, SELF_ONLY');
    expect(site.fake.requests.some((q) => q.path.endsWith('/video/init/'))).toBe(false);
  });

  it('an over-long caption is stopped by the check: nothing is sent', async () => {
    site = await startSite();
    const { file } = site.story(1 * MB, { text: 'x'.repeat(2201) });
    const dry = await site.run(['--dry-run', '--json', file]);
    expect(site.result(dry.stdout).problems).toEqual([expect.objectContaining({ severity: 'error', code: 'too_long' })]);
    const r = await site.run(['--json', file]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/nothing was sent/);
    expect(site.fake.requests).toEqual([]);
  });

  it('a refusal that comes with HTTP 200 is a failure (error.code decides), with what to do', async () => {
    site = await startSite();
    site.fake.refuseNextInit('spam_risk_too_many_posts', { httpStatus: 200 });
    const { file } = site.story(1 * MB);
    const r = await site.run(['--json', file]);
    expect(r.code).toBe(1);
    const res = site.result(r.stdout);
    expect(res.status).toBe('failed');
    expect(res.error).toEqual({ code: 'spam_risk_too_many_posts', message: 'TikTok refused: too many posts today from this account; try again tomorrow', retryable: false });
    expect(site.fake.requests.filter((q) => q.path.endsWith('/video/init/'))).toHaveLength(1);
    expect(site.fake.requests.some((q) => q.method === 'PUT')).toBe(false);
  });

  it('an unaudited app posting publicly is told to use SELF_ONLY; SELF_ONLY then completes without a public id', async () => {
    site = await startSite({}, { unaudited: true });
    const { file } = site.story(1 * MB);
    const r = await site.run(['--json', file]);
    expect(site.result(r.stdout).error.message).toBe('this TikTok app is not audited yet: set privacy_level: SELF_ONLY or get the app audited');

    const yaml = readFileSync(join(site.dir, 'channels.yaml'), 'utf8');
    writeFileSync(join(site.dir, 'channels.yaml'), yaml.replace('status_poll: 10ms', 'status_poll: 10ms\n    privacy_level: SELF_ONLY'));
    const again = await site.run(['--json', file]);
    expect(again.code, again.stderr + again.stdout).toBe(0);
    const res = site.result(again.stdout);
    const publishId = Object.keys(site.fake.publishes).at(-1);
    // No public id for a private post: the receipt keeps the publish_id, and no link.
    expect(res.remote).toEqual({ id: publishId });
  });

  it('FAILED processing turns fail_reason into words an editor can act on', async () => {
    site = await startSite();
    site.fake.failProcessing('next', 'file_format_check_failed');
    const { file } = site.story(1 * MB);
    const r = await site.run(['--json', file]);
    expect(r.code).toBe(1);
    const res = site.result(r.stdout);
    expect(res.error).toMatchObject({ message: 'TikTok could not read the video file: export it as MP4 (H.264/AAC)', retryable: false });
  });

  it('the creator\'s disabled comments, duets and stitches stay disabled', async () => {
    site = await startSite();
    Object.assign(site.fake.creatorInfo, { comment_disabled: true, stitch_disabled: true });
    const { file } = site.story(1 * MB);
    expect((await site.run(['--json', file])).code).toBe(0);
    expect(Object.values(site.fake.publishes)[0]?.postInfo).toMatchObject({ disable_comment: true, disable_duet: false, disable_stitch: true });
  });
});

describe('tiktok: tokens', () => {
  it('a rotated refresh token survives a restart: the second process uses the stored one', async () => {
    site = await startSite();
    const first = site.story(1 * MB, { name: 'first.md', id: 'first' });
    const r1 = await site.run(['--json', first.file]);
    expect(r1.code, r1.stderr + r1.stdout).toBe(0);
    expect(site.fake.validRefreshTokens.has(SEED)).toBe(false); // used, so dead
    const [rotated] = [...site.fake.validRefreshTokens];
    const db = new Database(join(site.dir, '.publish', 'state.db'));
    try {
      expect(db.prepare('SELECT value FROM tokens WHERE key = ?').get('tiktok:refresh_token')).toEqual({ value: rotated });
      // The access token is shared with later runs until it expires: pretend it has.
      expect(db.prepare('DELETE FROM tokens WHERE key = ?').run('tiktok:access_token').changes).toBe(1);
    } finally {
      db.close();
    }

    // A separate process; channels.yaml still names the dead seed token.
    const second = site.story(1 * MB, { name: 'second.md', id: 'second' });
    const r2 = await runPublish(['--json', second.file], { cwd: site.dir, env: site.env });
    expect(r2.code, r2.stderr + r2.stdout).toBe(0);
    const refreshes = site.fake.requests.filter((q) => q.path === '/v2/oauth/token/').map((q) => (q.body as Record<string, string>).refresh_token);
    expect(refreshes).toEqual([SEED, rotated]);
    for (const s of secretsOf(site.fake)) expect(r1.stdout + r1.stderr + r2.stdout + r2.stderr).not.toContain(s);
  });

  it('overlapping runs share one access token: a later process does not refresh (and rotate) again', async () => {
    site = await startSite();
    const first = site.story(1 * MB, { name: 'first.md', id: 'first' });
    expect((await site.run(['--json', first.file])).code).toBe(0);
    const second = site.story(1 * MB, { name: 'second.md', id: 'second' });
    const r2 = await runPublish(['--json', second.file], { cwd: site.dir, env: site.env });
    expect(r2.code, r2.stderr + r2.stdout).toBe(0);
    expect(site.fake.requests.filter((q) => q.path === '/v2/oauth/token/')).toHaveLength(1);
    expect(Object.values(site.fake.uploads).filter((u) => u.complete)).toHaveLength(2);
  });

  it('check warns while the newest refresh token is only in the ledger, never printing it; `publish token` prints it for a backup', async () => {
    site = await startSite();
    const quiet = await site.run(['check']);
    expect(quiet.stderr).not.toMatch(/only in the ledger/);
    const first = site.story(1 * MB, { name: 'first.md', id: 'first' });
    expect((await site.run(['--json', first.file])).code).toBe(0);
    const [rotated] = [...site.fake.validRefreshTokens];

    const check = await site.run(['check']);
    expect(check.code).toBe(0);
    expect(check.stderr).toMatch(/warning: channels\.tiktok: the newest refresh_token exists only in the ledger \(.*state\.db\); TIKTOK_REFRESH_TOKEN \(channels\.tiktok\.refresh_token\) holds an older one .*back it up with `publish token tiktok`/);
    expect(check.stdout + check.stderr).not.toContain(rotated!);
    const json = await site.run(['check', '--json']);
    expect(JSON.parse(json.stdout).warnings.join('\n')).toMatch(/only in the ledger/);
    expect(json.stdout).not.toContain(rotated!);

    const token = await site.run(['token', 'tiktok']);
    expect(token.code).toBe(0);
    expect(token.stdout).toBe(`${rotated}\n`);

    // Once .env has the newest one, check is quiet again.
    const updated = await runInProcess(['check'], { cwd: site.dir, env: { ...site.env, TIKTOK_REFRESH_TOKEN: rotated! } });
    expect(updated.stderr).not.toMatch(/only in the ledger/);
    const none = await site.run(['token', 'nosuch']);
    expect(none.code).toBe(2);
  });

  it('one run, two articles: one token refresh', async () => {
    site = await startSite();
    const a = site.story(1 * MB, { name: 'a.md', id: 'a' });
    const b = site.story(1 * MB, { name: 'b.md', id: 'b' });
    const r = await site.run(['--json', a.file, b.file]);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(site.fake.requests.filter((q) => q.path === '/v2/oauth/token/')).toHaveLength(1);
    expect(Object.values(site.fake.uploads).filter((u) => u.complete)).toHaveLength(2);
  });

  it('a used refresh token fails at once with what to do; an editor\'s new one in channels.yaml then works', async () => {
    site = await startSite();
    site.fake.validRefreshTokens.clear();
    const { file } = site.story(1 * MB);
    const r = await site.run(['--json', file]);
    expect(site.result(r.stdout).error).toEqual({ code: 'invalid_grant', message: INVALID_GRANT, retryable: false });
    expect(site.fake.requests).toHaveLength(1);

    site.fake.seedRefreshToken('rft.authorised-again');
    site.env.TIKTOK_REFRESH_TOKEN = 'rft.authorised-again';
    const again = await site.run(['--json', file]);
    expect(again.code, again.stderr + again.stdout).toBe(0);
  });

  it('tokens never reach the output or the posts table; the tokens table holds the refresh token', async () => {
    site = await startSite();
    const { file } = site.story(1 * MB);
    const human = await site.run([file]);
    expect(human.code, human.stderr).toBe(0);
    const json = await site.run(['--json', '--force', file]);
    expect(json.code, json.stderr).toBe(0);
    const status = await site.run(['status', '--json']);
    const db = new Database(join(site.dir, '.publish', 'state.db'), { readonly: true });
    let posts: string;
    let tokens: { key: string; value: string }[];
    try {
      posts = JSON.stringify(db.prepare('SELECT * FROM posts').all());
      tokens = db.prepare('SELECT key, value FROM tokens').all() as { key: string; value: string }[];
    } finally {
      db.close();
    }
    expect(posts).toMatch(/"remote_id":"744\d{16}"/);
    const secrets = secretsOf(site.fake);
    expect(secrets.length).toBeGreaterThan(3);
    for (const s of secrets) {
      expect(human.stdout + human.stderr + json.stdout + json.stderr + status.stdout + status.stderr).not.toContain(s);
      expect(posts).not.toContain(s);
    }
    expect(tokens).toContainEqual({ key: 'tiktok:refresh_token', value: [...site.fake.validRefreshTokens][0] });
  });
});

describe('tiktok: --update', () => {
  it('reports that captions cannot be edited: skipped, exit 0, nothing sent', async () => {
    site = await startSite();
    const { file } = site.story(1 * MB);
    expect((await site.run(['--json', file])).code).toBe(0);
    const before = site.fake.requests.length;
    site.story(1 * MB, { lead: 'A changed lead.' });
    const r = await site.run(['--json', '--update', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(site.result(r.stdout)).toMatchObject({ status: 'skipped', reason: 'TikTok captions cannot be edited', remote: { id: BIG_ID } });
    expect(site.fake.requests.length).toBe(before);
  });
});

describe('tiktok: processing that outlasts the wait', () => {
  it('records the publish_id as pending and says `publish status` will finish the check', async () => {
    site = await startSite({ processing_timeout: '200ms' });
    site.fake.processingPolls = 1000;
    const { file } = site.story(1 * MB);
    const r = await site.run([file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/still processing .*publish status. will finish the check/);
    const status = await site.run(['status', '--json']);
    const [publishId] = Object.keys(site.fake.publishes);
    expect(JSON.stringify(JSON.parse(status.stdout))).toContain(publishId);

    // TikTok finishes; the next `publish status` asks, settles the row with the public link.
    site.fake.processingPolls = 0;
    const posts = site.fake.requests.filter((q) => q.path.includes('/video/init/')).length;
    const later = await site.run(['status', '--json']);
    expect(later.code, later.stderr).toBe(0);
    const post = JSON.parse(later.stdout).posts[0];
    expect(post.status).toBe('sent');
    expect(post.remote.url).toMatch(/^https:\/\/www\.tiktok\.com\/@babel\.news\/video\/\d+$/);
    expect(site.fake.requests.filter((q) => q.path.includes('/video/init/')).length).toBe(posts);
  });

  it('a run killed while TikTok processes is reconciled by the next run without a second post', async () => {
    site = await startSite({ status_poll: '5s' });
    site.fake.processingPolls = 1000;
    const { file } = site.story(1 * MB);
    const child = startPublish([file], { cwd: site.dir, env: site.env });
    const exited = new Promise((resolve) => child.on('close', resolve));
    const deadline = Date.now() + 20_000;
    while (!Object.values(site.fake.uploads).some((u) => u.complete) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 100)); // past the upload, into the first wait
    child.kill('SIGKILL');
    await exited;

    site.fake.processingPolls = 0;
    const r = await site.run(['--json', file]);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const res = site.result(r.stdout);
    expect(res).toMatchObject({ status: 'published', reason: 'found the post a stopped run had made', remote: { id: BIG_ID } });
    expect(Object.keys(site.fake.publishes)).toHaveLength(1);
  });
});

// ---------------------------------------------------------------------------------------
// Unit level: deliver, lookup and verify with a hand-built DeliverContext.

interface Hand {
  ctx: DeliverContext<TikTokOptions>;
  post: Post<TikTokOutput>;
  tokens: Map<string, string>;
  events: { phase: string; done?: number; total?: number; note?: string }[];
  /** Token-store writes, with how many requests the fake had seen at that moment. */
  writes: { key: string; requestsSeen: string[] }[];
}

function hand(fake: TikTokFake, clip: string, options: Record<string, unknown> = {}, shared?: { config?: Config; tokens?: Map<string, string> }): Hand {
  const parsed = tiktokOptions.parse({ client_key: fake.clientKey, client_secret: CLIENT_SECRET, refresh_token: SEED, base_url: fake.url, status_poll: '5ms', ...options });
  const channel: ChannelConfig<TikTokOptions> = {
    name: 'tiktok', type: 'tiktok', options: parsed, enabled: true, languages: undefined, delayMs: undefined, template: undefined,
    hashtags: undefined, retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20, budgetMs: 20_000 }, timeoutMs: 10_000, missing: [],
  };
  const config: Config = shared?.config ?? { file: '/tmp/channels.yaml', dir: '/tmp', timezone: 'UTC', language: undefined, state: ':memory:', strip: [], keep: [], clean: true, channels: [channel as ChannelConfig], warnings: [] };
  const tokens = shared?.tokens ?? new Map<string, string>();
  const events: Hand['events'] = [];
  const writes: Hand['writes'] = [];
  const signal = AbortSignal.timeout(30_000);
  const article = { id: 'story', source: 'story.md', dir: dirname(clip), video: { ref: './clip.mp4', path: clip } } as unknown as Article;
  const ctx: DeliverContext<TikTokOptions> = {
    channel, config, article, link: undefined, mode: 'create', previous: undefined, publishAt: undefined, signal,
    attempt: createAttempt(channel.retry, { signal }),
    tokens: {
      get: async (key) => tokens.get(key),
      set: async (key, value) => {
        writes.push({ key, requestsSeen: fake.requests.map((q) => q.path) });
        tokens.set(key, value);
      },
    },
    progress: (e) => events.push(e),
  };
  const post: Post<TikTokOutput> = { channel: 'tiktok', type: 'tiktok', output: { caption: 'Kyiv keeps the lights on #Kyiv', privacy_level: parsed.privacy_level, video: './clip.mp4' }, measures: [] };
  return { ctx, post, tokens, events, writes };
}

function clipFile(size: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'publish-tiktok-clip-'));
  const path = join(dir, 'clip.mp4');
  writeSparseMp4(path, size);
  return path;
}

describe('tiktok: deliver, lookup, verify', () => {
  let fake: TikTokFake;
  beforeEach(async () => {
    fake = await startTikTokFake({ clientSecret: CLIENT_SECRET, refreshTokens: [SEED], processingPolls: 1 });
    fakes.push(fake);
  });

  it('stores the rotated refresh token before the access token is used', async () => {
    const h = hand(fake, clipFile(1 * MB));
    await deliverTikTok(h.post, h.ctx);
    const save = h.writes.find((w) => w.key === 'refresh_token');
    expect(save?.requestsSeen).toEqual(['/v2/oauth/token/']);
    expect(h.tokens.get('refresh_token')).toBe([...fake.validRefreshTokens][0]);
  });

  it('reports upload progress in bytes, ending at the total', async () => {
    const h = hand(fake, clipFile(12 * MB), { chunk_size: 5 * MB });
    await deliverTikTok(h.post, h.ctx);
    const uploading = h.events.filter((e) => e.phase === 'uploading');
    expect(uploading[0]).toEqual({ phase: 'uploading', done: 0, total: 12 * MB });
    expect(uploading.at(-1)).toEqual({ phase: 'uploading', done: 12 * MB, total: 12 * MB });
    const done = uploading.map((e) => e.done ?? 0);
    expect(done).toEqual([...done].sort((a, b) => a - b));
  });

  it('an expired access token is refreshed once; a fixed one that TikTok refuses fails at once', async () => {
    const config = hand(fake, clipFile(1 * MB)).ctx.config;
    const h = hand(fake, clipFile(1 * MB), {}, { config });
    expect((await verifyTikTok(h.ctx)).ok).toBe(true);
    fake.expireAccessTokens();
    const again = hand(fake, clipFile(1 * MB), {}, { config, tokens: h.tokens });
    expect(await verifyTikTok(again.ctx)).toEqual({ ok: true, message: 'can post as @babel.news (privacy: PUBLIC_TO_EVERYONE, MUTUAL_FOLLOW_FRIENDS, FOLLOWER_OF_CREATOR, SELF_ONLY)' });
    expect(fake.requests.filter((q) => q.path === '/v2/oauth/token/')).toHaveLength(2);

    const fixed = hand(fake, clipFile(1 * MB), { access_token: 'act.not-known-to-tiktok' });
    const before = fake.requests.length;
    await expect(deliverTikTok(fixed.post, fixed.ctx)).rejects.toThrow(/access_token in channels.yaml is invalid or expired/);
    expect(fake.requests.length - before).toBe(1);
  });

  it('a wrong scope says to authorise video.publish', async () => {
    const token = fake.issueAccessToken('user.info.basic');
    const h = hand(fake, clipFile(1 * MB), { access_token: token });
    const result = await verifyTikTok(h.ctx);
    expect(result.ok).toBe(false);
    expect(result.message).toContain('authorise the app with the video.publish scope');
  });

  it('an expired upload URL (403) is not retried and says to publish again', async () => {
    const h = hand(fake, clipFile(1 * MB));
    h.ctx.progress = (e) => {
      if (e.phase === 'uploading' && e.done === 0) for (const id of Object.keys(fake.publishes)) fake.expireUploadUrl(id);
    };
    const error = await deliverTikTok(h.post, h.ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChannelError);
    expect(error).toMatchObject({ code: 'upload_expired', retryable: false, status: 403 });
    expect(fake.requests.filter((q) => q.method === 'PUT')).toHaveLength(1);
  });

  it('a timed-out publish is found later by lookup, from the receipt or from the token store', async () => {
    fake.processingPolls = 1000;
    const h = hand(fake, clipFile(1 * MB), { processing_timeout: '50ms' });
    const pending = await deliverTikTok(h.post, h.ctx);
    const [publishId] = Object.keys(fake.publishes);
    expect(pending).toEqual({ id: publishId, extra: { publish_id: publishId, pending: true, creator_username: 'babel.news' } });
    expect(h.events.at(-1)?.note).toMatch(/`publish status` will finish the check/);

    // Still processing: lookup says so without posting.
    const fromStore = hand(fake, clipFile(1 * MB), {}, { tokens: h.tokens });
    expect(await lookupTikTok(fromStore.post, fromStore.ctx)).toEqual(pending);

    fake.processingPolls = 0;
    const fromReceipt = hand(fake, clipFile(1 * MB), {}, { tokens: h.tokens });
    fromReceipt.ctx.previous = pending;
    const done: Receipt | undefined = await lookupTikTok(fromReceipt.post, fromReceipt.ctx);
    expect(done).toEqual({ id: BIG_ID, url: `https://www.tiktok.com/@babel.news/video/${BIG_ID}`, extra: { publish_id: publishId } });
    expect(Object.keys(fake.publishes)).toHaveLength(1);
  });

  it('lookup finds nothing when the upload was cut off, or when there was no publish', async () => {
    const h = hand(fake, clipFile(1 * MB), {});
    h.ctx.attempt = createAttempt({ attempts: 1, baseDelayMs: 1, maxDelayMs: 1, budgetMs: 5_000 });
    fake.failNextChunk(503, 1);
    await expect(deliverTikTok(h.post, h.ctx)).rejects.toMatchObject({ code: 'server_error' });
    const later = hand(fake, clipFile(1 * MB), {}, { tokens: h.tokens });
    expect(await lookupTikTok(later.post, later.ctx)).toBeUndefined();
    const fresh = hand(fake, clipFile(1 * MB));
    expect(await lookupTikTok(fresh.post, fresh.ctx)).toBeUndefined();
  });

  it('a clip longer than the account may post is refused before init', async () => {
    fake.creatorInfo.max_video_post_duration_sec = 60;
    const dir = mkdtempSync(join(tmpdir(), 'publish-tiktok-mp4-'));
    const path = join(dir, 'clip.mp4');
    writeFileSync(path, tinyMp4(90_000, 1000)); // 90 s
    expect(await mp4DurationSeconds(path)).toBe(90);
    const h = hand(fake, path);
    await expect(deliverTikTok(h.post, h.ctx)).rejects.toThrow('the clip is 90 s long; @babel.news may post at most 60 s on TikTok: trim it');
    expect(fake.requests.some((q) => q.path.endsWith('/video/init/'))).toBe(false);
  });
});

describe('tiktok: small parts', () => {
  it('names the variable the refresh token is written as, or the key when it is written inline', () => {
    expect(tiktokApiError('tt', 'access_token_invalid', '', 401, 'video init', undefined, 'NEWSROOM_TT_REFRESH').message)
      .toMatch(/authorise again and set NEWSROOM_TT_REFRESH$/);
    expect(tiktokApiError('tt', 'scope_not_authorized', '', 401, 'video init').message)
      .toMatch(/video\.publish scope and set the channel's `refresh_token`$/);
    expect(failReasonError('tt', 'auth_removed', undefined, 'NEWSROOM_TT_REFRESH').message).toMatch(/set NEWSROOM_TT_REFRESH$/);
  });

  it('reads the post id from the raw text exactly', () => {
    const raw = `{"data":{"status":"PUBLISH_COMPLETE","publicaly_available_post_id":[${BIG_ID}]},"error":{"code":"ok"}}`;
    expect(postIdFromStatus(raw)).toBe(BIG_ID);
    expect(String((JSON.parse(raw) as any).data.publicaly_available_post_id[0])).not.toBe(BIG_ID);
    expect(postIdFromStatus('{"data":{"publicaly_available_post_id":[]}}')).toBeUndefined();
  });

  it('reads the duration of an MP4 whose moov comes last, and none from a file without one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'publish-tiktok-mp4-'));
    writeFileSync(join(dir, 'a.mp4'), tinyMp4(12_500, 1000));
    expect(await mp4DurationSeconds(join(dir, 'a.mp4'))).toBe(12.5);
    writeFileSync(join(dir, 'b.mp4'), randomBytes(1000));
    expect(await mp4DurationSeconds(join(dir, 'b.mp4'))).toBeUndefined();
  });

  it('loads no sending code for a dry-run: deliver imports it lazily', () => {
    const source = readFileSync(new URL('../../src/channels/tiktok/index.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/^import .*\/deliver\.js/m);
    expect(tiktok.supportsUpdate).toBe('TikTok captions cannot be edited');
  });
});

/** ftyp + mdat + moov{mvhd v0} with the given duration and timescale. */
function tinyMp4(duration: number, timescale: number): Buffer {
  const box = (type: string, body: Buffer): Buffer => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(8 + body.length, 0);
    head.write(type, 4, 'latin1');
    return Buffer.concat([head, body]);
  };
  const mvhd = Buffer.alloc(100);
  mvhd.writeUInt32BE(timescale, 12);
  mvhd.writeUInt32BE(duration, 16);
  return Buffer.concat([box('ftyp', Buffer.from('isom\0\0\x02\0isom', 'latin1')), box('mdat', randomBytes(500)), box('moov', box('mvhd', mvhd))]);
}
