/**
 * Strict local fake of the TikTok Content Posting API v2 (see /work/shared/API-NOTES.md).
 *
 * It refuses what the real service refuses, with the real error codes, so a channel that
 * passes against it has its envelope handling, chunk arithmetic, token rotation and
 * status polling right. Upload bytes are counted (optionally hashed) as they stream, never kept.
 *
 * Auth: every /v2/post/ route checks the Bearer token; the upload URL is authorised by the
 * upload_id/upload_token in its query string instead (as TikTok's signed upload URLs are).
 *
 * Big ids: `publicaly_available_post_id` is written into the JSON text as a raw integer
 * beyond 2^53 (e.g. 7440000000000000001). `JSON.parse` turns it into 7440000000000000000;
 * a client must read it as text (regex on the raw body, or a reviver with `context.source`).
 */
import { createHash, randomBytes, type Hash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { recordWire } from './http.js';

const MB = 1024 * 1024;
/** Smallest chunk TikTok takes; files under it go in one piece. */
export const TIKTOK_MIN_CHUNK = 5 * MB;
/** Largest chunk_size TikTok takes. */
export const TIKTOK_MAX_CHUNK = 64 * MB;
/** Largest final chunk (chunk_size plus the remainder). */
export const TIKTOK_MAX_LAST_CHUNK = 128 * MB;
/** Largest video TikTok takes by FILE_UPLOAD. */
export const TIKTOK_MAX_VIDEO = 4 * 1024 * MB;
/** Caption limit in UTF-16 code units. */
export const TIKTOK_TITLE_LIMIT = 2200;
const MAX_CHUNKS = 1000;
const FIRST_POST_ID = 7_440_000_000_000_000_001n;
const UPLOAD_TYPES = new Set(['video/mp4', 'video/quicktime', 'video/webm']);
const PRIVACY_LEVELS = [
  'PUBLIC_TO_EVERYONE',
  'MUTUAL_FOLLOW_FRIENDS',
  'FOLLOWER_OF_CREATOR',
  'SELF_ONLY',
] as const;

/** One of TikTok's privacy levels. */
export type TikTokPrivacyLevel = (typeof PRIVACY_LEVELS)[number];

/** A sliding-window limit per access token; `max: Infinity` turns it off. */
export interface TikTokRateLimit {
  max: number;
  windowMs: number;
}

/** The per-token limits the real API documents. */
export interface TikTokRateLimits {
  /** @default { max: 20, windowMs: 60_000 } */
  creatorInfo: TikTokRateLimit;
  /** @default { max: 6, windowMs: 60_000 } */
  init: TikTokRateLimit;
  /** @default { max: 30, windowMs: 60_000 } */
  status: TikTokRateLimit;
}

/** What `creator_info/query/` answers; mutable on the fake. */
export interface TikTokCreatorInfo {
  creator_avatar_url: string;
  creator_username: string;
  creator_nickname: string;
  privacy_level_options: TikTokPrivacyLevel[];
  comment_disabled: boolean;
  duet_disabled: boolean;
  stitch_disabled: boolean;
  max_video_post_duration_sec: number;
}

/** Options of {@link startTikTokFake}. */
export interface TikTokFakeOptions {
  /** @default 'fake-client-key' */
  clientKey?: string;
  /** @default 'fake-client-secret' */
  clientSecret?: string;
  /** Refresh tokens valid from the start. @default [] */
  refreshTokens?: string[];
  /** Overrides of the creator_info answer. @default babel.news, all four privacy levels */
  creatorInfo?: Partial<TikTokCreatorInfo>;
  /** Status polls answered PROCESSING_* after the upload completes. @default 2 */
  processingPolls?: number;
  /** @default the documented limits (20 / 6 / 30 per minute) */
  rateLimits?: Partial<TikTokRateLimits>;
  /** Hosts whose URLs PULL_FROM_URL may use (subdomains included). @default [] */
  verifiedDomains?: string[];
  /** An unaudited app may only post SELF_ONLY. @default false */
  unaudited?: boolean;
  /**
   * Hash uploads with sha256 while streaming (exposed as `uploads[id].sha256`). Off by
   * default: on a busy 2-core box hashing alone caps loopback throughput near 300–500 MB/s.
   * @default false
   */
  hashUploads?: boolean;
  /** Lifetime of an upload_url. @default 3_600_000 (1 hour) */
  uploadUrlTtlMs?: number;
  /** Initial {@link TikTokFake.latencyMs}. @default {} */
  latencyMs?: Record<string, number>;
}

/** A request as the fake saw it (Authorization removed; upload bodies not kept). */
export interface TikTokRecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON or form body; undefined for uploads and empty bodies. */
  body?: unknown;
}

/** One chunk that was accepted. */
export interface TikTokChunk {
  first: number;
  last: number;
  bytes: number;
}

/** Progress of one FILE_UPLOAD, keyed by publish_id in `fake.uploads`. */
export interface TikTokUpload {
  publishId: string;
  videoSize: number;
  chunkSize: number;
  totalChunkCount: number;
  /** Bytes accepted so far (in accepted chunks only). */
  bytes: number;
  chunks: TikTokChunk[];
  complete: boolean;
  /** Hex sha256 of everything accepted, once complete (only with `hashUploads: true`). */
  sha256?: string;
  /** Epoch ms when the first chunk's bytes began to arrive (for throughput figures). */
  startedAt?: number;
  /** Epoch ms when the last chunk was accepted. */
  completedAt?: number;
}

/** One accepted init, keyed by publish_id in `fake.publishes`. */
export interface TikTokPublish {
  publishId: string;
  postInfo: Record<string, unknown>;
  sourceInfo: Record<string, unknown>;
  /** Post id TikTok assigns (as a decimal string, it exceeds 2^53). */
  postId: string;
  /** Status polls answered since the upload (or download) completed. */
  pollsAfterUpload: number;
  failReason?: string;
}

/** Optional settings of a forced init refusal. */
export interface TikTokRefusalOptions {
  /** HTTP status; 200 makes a refusal that only `error.code` reveals. @default by code */
  httpStatus?: number;
  /** @default a message naming the code */
  message?: string;
}

/** A running TikTok fake. */
export interface TikTokFake {
  /** Base URL, e.g. `http://127.0.0.1:40123` (no trailing slash). */
  readonly url: string;
  readonly clientKey: string;
  readonly clientSecret: string;
  readonly openId: string;
  /** Every request, in order. */
  readonly requests: TikTokRecordedRequest[];
  /** Refresh tokens that would be accepted now (rotation removes the used one). */
  readonly validRefreshTokens: Set<string>;
  /** Access tokens issued and still valid, with their expiry (ms since epoch). */
  readonly accessTokens: Map<string, { expiresAt: number; scope: string }>;
  /** Mutable creator_info answer. */
  creatorInfo: TikTokCreatorInfo;
  /** Status polls answered PROCESSING_* after completion. */
  processingPolls: number;
  /** Mutable limits; set `max: Infinity` to turn one off. */
  rateLimits: TikTokRateLimits;
  /**
   * Milliseconds a request waits before it is handled (a slow server), keyed by path
   * (`'/v2/post/publish/video/init/'`; a trailing `*` matches a prefix, e.g. `'/upload/*'`).
   * Mutable.
   */
  latencyMs: Record<string, number>;
  /** publish_ids whose init had no creator_info query before it (per access token). */
  readonly initWithoutCreatorInfo: string[];
  readonly uploads: Record<string, TikTokUpload>;
  readonly publishes: Record<string, TikTokPublish>;
  /** Makes `token` a valid refresh token. */
  seedRefreshToken(token: string): void;
  /** Issues an access token directly (skipping OAuth), e.g. for route tests. */
  issueAccessToken(scope?: string): string;
  /** Makes every issued access token invalid (as if expired). */
  expireAccessTokens(): void;
  /** Refuses the next valid init with `code` (queued, one refusal per call). */
  refuseNextInit(code: string, options?: TikTokRefusalOptions): void;
  /** Answers the next `count` upload chunks with `status` without accepting them. */
  failNextChunk(status: 500 | 503, count?: number): void;
  /** Makes the upload_url of `publishId` expired (403 from then on). */
  expireUploadUrl(publishId: string): void;
  /** Makes processing of `publishId` (or of the next init) end FAILED with `reason`. */
  failProcessing(publishId: string | 'next', reason: string): void;
  close(): Promise<void>;
}

/** Default HTTP status of each refusal code the API documents. */
const STATUS_BY_CODE: Record<string, number> = {
  invalid_param: 400,
  access_token_invalid: 401,
  scope_not_authorized: 401,
  spam_risk_too_many_posts: 403,
  spam_risk_user_banned_from_posting: 403,
  reached_active_user_cap: 403,
  unaudited_client_can_only_post_to_private_accounts: 403,
  privacy_level_option_mismatch: 403,
  url_ownership_unverified: 403,
  rate_limit_exceeded: 429,
  internal_error: 500,
};

/** A refusal in TikTok's envelope. */
interface Refusal {
  status: number;
  code: string;
  message: string;
}

function refusal(code: string, message: string, status = STATUS_BY_CODE[code] ?? 400): Refusal {
  return { status, code, message };
}

function logId(): string {
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  return stamp + randomBytes(10).toString('hex').toUpperCase();
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=UTF-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Writes the envelope; `bigIds` are spliced in as raw JSON integers for `data[key]`. */
function sendEnvelope(
  res: ServerResponse,
  status: number,
  data: Record<string, unknown>,
  error: { code: string; message: string } = { code: 'ok', message: '' },
  bigIds?: { key: string; ids: string[] },
): void {
  let text = JSON.stringify({ data, error: { ...error, log_id: logId() } });
  if (bigIds) {
    // JSON.stringify cannot write a bigint; put the digits in by hand.
    const raw = `"${bigIds.key}":[${bigIds.ids.join(',')}]`;
    text = text.replace(`"${bigIds.key}":"__BIG_IDS__"`, raw);
  }
  sendText(res, status, text);
}

function sendRefusal(res: ServerResponse, r: Refusal): void {
  sendEnvelope(res, r.status, {}, { code: r.code, message: r.message });
}

async function readBody(req: IncomingMessage, limit = 1 * MB): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of req as AsyncIterable<Buffer>) {
    size += part.length;
    if (size > limit) throw new Error('request body too large');
    parts.push(part);
  }
  return Buffer.concat(parts);
}

/** Reads and throws away a body, then calls `done` (replying early can break the client's write). */
function drain(req: IncomingMessage, done: () => void): void {
  if (req.readableEnded) return done();
  req.on('end', done);
  req.resume();
}

function headersWithoutSecrets(req: IncomingMessage): TikTokRecordedRequest['headers'] {
  const { authorization: _authorization, ...rest } = req.headers;
  return rest;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
}

/**
 * TikTok's chunk rules: under 5 MB one chunk of the whole size; otherwise chunk_size
 * 5–64 MB, total_chunk_count = floor(size / chunk_size) (1–1000), the last chunk takes
 * the remainder and stays ≤ 128 MB. Returns what is wrong, or null.
 */
export function chunkArithmeticProblem(size: number, chunkSize: number, count: number): string | null {
  if (size > TIKTOK_MAX_VIDEO) return `video_size ${size} exceeds ${TIKTOK_MAX_VIDEO} bytes`;
  if (size < TIKTOK_MIN_CHUNK) {
    if (chunkSize !== size || count !== 1) {
      return `a video under ${TIKTOK_MIN_CHUNK} bytes must be one chunk: chunk_size must equal video_size (${size}) and total_chunk_count must be 1`;
    }
    return null;
  }
  if (chunkSize < TIKTOK_MIN_CHUNK || chunkSize > TIKTOK_MAX_CHUNK) {
    return `chunk_size ${chunkSize} must be between ${TIKTOK_MIN_CHUNK} and ${TIKTOK_MAX_CHUNK} bytes`;
  }
  const expected = Math.floor(size / chunkSize);
  if (count !== expected) {
    return `total_chunk_count must be floor(video_size / chunk_size) = ${expected}, got ${count}`;
  }
  if (count < 1 || count > MAX_CHUNKS) return `total_chunk_count ${count} must be between 1 and ${MAX_CHUNKS}`;
  const last = size - chunkSize * (count - 1);
  if (last > TIKTOK_MAX_LAST_CHUNK) return `the last chunk (${last} bytes) exceeds ${TIKTOK_MAX_LAST_CHUNK} bytes`;
  return null;
}

/** Length the chunk at `index` must have under the announced arithmetic. */
function expectedChunkLength(u: TikTokUpload, index: number): number {
  return index < u.totalChunkCount - 1 ? u.chunkSize : u.videoSize - u.chunkSize * (u.totalChunkCount - 1);
}

/** Live state of one upload, with what the public record does not show. */
interface UploadState {
  record: TikTokUpload;
  uploadId: string;
  uploadToken: string;
  expiresAt: number;
  hash: Hash | undefined;
}

/** Starts the fake on 127.0.0.1, port 0. */
export async function startTikTokFake(opts: TikTokFakeOptions = {}): Promise<TikTokFake> {
  const clientKey = opts.clientKey ?? 'fake-client-key';
  const clientSecret = opts.clientSecret ?? 'fake-client-secret';
  const openId = `open-${randomBytes(8).toString('hex')}`;
  const hashUploads = opts.hashUploads ?? false;
  const uploadUrlTtlMs = opts.uploadUrlTtlMs ?? 3_600_000;
  const verifiedDomains = (opts.verifiedDomains ?? []).map((d) => d.toLowerCase());

  const requests: TikTokRecordedRequest[] = [];
  const validRefreshTokens = new Set(opts.refreshTokens ?? []);
  const accessTokens = new Map<string, { expiresAt: number; scope: string }>();
  const uploads: Record<string, TikTokUpload> = {};
  const publishes: Record<string, TikTokPublish> = {};
  const uploadsByKey = new Map<string, UploadState>();
  const initWithoutCreatorInfo: string[] = [];
  const creatorInfoAsked = new Set<string>(); // access tokens with a creator_info since their last init
  const hits = new Map<string, number[]>(); // rate-limit windows, key `${route}:${token}`
  const initRefusals: Refusal[] = [];
  const pendingFailReasons = new Map<string, string>();
  let nextFailReason: string | undefined;
  let chunkFailures: { status: number; left: number } | undefined;
  let nextPostId = FIRST_POST_ID;

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendRefusal(res, refusal('internal_error', String(err), 500));
      else res.destroy();
    });
  });
  server.requestTimeout = 0; // a 1 GB upload may take longer than the default 5 minutes on a slow box
  recordWire(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const fake: TikTokFake = {
    url,
    clientKey,
    clientSecret,
    openId,
    requests,
    validRefreshTokens,
    accessTokens,
    creatorInfo: {
      creator_avatar_url: 'https://p16-sign-va.tiktokcdn.com/fake/avatar.jpeg',
      creator_username: 'babel.news',
      creator_nickname: 'Babel',
      privacy_level_options: [...PRIVACY_LEVELS],
      comment_disabled: false,
      duet_disabled: false,
      stitch_disabled: false,
      max_video_post_duration_sec: 600,
      ...opts.creatorInfo,
    },
    processingPolls: opts.processingPolls ?? 2,
    rateLimits: {
      creatorInfo: { max: 20, windowMs: 60_000 },
      init: { max: 6, windowMs: 60_000 },
      status: { max: 30, windowMs: 60_000 },
      ...opts.rateLimits,
    },
    latencyMs: { ...opts.latencyMs },
    initWithoutCreatorInfo,
    uploads,
    publishes,
    seedRefreshToken: (token) => void validRefreshTokens.add(token),
    issueAccessToken: (scope = 'video.publish,user.info.basic') => {
      const token = `act.${randomBytes(24).toString('hex')}`;
      accessTokens.set(token, { expiresAt: Date.now() + 86_400_000, scope });
      return token;
    },
    expireAccessTokens: () => accessTokens.clear(),
    refuseNextInit: (code, options = {}) => {
      initRefusals.push(
        refusal(code, options.message ?? `Refused by the fake: ${code}.`, options.httpStatus ?? STATUS_BY_CODE[code] ?? 400),
      );
    },
    failNextChunk: (status, count = 1) => {
      chunkFailures = { status, left: count };
    },
    expireUploadUrl: (publishId) => {
      for (const state of uploadsByKey.values()) if (state.record.publishId === publishId) state.expiresAt = 0;
    },
    failProcessing: (publishId, reason) => {
      if (publishId === 'next') nextFailReason = reason;
      else {
        const p = publishes[publishId];
        if (p) p.failReason = reason;
        else pendingFailReasons.set(publishId, reason);
      }
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', url);
    const entry: TikTokRecordedRequest = {
      method: req.method ?? 'GET',
      path: u.pathname,
      query: Object.fromEntries(u.searchParams),
      headers: headersWithoutSecrets(req),
    };
    requests.push(entry);
    const latency = latencyFor(u.pathname);
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    if (u.pathname.startsWith('/upload/')) return handleUpload(req, res, u);

    const raw = await readBody(req);
    if (u.pathname === '/v2/oauth/token/' && req.method === 'POST') {
      const form = Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
      entry.body = form;
      return handleToken(req, res, form);
    }
    const routes: Record<string, keyof TikTokRateLimits> = {
      '/v2/post/publish/creator_info/query/': 'creatorInfo',
      '/v2/post/publish/video/init/': 'init',
      '/v2/post/publish/status/fetch/': 'status',
    };
    const route = routes[u.pathname];
    if (!route || req.method !== 'POST') {
      return sendRefusal(res, refusal('invalid_param', `No such API: ${req.method} ${u.pathname}`, 404));
    }

    const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    const grant = token ? accessTokens.get(token) : undefined;
    if (!token || !grant || grant.expiresAt < Date.now()) {
      return sendRefusal(res, refusal('access_token_invalid', 'The access token is invalid or not found in the request.'));
    }
    if (!grant.scope.split(',').includes('video.publish')) {
      return sendRefusal(res, refusal('scope_not_authorized', 'The user did not authorize the scope required for completing this request.'));
    }
    if (overLimit(route, token)) {
      return sendRefusal(res, refusal('rate_limit_exceeded', 'API rate limit was exceeded, please try again later.'));
    }
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      return sendRefusal(res, refusal('invalid_param', 'Content-Type must be application/json; charset=UTF-8.'));
    }
    let body: unknown = undefined;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        return sendRefusal(res, refusal('invalid_param', 'The request body is not valid JSON.'));
      }
      entry.body = body;
    }

    if (route === 'creatorInfo') {
      creatorInfoAsked.add(token);
      return sendEnvelope(res, 200, { ...fake.creatorInfo, privacy_level_options: [...fake.creatorInfo.privacy_level_options] });
    }
    if (route === 'init') return handleInit(res, token, body);
    return handleStatus(res, body);
  }

  /** The delay {@link TikTokFake.latencyMs} sets for a path (0 when none). */
  function latencyFor(path: string): number {
    for (const [key, ms] of Object.entries(fake.latencyMs)) {
      if (key.endsWith('*') ? path.startsWith(key.slice(0, -1)) : path === key) return ms;
    }
    return 0;
  }

  function overLimit(route: keyof TikTokRateLimits, token: string): boolean {
    const { max, windowMs } = fake.rateLimits[route];
    const key = `${route}:${token}`;
    const now = Date.now();
    const recent = (hits.get(key) ?? []).filter((t) => t > now - windowMs);
    const refused = recent.length >= max;
    if (!refused) recent.push(now);
    hits.set(key, recent);
    return refused;
  }

  function handleToken(req: IncomingMessage, res: ServerResponse, form: Record<string, string>): void {
    const flat = (status: number, error: string, description: string): void =>
      sendText(res, status, JSON.stringify({ error, error_description: description, log_id: logId() }));
    if (!/^application\/x-www-form-urlencoded\b/i.test(req.headers['content-type'] ?? '')) {
      return flat(400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded.');
    }
    if (form.client_key !== clientKey || form.client_secret !== clientSecret) {
      return flat(401, 'invalid_client', 'Client key or client secret is invalid.');
    }
    if (form.grant_type !== 'refresh_token') {
      return flat(400, 'unsupported_grant_type', 'grant_type must be refresh_token here.');
    }
    if (!form.refresh_token) return flat(400, 'invalid_request', 'refresh_token is required.');
    if (!validRefreshTokens.delete(form.refresh_token)) {
      return flat(400, 'invalid_grant', 'Refresh token is invalid or expired.');
    }
    // Rotation: the used refresh token is gone (deleted above); a new one replaces it.
    const refresh = `rft.${randomBytes(24).toString('hex')}`;
    validRefreshTokens.add(refresh);
    sendText(
      res,
      200,
      JSON.stringify({
        access_token: fake.issueAccessToken(),
        expires_in: 86400,
        refresh_token: refresh,
        refresh_expires_in: 31536000,
        open_id: openId,
        scope: 'video.publish,user.info.basic',
        token_type: 'Bearer',
      }),
    );
  }

  function validateInit(body: unknown): Refusal | { postInfo: Record<string, unknown>; sourceInfo: Record<string, unknown> } {
    const bad = (message: string): Refusal => refusal('invalid_param', message);
    if (!isObject(body)) return bad('The request body must be a JSON object.');
    const { post_info: postInfo, source_info: sourceInfo } = body;
    if (!isObject(postInfo)) return bad('post_info is required and must be an object.');
    if (!isObject(sourceInfo)) return bad('source_info is required and must be an object.');

    const title = postInfo.title;
    if (title !== undefined && typeof title !== 'string') return bad('post_info.title must be a string.');
    if (typeof title === 'string' && title.length > TIKTOK_TITLE_LIMIT) {
      return bad(`post_info.title is ${title.length} UTF-16 code units; the limit is ${TIKTOK_TITLE_LIMIT}.`);
    }
    const privacy = postInfo.privacy_level;
    if (typeof privacy !== 'string' || !(PRIVACY_LEVELS as readonly string[]).includes(privacy)) {
      return bad(`post_info.privacy_level must be one of ${PRIVACY_LEVELS.join(', ')}.`);
    }
    for (const key of ['disable_duet', 'disable_comment', 'disable_stitch', 'brand_content_toggle', 'brand_organic_toggle', 'is_aigc']) {
      if (postInfo[key] !== undefined && typeof postInfo[key] !== 'boolean') return bad(`post_info.${key} must be a boolean.`);
    }
    const cover = postInfo.video_cover_timestamp_ms;
    if (cover !== undefined && !(typeof cover === 'number' && Number.isSafeInteger(cover) && cover >= 0)) {
      return bad('post_info.video_cover_timestamp_ms must be a non-negative integer.');
    }
    if (postInfo.brand_content_toggle === true && privacy === 'SELF_ONLY') {
      return bad('Branded content cannot be posted with privacy_level SELF_ONLY.');
    }

    if (sourceInfo.source === 'FILE_UPLOAD') {
      const { video_size: size, chunk_size: chunk, total_chunk_count: count } = sourceInfo;
      if (!isCount(size) || !isCount(chunk) || !isCount(count)) {
        return bad('source_info.video_size, chunk_size and total_chunk_count must be positive integers.');
      }
      const problem = chunkArithmeticProblem(size, chunk, count);
      if (problem) return bad(problem);
    } else if (sourceInfo.source === 'PULL_FROM_URL') {
      const videoUrl = sourceInfo.video_url;
      let host = '';
      try {
        const parsed = new URL(String(videoUrl));
        if (parsed.protocol === 'https:') host = parsed.hostname.toLowerCase();
      } catch {
        // not a URL: refused below
      }
      if (!host) return bad('source_info.video_url must be an https URL.');
      if (!verifiedDomains.some((d) => host === d || host.endsWith(`.${d}`))) {
        return refusal('url_ownership_unverified', `The domain ${host} of video_url is not verified for this app.`);
      }
    } else {
      return bad('source_info.source must be FILE_UPLOAD or PULL_FROM_URL.');
    }

    if (!fake.creatorInfo.privacy_level_options.includes(privacy as TikTokPrivacyLevel)) {
      return refusal('privacy_level_option_mismatch', `privacy_level ${privacy} is not among the creator's privacy_level_options.`);
    }
    if (opts.unaudited && privacy !== 'SELF_ONLY') {
      return refusal(
        'unaudited_client_can_only_post_to_private_accounts',
        'Unaudited clients can only post with privacy_level SELF_ONLY.',
      );
    }
    return { postInfo, sourceInfo };
  }

  function handleInit(res: ServerResponse, token: string, body: unknown): void {
    const checked = validateInit(body);
    if ('code' in checked) return sendRefusal(res, checked);
    const forced = initRefusals.shift();
    if (forced) return sendRefusal(res, forced);

    const postId = nextPostId++;
    const publishId = `v_pub_file~v2-1.${postId - 10_000_000_000n}`;
    if (!creatorInfoAsked.delete(token)) initWithoutCreatorInfo.push(publishId);
    const publish: TikTokPublish = {
      publishId,
      postInfo: checked.postInfo,
      sourceInfo: checked.sourceInfo,
      postId: postId.toString(),
      pollsAfterUpload: 0,
    };
    const failReason = pendingFailReasons.get(publishId) ?? nextFailReason;
    nextFailReason = undefined;
    if (failReason) publish.failReason = failReason;
    publishes[publishId] = publish;

    if (checked.sourceInfo.source !== 'FILE_UPLOAD') return sendEnvelope(res, 200, { publish_id: publishId });
    const record: TikTokUpload = {
      publishId,
      videoSize: checked.sourceInfo.video_size as number,
      chunkSize: checked.sourceInfo.chunk_size as number,
      totalChunkCount: checked.sourceInfo.total_chunk_count as number,
      bytes: 0,
      chunks: [],
      complete: false,
    };
    uploads[publishId] = record;
    const key = randomBytes(12).toString('hex');
    const state: UploadState = {
      record,
      uploadId: randomBytes(8).toString('hex'),
      uploadToken: randomBytes(16).toString('hex'),
      expiresAt: Date.now() + uploadUrlTtlMs,
      hash: hashUploads ? createHash('sha256') : undefined,
    };
    uploadsByKey.set(key, state);
    const uploadUrl = `${url}/upload/${key}?upload_id=${state.uploadId}&upload_token=${state.uploadToken}`;
    sendEnvelope(res, 200, { publish_id: publishId, upload_url: uploadUrl });
  }

  function handleUpload(req: IncomingMessage, res: ServerResponse, u: URL): void {
    const reply = (status: number, code: string, message: string): void =>
      drain(req, () => sendEnvelope(res, status, {}, { code, message }));
    const state = uploadsByKey.get(u.pathname.slice('/upload/'.length));
    if (!state) return reply(404, 'invalid_param', 'Unknown upload URL.');
    const uploadId = u.searchParams.get('upload_id');
    const uploadToken = u.searchParams.get('upload_token');
    if (!uploadId || !uploadToken) {
      return reply(400, 'invalid_param', 'The upload URL must be used with its query string (upload_id, upload_token).');
    }
    if (uploadId !== state.uploadId || uploadToken !== state.uploadToken) {
      return reply(403, 'access_token_invalid', 'The upload token does not match this upload.');
    }
    if (state.expiresAt < Date.now()) return reply(403, 'access_token_invalid', 'The upload URL has expired.');
    if (req.method !== 'PUT') return reply(405, 'invalid_param', 'Upload chunks with PUT.');

    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (!UPLOAD_TYPES.has(type)) return reply(400, 'invalid_param', 'Content-Type must be video/mp4, video/quicktime or video/webm.');
    const lengthHeader = req.headers['content-length'];
    if (!lengthHeader || !/^\d+$/.test(lengthHeader)) return reply(400, 'invalid_param', 'Content-Length is required.');
    const contentLength = Number(lengthHeader);
    const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(req.headers['content-range'] ?? '');
    if (!range) return reply(400, 'invalid_param', 'Content-Range must be "bytes FIRST-LAST/TOTAL".');
    const [first, last, total] = [Number(range[1]), Number(range[2]), Number(range[3])];
    const upload = state.record;
    if (total !== upload.videoSize) {
      return reply(400, 'invalid_param', `Content-Range total ${total} differs from video_size ${upload.videoSize}.`);
    }
    if (last < first) return reply(400, 'invalid_param', 'Content-Range LAST is before FIRST.');
    if (last - first + 1 !== contentLength) {
      return reply(400, 'invalid_param', `Content-Range covers ${last - first + 1} bytes but Content-Length is ${contentLength}.`);
    }
    if (upload.complete) return reply(416, 'invalid_param', 'The upload is already complete.');
    if (first !== upload.bytes) {
      return reply(416, 'invalid_param', `Expected the chunk starting at byte ${upload.bytes}, got ${first}.`);
    }
    const index = upload.chunks.length;
    const expected = expectedChunkLength(upload, index);
    if (contentLength !== expected) {
      return reply(416, 'invalid_param', `Chunk ${index + 1} of ${upload.totalChunkCount} must be ${expected} bytes, got ${contentLength}.`);
    }
    if (chunkFailures && chunkFailures.left > 0) {
      chunkFailures.left -= 1;
      return reply(chunkFailures.status, 'internal_error', 'Injected upload failure; retry this chunk.');
    }

    upload.startedAt ??= Date.now();
    // Hot path: count (and hash) as bytes arrive; keep a copy of the hash to undo a broken chunk.
    const hashBefore = state.hash?.copy();
    let received = 0;
    let ended = false;
    req.on('data', (part: Buffer) => {
      received += part.length;
      state.hash?.update(part);
    });
    req.on('close', () => {
      if (!ended && hashBefore) state.hash = hashBefore; // aborted mid-chunk: nothing of it counts
    });
    req.on('end', () => {
      ended = true;
      if (received !== contentLength) {
        if (hashBefore) state.hash = hashBefore;
        return sendEnvelope(res, 400, {}, { code: 'invalid_param', message: `Received ${received} bytes, Content-Length said ${contentLength}.` });
      }
      upload.chunks.push({ first, last, bytes: received });
      upload.bytes += received;
      if (upload.chunks.length < upload.totalChunkCount) {
        res.writeHead(206, { 'Content-Length': 0 }).end();
        return;
      }
      upload.complete = true;
      upload.completedAt = Date.now();
      if (state.hash) upload.sha256 = state.hash.digest('hex');
      res.writeHead(201, { 'Content-Length': 0 }).end();
    });
  }

  function handleStatus(res: ServerResponse, body: unknown): void {
    const publishId = isObject(body) ? body.publish_id : undefined;
    if (typeof publishId !== 'string' || !publishId) {
      return sendRefusal(res, refusal('invalid_param', 'publish_id is required.'));
    }
    const publish = publishes[publishId];
    if (!publish) return sendRefusal(res, refusal('invalid_param', `publish_id ${publishId} is invalid or not found.`));
    const upload = uploads[publishId];
    const progress = upload ? { uploaded_bytes: upload.bytes } : { downloaded_bytes: 0 };
    const processing = upload ? 'PROCESSING_UPLOAD' : 'PROCESSING_DOWNLOAD';
    if (upload && !upload.complete) return sendEnvelope(res, 200, { status: processing, ...progress });

    publish.pollsAfterUpload += 1;
    if (publish.pollsAfterUpload <= fake.processingPolls) return sendEnvelope(res, 200, { status: processing, ...progress });
    if (publish.failReason) return sendEnvelope(res, 200, { status: 'FAILED', fail_reason: publish.failReason, ...progress });
    // A SELF_ONLY post is not public, so TikTok names no public id for it.
    const ids = publish.postInfo.privacy_level === 'SELF_ONLY' ? [] : [publish.postId];
    sendEnvelope(
      res,
      200,
      { status: 'PUBLISH_COMPLETE', publicaly_available_post_id: '__BIG_IDS__', ...progress },
      undefined,
      { key: 'publicaly_available_post_id', ids },
    );
  }

  return fake;
}
