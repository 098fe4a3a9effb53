/**
 * One call to a Content Posting API route: POST JSON with the Bearer token, read TikTok's
 * envelope, succeed only on `error.code === "ok"`. The raw text is kept so big ids can be
 * read exactly (JSON.parse rounds integers beyond 2^53).
 */
import { ChannelError } from '../../errors.js';
import { httpStatusError, networkError, retryAfterSeconds } from '../../http/policy.js';
import { loadGot } from '../../http/lazy-got.js';
import type { DeliverContext } from '../types.js';
import type { TikTokOptions } from './options.js';
import { tiktokApiError } from './errors.js';

type Ctx = DeliverContext<TikTokOptions>;

/** The `data` of a successful answer, and the answer's text. */
export interface TikTokAnswer {
  data: Record<string, unknown>;
  raw: string;
}

/** `path` (no leading slash) under the configured base URL; a path prefix in base_url is kept. */
export function endpoint(baseUrl: string, path: string): string {
  return new URL(path, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).toString();
}

/** Reads TikTok's envelope; throws the mapped ChannelError unless `error.code` is "ok". */
export function readEnvelope(
  channel: { name: string; variables?: Record<string, string> },
  status: number,
  text: string,
  what: string,
  retryAfterHeader?: string | string[],
): TikTokAnswer {
  let envelope: { data?: unknown; error?: { code?: unknown; message?: unknown } };
  try {
    envelope = JSON.parse(text) as typeof envelope;
  } catch {
    const detail = `TikTok ${what}: answered HTTP ${status} with something that is not TikTok's JSON (check base_url)`;
    if (status >= 400) throw httpStatusError(channel.name, status, detail, retryAfterSeconds(retryAfterHeader));
    throw new ChannelError(channel.name, 'bad_response', detail, { status });
  }
  const code = typeof envelope?.error?.code === 'string' ? envelope.error.code : '';
  if (code === 'ok') {
    const data = envelope.data && typeof envelope.data === 'object' ? (envelope.data as Record<string, unknown>) : {};
    return { data, raw: text };
  }
  const message = typeof envelope?.error?.message === 'string' ? envelope.error.message : '';
  throw tiktokApiError(channel.name, code, message, status, what, retryAfterSeconds(retryAfterHeader), channel.variables?.refresh_token);
}

/** One POST to an API route, without retries (callers wrap it in `ctx.attempt`). */
export async function postOnce(ctx: Ctx, accessToken: string, path: string, body: unknown, what: string, signal: AbortSignal = ctx.signal): Promise<TikTokAnswer> {
  const got = await loadGot();
  let response;
  try {
    response = await got.post(endpoint(ctx.channel.options.base_url, path), {
      headers: {
        authorization: `Bearer ${accessToken}`,
        // TikTok wants this even on a route that takes no body (creator_info).
        'content-type': 'application/json; charset=UTF-8',
        'user-agent': 'publish (newsroom syndication)',
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      // The attempt's deadline (a plain timer: src/http/deadline.ts) ends a request that hangs.
      signal,
    });
  } catch (error) {
    throw networkError(ctx.channel.name, error, `TikTok ${what}`);
  }
  return readEnvelope(ctx.channel, response.statusCode, response.body, what, response.headers['retry-after']);
}
