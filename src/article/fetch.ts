/**
 * Fetching a published story's page (`publish https://example.org/news/story/`): http and
 * https only, redirects followed by hand (each checked, at most 5, no loops), the body capped
 * in size, one deadline for the whole fetch, and every failure one line saying what to do.
 *
 * The address the editor typed may be any, loopback and private ones included: newsrooms run
 * staging sites on their own networks (tests use 127.0.0.1). Where the site redirects is the
 * site's word, not the editor's: a redirect from a public address may not lead to a loopback,
 * private or link-local one (a cloud's metadata service, the newsroom's own admin pages), nor
 * from https down to plain http.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { ArticleError } from '../errors.js';
import { articleError } from './located.js';

/** Limits of {@link fetchPage}. */
export interface FetchLimits {
  /** For the whole fetch, redirects and body included. @default 15000 */
  timeoutMs?: number;
  /** Largest page read. @default 5 MB */
  maxBytes?: number;
  /** Redirects followed. @default 5 */
  maxRedirects?: number;
}

/** A fetched page. */
export interface FetchedPage {
  body: Buffer;
  /** The address the page came from, after redirects. */
  url: string;
  /** The charset the server named in Content-Type, lower case. */
  charset?: string;
}

const HTML_TYPES = /^(text\/html|application\/xhtml\+xml)$/i;

/** True when `source` names a web page rather than a file. */
export function isWebAddress(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

/** True when `source` looks like an address of another kind (`file://`, `ftp://`, `data:`…). */
export function isOtherAddress(source: string): boolean {
  return !isWebAddress(source) && /^(?:[a-z][a-z0-9+.-]+:\/\/|data:|javascript:|file:)/i.test(source);
}

function megabytes(bytes: number): string {
  return `${Number((bytes / 1_000_000).toFixed(1))} MB`;
}

/** Fetches the page at `address`; throws a one-line `ArticleError` naming it. */
export async function fetchPage(address: string, limits: FetchLimits = {}): Promise<FetchedPage> {
  const timeoutMs = limits.timeoutMs ?? 15_000;
  const maxBytes = limits.maxBytes ?? 5_000_000;
  const maxRedirects = limits.maxRedirects ?? 5;
  const fail = (message: string, cause?: unknown) => articleError(address, message, undefined, cause);

  let url: URL;
  try {
    url = new URL(address);
  } catch (cause) {
    throw fail('is not a valid web address: write it as https://example.org/news/story/', cause);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw fail('is not a web address: only http:// and https:// pages can be read');

  const signal = AbortSignal.timeout(timeoutMs);
  const typedPublic = !(await isInternalHost(url.hostname));
  const seen = new Set<string>([url.href]);
  let response: Response;
  for (let redirects = 0; ; redirects++) {
    try {
      response = await fetch(url, {
        redirect: 'manual',
        signal,
        headers: { accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1', 'user-agent': 'publish (article syndication; +https://www.npmjs.com/package/publish)' },
      });
    } catch (cause) {
      throw fail(failure(cause, timeoutMs), cause);
    }
    if (response.status < 300 || response.status >= 400 || response.status === 304) break;
    const location = response.headers.get('location');
    await response.body?.cancel().catch(() => undefined);
    if (location === null) throw fail(`answered ${response.status} (a redirect) without saying where to: give the page's final address`);
    let next: URL;
    try {
      next = new URL(location, url);
    } catch (cause) {
      throw fail(`redirects to ${JSON.stringify(location)}, which is not a web address`, cause);
    }
    if (next.protocol !== 'https:' && next.protocol !== 'http:') throw fail(`redirects to ${next.protocol}, not to a web page: only http:// and https:// pages can be read`);
    if (url.protocol === 'https:' && next.protocol === 'http:') throw fail(`redirects from https to plain http (${next.href}): give the page's https address`);
    if (typedPublic && (await isInternalHost(next.hostname))) {
      throw fail(`redirects to ${next.host}, an address inside a private network, which a public page may not send the tool to: give the page's final address`);
    }
    if (seen.has(next.href)) throw fail(`redirects in a loop (back to ${next.href}): give the page's final address, or ask the site's admin to fix the redirect`);
    if (redirects >= maxRedirects) throw fail(`redirects more than ${maxRedirects} times: give the page's final address`);
    seen.add(next.href);
    url = next;
  }

  if (response.status < 200 || response.status >= 300) {
    await response.body?.cancel().catch(() => undefined);
    throw fail(`answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}: check the address (the page must be public)`);
  }
  const type = response.headers.get('content-type') ?? '';
  const mime = type.split(';')[0]!.trim();
  if (!HTML_TYPES.test(mime)) {
    await response.body?.cancel().catch(() => undefined);
    throw fail(`is not a web page (it answered ${mime === '' ? 'with no Content-Type' : mime}): give the address of the story's page`);
  }
  const length = Number(response.headers.get('content-length') ?? '');
  if (length > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw fail(`is ${megabytes(length)}, more than the ${megabytes(maxBytes)} a story's page may be: give the address of the story's page`);
  }

  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body ?? []) {
      size += chunk.byteLength;
      if (size > maxBytes) {
        await response.body?.cancel().catch(() => undefined);
        throw fail(`is more than the ${megabytes(maxBytes)} a story's page may be: give the address of the story's page`);
      }
      chunks.push(Buffer.from(chunk));
    }
  } catch (cause) {
    if (cause instanceof ArticleError) throw cause;
    throw fail(failure(cause, timeoutMs), cause);
  }
  const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(type)?.[1]?.toLowerCase();
  return { body: Buffer.concat(chunks), url: url.href, ...(charset === undefined ? {} : { charset }) };
}

/** Why a fetch failed, in one line. */
function failure(cause: unknown, timeoutMs: number): string {
  const error = cause as { name?: string; code?: string; cause?: { code?: string; message?: string }; message?: string };
  if (error?.name === 'TimeoutError' || error?.name === 'AbortError') {
    return `did not answer within ${Math.round(timeoutMs / 1000)} s: check the address, or try again later`;
  }
  const code = error?.cause?.code ?? error?.code;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'could not be fetched: no such host (check the address and the network)';
  if (code === 'ECONNREFUSED') return 'could not be fetched: the connection was refused (is the site up?)';
  if (error?.cause?.message === 'bad port') return 'could not be fetched: its port is one that web pages never use (the fetch standard blocks it): check the address';
  const why = code ?? error?.cause?.message ?? error?.message ?? 'network error';
  return `could not be fetched (${String(why).split('\n')[0]}): check the address and the network`;
}

/**
 * True when `hostname` is, or resolves to, a loopback, private, link-local, shared or
 * unspecified address (IPv4 or IPv6). A name that does not resolve is not internal: the
 * fetch itself then fails with its own message.
 */
export async function isInternalHost(hostname: string): Promise<boolean> {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) !== 0) return isInternalAddress(host);
  try {
    const addresses = await lookup(host, { all: true, verbatim: true });
    return addresses.some((a) => isInternalAddress(a.address));
  } catch {
    return false;
  }
}

/** True for loopback, private, link-local, carrier-grade NAT, multicast and unspecified addresses. */
export function isInternalAddress(address: string): boolean {
  const v4 = /^(?:::ffff:)?(\d+)\.(\d+)\.(\d+)\.(\d+)$/i.exec(address);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return a === 0 || a === 10 || a === 127 || a >= 224 || (a === 100 && b >= 64 && b < 128) || (a === 169 && b === 254) || (a === 172 && b >= 16 && b < 32) || (a === 192 && b === 168);
  }
  const v6 = address.toLowerCase();
  if (v6 === '::' || v6 === '::1') return true;
  return /^f[cd]/.test(v6) || /^fe[89ab]/.test(v6) || /^ff/.test(v6);
}
