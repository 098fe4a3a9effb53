/**
 * Maps a WordPress REST answer that is not a success to a ChannelError an editor can act on.
 * WordPress errors look like `{code, message, data: {status, params?, details?}}`; a proxy,
 * a maintenance page or a PHP fatal error answers HTML instead.
 */
import { ChannelError, platformCode } from '../../errors.js';
import { httpStatusError, isRetryableStatus, statusCode } from '../../http/policy.js';

/** The JSON error body WordPress sends. */
export interface WordPressErrorBody {
  code?: string;
  message?: string;
  data?: {
    status?: number;
    term_id?: number;
    params?: Record<string, string>;
    details?: Record<string, { code?: string; message?: string; data?: { status?: number } | null }>;
  } | null;
}

/** Who and where, for the message. */
export interface WordPressErrorContext {
  channel: string;
  /** The WordPress user the application password belongs to. */
  user: string;
  /** The REST root in use. */
  root: string;
  /** What was being done, e.g. "create the post", "look up tag Ukraine". */
  what: string;
}

/** HTML and whitespace out: WordPress messages sometimes carry `<p>` and line breaks. */
export function oneLine(text: string, max = 300): string {
  const flat = text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The message for a rejected application password (or user name). */
export function passwordRejected(ctx: WordPressErrorContext, cause?: unknown): ChannelError {
  return new ChannelError(
    ctx.channel,
    'unauthorized',
    `WordPress rejected the application password for ${ctx.user}: create a new one under Users → Profile → Application Passwords`,
    { status: 401, cause },
  );
}

/**
 * The error for a non-2xx answer. `body` is the parsed JSON, or undefined when the answer
 * was not JSON (then `statusText` describes it).
 */
export function wordpressError(
  ctx: WordPressErrorContext,
  status: number,
  body: WordPressErrorBody | undefined,
  opts: { statusText?: string; retryAfter?: number } = {},
): ChannelError {
  const { channel } = ctx;
  const code = body?.code ?? '';
  const wpMessage = oneLine(body?.message ?? '');
  if (isRetryableStatus(status)) {
    const why = body
      ? `${status}${code ? ` ${code}` : ''}${wpMessage ? `: ${wpMessage}` : ''}`
      : `${status}${opts.statusText ? ` ${opts.statusText}` : ''} (not a REST API answer: maintenance or a proxy?)`;
    return httpStatusError(channel, status, `WordPress could not ${ctx.what}: ${why}`, opts.retryAfter);
  }
  if (!body) {
    return new ChannelError(
      channel,
      statusCode(status),
      `WordPress answered ${status}${opts.statusText ? ` ${opts.statusText}` : ''} with a page that is not the REST API while trying to ${ctx.what}: check url`,
      { status },
    );
  }
  // A forbidden query parameter (status=any, context=edit) carries the real 401/403 inside.
  const forbidden = Object.values(body.data?.details ?? {}).find((d) => /^rest_forbidden/.test(d?.code ?? ''));
  const effective = forbidden?.data?.status ?? status;
  if (effective === 401) return passwordRejected(ctx);
  if (code === 'rest_cannot_publish') {
    return new ChannelError(channel, 'forbidden', `user ${ctx.user} may not publish: use status: pending or a different user`, { status });
  }
  if (effective === 403 || code === 'rest_cannot_create' || code === 'rest_cannot_edit') {
    return new ChannelError(
      channel,
      'forbidden',
      `user ${ctx.user} may not ${ctx.what} (WordPress: ${wpMessage || code}): give the user the Author or Editor role, or use a different user`,
      { status },
    );
  }
  if (code === 'rest_no_route') {
    return new ChannelError(channel, 'no_route', `no REST API at ${ctx.root}: check url`, { status });
  }
  if (code === 'rest_invalid_param') {
    const params = Object.entries(body.data?.params ?? {}).map(([k, v]) => `${k}: ${oneLine(v, 120)}`);
    return new ChannelError(channel, 'invalid_param', `WordPress refused to ${ctx.what}: ${wpMessage}${params.length ? ` (${params.join('; ')})` : ''}`, { status });
  }
  return new ChannelError(channel, code ? platformCode(code) : statusCode(status), `WordPress could not ${ctx.what}: ${status}${code ? ` ${code}` : ''}${wpMessage ? `: ${wpMessage}` : ''}`, { status });
}
