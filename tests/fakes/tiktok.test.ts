import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import got, { type Response } from 'got';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTikTokFake, type TikTokFake } from './tiktok.js';

const MB = 1024 * 1024;
const BIG_ID = '7440000000000000001';

interface Envelope {
  data: Record<string, unknown>;
  error: { code: string; message: string; log_id: string };
}

let fake: TikTokFake;
let token: string;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tiktok-fake-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  fake = await startTikTokFake({ refreshTokens: ['rft.seed'], hashUploads: true });
  token = fake.issueAccessToken();
});
afterEach(async () => {
  await fake.close();
});

/** POSTs JSON to an API route the way a client would; keeps the raw text for big ids. */
async function api(path: string, json: unknown, bearer: string | null = token): Promise<{ res: Response<string>; body: Envelope }> {
  const res = await got.post(`${fake.url}${path}`, {
    json: json ?? {}, // the API wants a JSON Content-Type even where there is nothing to send
    headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
    throwHttpErrors: false,
    retry: { limit: 0 },
  });
  return { res, body: JSON.parse(res.body) as Envelope };
}

function postInfo(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Istanbul talks #news',
    privacy_level: 'PUBLIC_TO_EVERYONE',
    disable_duet: false,
    disable_comment: false,
    disable_stitch: false,
    video_cover_timestamp_ms: 1000,
    brand_content_toggle: false,
    brand_organic_toggle: false,
    is_aigc: false,
    ...over,
  };
}

function fileSource(video_size: number, chunk_size: number, total_chunk_count: number): Record<string, unknown> {
  return { source: 'FILE_UPLOAD', video_size, chunk_size, total_chunk_count };
}

async function init(size: number, chunk: number, count: number, info: Record<string, unknown> = {}) {
  await api('/v2/post/publish/creator_info/query/', undefined);
  return api('/v2/post/publish/video/init/', { post_info: postInfo(info), source_info: fileSource(size, chunk, count) });
}

async function tempVideo(size: number): Promise<{ path: string; sha256: string }> {
  const bytes = randomBytes(size);
  const path = join(dir, `v-${size}-${Date.now()}.mp4`);
  await writeFile(path, bytes);
  return { path, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** PUTs bytes [first, last] of a file, streamed from disk. */
function putChunk(uploadUrl: string, path: string, first: number, last: number, total: number, headers: Record<string, string> = {}) {
  return got.put(uploadUrl, {
    body: createReadStream(path, { start: first, end: last }),
    headers: {
      'content-type': 'video/mp4',
      'content-length': String(last - first + 1),
      'content-range': `bytes ${first}-${last}/${total}`,
      ...headers,
    },
    throwHttpErrors: false,
    retry: { limit: 0 },
  });
}

/** Uploads a whole file with the announced arithmetic; returns the statuses. */
async function uploadAll(uploadUrl: string, path: string, size: number, chunk: number, count: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) {
    const first = i * chunk;
    const last = i === count - 1 ? size - 1 : first + chunk - 1;
    statuses.push((await putChunk(uploadUrl, path, first, last, size)).statusCode);
  }
  return statuses;
}

describe('OAuth token endpoint', () => {
  const refresh = (refresh_token: string, client_secret = fake.clientSecret) =>
    got.post(`${fake.url}/v2/oauth/token/`, {
      form: { client_key: fake.clientKey, client_secret, grant_type: 'refresh_token', refresh_token },
      throwHttpErrors: false,
      responseType: 'json',
    });

  it('rotates the refresh token: the used one is refused at once, the new one works', async () => {
    const first = await refresh('rft.seed');
    expect(first.statusCode).toBe(200);
    const body = first.body as Record<string, unknown>;
    expect(body).toMatchObject({ expires_in: 86400, refresh_expires_in: 31536000, scope: 'video.publish,user.info.basic', token_type: 'Bearer', open_id: fake.openId });
    expect(body.refresh_token).not.toBe('rft.seed');
    expect(fake.validRefreshTokens.has('rft.seed')).toBe(false);

    const reuse = await refresh('rft.seed');
    expect(reuse.statusCode).toBe(400);
    expect(reuse.body).toEqual({ error: 'invalid_grant', error_description: 'Refresh token is invalid or expired.', log_id: expect.any(String) });

    const second = await refresh(String(body.refresh_token));
    expect(second.statusCode).toBe(200);
    const { body: info } = await api('/v2/post/publish/creator_info/query/', undefined, String(body.access_token));
    expect(info.error.code).toBe('ok');
  });

  it('refuses a wrong client secret with invalid_client and keeps the refresh token', async () => {
    const res = await refresh('rft.seed', 'wrong');
    expect(res.statusCode).toBe(401);
    expect(res.body).toMatchObject({ error: 'invalid_client' });
    expect(fake.validRefreshTokens.has('rft.seed')).toBe(true);
  });
});

describe('API routes', () => {
  it('refuses a missing or unknown Bearer token in the envelope', async () => {
    for (const bearer of [null, 'act.unknown']) {
      const { res, body } = await api('/v2/post/publish/creator_info/query/', undefined, bearer);
      expect(res.statusCode).toBe(401);
      expect(body.error.code).toBe('access_token_invalid');
    }
    fake.expireAccessTokens();
    expect((await api('/v2/post/publish/creator_info/query/', undefined)).body.error.code).toBe('access_token_invalid');
  });

  it('answers creator_info in the envelope and records requests without the Authorization header', async () => {
    const { res, body } = await api('/v2/post/publish/creator_info/query/', undefined);
    expect(res.statusCode).toBe(200);
    expect(body.error).toMatchObject({ code: 'ok', message: '' });
    expect(body.error.log_id).toMatch(/^\w+$/);
    expect(body.data).toMatchObject({
      creator_username: 'babel.news',
      privacy_level_options: ['PUBLIC_TO_EVERYONE', 'MUTUAL_FOLLOW_FRIENDS', 'FOLLOWER_OF_CREATOR', 'SELF_ONLY'],
      max_video_post_duration_sec: 600,
    });
    expect(fake.requests.at(-1)).toMatchObject({ method: 'POST', path: '/v2/post/publish/creator_info/query/' });
    expect(fake.requests.at(-1)?.headers.authorization).toBeUndefined();
  });

  it('records an init that had no creator_info before it', async () => {
    const { body } = await api('/v2/post/publish/video/init/', { post_info: postInfo(), source_info: fileSource(3 * MB, 3 * MB, 1) });
    expect(body.error.code).toBe('ok');
    expect(fake.initWithoutCreatorInfo).toEqual([body.data.publish_id]);
    await init(3 * MB, 3 * MB, 1);
    expect(fake.initWithoutCreatorInfo).toHaveLength(1);
  });

  it('enforces the per-token rate limit with 429 rate_limit_exceeded', async () => {
    fake.rateLimits.creatorInfo = { max: 2, windowMs: 60_000 };
    await api('/v2/post/publish/creator_info/query/', undefined);
    await api('/v2/post/publish/creator_info/query/', undefined);
    const { res, body } = await api('/v2/post/publish/creator_info/query/', undefined);
    expect(res.statusCode).toBe(429);
    expect(body.error.code).toBe('rate_limit_exceeded');
    // Another token has its own window.
    expect((await api('/v2/post/publish/creator_info/query/', undefined, fake.issueAccessToken())).res.statusCode).toBe(200);
  });
});

describe('video init', () => {
  it('checks the chunk arithmetic', async () => {
    const twoChunks = await init(7 * MB, 5 * MB, 2);
    expect(twoChunks.res.statusCode).toBe(400);
    expect(twoChunks.body.error.code).toBe('invalid_param');
    expect(twoChunks.body.error.message).toContain('floor(video_size / chunk_size) = 1');
    expect((await init(7 * MB, 5 * MB, 1)).body.error.code).toBe('ok');
    expect((await init(3 * MB, 1 * MB, 3)).body.error.message).toContain('must be one chunk');
    expect((await init(100 * MB, 4 * MB, 25)).body.error.message).toContain('chunk_size');
    expect((await init(200 * MB, 64 * MB, 3)).body.error.code).toBe('ok');
    expect((await init(200 * MB, 40 * MB, 5)).body.error.code).toBe('ok');
  });

  it('refuses a privacy level the creator is not offered', async () => {
    fake.creatorInfo.privacy_level_options = ['SELF_ONLY'];
    const { res, body } = await init(3 * MB, 3 * MB, 1, { privacy_level: 'PUBLIC_TO_EVERYONE' });
    expect(res.statusCode).toBe(403);
    expect(body.error.code).toBe('privacy_level_option_mismatch');
  });

  it('counts the title limit in UTF-16 code units', async () => {
    const ok = '😀'.repeat(1100); // 2200 units
    expect((await init(3 * MB, 3 * MB, 1, { title: ok })).body.error.code).toBe('ok');
    const { res, body } = await init(3 * MB, 3 * MB, 1, { title: `${ok}x` });
    expect(res.statusCode).toBe(400);
    expect(body.error).toMatchObject({ code: 'invalid_param', message: expect.stringContaining('2201 UTF-16 code units') });
  });

  it('requires a JSON Content-Type and a verified domain for PULL_FROM_URL', async () => {
    const res = await got.post(`${fake.url}/v2/post/publish/video/init/`, {
      body: JSON.stringify({ post_info: postInfo(), source_info: fileSource(3 * MB, 3 * MB, 1) }),
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
      throwHttpErrors: false,
    });
    expect(res.statusCode).toBe(400);
    expect((JSON.parse(res.body) as Envelope).error.code).toBe('invalid_param');

    const pull = await api('/v2/post/publish/video/init/', {
      post_info: postInfo(),
      source_info: { source: 'PULL_FROM_URL', video_url: 'https://example.org/v.mp4' },
    });
    expect(pull.res.statusCode).toBe(403);
    expect(pull.body.error.code).toBe('url_ownership_unverified');
  });

  it('can refuse with HTTP 200 so only error.code tells', async () => {
    fake.refuseNextInit('spam_risk_too_many_posts', { httpStatus: 200 });
    const { res, body } = await init(3 * MB, 3 * MB, 1);
    expect(res.statusCode).toBe(200);
    expect(body.error.code).toBe('spam_risk_too_many_posts');
    expect(body.data).toEqual({});
    fake.refuseNextInit('rate_limit_exceeded');
    expect((await init(3 * MB, 3 * MB, 1)).res.statusCode).toBe(429);
    expect((await init(3 * MB, 3 * MB, 1)).body.error.code).toBe('ok');
  });
});

describe('upload and status', () => {
  it('takes a 12 MB file in two chunks (206, 201) and publishes with a big id', async () => {
    const size = 12 * MB;
    const video = await tempVideo(size);
    const { body } = await init(size, 5 * MB, 2);
    const publishId = String(body.data.publish_id);
    const uploadUrl = String(body.data.upload_url);
    expect(publishId).toMatch(/^v_pub_file~v2-1\.\d+$/);
    expect(uploadUrl).toMatch(new RegExp(`^${fake.url}/upload/\\w+\\?upload_id=\\w+&upload_token=\\w+$`));

    const status = () => api('/v2/post/publish/status/fetch/', { publish_id: publishId });
    expect((await status()).body.data).toEqual({ status: 'PROCESSING_UPLOAD', uploaded_bytes: 0 });

    expect(await uploadAll(uploadUrl, video.path, size, 5 * MB, 2)).toEqual([206, 201]);
    expect(fake.uploads[publishId]).toMatchObject({ bytes: size, complete: true, sha256: video.sha256 });
    expect(fake.uploads[publishId]?.chunks.map((c) => c.bytes)).toEqual([5 * MB, 7 * MB]);

    expect((await status()).body.data.status).toBe('PROCESSING_UPLOAD');
    expect((await status()).body.data.status).toBe('PROCESSING_UPLOAD');
    const done = await status();
    expect(done.body.data).toMatchObject({ status: 'PUBLISH_COMPLETE', uploaded_bytes: size });
    // The raw text carries the exact id; JSON.parse alone would round it.
    expect(done.res.body).toContain(`"publicaly_available_post_id":[${BIG_ID}]`);
    expect(String((done.body.data.publicaly_available_post_id as number[])[0])).not.toBe(BIG_ID);
    const exact = /"publicaly_available_post_id":\[(\d+)/.exec(done.res.body)?.[1];
    expect(exact).toBe(BIG_ID);
  });

  it('takes a 3 MB file as one chunk', async () => {
    const size = 3 * MB;
    const video = await tempVideo(size);
    const { body } = await init(size, size, 1);
    expect(await uploadAll(String(body.data.upload_url), video.path, size, size, 1)).toEqual([201]);
    expect(fake.uploads[String(body.data.publish_id)]?.sha256).toBe(video.sha256);
  });

  it('refuses chunks out of order, of the wrong length, or with bad headers', async () => {
    const size = 12 * MB;
    const video = await tempVideo(size);
    const { body } = await init(size, 5 * MB, 2);
    const uploadUrl = String(body.data.upload_url);

    expect((await putChunk(uploadUrl, video.path, 5 * MB, size - 1, size)).statusCode).toBe(416);
    expect((await putChunk(uploadUrl, video.path, 0, 6 * MB - 1, size)).statusCode).toBe(416);
    expect((await putChunk(uploadUrl, video.path, 0, 5 * MB - 1, size + 1)).statusCode).toBe(400);
    expect((await putChunk(uploadUrl, video.path, 0, 5 * MB - 1, size, { 'content-type': 'application/octet-stream' })).statusCode).toBe(400);
    expect((await putChunk(uploadUrl.split('?')[0] ?? '', video.path, 0, 5 * MB - 1, size)).statusCode).toBe(400);
    expect(fake.uploads[String(body.data.publish_id)]?.bytes).toBe(0);

    expect((await putChunk(uploadUrl, video.path, 0, 5 * MB - 1, size)).statusCode).toBe(206);
    expect((await putChunk(uploadUrl, video.path, 0, 5 * MB - 1, size)).statusCode).toBe(416); // resent chunk
  });

  it('injects chunk failures and expires the upload URL', async () => {
    const size = 3 * MB;
    const video = await tempVideo(size);
    const { body } = await init(size, size, 1);
    const uploadUrl = String(body.data.upload_url);
    fake.failNextChunk(503, 2);
    expect((await putChunk(uploadUrl, video.path, 0, size - 1, size)).statusCode).toBe(503);
    expect((await putChunk(uploadUrl, video.path, 0, size - 1, size)).statusCode).toBe(503);
    expect((await putChunk(uploadUrl, video.path, 0, size - 1, size)).statusCode).toBe(201);
    expect(fake.uploads[String(body.data.publish_id)]?.sha256).toBe(video.sha256);

    const again = await init(size, size, 1);
    fake.expireUploadUrl(String(again.body.data.publish_id));
    expect((await putChunk(String(again.body.data.upload_url), video.path, 0, size - 1, size)).statusCode).toBe(403);
  });

  it('does not count a chunk the client aborted half way', async () => {
    const size = 3 * MB;
    const video = await tempVideo(size);
    const { body } = await init(size, size, 1);
    const uploadUrl = String(body.data.upload_url);
    async function* halfThenFail(): AsyncGenerator<Buffer> {
      yield Buffer.alloc(MB);
      await new Promise((r) => setTimeout(r, 50));
      throw new Error('disk went away');
    }
    const aborted = got.put(uploadUrl, {
      body: Readable.from(halfThenFail()),
      headers: { 'content-type': 'video/mp4', 'content-length': String(size), 'content-range': `bytes 0-${size - 1}/${size}` },
      retry: { limit: 0 },
    });
    await expect(aborted).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 50)); // let the server see the closed socket
    expect(fake.uploads[String(body.data.publish_id)]?.bytes).toBe(0);
    expect((await putChunk(uploadUrl, video.path, 0, size - 1, size)).statusCode).toBe(201);
    expect(fake.uploads[String(body.data.publish_id)]?.sha256).toBe(video.sha256);
  });

  it('counts bytes without hashing unless asked', async () => {
    const plain = await startTikTokFake();
    try {
      const bearer = plain.issueAccessToken();
      const res = await got.post(`${plain.url}/v2/post/publish/video/init/`, {
        json: { post_info: postInfo(), source_info: fileSource(MB, MB, 1) },
        headers: { authorization: `Bearer ${bearer}` },
      }).json<Envelope>();
      const video = await tempVideo(MB);
      expect((await putChunk(String(res.data.upload_url), video.path, 0, MB - 1, MB)).statusCode).toBe(201);
      expect(plain.uploads[String(res.data.publish_id)]).toMatchObject({ bytes: MB, complete: true });
      expect(plain.uploads[String(res.data.publish_id)]?.sha256).toBeUndefined();
    } finally {
      await plain.close();
    }
  });

  it('ends FAILED with fail_reason when processing is made to fail', async () => {
    fake.processingPolls = 0;
    const size = 3 * MB;
    const video = await tempVideo(size);
    fake.failProcessing('next', 'duration_check_failed');
    const { body } = await init(size, size, 1);
    await uploadAll(String(body.data.upload_url), video.path, size, size, 1);
    const { res, body: status } = await api('/v2/post/publish/status/fetch/', { publish_id: body.data.publish_id });
    expect(res.statusCode).toBe(200);
    expect(status.error.code).toBe('ok');
    expect(status.data).toMatchObject({ status: 'FAILED', fail_reason: 'duration_check_failed' });
  });

  it('names no public id for a SELF_ONLY post and refuses an unknown publish_id', async () => {
    fake.processingPolls = 0;
    const size = 3 * MB;
    const video = await tempVideo(size);
    const { body } = await init(size, size, 1, { privacy_level: 'SELF_ONLY' });
    await uploadAll(String(body.data.upload_url), video.path, size, size, 1);
    const done = await api('/v2/post/publish/status/fetch/', { publish_id: body.data.publish_id });
    expect(done.body.data).toMatchObject({ status: 'PUBLISH_COMPLETE', publicaly_available_post_id: [] });

    const unknown = await api('/v2/post/publish/status/fetch/', { publish_id: 'v_pub_file~v2-1.1' });
    expect(unknown.res.statusCode).toBe(400);
    expect(unknown.body.error.code).toBe('invalid_param');
  });
});
