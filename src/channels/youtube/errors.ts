/**
 * Maps what googleapis and google-auth-library throw (GaxiosError: `response.status`,
 * `response.data`) to a ChannelError an editor can act on. Two body shapes exist: the
 * token endpoint's flat `{error, error_description}` and the Data API's
 * `{error: {code, message, errors: [{reason, …}]}}`.
 */
import { isRetryableStatus, networkError, retryAfterSeconds, statusCode } from '../../http/policy.js';
import { ChannelError } from '../../errors.js';
import { scrub } from '../../scrub.js';

/** What the request was about, for the message. */
export interface YouTubeErrorContext {
  channel: string;
  /** The video the request concerned, if any. */
  videoId?: string;
  /** e.g. "videos.update", "token refresh". */
  what: string;
  /** The run's signal: an abort after it fired is the end of the channel's time, not a slow answer. */
  signal?: AbortSignal;
  /** The environment variable `refresh_token` is written as in channels.yaml, if any. */
  refreshVariable?: string;
}

interface GaxiosLike {
  name?: string;
  code?: string;
  message?: string;
  cause?: { name?: string };
  response?: {
    status?: number;
    headers?: unknown;
    data?: unknown;
  };
}

interface ApiErrorBody {
  error?: { code?: number; message?: string; errors?: { reason?: string; message?: string; domain?: string }[] };
}

interface TokenErrorBody {
  error?: string;
  error_description?: string;
}

/** The token refresh failed because the refresh token no longer works. */
export function refreshTokenHelp(variable: string | undefined): string {
  const where = variable ?? "the channel's `refresh_token`";
  return `YouTube refresh token expired or revoked: create a new one (see README: YouTube credentials) and set ${where}`;
}

/** Maps any error from a YouTube request to a ChannelError (already one: unchanged). */
export function youtubeError(error: unknown, ctx: YouTubeErrorContext): ChannelError {
  if (error instanceof ChannelError) return error;
  const e = (error ?? {}) as GaxiosLike;
  const { channel } = ctx;
  const status = e.response?.status;
  if (status === undefined) {
    // gaxios reports its own timeout and our signal alike: "The operation was aborted." (cause AbortError).
    const aborted = [e.name, e.cause?.name].some((n) => n === 'AbortError' || n === 'TimeoutError') || e.code === 'ABORT_ERR';
    if (aborted && ctx.signal?.aborted) {
      return new ChannelError(channel, 'aborted', `YouTube ${ctx.what}: stopped, the channel's time for this run is spent`, { cause: error });
    }
    if (aborted) {
      return new ChannelError(channel, 'timeout', `YouTube ${ctx.what}: no answer in time`, { retryable: true, cause: error });
    }
    if (e.code !== undefined || e.name === 'TimeoutError' || /fetch failed|network|socket|timeout/i.test(e.message ?? '')) {
      return networkError(channel, error, `YouTube ${ctx.what}`);
    }
    return new ChannelError(channel, 'unexpected', `YouTube ${ctx.what} failed: ${oneLine(e.message ?? String(error))}`, { cause: error });
  }

  const data = e.response?.data;
  const retryAfter = retryAfterSeconds(headerOf(e.response?.headers, 'retry-after'));
  const base = { status, cause: error, ...(retryAfter !== undefined ? { retryAfter } : {}) };
  if (isRetryableStatus(status)) {
    const why = status === 429 ? 'too many requests' : status === 408 ? 'the server timed the request out' : `server error ${status}`;
    return new ChannelError(channel, statusCode(status), `YouTube ${ctx.what}: ${why}; try again later`, { ...base, retryable: true });
  }

  const token = tokenError(data);
  if (token !== undefined) return tokenChannelError(channel, token, base, ctx.refreshVariable);

  const body = (data ?? {}) as ApiErrorBody;
  const first = body.error?.errors?.[0];
  const reason = first?.reason ?? '';
  const youtubeMessage = oneLine(first?.message ?? body.error?.message ?? e.message ?? '');
  const video = ctx.videoId ?? 'the video';

  switch (reason) {
    case 'quotaExceeded':
    case 'dailyLimitExceeded':
      return new ChannelError(channel, 'quota_exceeded', 'daily YouTube quota used up, resets at midnight Pacific time', base);
    case 'rateLimitExceeded':
    case 'userRateLimitExceeded':
      return new ChannelError(channel, 'rate_limited', `YouTube ${ctx.what}: too many requests; try again later`, { ...base, retryable: true });
    case 'insufficientPermissions':
      return new ChannelError(channel, 'unauthorized', 'the YouTube refresh token lacks the youtube scope: create a new one with https://www.googleapis.com/auth/youtube (see README: YouTube credentials)', base);
    case 'forbidden':
      return new ChannelError(channel, 'forbidden', `this account may not edit video ${video}: sign in as the video's channel (or a manager of it) when creating the refresh token`, base);
    case 'videoNotFound':
      return new ChannelError(channel, 'not_found', `video ${video} not found or not visible to this account`, base);
    case 'invalidDescription':
    case 'invalidTags':
    case 'invalidTitle':
    case 'invalidCategoryId':
      return new ChannelError(channel, 'rejected', `YouTube refused the ${REJECTED_FIELD[reason]} of video ${video}: ${youtubeMessage}`, base);
    default:
      break;
  }
  if (status === 401) {
    return new ChannelError(channel, 'unauthorized', 'YouTube refused the access token: check that client_id, client_secret and refresh_token belong together (see README: YouTube credentials)', base);
  }
  if (status === 403) {
    return new ChannelError(channel, 'forbidden', `this account may not edit video ${video}${youtubeMessage ? ` (YouTube: ${youtubeMessage})` : ''}`, base);
  }
  const detail = youtubeMessage || `HTTP ${status}`;
  return new ChannelError(channel, statusCode(status), `YouTube ${ctx.what} refused: ${detail}`, base);
}

const REJECTED_FIELD: Record<string, string> = {
  invalidDescription: 'description',
  invalidTags: 'tags',
  invalidTitle: 'title',
  invalidCategoryId: 'category',
};

/** The token endpoint's flat error, if the body is one. */
function tokenError(data: unknown): TokenErrorBody | undefined {
  if (data === null || typeof data !== 'object') return undefined;
  const body = data as TokenErrorBody;
  return typeof body.error === 'string' ? body : undefined;
}

function tokenChannelError(
  channel: string,
  body: TokenErrorBody,
  base: { status: number; cause: unknown; retryAfter?: number },
  refreshVariable: string | undefined,
): ChannelError {
  switch (body.error) {
    case 'invalid_grant':
      return new ChannelError(channel, 'unauthorized', refreshTokenHelp(refreshVariable), base);
    case 'invalid_client':
    case 'unauthorized_client':
      return new ChannelError(channel, 'unauthorized', 'YouTube does not know this OAuth client: check client_id and client_secret (YOUTUBE_CLIENT_ID, YOUTUBE_CLIENT_SECRET)', base);
    default: {
      const detail = oneLine(body.error_description ? `${body.error}: ${body.error_description}` : String(body.error));
      return new ChannelError(channel, 'unauthorized', `YouTube token refresh refused (${detail}): check client_id, client_secret and refresh_token`, base);
    }
  }
}

/** A header from gaxios' response (a fetch Headers object, or a plain record). */
function headerOf(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  const h = headers as { get?: (n: string) => string | null } & Record<string, unknown>;
  if (typeof h.get === 'function') return h.get(name) ?? undefined;
  const value = h[name];
  return typeof value === 'string' ? value : undefined;
}

/** YouTube's messages carry HTML (`<code>`, `<a href>`): plain text, one line, no secrets. */
function oneLine(text: string): string {
  return scrub(text.replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').trim());
}
