/**
 * Self-tests of the YouTube fake, driven by the real clients
 * (google-auth-library's OAuth2Client, @googleapis/youtube): the fake must
 * behave like YouTube where our channel code can go wrong, and these tests
 * pin down what the client libraries do on their own (refresh, retries).
 */
import { auth as youtubeAuth, youtube } from '@googleapis/youtube';
import type { youtube_v3 } from '@googleapis/youtube';
import { OAuth2Client } from 'google-auth-library';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startYouTubeFake, tagsLength } from './youtube.js';
import type { YouTubeFake } from './youtube.js';

const VIDEO_ID = 'dQw4w9WgXcQ';

let fake: YouTubeFake;
let auth: OAuth2Client;
let yt: youtube_v3.Youtube;

/**
 * google-auth-library 10.9.1 (top level) and the 10.5.0 copy nested under
 * googleapis-common declare OAuth2Client separately, so TypeScript refuses one
 * for the other although they work together at run time.
 */
const asYouTubeAuth = (client: OAuth2Client): youtube_v3.Options['auth'] =>
  client as unknown as youtube_v3.Options['auth'];

beforeEach(async () => {
  fake = await startYouTubeFake();
  fake.addVideo(VIDEO_ID, {
    title: 'Новости недели',
    description: 'Старое описание',
    tags: ['news', 'weekly digest'],
    categoryId: '25',
    defaultLanguage: 'ru',
    defaultAudioLanguage: 'ru',
  });
  auth = new OAuth2Client({
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
    endpoints: { oauth2TokenUrl: fake.tokenUrl },
  });
  auth.setCredentials({ refresh_token: fake.refreshToken });
  yt = youtube({ version: 'v3', auth: asYouTubeAuth(auth), rootUrl: fake.url });
});

afterEach(async () => {
  await fake.close();
});

/** What our channel code reads from a failed googleapis call (a GaxiosError). */
interface Failure {
  status: number | undefined;
  reason: string | undefined;
  domain: string | undefined;
  message: string;
  data: unknown;
}

async function failure(promise: Promise<unknown>): Promise<Failure> {
  const error = (await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  )) as { message: string; response?: { status: number; data?: { error?: { errors?: { reason?: string; domain?: string }[] } } } };
  const first = error.response?.data?.error?.errors?.[0];
  return {
    status: error.response?.status,
    reason: first?.reason,
    domain: first?.domain,
    message: error.message,
    data: error.response?.data,
  };
}

async function currentSnippet(): Promise<youtube_v3.Schema$VideoSnippet> {
  const res = await yt.videos.list({ part: ['snippet'], id: [VIDEO_ID] });
  return res.data.items![0]!.snippet!;
}

describe('OAuth token endpoint', () => {
  it('refreshes once with the form grant, then reuses the access token', async () => {
    await yt.videos.list({ part: ['snippet'], id: [VIDEO_ID] });
    await yt.videos.list({ part: ['snippet'], id: [VIDEO_ID] });
    expect(fake.tokenRequests).toBe(1);
    const [grant] = fake.requests.filter((r) => r.route === 'token');
    expect(grant?.body).toEqual({
      refresh_token: fake.refreshToken,
      client_id: fake.clientId,
      client_secret: fake.clientSecret,
      grant_type: 'refresh_token',
    });
    const apiCalls = fake.requests.filter((r) => r.route === 'videos.list');
    expect(apiCalls.every((r) => r.accessToken?.startsWith('ya29.'))).toBe(true);
  });

  it('a revoked refresh token fails with invalid_grant', async () => {
    fake.revoke(fake.refreshToken);
    const result = await failure(yt.videos.list({ part: ['snippet'], id: [VIDEO_ID] }));
    expect(result.status).toBe(400);
    expect(result.data).toEqual({ error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
    expect(result.message).toContain('invalid_grant');
    expect(fake.requests.filter((r) => r.route === 'videos.list')).toHaveLength(0);
  });

  it('a wrong client secret fails with 401 invalid_client', async () => {
    const wrong = new OAuth2Client({
      clientId: fake.clientId,
      clientSecret: 'not-the-secret',
      endpoints: { oauth2TokenUrl: fake.tokenUrl },
    });
    wrong.setCredentials({ refresh_token: fake.refreshToken });
    const result = await failure(wrong.getAccessToken());
    expect(result.status).toBe(401);
    expect(result.data).toMatchObject({ error: 'invalid_client' });
  });

  it('the OAuth2 class re-exported by @googleapis/youtube takes the same endpoints option', async () => {
    const client = new youtubeAuth.OAuth2({
      clientId: fake.clientId,
      clientSecret: fake.clientSecret,
      endpoints: { oauth2TokenUrl: fake.tokenUrl },
    });
    client.setCredentials({ refresh_token: fake.refreshToken });
    const res = await youtube({ version: 'v3', auth: client, rootUrl: fake.url }).videos.list({ part: ['snippet'], id: [VIDEO_ID] });
    expect(res.data.items).toHaveLength(1);
    expect(fake.tokenRequests).toBe(1);
  });

  it('google-auth-library retries the token POST on a 500 by itself', async () => {
    fake.failNext('token', { status: 500 });
    await yt.videos.list({ part: ['snippet'], id: [VIDEO_ID] });
    expect(fake.tokenRequests).toBe(2);
  });
});

describe('videos.list', () => {
  it('returns the snippet of an existing video and costs 1 unit', async () => {
    const res = await yt.videos.list({ part: ['snippet'], id: [VIDEO_ID] });
    expect(res.data.kind).toBe('youtube#videoListResponse');
    expect(res.data.items).toHaveLength(1);
    expect(res.data.items?.[0]?.snippet).toMatchObject({
      title: 'Новости недели',
      description: 'Старое описание',
      tags: ['news', 'weekly digest'],
      categoryId: '25',
      defaultLanguage: 'ru',
    });
    expect(fake.quotaUsed).toBe(1);
  });

  it('answers a missing video with 200 and no items', async () => {
    const res = await yt.videos.list({ part: ['snippet'], id: ['missing0000'] });
    expect(res.status).toBe(200);
    expect(res.data.items).toEqual([]);
  });

  it('refuses a request without a bearer token with the real 401 body', async () => {
    const res = await fetch(`${fake.url}youtube/v3/videos?part=snippet&id=${VIDEO_ID}`);
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: { code: number; errors: { reason: string; domain: string }[] } };
    expect(body.error.code).toBe(401);
    expect(body.error.errors[0]).toMatchObject({ reason: 'required', domain: 'global' });
    expect(fake.quotaUsed).toBe(0);
  });
});

describe('videos.update', () => {
  it('refuses a snippet without categoryId (only the description sent)', async () => {
    const result = await failure(
      yt.videos.update({ part: ['snippet'], requestBody: { id: VIDEO_ID, snippet: { description: 'Новое' } } }),
    );
    expect(result).toMatchObject({ status: 400, reason: 'invalidCategoryId', domain: 'youtube.video' });
    expect(result.message).toBe('The request metadata specifies an invalid or empty video category.');
    expect(fake.video(VIDEO_ID)?.snippet.description).toBe('Старое описание');
    expect(fake.updates).toBe(0);
  });

  it('replaces the whole snippet: a copied snippet works and an omitted field disappears', async () => {
    const snippet = await currentSnippet();
    const { tags: _dropped, ...withoutTags } = snippet;
    const res = await yt.videos.update({
      part: ['snippet'],
      requestBody: { id: VIDEO_ID, snippet: { ...withoutTags, description: 'Новое описание #новости' } },
    });
    expect(res.data.snippet?.description).toBe('Новое описание #новости');
    const stored = fake.video(VIDEO_ID)!.snippet;
    expect(stored).toMatchObject({ title: 'Новости недели', categoryId: '25', defaultLanguage: 'ru' });
    expect(stored.tags).toBeUndefined();
    expect(fake.updates).toBe(1);
    expect(fake.quotaUsed).toBe(1 + 50);

    // Title and category only: description and languages are wiped too.
    await yt.videos.update({ part: ['snippet'], requestBody: { id: VIDEO_ID, snippet: { title: 'T', categoryId: '25' } } });
    const bare = fake.video(VIDEO_ID)!.snippet;
    expect(bare.description).toBe('');
    expect(bare.defaultLanguage).toBeUndefined();
    expect(bare.defaultAudioLanguage).toBeUndefined();
  });

  it('limits the description in UTF-8 bytes: 5000 bytes of Cyrillic pass, 5001 fail', async () => {
    const snippet = await currentSnippet();
    const ok = 'ж'.repeat(2500); // 2500 characters, 5000 bytes
    await yt.videos.update({ part: ['snippet'], requestBody: { id: VIDEO_ID, snippet: { ...snippet, description: ok } } });
    const tooLong = `${ok}x`; // 2501 characters, 5001 bytes
    const result = await failure(
      yt.videos.update({ part: ['snippet'], requestBody: { id: VIDEO_ID, snippet: { ...snippet, description: tooLong } } }),
    );
    expect(result).toMatchObject({ status: 400, reason: 'invalidDescription', domain: 'youtube.video' });
    const angle = await failure(
      yt.videos.update({ part: ['snippet'], requestBody: { id: VIDEO_ID, snippet: { ...snippet, description: 'a <b> c' } } }),
    );
    expect(angle.reason).toBe('invalidDescription');
  });

  it('refuses bad titles, too many tags and unknown videos', async () => {
    const snippet = await currentSnippet();
    const update = (changes: youtube_v3.Schema$VideoSnippet, id = VIDEO_ID) =>
      yt.videos.update({ part: ['snippet'], requestBody: { id, snippet: { ...snippet, ...changes } } });

    expect((await failure(update({ title: 't'.repeat(101) }))).reason).toBe('invalidTitle');
    expect((await failure(update({ title: 'a > b' }))).reason).toBe('invalidTitle');
    expect((await failure(update({ categoryId: '999' }))).reason).toBe('invalidCategoryId');

    // "tag 000" is 7 characters + 2 for the space's quotes; 50 of them with 49 commas: 499.
    const fifty = Array.from({ length: 50 }, (_, i) => `tag ${String(i).padStart(3, '0')}`);
    expect(tagsLength(fifty)).toBe(50 * 9 + 49);
    const exactly500 = [...fifty.slice(0, 49), 'tag 0499']; // 49 × 9 + (8 + 2) + 49 = 500
    expect(tagsLength(exactly500)).toBe(500);
    await update({ tags: exactly500 });
    const over = [...exactly500.slice(0, 49), 'tag 04999'];
    expect(tagsLength(over)).toBe(501);
    expect((await failure(update({ tags: over })))).toMatchObject({ status: 400, reason: 'invalidTags' });

    const missing = await failure(update({}, 'missing0000'));
    expect(missing).toMatchObject({ status: 404, reason: 'videoNotFound', domain: 'youtube.video' });
  });

  it('refuses unknown snippet fields as Google does', async () => {
    const snippet = await currentSnippet();
    const result = await failure(
      yt.videos.update({
        part: ['snippet'],
        requestBody: { id: VIDEO_ID, snippet: { ...snippet, hashtags: ['x'] } as youtube_v3.Schema$VideoSnippet },
      }),
    );
    expect(result.status).toBe(400);
    expect(result.message).toContain('Unknown name "hashtags"');
  });
});

describe('quota and retries', () => {
  it('answers quotaExceeded (403, youtube.quota) without refreshing the token or retrying', async () => {
    fake.quotaLimit = 60;
    const snippet = await currentSnippet(); // 1 unit
    await yt.videos.update({ part: ['snippet'], requestBody: { id: VIDEO_ID, snippet } }); // 51 units
    const result = await failure(yt.videos.update({ part: ['snippet'], requestBody: { id: VIDEO_ID, snippet } }));
    expect(result).toMatchObject({ status: 403, reason: 'quotaExceeded', domain: 'youtube.quota' });
    expect(fake.quotaUsed).toBe(51);
    expect(fake.tokenRequests).toBe(1);
    expect(fake.requests.filter((r) => r.route === 'videos.update')).toHaveLength(2);
  });

  it('googleapis retries a PUT on 5xx three times by default', async () => {
    const snippet = await currentSnippet();
    fake.failNext('videos.update', { status: 503 }, 3);
    const res = await yt.videos.update({ part: ['snippet'], requestBody: { id: VIDEO_ID, snippet } });
    expect(res.status).toBe(200);
    expect(fake.requests.filter((r) => r.route === 'videos.update')).toHaveLength(4);
    expect(fake.updates).toBe(1);
  });

  it('{ retry: false } per call turns the retries off', async () => {
    const snippet = await currentSnippet();
    fake.failNext('videos.update', { status: 500 }, 5);
    const result = await failure(
      yt.videos.update({ part: ['snippet'], requestBody: { id: VIDEO_ID, snippet } }, { retry: false }),
    );
    expect(result).toMatchObject({ status: 500, reason: 'backendError' });
    expect(fake.requests.filter((r) => r.route === 'videos.update')).toHaveLength(1);
  });

  it('retries a 429 on GET too, and a client-wide retryConfig can bound it', async () => {
    const bounded = youtube({
      version: 'v3',
      auth: asYouTubeAuth(auth),
      rootUrl: fake.url,
      retryConfig: { retry: 1, retryDelay: 0, retryDelayMultiplier: 1 },
    });
    fake.failNext('videos.list', { status: 429 }, 2);
    const result = await failure(bounded.videos.list({ part: ['snippet'], id: [VIDEO_ID] }));
    expect(result).toMatchObject({ status: 429, reason: 'rateLimitExceeded' });
    expect(fake.requests.filter((r) => r.route === 'videos.list')).toHaveLength(2);
  });
});
