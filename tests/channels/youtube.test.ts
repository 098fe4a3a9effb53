/**
 * The youtube channel type against the strict YouTube fake: the shared contract, then
 * what is YouTube's own — the snippet is written back whole with only the description
 * (and tags) changed, bytes not characters, no quota spent for nothing, one retry layer,
 * and the errors an editor must be able to act on.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nextSnippet, sameSnippet } from '../../src/channels/youtube/snippet.js';
import { youtubeError } from '../../src/channels/youtube/errors.js';
import { nextTags } from '../../src/channels/youtube/tags.js';
import youtube from '../../src/channels/youtube/index.js';
import type { YouTubeOptions } from '../../src/channels/youtube/options.js';
import type { DeliverContext } from '../../src/channels/types.js';
import type { ChannelConfig, Config } from '../../src/config/types.js';
import { createAttempt } from '../../src/http/retry.js';
import { youtubeTagsLength } from '../../src/text/hashtags.js';
import { ROOT } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inprocess.js';
import { startYouTubeFake, tagsLength, type YouTubeFake, type YouTubeRoute } from '../fakes/youtube.js';
import { testChannel, type ContractSetup } from './contract.js';

const ISTANBUL = 'dQw4w9WgXcQ';
const KYIV = 'M7lc1UVf-VE';
const REFRESH_HELP =
  'YouTube refresh token expired or revoked: create a new one (see README: YouTube credentials) and set YOUTUBE_REFRESH_TOKEN';

/** The examples' videos as a newsroom's channel would hold them before the tool runs. */
function seedVideos(fake: YouTubeFake): void {
  fake.addVideo(ISTANBUL, {
    title: 'Istanbul talks: a prisoner swap, but no ceasefire',
    description: 'Filmed in Istanbul on 16 May 2025.',
    tags: ['Babel', 'ukraine', 'news'],
    categoryId: '25',
    defaultLanguage: 'en',
    defaultAudioLanguage: 'en',
  });
  fake.addVideo(KYIV, {
    title: 'Як Київ готується до зими без світла',
    description: 'Зйомка: Бабель.',
    tags: ['Київ', 'енергетика'],
    categoryId: '25',
    defaultLanguage: 'uk',
    defaultAudioLanguage: 'uk',
  });
}

const ENV_NAMES = {
  client_id: '${YOUTUBE_CLIENT_ID}',
  client_secret: '${YOUTUBE_CLIENT_SECRET}',
  refresh_token: '${YOUTUBE_REFRESH_TOKEN}',
};

function envFor(fake: YouTubeFake): Record<string, string> {
  return { YOUTUBE_CLIENT_ID: fake.clientId, YOUTUBE_CLIENT_SECRET: fake.clientSecret, YOUTUBE_REFRESH_TOKEN: fake.refreshToken };
}

/** Every secret the run knew: the configured ones and each access token the fake issued. */
function secretsOf(fake: YouTubeFake): string[] {
  const accessTokens = fake.requests.flatMap((r) => (r.accessToken ? [r.accessToken] : []));
  return [fake.clientSecret, fake.refreshToken, ...new Set(accessTokens)];
}

const count = (fake: YouTubeFake, route: YouTubeRoute): number => fake.requests.filter((r) => r.route === route).length;

testChannel<YouTubeFake>({
  type: 'youtube',
  async start(): Promise<ContractSetup<YouTubeFake>> {
    const fake = await startYouTubeFake();
    seedVideos(fake);
    return {
      fake,
      options: { ...ENV_NAMES, root_url: fake.url, token_url: fake.tokenUrl },
      env: envFor(fake),
      close: () => fake.close(),
    };
  },
  // A "post" is a description written into a video.
  posts: (fake) => fake.updates,
  requests: (fake) => fake.requests.length,
  failNext(fake, fault) {
    if (fault === 'unauthorized') fake.revoke(fake.refreshToken); // the token endpoint answers invalid_grant
    if (fault === 'rate_limited') fake.failNext('videos.update', { status: 429 });
    if (fault === 'server_error') fake.failNext('videos.update', { status: 503 });
  },
  remote: /^https:\/\/www\.youtube\.com\/watch\?v=[\w-]{11}$/,
  secrets: (setup) => secretsOf(setup.fake),
});

/** A temporary newsroom: the examples, a channels.yaml with one youtube channel, the fake. */
interface Workspace {
  fake: YouTubeFake;
  dir: string;
  run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  /** The JSON result of the first article's first channel. */
  result(stdout: string): { status: string; output: Record<string, unknown>; remote?: { id: string; url?: string }; error?: { code: string; message: string; retryable: boolean } };
  write(name: string, text: string): void;
}

let ws: Workspace | undefined;
/** The current workspace (set by each test or its beforeEach). */
const w = (): Workspace => ws!;

async function workspace(channel: Record<string, unknown> = {}): Promise<Workspace> {
  const fake = await startYouTubeFake();
  seedVideos(fake);
  const dir = mkdtempSync(join(tmpdir(), 'publish-youtube-'));
  cpSync(join(ROOT, 'examples'), dir, { recursive: true });
  const config = {
    timezone: 'UTC',
    channels: {
      youtube: {
        type: 'youtube',
        ...ENV_NAMES,
        root_url: fake.url,
        token_url: fake.tokenUrl,
        retry: { attempts: 3, base_delay: '10ms', max_delay: '50ms', budget: '20s' },
        ...channel,
      },
    },
  };
  writeFileSync(join(dir, 'channels.yaml'), stringify(config));
  // kyiv-energy-uk.md has no url and there is no website channel here: give it one.
  const kyiv = join(dir, 'kyiv-energy-uk.md');
  writeFileSync(kyiv, readFileSync(kyiv, 'utf8').replace(/^---\n/, '---\nurl: https://babel.example.org/uk/kyiv-energy/\n'));
  return {
    fake,
    dir,
    run: (args) => runInProcess(args, { cwd: dir, env: envFor(fake) }),
    result: (stdout) => JSON.parse(stdout).articles[0].results[0],
    write: (name, text) => writeFileSync(join(dir, name), text),
  };
}

function expectNoSecrets(r: { stdout: string; stderr: string }): void {
  for (const secret of secretsOf(w().fake)) {
    expect(r.stdout).not.toContain(secret);
    expect(r.stderr).not.toContain(secret);
  }
}

afterEach(async () => {
  await ws?.fake.close();
  ws = undefined;
});

describe('youtube: what is sent', () => {
  beforeEach(async () => {
    ws = await workspace();
  });

  it('changes nothing but the description (the whole snippet is written back)', async () => {
    const before = w().fake.video(ISTANBUL)!.snippet;
    const r = await w().run(['--json', 'istanbul-talks.md']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const res = w().result(r.stdout);
    expect(res.status).toBe('published');
    expect(res.remote).toEqual({ id: ISTANBUL, url: `https://www.youtube.com/watch?v=${ISTANBUL}` });

    const after = w().fake.video(ISTANBUL)!.snippet;
    expect(after.description).toBe(res.output.description);
    expect(after.description).toContain('https://babel.example.org/en/istanbul-talks/');
    expect(after).toEqual({
      ...before,
      description: res.output.description,
      localized: { ...before.localized, description: res.output.description },
    });
    // The update carried every writable field as it was, title and category included.
    const update = w().fake.requests.find((q) => q.route === 'videos.update');
    expect(update?.query).toMatchObject({ part: 'snippet' });
    expect((update?.body as { snippet: Record<string, unknown> }).snippet).toMatchObject({
      title: before.title,
      categoryId: '25',
      tags: ['Babel', 'ukraine', 'news'],
      defaultLanguage: 'en',
      defaultAudioLanguage: 'en',
    });
    expect(w().fake.quotaUsed).toBe(1 + 50);
    expectNoSecrets(r);
  });

  it('fits a Cyrillic article of 4,000 characters (8,000 bytes) under 5,000 bytes, and YouTube accepts it', async () => {
    const sentence = 'Енергетики відновлюють підстанції після нічної атаки, а мешканці запасаються павербанками. ';
    let body = '';
    while ([...body].length < 4000) body += sentence;
    body = [...body].slice(0, 4000).join('').trim();
    const paragraphs = body.match(/(?:[^.]*\.\s*){1,6}/g)!.map((p) => p.trim()).filter(Boolean);
    const text = [
      '---',
      'id: kyiv-winter-long',
      'title: Київ готується до зими',
      'url: https://babel.example.org/uk/kyiv-winter/',
      'language: uk',
      'tags: [енергетика, Київ, блекаут]',
      `youtube: ${KYIV}`,
      '---',
      '',
      paragraphs.join('\n\n'),
      '',
    ].join('\n');
    expect([...body].length).toBeGreaterThanOrEqual(3990);
    expect(Buffer.byteLength(body)).toBeGreaterThan(7000);
    w().write('long-uk.md', text);

    const r = await w().run(['--json', 'long-uk.md']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(w().result(r.stdout).status).toBe('published');
    const stored = w().fake.video(KYIV)!.snippet.description;
    expect(Buffer.byteLength(stored, 'utf8')).toBeLessThanOrEqual(5000);
    expect(Buffer.byteLength(stored, 'utf8')).toBeGreaterThan(4500); // fitted, not thrown away
    expect([...stored].length).toBeLessThan(3000); // cut well below the 4,000 characters
    expect(stored).toContain('https://babel.example.org/uk/kyiv-winter/');
    expect(stored).toContain('…');
    expect(w().fake.updates).toBe(1);
  });

  it('uses one client per run: two articles, one token refresh', async () => {
    const r = await w().run(['--json', 'istanbul-talks.md', 'kyiv-energy-uk.md']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(w().fake.tokenRequests).toBe(1);
    expect(w().fake.updates).toBe(2);
    expect(w().fake.video(KYIV)!.snippet).toMatchObject({ title: 'Як Київ готується до зими без світла', tags: ['Київ', 'енергетика'], defaultLanguage: 'uk' });
  });
});

describe('youtube: reruns spend no quota for nothing', () => {
  beforeEach(async () => {
    ws = await workspace();
  });

  it('a --force rerun of the same description reads the video and sends no update', async () => {
    await w().run(['--json', 'istanbul-talks.md']);
    const quota = w().fake.quotaUsed;
    const updates = count(w().fake, 'videos.update');

    const plain = await w().run(['--json', 'istanbul-talks.md']);
    expect(w().result(plain.stdout).status).toBe('unchanged');
    expect(w().fake.quotaUsed).toBe(quota); // the ledger answered, nothing asked

    const forced = await w().run(['--json', '--force', 'istanbul-talks.md']);
    expect(forced.code, forced.stderr + forced.stdout).toBe(0);
    expect(w().result(forced.stdout).remote?.id).toBe(ISTANBUL);
    expect(count(w().fake, 'videos.update')).toBe(updates);
    expect(w().fake.quotaUsed).toBe(quota + 1); // only the videos.list
  });

  it('--update and a plain rerun converge on the same description', async () => {
    await w().run(['--json', 'istanbul-talks.md']);
    const first = w().fake.video(ISTANBUL)!.snippet.description;

    // The editor changes the lead; a plain rerun leaves the video alone and says how to update.
    const path = join(w().dir, 'istanbul-talks.md');
    writeFileSync(path, readFileSync(path, 'utf8').replace(/^lead: .*$/m, 'lead: "A shorter lead after editing."'));
    const plain = await w().run(['--json', 'istanbul-talks.md']);
    expect(w().result(plain.stdout).status).toBe('unchanged');
    expect(w().fake.video(ISTANBUL)!.snippet.description).toBe(first);

    const updated = await w().run(['--json', '--update', 'istanbul-talks.md']);
    expect(updated.code, updated.stderr + updated.stdout).toBe(0);
    const res = w().result(updated.stdout);
    expect(res.status).toBe('updated');
    const second = w().fake.video(ISTANBUL)!.snippet;
    expect(second.description).toBe(res.output.description);
    expect(second.description).toContain('A shorter lead after editing.');
    expect(second.tags).toEqual(['Babel', 'ukraine', 'news']);

    // Someone edits the description in YouTube Studio; --force puts ours back, once.
    const updatesBefore = w().fake.updates;
    const seeded = w().fake.video(ISTANBUL)!.snippet;
    w().fake.addVideo(ISTANBUL, { ...seeded, description: 'edited by hand' });
    await w().run(['--json', '--force', 'istanbul-talks.md']);
    expect(w().fake.video(ISTANBUL)!.snippet.description).toBe(second.description);
    await w().run(['--json', '--force', 'istanbul-talks.md']);
    expect(w().fake.updates).toBe(updatesBefore + 1);
  });
});

describe('youtube: tags', () => {
  it('merge keeps the video\'s tags first and adds the article\'s, deduplicated case-insensitively', async () => {
    ws = await workspace({ tags: 'merge' });
    const r = await w().run(['--json', 'istanbul-talks.md']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(w().fake.video(ISTANBUL)!.snippet.tags).toEqual([
      'Babel', 'ukraine', 'news', 'Russia', 'peace talks', 'Istanbul', 'prisoner exchange', 'Türkiye',
    ]);
    // Same merge again: nothing to change, nothing sent.
    const updates = w().fake.updates;
    await w().run(['--json', '--force', 'istanbul-talks.md']);
    expect(w().fake.updates).toBe(updates);
  });

  it('merge stops at YouTube\'s 500-character budget', async () => {
    ws = await workspace({ tags: 'merge' });
    // 32 tags of "video tag NN" (12 characters + 2 for the quotes) and 31 commas: 479.
    const many = Array.from({ length: 32 }, (_, i) => `video tag ${String(i).padStart(2, '0')}`);
    expect(tagsLength(many)).toBe(479);
    const seeded = w().fake.video(ISTANBUL)!.snippet;
    w().fake.addVideo(ISTANBUL, { ...seeded, tags: many });
    const r = await w().run(['--json', 'istanbul-talks.md']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const tags = w().fake.video(ISTANBUL)!.snippet.tags!;
    // + ",Ukraine" = 487, + ",Russia" = 494; + ',"peace talks"' would be 508.
    expect(tags).toEqual([...many, 'Ukraine', 'Russia']);
    expect(tagsLength(tags)).toBeLessThanOrEqual(500);
  });

  it('replace writes the article\'s tags only; unset keeps the video\'s', async () => {
    ws = await workspace({ tags: 'replace' });
    await w().run(['--json', 'istanbul-talks.md']);
    expect(w().fake.video(ISTANBUL)!.snippet.tags).toEqual(['Ukraine', 'Russia', 'peace talks', 'Istanbul', 'prisoner exchange', 'Türkiye']);
    await w().fake.close();

    ws = await workspace();
    await w().run(['--json', 'istanbul-talks.md']);
    expect(w().fake.video(ISTANBUL)!.snippet.tags).toEqual(['Babel', 'ukraine', 'news']);
  });

  it('title: replaces the title only when the channel sets one', async () => {
    ws = await workspace({ title: '{title}' });
    const r = await w().run(['--json', 'istanbul-talks.md']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(w().fake.video(ISTANBUL)!.snippet.title).toBe(w().result(r.stdout).output.title);
    expect(w().fake.video(ISTANBUL)!.snippet.categoryId).toBe('25');
  });
});

describe('youtube: errors', () => {
  beforeEach(async () => {
    ws = await workspace();
  });

  it('quotaExceeded is not retried and says when the quota resets', async () => {
    w().fake.quotaLimit = 10; // the list (1 unit) passes, the update (50) does not
    const r = await w().run(['--json', 'istanbul-talks.md']);
    expect(r.code).toBe(1);
    const res = w().result(r.stdout);
    expect(res.status).toBe('failed');
    expect(res.error).toEqual({
      code: 'quota_exceeded',
      message: 'daily YouTube quota used up, resets at midnight Pacific time',
      retryable: false,
    });
    expect(count(w().fake, 'videos.update')).toBe(1);
    expect(w().fake.tokenRequests).toBe(1);
  });

  it('a revoked refresh token says how to make a new one, without retrying the refresh', async () => {
    w().fake.revoke(w().fake.refreshToken);
    for (const args of [['--json', 'istanbul-talks.md'], ['istanbul-talks.md']]) {
      const r = await w().run(args);
      expect(r.code).toBe(1);
      expect(r.stdout + r.stderr).toContain(REFRESH_HELP);
      expectNoSecrets(r);
    }
    const res = w().result((await w().run(['--json', 'istanbul-talks.md'])).stdout);
    expect(res.error).toMatchObject({ code: 'unauthorized', retryable: false, message: REFRESH_HELP });
    expect(w().fake.tokenRequests).toBe(3); // one per run
    expect(count(w().fake, 'videos.list')).toBe(0);
  });

  it('a wrong client secret names the client id and secret', async () => {
    const r = await runInProcess(['--json', 'istanbul-talks.md'], {
      cwd: w().dir,
      env: { ...envFor(w().fake), YOUTUBE_CLIENT_SECRET: 'not-the-right-secret' },
    });
    const res = w().result(r.stdout);
    expect(res.error?.retryable).toBe(false);
    expect(res.error?.message).toMatch(/client_id and client_secret/);
    expect(r.stdout + r.stderr).not.toContain('not-the-right-secret');
  });

  it('a missing video is an error naming the id and the article', async () => {
    w().write('ghost.md', '---\nid: ghost\ntitle: Ghost\nurl: https://babel.example.org/ghost/\nyoutube: AAAAAAAAAAA\n---\n\nNo such video.\n');
    const r = await w().run(['--json', 'ghost.md']);
    expect(r.code).toBe(1);
    const res = w().result(r.stdout);
    expect(res.error).toMatchObject({ code: 'not_found', retryable: false });
    expect(res.error?.message).toBe('video AAAAAAAAAAA not found or not visible to this account: check `youtube:` in ghost.md');
    expect(count(w().fake, 'videos.update')).toBe(0);
  });

  it('a 503 is retried by one layer only: exactly two update requests', async () => {
    w().fake.failNext('videos.update', { status: 503 });
    const r = await w().run(['--json', 'istanbul-talks.md']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(count(w().fake, 'videos.update')).toBe(2);
    expect(w().fake.updates).toBe(1);
  });

  it('a 500 on the token endpoint or a 429 on the list is retried once, by us', async () => {
    w().fake.failNext('token', { status: 500 });
    w().fake.failNext('videos.list', { status: 429 });
    const r = await w().run(['--json', 'istanbul-talks.md']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(w().fake.tokenRequests).toBe(2);
    expect(count(w().fake, 'videos.list')).toBe(2);
    expect(count(w().fake, 'videos.update')).toBe(1);
  });

  it('a persistent 503 gives up after the channel\'s attempts (3), not 3 × 4', async () => {
    w().fake.failNext('videos.update', { status: 503 }, 10);
    const r = await w().run(['--json', 'istanbul-talks.md']);
    expect(r.code).toBe(1);
    expect(w().result(r.stdout).error).toMatchObject({ code: 'server_error', retryable: true });
    expect(count(w().fake, 'videos.update')).toBe(3);
  });

  it('a field YouTube refuses (400 invalidCategoryId) is not retried, and its message loses the HTML', async () => {
    // A video whose stored category YouTube no longer accepts: the copied snippet is refused.
    const seeded = w().fake.video(ISTANBUL)!.snippet;
    w().fake.addVideo(ISTANBUL, { ...seeded, categoryId: '999' });
    const r = await w().run(['--json', 'istanbul-talks.md']);
    const res = w().result(r.stdout);
    expect(res.error).toMatchObject({ code: 'rejected', retryable: false });
    expect(res.error?.message).toBe(
      `YouTube refused the category of video ${ISTANBUL}: The snippet.categoryId property specifies an invalid category ID. Use the videoCategories.list method to retrieve supported categories.`,
    );
    expect(count(w().fake, 'videos.update')).toBe(1);
  });
});

/** A DeliverContext as `publish check --online` builds one: a stand-in article without a video. */
function verifyContext(fake: YouTubeFake, overrides: Partial<{ refresh_token: string; youtube: string }> = {}): DeliverContext<YouTubeOptions> {
  const channel: ChannelConfig<YouTubeOptions> = {
    name: 'youtube',
    type: 'youtube',
    options: youtube.schema.parse({
      client_id: fake.clientId,
      client_secret: fake.clientSecret,
      refresh_token: overrides.refresh_token ?? fake.refreshToken,
      root_url: fake.url,
      token_url: fake.tokenUrl,
    }),
    enabled: true,
    languages: undefined,
    delayMs: undefined,
    template: undefined,
    hashtags: undefined,
    retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 10, budgetMs: 5000 },
    timeoutMs: 5000,
    missing: [],
    variables: { refresh_token: 'YOUTUBE_REFRESH_TOKEN' },
  };
  const signal = AbortSignal.timeout(10_000);
  return {
    channel,
    config: { channels: [channel] } as unknown as Config,
    article: { id: 'publish-check', source: 'publish check', youtube: overrides.youtube } as unknown as DeliverContext['article'],
    link: undefined,
    mode: 'create',
    previous: undefined,
    publishAt: undefined,
    attempt: createAttempt(channel.retry, { signal }),
    signal,
    tokens: { get: async () => undefined, set: async () => {} },
    progress: () => {},
  };
}

describe('youtube: verify (publish check --online)', () => {
  beforeEach(async () => {
    ws = await workspace();
  });

  it('refreshes the token and finds the account\'s channel', async () => {
    const result = await youtube.verify!(verifyContext(w().fake));
    expect(result).toEqual({ ok: true, message: 'signed in as YouTube channel "Babel Test" (UCfakeChannel000000000000)' });
    expect(w().fake.tokenRequests).toBe(1);
    expect(w().fake.requests.find((r) => r.route === 'channels.list')?.query).toMatchObject({ mine: 'true', part: 'snippet' });
  });

  it('with an article\'s video, checks that the video is visible', async () => {
    expect(await youtube.verify!(verifyContext(w().fake, { youtube: ISTANBUL }))).toMatchObject({ ok: true });
    const missing = await youtube.verify!(verifyContext(w().fake, { youtube: 'AAAAAAAAAAA' }));
    expect(missing.ok).toBe(false);
    expect(missing.message).toContain('video AAAAAAAAAAA not found');
  });

  it('a revoked refresh token fails the check with the clear message', async () => {
    w().fake.revoke(w().fake.refreshToken);
    expect(await youtube.verify!(verifyContext(w().fake))).toEqual({ ok: false, message: REFRESH_HELP });
  });
});

describe('youtube: check --online (in process)', () => {
  it('reports the signed-in channel, or the refresh token to renew', async () => {
    ws = await workspace();
    const ok = await w().run(['check', '--online', '--json']);
    expect(ok.code, ok.stderr + ok.stdout).toBe(0);
    expect(JSON.parse(ok.stdout).channels[0]).toMatchObject({ channel: 'youtube', ok: true, message: expect.stringContaining('"Babel Test"') });
    w().fake.revoke(w().fake.refreshToken);
    const bad = await w().run(['check', '--online', '--json']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).channels[0]).toMatchObject({ ok: false, message: REFRESH_HELP });
    expectNoSecrets(bad);
  });
});

describe('youtube: error mapping (unit)', () => {
  const apiError = (status: number, reason: string, message = 'm', headers: Record<string, string> = {}) => ({
    name: 'GaxiosError',
    message,
    response: { status, headers: new Headers(headers), data: { error: { code: status, message, errors: [{ reason, message, domain: 'youtube.video' }] } } },
  });
  const map = (error: unknown) => youtubeError(error, { channel: 'yt', videoId: 'abcdefghijk', what: 'videos.update', refreshVariable: 'YOUTUBE_REFRESH_TOKEN' });

  it('tells quota, permission and scope apart (none retryable)', () => {
    expect(map(apiError(403, 'quotaExceeded'))).toMatchObject({ code: 'quota_exceeded', retryable: false, status: 403 });
    const forbidden = map(apiError(403, 'forbidden'));
    expect(forbidden).toMatchObject({ code: 'forbidden', retryable: false });
    expect(forbidden.message).toMatch(/^this account may not edit video abcdefghijk/);
    expect(map(apiError(403, 'insufficientPermissions')).message).toContain('youtube scope');
    expect(map(apiError(401, 'authError'))).toMatchObject({ code: 'unauthorized', retryable: false });
  });

  it('retries 429 and 5xx, honouring Retry-After', () => {
    expect(map(apiError(503, 'backendError', 'x', { 'retry-after': '7' }))).toMatchObject({ code: 'server_error', retryable: true, retryAfter: 7 });
    expect(map(apiError(429, 'rateLimitExceeded'))).toMatchObject({ code: 'rate_limited', retryable: true });
    expect(map(apiError(403, 'userRateLimitExceeded'))).toMatchObject({ code: 'rate_limited', retryable: true });
  });

  it('maps the token endpoint\'s flat errors', () => {
    const token = (status: number, error: string) => ({ message: error, response: { status, data: { error, error_description: 'd' } } });
    expect(map(token(400, 'invalid_grant'))).toMatchObject({ message: REFRESH_HELP, retryable: false });
    expect(map(token(401, 'invalid_client')).message).toContain('client_id and client_secret');
    expect(map(token(500, 'internal_failure'))).toMatchObject({ retryable: true });
  });

  it('names the variable the refresh token is written as, or the key when it is written inline', () => {
    const revoked = { message: 'invalid_grant', response: { status: 400, data: { error: 'invalid_grant' } } };
    const named = youtubeError(revoked, { channel: 'yt', what: 'token refresh', refreshVariable: 'NEWSROOM_YT_REFRESH' });
    expect(named.message).toMatch(/set NEWSROOM_YT_REFRESH$/);
    expect(youtubeError(revoked, { channel: 'yt', what: 'token refresh' }).message).toMatch(/set the channel's `refresh_token`$/);
  });

  it('a gaxios timeout is retryable; an abort after the run\'s signal fired is not', () => {
    const abort = Object.assign(new Error('The operation was aborted.'), { cause: { name: 'AbortError' } });
    expect(map(abort)).toMatchObject({ code: 'timeout', retryable: true });
    const spent = youtubeError(abort, { channel: 'yt', what: 'videos.list', signal: AbortSignal.abort() });
    expect(spent).toMatchObject({ code: 'aborted', retryable: false });
  });

  it('a network failure is retryable and says what happened', () => {
    const e = map(Object.assign(new Error('request to http://127.0.0.1:1/ failed, reason: connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    expect(e).toMatchObject({ code: 'network', retryable: true });
    expect(e.message).toContain('connection refused');
  });
});

describe('youtube: slow answers', () => {
  it('a request that outlasts `timeout:` is abandoned and tried again once', async () => {
    ws = await workspace({ timeout: '300ms' });
    w().fake.failNext('videos.update', { delayMs: 1500 });
    const r = await w().run(['--json', 'istanbul-talks.md']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(count(w().fake, 'videos.update')).toBe(2);
    expect(w().fake.video(ISTANBUL)!.snippet.description).toBe(w().result(r.stdout).output.description);
  });
});

describe('youtube: unreachable server', () => {
  it('is retried under the channel\'s policy and reported as a network error', async () => {
    ws = await workspace({ token_url: 'http://127.0.0.1:9/token' });
    const r = await w().run(['--json', 'istanbul-talks.md']);
    expect(r.code).toBe(1);
    const res = w().result(r.stdout);
    expect(res.error).toMatchObject({ code: 'network', retryable: true });
    expect(res.error?.message).toMatch(/connection refused.*gave up: tried 3 times/);
  });
});

describe('youtube: snippet rules (unit)', () => {
  const current = {
    title: 'T',
    description: 'old',
    tags: ['a', 'B'],
    categoryId: '25',
    defaultLanguage: 'en',
    channelId: 'UC1',
  };

  it('copies everything and replaces only the description when tags and title are unset', () => {
    const next = nextSnippet(current, { video_id: 'x', description: 'new', tags: ['c'] }, {});
    expect(next).toEqual({ ...current, description: 'new' });
    expect(sameSnippet(current, next)).toBe(false);
    expect(sameSnippet(current, nextSnippet(current, { video_id: 'x', description: 'old' }, {}))).toBe(true);
  });

  it('merge dedupes case-insensitively keeping the video\'s spelling; replace with nothing removes the tags', () => {
    expect(nextTags('merge', ['a', 'B'], ['b', 'C', 'A'])).toEqual(['a', 'B', 'C']);
    expect(nextTags('replace', ['a', 'B'], ['x'])).toEqual(['x']);
    expect(nextTags(undefined, ['a'], ['x'])).toEqual(['a']);
    const next = nextSnippet(current, { video_id: 'x', description: 'old', tags: [] }, { tags: 'replace' });
    expect(next.tags).toBeUndefined();
    expect(sameSnippet({ ...current, tags: [] }, { ...current, tags: undefined })).toBe(true);
  });

  it('merged tags never pass 500 by YouTube\'s count', () => {
    const long = Array.from({ length: 60 }, (_, i) => `tag number ${i}`);
    const merged = nextTags('merge', long.slice(0, 30), long.slice(30))!;
    expect(youtubeTagsLength(merged)).toBeLessThanOrEqual(500);
    expect(tagsLength(merged)).toBeLessThanOrEqual(500);
  });
});

describe('youtube: lazy loading', () => {
  it('no module of the channel imports @googleapis/youtube at the top level', () => {
    for (const file of readdirSync(join(ROOT, 'src/channels/youtube'))) {
      const source = readFileSync(join(ROOT, 'src/channels/youtube', file), 'utf8');
      for (const line of source.split('\n').filter((l) => /^import .*['"](@googleapis|googleapis|google-auth-library)/.test(l))) {
        expect(line, `${file}: ${line}`).toMatch(/^import type /);
      }
    }
  });
});
