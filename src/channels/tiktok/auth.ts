/**
 * TikTok access tokens. A fixed `access_token` from channels.yaml is used as is; otherwise
 * the refresh token is exchanged at /v2/oauth/token/. TikTok rotates refresh tokens (the
 * used one dies at once), so the new one is stored in the ledger database before the access
 * token is used. The access token is reused for the rest of the run (one loaded Config).
 */
import { ChannelError, platformCode } from '../../errors.js';
import { isRetryableStatus, networkError, retryAfterSeconds, statusCode } from '../../http/policy.js';
import { loadGot } from '../../http/lazy-got.js';
import { registerSecret } from '../../scrub.js';
import type { Config } from '../../config/types.js';
import type { DeliverContext } from '../types.js';
import type { TikTokOptions } from './options.js';
import { endpoint, postOnce, type TikTokAnswer } from './api.js';
import { reauthorise } from './errors.js';
import { sleep } from '../../http/deadline.js';

type Ctx = DeliverContext<TikTokOptions>;

/** Key of the newest refresh token in the channel's token store. */
export const REFRESH_TOKEN_KEY = 'refresh_token';

/** An access token and when to stop using it. */
interface Grant {
  token: string;
  /** Epoch ms; Infinity for a fixed token. */
  expiresAt: number;
}

// One cache per loaded Config, i.e. per run: a later run (or test) refreshes again.
const grants = new WeakMap<Config, Map<string, Promise<Grant>>>();
/** Refresh this long before TikTok's stated expiry. */
const EXPIRY_MARGIN_MS = 60_000;

function cacheOf(ctx: Ctx): Map<string, Promise<Grant>> {
  let cache = grants.get(ctx.config);
  if (!cache) grants.set(ctx.config, (cache = new Map()));
  return cache;
}

/** What one refresh attempt gave. */
type RefreshResult = { kind: 'ok'; accessToken: string; refreshToken: string | undefined; expiresIn: number } | { kind: 'invalid_grant' };

/** One POST to the token endpoint (no retries: callers wrap it in `ctx.attempt`). */
async function requestToken(ctx: Ctx, refreshToken: string, signal: AbortSignal): Promise<RefreshResult> {
  const { options, name } = ctx.channel;
  const got = await loadGot();
  let response;
  try {
    response = await got.post(endpoint(options.base_url, 'v2/oauth/token/'), {
      form: {
        client_key: options.client_key ?? '',
        client_secret: options.client_secret ?? '',
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
      },
      headers: { 'user-agent': 'publish (newsroom syndication)' },
      signal,
    });
  } catch (error) {
    throw networkError(name, error, 'TikTok token refresh');
  }
  const status = response.statusCode;
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(response.body) as Record<string, unknown>;
  } catch {
    // handled below as a refusal without detail
  }
  if (typeof body.access_token === 'string' && body.access_token && status < 400) {
    const refresh = typeof body.refresh_token === 'string' && body.refresh_token ? body.refresh_token : undefined;
    const expiresIn = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 3600;
    return { kind: 'ok', accessToken: body.access_token, refreshToken: refresh, expiresIn };
  }
  const error = typeof body.error === 'string' ? body.error : '';
  if (error === 'invalid_grant') return { kind: 'invalid_grant' };
  if (isRetryableStatus(status)) {
    const retryAfter = retryAfterSeconds(response.headers['retry-after']);
    return Promise.reject(new ChannelError(name, statusCode(status), `TikTok token refresh: answered HTTP ${status}; will try again`, {
      retryable: true,
      status,
      ...(retryAfter !== undefined ? { retryAfter } : {}),
    }));
  }
  if (error === 'invalid_client') {
    throw new ChannelError(name, 'invalid_client', 'TikTok refused the app credentials (invalid_client): check client_key and client_secret', { status });
  }
  throw new ChannelError(name, error ? platformCode(error) : statusCode(status), `TikTok token refresh refused (${error || `HTTP ${status}`}): ${reauthorise(ctx.channel.variables?.refresh_token)}`, { status });
}

/** Key of the shared access token (JSON `{token, expiresAt}`): overlapping runs use one, not one refresh each. */
export const ACCESS_TOKEN_KEY = 'access_token';

/** How long a run waits for another run's rotated refresh token to appear in the store. */
const ROTATION_WAIT_MS = 3000;

/** The access token another run stored, when it is still good for a while. */
async function sharedGrant(ctx: Ctx): Promise<Grant | undefined> {
  const saved = await ctx.tokens.get(ACCESS_TOKEN_KEY);
  if (!saved) return undefined;
  try {
    const grant = JSON.parse(saved) as Partial<Grant>;
    if (typeof grant.token !== 'string' || typeof grant.expiresAt !== 'number') return undefined;
    if (grant.expiresAt - EXPIRY_MARGIN_MS <= Date.now()) return undefined;
    registerSecret(grant.token);
    return { token: grant.token, expiresAt: grant.expiresAt };
  } catch {
    return undefined;
  }
}

/**
 * Exchanges a refresh token for an access token. The stored (newest) refresh token is tried
 * first, then the one in channels.yaml if it differs — an editor who authorised again sets a
 * new one there. A refused token costs one request and consumes nothing. Overlapping runs
 * share one access token through the store; a run whose stored refresh token was just
 * rotated by another run waits briefly for the new one (or that run's access token)
 * instead of failing.
 */
async function refresh(ctx: Ctx, stale?: string): Promise<Grant> {
  const { name, options } = ctx.channel;
  if (!options.client_key || !options.client_secret) {
    throw new ChannelError(name, 'missing_credentials', `TikTok needs client_key and client_secret (with refresh_token), or access_token: add them to channels.${name} as \${VARIABLES}`);
  }
  const tried = new Set<string>();
  const until = Date.now() + ROTATION_WAIT_MS;
  for (let delay = 50; ; delay = Math.min(delay * 2, 500)) {
    const shared = await sharedGrant(ctx);
    if (shared && shared.token !== stale) return shared;
    const stored = await ctx.tokens.get(REFRESH_TOKEN_KEY);
    const candidates = [...new Set([stored, options.refresh_token].filter((t): t is string => typeof t === 'string' && t !== ''))];
    if (candidates.length === 0) {
      throw new ChannelError(name, 'no_refresh_token', `no TikTok refresh token: ${reauthorise(ctx.channel.variables?.refresh_token)} (or set access_token)`);
    }
    for (const candidate of candidates.filter((c) => !tried.has(c))) {
      tried.add(candidate);
      registerSecret(candidate);
      const result = await ctx.attempt('token refresh', (signal) => requestToken(ctx, candidate, signal));
      if (result.kind === 'invalid_grant') continue;
      registerSecret(result.accessToken);
      registerSecret(result.refreshToken);
      // Rotation: the token just used is dead now; keep the new one before anything else.
      if (result.refreshToken) await ctx.tokens.set(REFRESH_TOKEN_KEY, result.refreshToken);
      const grant = { token: result.accessToken, expiresAt: Date.now() + result.expiresIn * 1000 };
      await ctx.tokens.set(ACCESS_TOKEN_KEY, JSON.stringify(grant));
      return grant;
    }
    // Every token we know was refused: another run may have just rotated the stored one.
    if (Date.now() + delay > until) break;
    await sleep(delay, ctx.signal);
  }
  throw new ChannelError(name, 'invalid_grant', `TikTok refresh token expired or already used: ${reauthorise(ctx.channel.variables?.refresh_token)}`);
}

/** The access token for this channel in this run, refreshing when none is cached or it is about to expire. */
export async function accessToken(ctx: Ctx, stale?: string): Promise<string> {
  const fixed = ctx.channel.options.access_token;
  if (fixed) {
    registerSecret(fixed);
    return fixed;
  }
  const cache = cacheOf(ctx);
  const key = ctx.channel.name;
  const cached = cache.get(key);
  if (cached) {
    try {
      const grant = await cached;
      if (grant.expiresAt - EXPIRY_MARGIN_MS > Date.now()) return grant.token;
    } catch {
      // a failed refresh: try again below
    }
    if (cache.get(key) === cached) cache.delete(key);
  }
  let pending = cache.get(key);
  if (!pending) {
    const started = refresh(ctx, stale);
    cache.set(key, started);
    started.catch(() => {
      if (cache.get(key) === started) cache.delete(key); // a failed refresh is not kept
    });
    pending = started;
  }
  return (await pending).token;
}

/** Refreshes after TikTok refused `stale` (unless another request already replaced it). */
async function renewAccessToken(ctx: Ctx, stale: string): Promise<string> {
  const cache = cacheOf(ctx);
  const cached = cache.get(ctx.channel.name);
  if (cached && (await cached.catch(() => undefined))?.token === stale && cache.get(ctx.channel.name) === cached) {
    cache.delete(ctx.channel.name);
  }
  return accessToken(ctx, stale);
}

/**
 * Calls an API route under the retry policy with the run's access token. An
 * `access_token_invalid` answer refreshes once and tries again; a second one fails.
 */
export async function callTikTok(ctx: Ctx, path: string, body: unknown, what: string): Promise<TikTokAnswer> {
  let token = await accessToken(ctx);
  try {
    return await ctx.attempt(what, (signal) => postOnce(ctx, token, path, body, what, signal));
  } catch (error) {
    if (!(error instanceof ChannelError) || error.code !== 'access_token_invalid') throw error;
    if (ctx.channel.options.access_token) {
      throw new ChannelError(ctx.channel.name, 'access_token_invalid', `TikTok ${what}: the access_token in channels.yaml is invalid or expired: set a new one, or use client_key, client_secret and refresh_token instead`, { status: error.status });
    }
    token = await renewAccessToken(ctx, token);
    return ctx.attempt(what, (signal) => postOnce(ctx, token, path, body, what, signal));
  }
}
