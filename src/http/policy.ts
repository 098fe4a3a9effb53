/**
 * The one retry and error policy of every channel: which answers are worth another try,
 * how long the platform asked us to wait, and what a failed transport or a spent time
 * becomes. Channels map their platform's own refusals (401, "chat not found", quota) in
 * their `errors.ts`; everything that is not platform-specific is decided here, once.
 */
import { ChannelError } from '../errors.js';

/**
 * True for an HTTP status worth trying again: 408 (the server gave up waiting for our
 * request: nothing was done), 429 (slow down; `Retry-After` says how long) and every 5xx.
 * Any other status is a refusal that the same request would meet again.
 */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** The stable code of an HTTP status: `rate_limited`, `timeout`, `server_error`, else `http_<status>`. */
export function statusCode(status: number): 'rate_limited' | 'timeout' | 'server_error' | `http_${number}` {
  if (status === 429) return 'rate_limited';
  if (status === 408) return 'timeout';
  if (status >= 500) return 'server_error';
  return `http_${status}`;
}

/**
 * The error for an HTTP answer by its status alone (the platform said nothing more useful):
 * code and retryability from the policy above, `detail` as the message.
 */
export function httpStatusError(channel: string, status: number, detail: string, retryAfter?: number, cause?: unknown): ChannelError {
  return new ChannelError(channel, statusCode(status), detail, {
    retryable: isRetryableStatus(status),
    status,
    ...(retryAfter !== undefined ? { retryAfter } : {}),
    ...(cause !== undefined ? { cause } : {}),
  });
}

/** Seconds to wait from a `Retry-After` header (seconds or HTTP date). */
export function retryAfterSeconds(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/** Maps a transport failure (no HTTP answer) to a retryable ChannelError. */
export function networkError(channel: string, error: unknown, what: string): ChannelError {
  const e = error as { code?: string; name?: string; message?: string };
  if (e?.name === 'AbortError' || e?.code === 'ERR_ABORTED') {
    return new ChannelError(channel, 'aborted', `${what}: cancelled`, { cause: error });
  }
  const code = e?.code ?? e?.name ?? 'network';
  const timeout = e?.name === 'TimeoutError' || code === 'ETIMEDOUT';
  return new ChannelError(
    channel,
    timeout ? 'timeout' : 'network',
    timeout ? `${what}: no answer in time` : `${what}: ${describeNetworkCode(code)}`,
    { retryable: true, cause: error },
  );
}

/** A network error code in words, with what to check. */
export function describeNetworkCode(code: string | undefined, address = 'the address'): string {
  switch (code) {
    case 'ECONNREFUSED': return `connection refused (is the server up and ${address} right?)`;
    case 'ENOTFOUND': return `host not found (check ${address})`;
    case 'ECONNRESET': return 'connection reset by the server';
    case 'EPIPE': return 'connection closed by the server';
    case 'ETIMEDOUT': return 'connection timed out';
    default: return `network error ${code ?? 'unknown'}`;
  }
}

/** True when `error` is what a spent time limit throws (ours, or a library's own timer). */
export function isTimeUp(error: unknown): boolean {
  const name = (error as Error | undefined)?.name;
  return name === 'TimeoutError' || name === 'AbortError';
}

/**
 * The error for a channel whose time for this run (`retry.budget`) ran out before any answer
 * settled it; `hint` says what to check.
 */
export function timeUpError(channel: string, budgetMs: number, hint?: string): ChannelError {
  const spent = `no answer within the channel's time for this run (${Math.round(budgetMs / 1000)} s: retry.budget)`;
  return new ChannelError(channel, 'timeout', hint ? `${spent}: ${hint}` : spent, { retryable: true });
}
