/**
 * One WordPress REST session: the REST root found from the site's `Link` header, Basic auth
 * with an Application Password, route URLs for both root styles, and one request → JSON.
 * Every request runs through the channel's `ctx.attempt` (got's own retries are off).
 */
import type { Readable } from 'node:stream';
import type { Got } from 'got';
import { isRetryableStatus, networkError, retryAfterSeconds } from '../../http/policy.js';
import { loadGot } from '../../http/lazy-got.js';
import { ChannelError } from '../../errors.js';
import { registerSecret } from '../../scrub.js';
import type { Config } from '../../config/types.js';
import type { DeliverContext } from '../types.js';
import type { WordPressOptions } from './options.js';
import { wordpressError, type WordPressErrorBody, type WordPressErrorContext } from './errors.js';

const API_REL = 'https://api.w.org/';

/** One request to a REST route. */
export interface WordPressRequest {
  method?: 'GET' | 'POST' | 'DELETE';
  route: string;
  query?: Record<string, string>;
  /** Sent as JSON. */
  json?: unknown;
  /** A raw body (media upload); a factory, since each attempt needs a fresh stream. */
  body?: () => Readable;
  headers?: Record<string, string>;
  /** Statuses whose JSON answer is returned instead of thrown (e.g. 400 for `term_exists`). */
  accept?: (status: number, body: WordPressErrorBody) => boolean;
}

/** A parsed answer. */
export interface WordPressAnswer<T> {
  status: number;
  data: T;
}

/** A signed-in session against one site. */
export interface WordPressSession {
  /** The REST root the site advertises (`…/wp-json/` or `…/index.php?rest_route=/`). */
  readonly root: string;
  readonly user: string;
  /** One request without retries; throws ChannelError (retryable for 429, 5xx, network). */
  send<T>(what: string, req: WordPressRequest, signal?: AbortSignal): Promise<WordPressAnswer<T>>;
  /** `send` under the channel's retry policy. */
  call<T>(what: string, req: WordPressRequest): Promise<WordPressAnswer<T>>;
  /** Context for error messages. */
  errorContext(what: string): WordPressErrorContext;
  /**
   * What this run already asked this site as this user (tag ids, the user's rights), so a
   * run of many articles asks once: `remember(key, ask)` asks only the first time. A failed
   * answer is not kept.
   */
  remember<T>(key: string, ask: () => Promise<T>): Promise<T>;
}

/** REST roots found in this run, per site URL (keyed by the run's Config so runs never share them). */
const roots = new WeakMap<Config, Map<string, Promise<string>>>();

/** Answers kept for the run, per site and user (keyed by the run's Config, like `roots`). */
const answers = new WeakMap<Config, Map<string, Map<string, Promise<unknown>>>>();

function answersFor(config: Config, site: string, user: string): Map<string, Promise<unknown>> {
  let perRun = answers.get(config);
  if (!perRun) answers.set(config, (perRun = new Map()));
  const key = `${site}\u0000${user}`;
  let kept = perRun.get(key);
  if (!kept) perRun.set(key, (kept = new Map()));
  return kept;
}

/** The REST URL of `route` under `root`, for both `…/wp-json/` and `…?rest_route=/` roots. */
export function routeUrl(root: string, route: string, query: Record<string, string> = {}): string {
  const u = new URL(root);
  const qs = new URLSearchParams(query).toString();
  const base = u.searchParams.get('rest_route');
  if (base !== null) {
    u.searchParams.delete('rest_route');
    const full = `${base.replace(/\/+$/, '')}/${route.replace(/^\/+/, '')}`;
    // Keep the slashes readable: rest_route=/wp/v2/posts&slug=x
    const restRoute = encodeURIComponent(full).replace(/%2F/gi, '/');
    const others = u.searchParams.toString();
    return `${u.origin}${u.pathname}?rest_route=${restRoute}${others ? `&${others}` : ''}${qs ? `&${qs}` : ''}`;
  }
  const dir = u.pathname.endsWith('/') ? u.pathname : `${u.pathname}/`;
  const path = route.replace(/^\/+/, '').split('/').map(encodeURIComponent).join('/');
  return `${u.origin}${dir}${path}${u.search ? `${u.search}${qs ? `&${qs}` : ''}` : qs ? `?${qs}` : ''}`;
}

/** The target of `rel="https://api.w.org/"` in one or more Link headers, resolved against `base`. */
export function apiRootFromLink(header: string | string[] | undefined, base: string): string | undefined {
  const values = Array.isArray(header) ? header : header ? [header] : [];
  for (const value of values) {
    for (const m of value.matchAll(/<([^>]*)>\s*((?:;\s*[^;,]*)*)/g)) {
      const rels = /;\s*rel\s*=\s*"?([^";]*)"?/i.exec(m[2] ?? '')?.[1]?.split(/\s+/) ?? [];
      if (rels.includes(API_REL) && m[1]) return new URL(m[1], base).toString();
    }
  }
  return undefined;
}

/** Parses JSON, tolerating a PHP notice printed before it. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const start = text.search(/[[{]/);
    if (start > 0) {
      try {
        return JSON.parse(text.slice(start));
      } catch {
        // not JSON at all
      }
    }
    return undefined;
  }
}

/** Opens a session: credentials registered as secrets, the REST root discovered (once per run). */
export async function openWordPress(ctx: DeliverContext<WordPressOptions>): Promise<WordPressSession> {
  const got = await loadGot();
  const { options, name: channel } = ctx.channel;
  const user = options.username ?? '';
  const password = options.password ?? '';
  if (!user || !password) {
    throw new ChannelError(channel, 'config', 'username and password (an Application Password) are required to send');
  }
  registerSecret(password);
  const token = Buffer.from(`${user}:${password}`).toString('base64');
  registerSecret(token);
  const authorization = `Basic ${token}`;
  registerSecret(authorization);

  const root = await discoverRoot(got, ctx);
  const errorContext = (what: string): WordPressErrorContext => ({ channel, user, root, what });

  async function send<T>(what: string, req: WordPressRequest, signal: AbortSignal = ctx.signal): Promise<WordPressAnswer<T>> {
    const url = routeUrl(root, req.route, req.query);
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': 'publish (newsroom syndication)',
      ...req.headers,
      authorization,
    };
    let body: string | Readable | undefined;
    if (req.json !== undefined) {
      body = JSON.stringify(req.json);
      headers['content-type'] = 'application/json; charset=utf-8';
    } else if (req.body) body = req.body();
    let r;
    try {
      r = await got(url, {
        method: req.method ?? 'GET',
        headers,
        ...(body !== undefined ? { body } : {}),
        // The attempt's deadline (a plain timer: src/http/deadline.ts) ends a request that hangs.
        signal,
      });
    } catch (error) {
      throw networkError(channel, error, `WordPress (${what})`);
    }
    const type = String(r.headers['content-type'] ?? '');
    const parsed = /json/i.test(type) || /^\s*[[{]/.test(r.body) ? parseJson(r.body) : undefined;
    const ok = r.statusCode >= 200 && r.statusCode < 300;
    if (ok && parsed !== undefined) return { status: r.statusCode, data: parsed as T };
    const errorBody = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as WordPressErrorBody) : undefined;
    if (!ok && errorBody && req.accept?.(r.statusCode, errorBody)) return { status: r.statusCode, data: errorBody as T };
    if (ok) {
      throw new ChannelError(channel, 'not_json', `WordPress answered ${r.statusCode} to ${what} with a page that is not JSON: check url (REST root ${root})`, { status: r.statusCode });
    }
    const retryAfter = retryAfterSeconds(r.headers['retry-after']);
    throw wordpressError(errorContext(what), r.statusCode, errorBody, {
      ...(r.statusMessage ? { statusText: r.statusMessage } : {}),
      ...(retryAfter !== undefined ? { retryAfter } : {}),
    });
  }

  const kept = answersFor(ctx.config, options.url, user);
  return {
    root,
    user,
    send,
    call: (what, req) => ctx.attempt(what, (signal) => send(what, req, signal)),
    errorContext,
    remember<T>(key: string, ask: () => Promise<T>): Promise<T> {
      let answer = kept.get(key) as Promise<T> | undefined;
      if (!answer) {
        const asked = ask();
        kept.set(key, asked);
        asked.catch(() => {
          if (kept.get(key) === asked) kept.delete(key);
        });
        answer = asked;
      }
      return answer;
    },
  };
}

/** `GET <url>` → its `Link: <…>; rel="https://api.w.org/"`, cached for the run. */
function discoverRoot(got: Got, ctx: DeliverContext<WordPressOptions>): Promise<string> {
  const site = ctx.channel.options.url;
  let perRun = roots.get(ctx.config);
  if (!perRun) roots.set(ctx.config, (perRun = new Map()));
  const cached = perRun.get(site);
  if (cached) return cached;
  const found = ctx.attempt('find the REST API', async (signal) => {
    const channel = ctx.channel.name;
    let r;
    try {
      r = await got(site, { headers: { 'user-agent': 'publish (newsroom syndication)' }, signal });
    } catch (error) {
      throw networkError(channel, error, `WordPress site ${site}`);
    }
    const root = apiRootFromLink(r.headers.link, r.url || site);
    if (root) return root;
    if (isRetryableStatus(r.statusCode)) {
      throw wordpressError({ channel, user: '', root: site, what: 'open the site' }, r.statusCode, undefined, {
        ...(r.statusMessage ? { statusText: r.statusMessage } : {}),
      });
    }
    throw new ChannelError(
      channel,
      'no_rest_api',
      `${site} answered ${r.statusCode} without a Link rel="https://api.w.org/" header: is it a WordPress site with the REST API on? check url`,
      { status: r.statusCode },
    );
  });
  perRun.set(site, found);
  // A failed discovery is not remembered: the next article tries again.
  found.catch(() => perRun.delete(site));
  return found;
}
