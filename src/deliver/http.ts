import type { Got } from 'got';
import { ChannelError } from '../errors.js';

let gotPromise: Promise<Got> | undefined;

/** got, loaded on first use: a dry-run never pays for it. Its own retries are off (ours are in retry.ts). */
export function loadGot(): Promise<Got> {
  gotPromise ??= import('../clients/load.js').then(({ loadClient }) => loadClient('got', () => import('../clients/got.js'))).then((m) =>
    m.got.extend({ retry: { limit: 0 }, throwHttpErrors: false, followRedirect: true }),
  );
  return gotPromise;
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

function describeNetworkCode(code: string): string {
  switch (code) {
    case 'ECONNREFUSED': return 'connection refused (is the server up and the address right?)';
    case 'ENOTFOUND': return 'host not found (check the address)';
    case 'ECONNRESET': return 'connection reset by the server';
    case 'EPIPE': return 'connection closed by the server';
    default: return `network error ${code}`;
  }
}

/** The generic mapping of an HTTP error status: 429 and 5xx retryable, others not. */
export function httpStatusError(
  channel: string,
  status: number,
  detail: string,
  retryAfter?: number,
): ChannelError {
  const retryable = status === 429 || status >= 500 || status === 408;
  const code = status === 429 ? 'rate_limited' : status >= 500 ? 'server_error' : `http_${status}`;
  return new ChannelError(channel, code, detail, { retryable, status, ...(retryAfter !== undefined ? { retryAfter } : {}) });
}
