/**
 * Strict local fake of the WordPress 6.x REST API (wp/v2 posts, tags, categories, media,
 * users/me) with Application Password auth, as observed on a real WordPress 6.1.9
 * (Debian 12; see scripts/wordpress-ci.sh and /work/shared/API-NOTES.md).
 *
 * Deliberate differences from the real thing (each one stricter, none looser):
 * - `/wp-json/…` answers only with pretty permalinks (the real one behind php -S answers it
 *   anyway); a client must follow the `Link` header.
 * - Unknown tag/category ids are refused with 400 `rest_invalid_param` (WordPress drops them
 *   silently, so a client sending stale ids would never learn of it).
 * - Media uploads take raw bytes only (no multipart).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { recordWire } from './http.js';

/** A WordPress role the fake knows. */
export type WordPressRole = 'administrator' | 'editor' | 'author' | 'contributor';

/** A user who can sign in with an Application Password. */
export interface WordPressFakeUser {
  login: string;
  /** As WordPress shows it (`abcd EFGH ijkl …`); spaces are ignored when checking. */
  appPassword: string;
  /** @default 'administrator' */
  role?: WordPressRole;
  /** @default the login */
  name?: string;
}

/** Options of {@link startWordPressFake}. */
export interface WordPressFakeOptions {
  /** `/%postname%/` permalinks and the `/wp-json/` root; otherwise only `?rest_route=`. @default true */
  prettyPermalinks?: boolean;
  /** @default one administrator `admin` with a random application password */
  users?: WordPressFakeUser[];
  /** Category names to seed besides "Uncategorized" (id 1). @default [] */
  categories?: string[];
  /** Tag names to seed. @default [] */
  tags?: string[];
  /** @default 'CI Blog' */
  siteName?: string;
  /** Initial {@link WordPressFake.latencyMs}. @default {} */
  latencyMs?: Record<string, number>;
  /** The site's clock (scheduled posts go live by it). @default the real time */
  now?: () => Date;
}

/** A user as the fake stores it. */
export interface WordPressFakeAccount extends Required<WordPressFakeUser> {
  id: number;
}

/** A post as the fake stores it. */
export interface WordPressFakePost {
  id: number;
  author: number;
  title: string;
  content: string;
  excerpt: string;
  status: 'publish' | 'future' | 'draft' | 'pending' | 'private' | 'trash';
  /** post_name; '' for a draft that never had one. */
  slug: string;
  dateGmt: Date;
  modifiedGmt: Date;
  tags: number[];
  categories: number[];
  featuredMedia: number;
}

/** A tag or category. */
export interface WordPressFakeTerm {
  id: number;
  taxonomy: 'post_tag' | 'category';
  name: string;
  slug: string;
  description: string;
}

/** An uploaded file. */
export interface WordPressFakeMedia {
  id: number;
  author: number;
  slug: string;
  title: string;
  fileName: string;
  mimeType: string;
  path: string; // under /wp-content/uploads/
  bytes: Buffer;
  dateGmt: Date;
}

/** A request as the fake saw it (Authorization removed). */
export interface WordPressRecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** REST route (`/wp/v2/posts`), or undefined for site pages. */
  route?: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON/form body; for raw uploads `{ bytes }`. */
  body?: unknown;
  /** Login of the user the Application Password authenticated, if any. */
  user?: string;
}

/** A running WordPress fake. */
export interface WordPressFake {
  /** Site URL, e.g. `http://127.0.0.1:40123` (no trailing slash). */
  readonly url: string;
  /** The REST root the `Link` header advertises. */
  readonly restRoot: string;
  readonly prettyPermalinks: boolean;
  readonly users: WordPressFakeAccount[];
  readonly posts: Map<number, WordPressFakePost>;
  readonly terms: Map<number, WordPressFakeTerm>;
  readonly media: Map<number, WordPressFakeMedia>;
  readonly requests: WordPressRecordedRequest[];
  /** `Basic …` header value for a user (default: the first one). */
  authHeader(login?: string): string;
  /** Full URL of a REST route in the style the site advertises, e.g. `restUrl('/wp/v2/posts')`. */
  restUrl(route: string, query?: Record<string, string>): string;
  /**
   * Answers the next `count` matching requests with `status` without doing anything.
   * `match`: `'*'`, a route (`'/wp/v2/posts'`), optionally with a method (`'POST /wp/v2/tags'`);
   * a trailing `*` matches a prefix (`'/wp/v2/*'`).
   */
  failNext(match: string, status: 500 | 503 | 429, count?: number): void;
  /** Performs the next matching request, then destroys the socket unanswered. @default match 'POST *' */
  dropReplyNext(match?: string, count?: number): void;
  /**
   * Milliseconds every matching REST request waits before it is handled (a slow server),
   * keyed by a match spec as in {@link failNext} (`'POST /wp/v2/posts'`); the first
   * matching key counts. Mutable.
   */
  latencyMs: Record<string, number>;
  /**
   * WP-Cron's `publish_future_post`: every `future` post whose time has come goes live (the
   * fake also runs it before each request, as page loads trigger WP-Cron). Returns their ids.
   */
  runCron(): number[];
  close(): Promise<void>;
}

const POST_STATUSES = ['publish', 'future', 'draft', 'pending', 'private'] as const;
const QUERY_STATUSES = [...POST_STATUSES, 'trash', 'auto-draft', 'inherit', 'any'];
const PUBLISHING = new Set(['publish', 'future', 'private']);
const MAX_BODY = 64 * 1024 * 1024;

const CAPS: Record<WordPressRole, string[]> = {
  administrator: ['read', 'edit_posts', 'edit_others_posts', 'edit_published_posts', 'publish_posts', 'delete_posts', 'read_private_posts', 'upload_files', 'manage_categories', 'manage_options', 'edit_users'],
  editor: ['read', 'edit_posts', 'edit_others_posts', 'edit_published_posts', 'publish_posts', 'delete_posts', 'read_private_posts', 'upload_files', 'manage_categories'],
  author: ['read', 'edit_posts', 'edit_published_posts', 'publish_posts', 'delete_posts', 'upload_files'],
  contributor: ['read', 'edit_posts', 'delete_posts'],
};

/** Extension → MIME type WordPress allows by default (a subset). */
const ALLOWED_UPLOADS: Record<string, string> = {
  jpg: 'image/jpeg', jpeg: 'image/jpeg', jpe: 'image/jpeg', png: 'image/png', gif: 'image/gif',
  webp: 'image/webp', mp4: 'video/mp4', m4v: 'video/mp4', mov: 'video/quicktime', pdf: 'application/pdf',
  mp3: 'audio/mpeg',
};

/** What a route handler answers. */
interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** WordPress's error shape. */
function wpError(status: number, code: string, message: string, extra: Record<string, unknown> = {}): Reply {
  return { status, body: { code, message, data: { status, ...extra } } };
}

/** One invalid parameter, as WordPress collects them into `rest_invalid_param`. */
interface ParamProblem {
  param: string;
  code: string;
  message: string;
  data: unknown;
}

function invalidParams(problems: ParamProblem[]): Reply {
  const params: Record<string, string> = {};
  const details: Record<string, unknown> = {};
  for (const p of problems) {
    params[p.param] = p.message;
    details[p.param] = { code: p.code, message: p.message, data: p.data };
  }
  return wpError(400, 'rest_invalid_param', `Invalid parameter(s): ${Object.keys(params).join(', ')}`, { params, details });
}

/** Like WordPress's `sanitize_title_with_dashes`: lowercase, dashes, UTF-8 percent-encoded. */
export function sanitizeSlug(text: string): string {
  let s = text.replace(/<[^>]*>/g, '').replace(/&[a-z0-9#]+;/gi, '').trim().toLowerCase();
  s = s.replace(/[\s._/]+/g, '-');
  let out = '';
  for (const ch of s) {
    if (/[a-z0-9-]/.test(ch)) out += ch;
    else if (ch.codePointAt(0)! > 0x7f) {
      out += [...Buffer.from(ch, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
    }
  }
  return out.replace(/-+/g, '-').replace(/^-|-$/g, '');
}

/** WordPress's `rest_parse_date`: ISO 8601 with optional zone; no zone means UTC here. */
function parseWpDate(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const m = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2}(?:\.\d+)?)(Z|[+-]\d{2}(?::?\d{2})?)?$/.exec(value);
  if (!m) return null;
  let zone = m[3] ?? 'Z';
  if (/^[+-]\d{2}$/.test(zone)) zone += ':00';
  else if (/^[+-]\d{4}$/.test(zone)) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const d = new Date(`${m[1]}T${m[2]}${zone}`);
  return Number.isNaN(d.getTime()) ? null : d;
}

function wpDate(d: Date): string {
  return d.toISOString().slice(0, 19);
}

/** Rough `wptexturize` for titles: curly quotes, apostrophes, ellipsis. */
function texturize(s: string): string {
  let open = true;
  return s
    .replace(/\.\.\./g, '&#8230;')
    .replace(/"/g, () => ((open = !open) ? '&#8221;' : '&#8220;'))
    .replace(/'/g, '&#8217;');
}

/** Rough `wpautop`: blank-line paragraphs in `<p>`, single newlines as `<br />`. */
function autop(s: string): string {
  if (!s.trim()) return '';
  const block = /^<(p|div|h[1-6]|ul|ol|li|blockquote|figure|pre|table|hr|section|!--)/i;
  return (
    s
      .trim()
      .split(/\n\s*\n/)
      .map((para) => (block.test(para.trim()) ? para.trim() : `<p>${para.trim().replace(/\n/g, '<br />\n')}</p>`))
      .join('\n') + '\n'
  );
}

function excerptFrom(content: string): string {
  const words = content.replace(/<[^>]*>/g, ' ').split(/\s+/).filter(Boolean);
  return words.length > 55 ? `${words.slice(0, 55).join(' ')} [&hellip;]` : words.join(' ');
}

/** Honours `_fields=a,b.c` loosely: top-level keys, one nested level. */
function pickFields(item: Record<string, unknown>, fields: string | undefined): Record<string, unknown> {
  if (!fields) return item;
  const out: Record<string, unknown> = {};
  for (const f of fields.split(',').map((x) => x.trim()).filter(Boolean)) {
    const [top, sub] = f.split('.', 2) as [string, string | undefined];
    if (!(top in item)) continue;
    const value = item[top];
    if (sub && value && typeof value === 'object' && sub in value) {
      const prev = (out[top] as Record<string, unknown> | undefined) ?? {};
      out[top] = { ...prev, [sub]: (value as Record<string, unknown>)[sub] };
    } else out[top] = value;
  }
  return out;
}

/** Parses a form body, turning `a[]=1&a[]=2` into arrays. */
function parseForm(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    const key = k.replace(/\[\d*\]$/, '');
    if (key !== k) out[key] = [...((out[key] as string[] | undefined) ?? []), v];
    else out[key] = v;
  }
  return out;
}

/** `wp_parse_list`: an array, or a comma/space separated string. */
function parseList(value: unknown): unknown[] | null {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean);
  return null;
}

/** `rest_is_integer`: numbers and numeric strings without a fraction. */
function asInteger(value: unknown): number | null {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value);
  return null;
}

function textField(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { raw?: unknown }).raw === 'string') {
    return (value as { raw: string }).raw;
  }
  return undefined;
}

/** Reads the filename out of a Content-Disposition header, as WordPress does. */
function filenameFromDisposition(header: string): string | null {
  const star = /filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i.exec(header);
  if (star?.[1]) return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
  const plain = /filename\s*=\s*("([^"]*)"|[^;\s]+)/i.exec(header);
  const name = plain?.[2] ?? plain?.[1];
  return name ? name.trim() : null;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of req as AsyncIterable<Buffer>) {
    size += part.length;
    if (size > MAX_BODY) throw new Error('request body too large');
    parts.push(part);
  }
  return Buffer.concat(parts);
}

/** A random application password in WordPress's display form (6 groups of 4). */
function newAppPassword(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  const chars = [...randomBytes(24)].map((b) => alphabet[b % alphabet.length]).join('');
  return chars.match(/.{4}/g)!.join(' ');
}

/** Parses "[METHOD ]ROUTE" where ROUTE may be '*' or end in '*'. */
function matcher(spec: string): (method: string, route: string) => boolean {
  const m = /^(?:([A-Z]+)\s+)?(\S+)$/.exec(spec.trim());
  if (!m) throw new Error(`bad match spec: ${spec}`);
  const method = m[1];
  const pattern = (m[2] ?? '*').replace(/\/+$/, '') || '/';
  return (reqMethod, route) => {
    if (method && method !== reqMethod) return false;
    if (pattern === '*') return true;
    if (pattern.endsWith('*')) return route.toLowerCase().startsWith(pattern.slice(0, -1).toLowerCase());
    return route.toLowerCase() === pattern.toLowerCase();
  };
}

/** A queued fault. */
interface Fault {
  matches: (method: string, route: string) => boolean;
  left: number;
  status?: number;
}

/** Starts the fake on 127.0.0.1, port 0. */
export async function startWordPressFake(opts: WordPressFakeOptions = {}): Promise<WordPressFake> {
  const pretty = opts.prettyPermalinks ?? true;
  const siteName = opts.siteName ?? 'CI Blog';
  const users: WordPressFakeAccount[] = (opts.users ?? [{ login: 'admin', appPassword: newAppPassword() }]).map((u, i) => ({
    id: i + 1,
    login: u.login,
    appPassword: u.appPassword,
    role: u.role ?? 'administrator',
    name: u.name ?? u.login,
  }));
  const posts = new Map<number, WordPressFakePost>();
  const terms = new Map<number, WordPressFakeTerm>();
  const media = new Map<number, WordPressFakeMedia>();
  const requests: WordPressRecordedRequest[] = [];
  const failures: Fault[] = [];
  const drops: Fault[] = [];
  let nextPostId = 4; // 1 Hello world, 2 sample page, 3 privacy policy, as after an install
  const clock = opts.now ?? (() => new Date());
  let nextTermId = 2;

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, wpError(500, 'internal_server_error', String(err)));
      else res.destroy();
    });
  });
  recordWire(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Real WordPress 6.1.9 advertises index.php?rest_route=/ when permalinks are plain.
  const restRoot = pretty ? `${url}/wp-json/` : `${url}/index.php?rest_route=/`;

  const restUrl = (route: string, query: Record<string, string> = {}): string => {
    const qs = new URLSearchParams(query).toString();
    if (pretty) return `${url}/wp-json${route}${qs ? `?${qs}` : ''}`;
    return `${url}/index.php?rest_route=${route}${qs ? `&${qs}` : ''}`;
  };

  function addTerm(taxonomy: WordPressFakeTerm['taxonomy'], name: string, slug = sanitizeSlug(name)): WordPressFakeTerm {
    let unique = slug || String(nextTermId);
    for (let n = 2; [...terms.values()].some((t) => t.taxonomy === taxonomy && t.slug === unique); n++) unique = `${slug}-${n}`;
    const term: WordPressFakeTerm = { id: taxonomy === 'category' && name === 'Uncategorized' ? 1 : nextTermId++, taxonomy, name, slug: unique, description: '' };
    terms.set(term.id, term);
    return term;
  }
  addTerm('category', 'Uncategorized');
  for (const c of opts.categories ?? []) addTerm('category', c);
  for (const t of opts.tags ?? []) addTerm('post_tag', t);
  const installed = new Date();
  posts.set(1, {
    id: 1, author: 1, title: 'Hello world!', content: 'Welcome to WordPress. This is your first post. Edit or delete it, then start writing!',
    excerpt: '', status: 'publish', slug: 'hello-world', dateGmt: installed, modifiedGmt: installed, tags: [], categories: [1], featuredMedia: 0,
  });

  const fake: WordPressFake = {
    url,
    restRoot,
    prettyPermalinks: pretty,
    users,
    posts,
    terms,
    media,
    requests,
    authHeader: (login) => {
      const u = login ? users.find((x) => x.login === login) : users[0];
      if (!u) throw new Error(`no such fake user: ${login}`);
      return `Basic ${Buffer.from(`${u.login}:${u.appPassword}`).toString('base64')}`;
    },
    restUrl,
    failNext: (match, status, count = 1) => void failures.push({ matches: matcher(match), left: count, status }),
    dropReplyNext: (match = 'POST *', count = 1) => void drops.push({ matches: matcher(match), left: count }),
    latencyMs: { ...opts.latencyMs },
    runCron: () => {
      const published: number[] = [];
      for (const p of posts.values()) {
        if (p.status === 'future' && p.dateGmt.getTime() <= clock().getTime()) {
          p.status = 'publish';
          published.push(p.id);
        }
      }
      return published;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };

  /** The delay {@link WordPressFake.latencyMs} sets for this request (0 when none). */
  function latencyFor(method: string, route: string): number {
    for (const [spec, ms] of Object.entries(fake.latencyMs)) if (matcher(spec)(method, route)) return ms;
    return 0;
  }

  /** Takes one use of the first queued fault that matches. */
  function takeFault(queue: Fault[], method: string, route: string): Fault | undefined {
    const i = queue.findIndex((f) => f.left > 0 && f.matches(method, route));
    const f = queue[i];
    if (!f) return undefined;
    f.left -= 1;
    if (f.left === 0) queue.splice(i, 1);
    return f;
  }

  function send(res: ServerResponse, reply: Reply): void {
    const text = JSON.stringify(reply.body);
    res.writeHead(reply.status, {
      'Content-Type': 'application/json; charset=UTF-8',
      'Content-Length': Buffer.byteLength(text),
      Link: `<${restRoot}>; rel="https://api.w.org/"`,
      ...reply.headers,
    });
    res.end(text);
  }

  function authenticate(req: IncomingMessage): WordPressFakeAccount | undefined {
    const m = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!m?.[1]) return undefined;
    const decoded = Buffer.from(m[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    const login = decoded.slice(0, colon);
    const given = decoded.slice(colon + 1).replace(/[^a-z\d]/gi, '');
    const user = users.find((u) => u.login === login);
    // A wrong password leaves the request anonymous (observed on WordPress 6.1.9).
    return user && user.appPassword.replace(/[^a-z\d]/gi, '') === given ? user : undefined;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', url);
    const method = req.method ?? 'GET';
    const query = Object.fromEntries(u.searchParams);
    let route: string | undefined;
    if ((u.pathname === '/' || u.pathname === '/index.php') && u.searchParams.has('rest_route')) {
      route = u.searchParams.get('rest_route') ?? '/';
      delete query.rest_route;
    } else if (pretty && (u.pathname === '/wp-json' || u.pathname.startsWith('/wp-json/'))) {
      route = decodeURIComponent(u.pathname.slice('/wp-json'.length));
    }
    fake.runCron();
    const { authorization: _authorization, ...headers } = req.headers;
    const entry: WordPressRecordedRequest = { method, path: u.pathname, query, headers };
    requests.push(entry);
    const raw = await readBody(req);

    if (route === undefined) return site(req, res, u);
    route = route.replace(/\/+$/, '') || '/';
    entry.route = route;
    const latency = latencyFor(method, route);
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));

    const failure = takeFault(failures, method, route);
    if (failure) return sendFailure(res, failure.status ?? 500);

    const user = authenticate(req);
    if (user) entry.user = user.login;
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    let body: Record<string, unknown> = {};
    if (method !== 'GET' && method !== 'HEAD' && raw.length > 0) {
      if (type === 'application/json') {
        try {
          const parsed: unknown = JSON.parse(raw.toString('utf8'));
          if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
          entry.body = parsed;
        } catch {
          return send(res, wpError(400, 'rest_invalid_json', 'Invalid JSON body passed.', { json_error_code: 4, json_error_message: 'Syntax error' }));
        }
      } else if (type === 'application/x-www-form-urlencoded') {
        body = parseForm(raw.toString('utf8'));
        entry.body = body;
      } else entry.body = { bytes: raw.length };
    }
    const ctx: Ctx = { method, route, params: { ...query, ...body }, user, raw, req };
    const reply = dispatch(ctx);
    if (takeFault(drops, method, route)) {
      res.socket?.destroy(); // the work is done, the answer is lost
      return;
    }
    if (method === 'HEAD') {
      res.writeHead(reply.status, { Link: `<${restRoot}>; rel="https://api.w.org/"`, ...reply.headers }).end();
      return;
    }
    send(res, { ...reply, body: pickFieldsDeep(reply.body, typeof query._fields === 'string' ? query._fields : undefined) });
  }

  function pickFieldsDeep(body: unknown, fields: string | undefined): unknown {
    if (!fields || !body || typeof body !== 'object') return body;
    if (Array.isArray(body)) return body.map((item) => pickFields(item as Record<string, unknown>, fields));
    if ('code' in body && 'data' in body) return body; // errors are never filtered
    return pickFields(body as Record<string, unknown>, fields);
  }

  function sendFailure(res: ServerResponse, status: number): void {
    if (status === 503) {
      // What a proxy or maintenance mode answers: not JSON at all.
      const html = '<!DOCTYPE html><html><head><title>Maintenance</title></head><body><h1>Briefly unavailable for scheduled maintenance. Check back in a minute.</h1></body></html>';
      res.writeHead(503, { 'Content-Type': 'text/html; charset=UTF-8', 'Retry-After': '1', 'Content-Length': Buffer.byteLength(html) });
      res.end(html);
      return;
    }
    if (status === 429) return send(res, { ...wpError(429, 'too_many_requests', 'Too many requests.'), headers: { 'Retry-After': '1' } });
    const message = '<p>There has been a critical error on this website.</p>';
    send(res, { status, body: { code: 'internal_server_error', message, data: { status }, additional_errors: [] } });
  }

  function site(req: IncomingMessage, res: ServerResponse, u: URL): void {
    const file = [...media.values()].find((m) => m.path === u.pathname);
    if (file && (req.method === 'GET' || req.method === 'HEAD')) {
      res.writeHead(200, { 'Content-Type': file.mimeType, 'Content-Length': file.bytes.length });
      res.end(req.method === 'HEAD' ? undefined : file.bytes);
      return;
    }
    const isHome = u.pathname === '/' || u.pathname === '/index.php';
    const html = isHome
      ? `<!DOCTYPE html><html><head><title>${siteName}</title><link rel="https://api.w.org/" href="${restRoot}" /></head><body><h1>${siteName}</h1></body></html>`
      : `<!DOCTYPE html><html><head><title>Page not found</title></head><body><h1>Not Found</h1></body></html>`;
    res.writeHead(isHome ? 200 : 404, {
      'Content-Type': 'text/html; charset=UTF-8',
      'Content-Length': Buffer.byteLength(html),
      Link: `<${restRoot}>; rel="https://api.w.org/"`,
    });
    res.end(req.method === 'HEAD' ? undefined : html);
  }

  /** What a handler needs to know about one REST request. */
  interface Ctx {
    method: string;
    route: string;
    params: Record<string, unknown>;
    user: WordPressFakeAccount | undefined;
    raw: Buffer;
    req: IncomingMessage;
  }

  const can = (user: WordPressFakeAccount | undefined, cap: string): boolean => !!user && CAPS[user.role].includes(cap);
  /** 401 for anonymous, 403 for a signed-in user without the right (rest_authorization_required_code). */
  const denied = (user: WordPressFakeAccount | undefined, code: string, message: string): Reply =>
    wpError(user ? 403 : 401, code, message);

  function dispatch(ctx: Ctx): Reply {
    const { method, route } = ctx;
    const r = route.toLowerCase();
    const write = method === 'POST' || method === 'PUT' || method === 'PATCH';
    const context = ctx.params.context;
    if (context !== undefined && !['view', 'embed', 'edit'].includes(String(context))) {
      return invalidParams([{ param: 'context', code: 'rest_not_in_enum', message: 'context is not one of view, embed, and edit.', data: null }]);
    }
    if (r === '/' && method === 'GET') return { status: 200, body: index() };
    if (r === '/wp/v2/posts' && method === 'GET') return listPosts(ctx);
    if (r === '/wp/v2/posts' && method === 'POST') return createPost(ctx);
    const postId = /^\/wp\/v2\/posts\/(\d+)$/.exec(r)?.[1];
    if (postId && method === 'GET') return getPost(ctx, Number(postId));
    if (postId && write) return updatePost(ctx, Number(postId));
    if (postId && method === 'DELETE') return deletePost(ctx, Number(postId));
    const tax = /^\/wp\/v2\/(tags|categories)$/.exec(r)?.[1];
    const taxonomy = tax === 'tags' ? 'post_tag' : 'category';
    if (tax && method === 'GET') return listTerms(ctx, taxonomy);
    if (tax && method === 'POST') return createTerm(ctx, taxonomy);
    const termMatch = /^\/wp\/v2\/(tags|categories)\/(\d+)$/.exec(r);
    if (termMatch && method === 'GET') {
      const term = terms.get(Number(termMatch[2]));
      const want = termMatch[1] === 'tags' ? 'post_tag' : 'category';
      if (!term || term.taxonomy !== want) return wpError(404, 'rest_term_invalid', 'Term does not exist.');
      return { status: 200, body: termJson(term) };
    }
    if (r === '/wp/v2/media' && method === 'POST') return uploadMedia(ctx);
    const mediaId = /^\/wp\/v2\/media\/(\d+)$/.exec(r)?.[1];
    if (mediaId && method === 'GET') {
      const m = media.get(Number(mediaId));
      if (!m) return wpError(404, 'rest_post_invalid_id', 'Invalid post ID.');
      return { status: 200, body: mediaJson(m, ctx.params.context === 'edit') };
    }
    if (r === '/wp/v2/users/me' && method === 'GET') return me(ctx);
    return wpError(404, 'rest_no_route', 'No route was found matching the URL and request method.');
  }

  function index(): Record<string, unknown> {
    return {
      name: siteName,
      description: '',
      url,
      home: url,
      gmt_offset: '0',
      timezone_string: '',
      namespaces: ['oembed/1.0', 'wp/v2'],
      authentication: { 'application-passwords': { endpoints: { authorization: `${url}/wp-admin/authorize-application.php` } } },
      routes: Object.fromEntries(
        ['/wp/v2/posts', '/wp/v2/posts/(?P<id>[\\d]+)', '/wp/v2/tags', '/wp/v2/categories', '/wp/v2/media', '/wp/v2/users/me'].map((r) => [r, { namespace: 'wp/v2' }]),
      ),
    };
  }

  // --- posts ---------------------------------------------------------------------------

  function postLink(p: WordPressFakePost): string {
    return pretty && p.status === 'publish' && p.slug ? `${url}/${p.slug}/` : `${url}/?p=${p.id}`;
  }

  function postJson(p: WordPressFakePost, edit: boolean): Record<string, unknown> {
    const raw = <T extends Record<string, unknown>>(value: string, rest: T) => (edit ? { raw: value, ...rest } : rest);
    return {
      id: p.id,
      date: wpDate(p.dateGmt),
      date_gmt: wpDate(p.dateGmt),
      guid: { rendered: `${url}/?p=${p.id}` },
      modified: wpDate(p.modifiedGmt),
      modified_gmt: wpDate(p.modifiedGmt),
      slug: p.slug,
      status: p.status,
      type: 'post',
      link: postLink(p),
      title: raw(p.title, { rendered: texturize(p.title) }),
      content: raw(p.content, { rendered: autop(p.content), protected: false }),
      excerpt: raw(p.excerpt, { rendered: autop(p.excerpt || excerptFrom(p.content)), protected: false }),
      author: p.author,
      featured_media: p.featuredMedia,
      comment_status: 'open',
      ping_status: 'open',
      sticky: false,
      template: '',
      format: 'standard',
      meta: [],
      categories: [...p.categories],
      tags: [...p.tags],
      ...(edit ? { generated_slug: sanitizeSlug(p.title) || String(p.id), permalink_template: pretty ? `${url}/%postname%/` : `${url}/?p=${p.id}` } : {}),
      _links: { self: [{ href: restUrl(`/wp/v2/posts/${p.id}`) }], collection: [{ href: restUrl('/wp/v2/posts') }] },
    };
  }

  function canRead(p: WordPressFakePost, user: WordPressFakeAccount | undefined): boolean {
    if (p.status === 'publish') return true;
    if (!user) return false;
    if (p.status === 'private') return p.author === user.id || can(user, 'read_private_posts');
    return p.author === user.id ? can(user, 'edit_posts') : can(user, 'edit_others_posts');
  }

  function canEdit(p: WordPressFakePost, user: WordPressFakeAccount | undefined): boolean {
    if (!can(user, 'edit_posts')) return false;
    if (p.author !== user!.id && !can(user, 'edit_others_posts')) return false;
    if ((p.status === 'publish' || p.status === 'future') && !can(user, 'edit_published_posts')) return false;
    return true;
  }

  /** Validates the writable post fields WordPress's schema checks. */
  function validatePostParams(params: Record<string, unknown>): { problems: ParamProblem[]; tags?: number[]; categories?: number[] } {
    const problems: ParamProblem[] = [];
    const out: { problems: ParamProblem[]; tags?: number[]; categories?: number[] } = { problems };
    if (params.status !== undefined && !(POST_STATUSES as readonly unknown[]).includes(params.status)) {
      const message = 'status is not one of publish, future, draft, pending, and private.';
      problems.push({ param: 'status', code: 'rest_not_in_enum', message, data: null });
    }
    for (const key of ['date', 'date_gmt']) {
      if (params[key] !== undefined && params[key] !== null && !parseWpDate(params[key])) {
        problems.push({ param: key, code: 'rest_invalid_date', message: 'Invalid date.', data: null });
      }
    }
    if (params.slug !== undefined && typeof params.slug !== 'string') {
      problems.push({ param: 'slug', code: 'rest_invalid_type', message: 'slug is not of type string.', data: { param: 'slug' } });
    }
    for (const key of ['featured_media', 'author']) {
      if (params[key] !== undefined && asInteger(params[key]) === null) {
        problems.push({ param: key, code: 'rest_invalid_type', message: `${key} is not of type integer.`, data: { param: key } });
      }
    }
    for (const key of ['tags', 'categories'] as const) {
      if (params[key] === undefined) continue;
      const list = parseList(params[key]);
      if (!list) {
        problems.push({ param: key, code: 'rest_invalid_type', message: `${key} is not of type array.`, data: { param: key } });
        continue;
      }
      const ids: number[] = [];
      const taxonomy = key === 'tags' ? 'post_tag' : 'category';
      for (const [i, item] of list.entries()) {
        const id = asInteger(item);
        if (id === null) {
          problems.push({ param: key, code: 'rest_invalid_type', message: `${key}[${i}] is not of type integer.`, data: { param: `${key}[${i}]` } });
          break;
        }
        if (terms.get(id)?.taxonomy !== taxonomy) {
          // Stricter than WordPress, which drops unknown ids without a word.
          problems.push({ param: key, code: 'rest_invalid_term', message: `${key}[${i}] is not a known ${taxonomy} id (${id}).`, data: { param: `${key}[${i}]` } });
          break;
        }
        ids.push(id);
      }
      out[key] = [...new Set(ids)];
    }
    return out;
  }

  /** `wp_unique_post_slug` for posts: -2, -3, … against every other post. */
  function uniquePostSlug(slug: string, id: number): string {
    const taken = (s: string) => [...posts.values()].some((p) => p.id !== id && p.slug === s);
    if (!taken(slug)) return slug;
    let n = 2;
    while (taken(`${slug}-${n}`)) n++;
    return `${slug}-${n}`;
  }

  /** Status after the date rule of wp_insert_post (a minute of grace). */
  function settleStatus(status: WordPressFakePost['status'], date: Date): WordPressFakePost['status'] {
    const ahead = date.getTime() - clock().getTime();
    if (status === 'publish' && ahead >= 60_000) return 'future';
    if (status === 'future' && ahead < 60_000) return 'publish';
    return status;
  }

  /** Applies sent fields to a post (new or existing); returns an error reply or null. */
  function applyPostParams(p: WordPressFakePost, params: Record<string, unknown>, valid: ReturnType<typeof validatePostParams>, user: WordPressFakeAccount, isNew: boolean): Reply | null {
    const requested = (params.status as WordPressFakePost['status'] | undefined) ?? p.status;
    if (PUBLISHING.has(requested) && requested !== p.status && !can(user, 'publish_posts')) {
      return wpError(403, 'rest_cannot_publish', 'Sorry, you are not allowed to publish posts in this post type.');
    }
    const title = textField(params.title);
    const content = textField(params.content);
    const excerpt = textField(params.excerpt);
    if (title !== undefined) p.title = title;
    if (content !== undefined) p.content = content;
    if (excerpt !== undefined) p.excerpt = excerpt;
    const date = parseWpDate(params.date_gmt) ?? parseWpDate(params.date);
    if (date) p.dateGmt = date;
    else if (isNew || (params.status !== undefined && PUBLISHING.has(requested) && !PUBLISHING.has(p.status))) p.dateGmt = clock();
    p.status = settleStatus(requested, p.dateGmt);
    if (typeof params.slug === 'string') p.slug = sanitizeSlug(params.slug);
    if (PUBLISHING.has(p.status)) {
      if (!p.slug) p.slug = sanitizeSlug(p.title) || String(p.id);
      p.slug = uniquePostSlug(p.slug, p.id);
    }
    if (valid.tags) p.tags = valid.tags;
    if (valid.categories) p.categories = valid.categories.length ? valid.categories : [1];
    if (params.featured_media !== undefined) {
      const id = asInteger(params.featured_media) ?? 0;
      p.featuredMedia = media.has(id) ? id : 0; // WordPress silently drops an unknown media id
    }
    p.modifiedGmt = new Date();
    return null;
  }

  function createPost(ctx: Ctx): Reply {
    const valid = validatePostParams(ctx.params);
    if (valid.problems.length) return invalidParams(valid.problems);
    const user = ctx.user;
    if (!user || !can(user, 'edit_posts')) return denied(user, 'rest_cannot_create', 'Sorry, you are not allowed to create posts as this user.');
    const now = new Date();
    const post: WordPressFakePost = {
      id: nextPostId, author: user.id, title: '', content: '', excerpt: '', status: 'draft', slug: '',
      dateGmt: now, modifiedGmt: now, tags: [], categories: [1], featuredMedia: 0,
    };
    const refused = applyPostParams(post, ctx.params, valid, user, true);
    if (refused) return refused;
    nextPostId += 1;
    posts.set(post.id, post);
    return { status: 201, body: postJson(post, true), headers: { Location: restUrl(`/wp/v2/posts/${post.id}`) } };
  }

  function updatePost(ctx: Ctx, id: number): Reply {
    const valid = validatePostParams(ctx.params);
    if (valid.problems.length) return invalidParams(valid.problems);
    const post = posts.get(id);
    if (!post) return wpError(404, 'rest_post_invalid_id', 'Invalid post ID.');
    if (!canEdit(post, ctx.user)) return denied(ctx.user, 'rest_cannot_edit', 'Sorry, you are not allowed to edit this post.');
    // WordPress refuses to edit a trashed post through the REST API.
    if (post.status === 'trash') return wpError(400, 'rest_cannot_edit', 'Sorry, you are not allowed to edit this post.');
    const draft = { ...post, tags: [...post.tags], categories: [...post.categories] };
    const refused = applyPostParams(draft, ctx.params, valid, ctx.user!, false);
    if (refused) return refused;
    posts.set(id, draft);
    return { status: 200, body: postJson(draft, true) };
  }

  /**
   * DELETE /wp/v2/posts/<id>: to the trash (a second time: 410 `rest_already_trashed`), or
   * gone for good with `force=true`. Needs the right to delete the post.
   */
  function deletePost(ctx: Ctx, id: number): Reply {
    const post = posts.get(id);
    if (!post) return wpError(404, 'rest_post_invalid_id', 'Invalid post ID.');
    const user = ctx.user;
    const own = user !== undefined && post.author === user.id;
    if (!can(user, 'delete_posts') || (!own && !can(user, 'edit_others_posts')) || (post.status === 'publish' && !can(user, 'edit_published_posts'))) {
      return denied(user, 'rest_cannot_delete', 'Sorry, you are not allowed to delete this post.');
    }
    const force = ctx.params.force === true || ctx.params.force === 'true' || ctx.params.force === '1';
    if (force) {
      posts.delete(id);
      return { status: 200, body: { deleted: true, previous: postJson(post, true) } };
    }
    if (post.status === 'trash') return wpError(410, 'rest_already_trashed', 'The post has already been deleted.');
    // Like wp_trash_post: the slug gets `__trashed`, so a new post may take the old one.
    const trashed = { ...post, status: 'trash' as const, slug: post.slug ? `${post.slug}__trashed` : post.slug, modifiedGmt: clock() };
    posts.set(id, trashed);
    return { status: 200, body: postJson(trashed, true) };
  }

  function getPost(ctx: Ctx, id: number): Reply {
    const post = posts.get(id);
    if (!post) return wpError(404, 'rest_post_invalid_id', 'Invalid post ID.');
    if (!canRead(post, ctx.user)) return denied(ctx.user, 'rest_forbidden', 'Sorry, you are not allowed to do that.');
    const edit = ctx.params.context === 'edit';
    if (edit && !canEdit(post, ctx.user)) return denied(ctx.user, 'rest_forbidden_context', 'Sorry, you are not allowed to edit this post.');
    return { status: 200, body: postJson(post, edit) };
  }

  function listPosts(ctx: Ctx): Reply {
    const { params, user } = ctx;
    const statuses = (parseList(params.status ?? 'publish') ?? []).map(String);
    const problems: ParamProblem[] = [];
    const bad = statuses.find((s) => !QUERY_STATUSES.includes(s));
    if (bad) {
      problems.push({ param: 'status', code: 'rest_not_in_enum', message: `status[0] is not one of ${QUERY_STATUSES.join(', ')}.`, data: null });
    } else if (statuses.some((s) => s !== 'publish') && !can(user, 'edit_posts')) {
      // WordPress reports a forbidden status as an invalid parameter, with the 401/403 inside.
      problems.push({ param: 'status', code: 'rest_forbidden_status', message: 'Status is forbidden.', data: { status: user ? 403 : 401 } });
    }
    const perPage = params.per_page === undefined ? 10 : asInteger(params.per_page);
    if (perPage === null || perPage < 1 || perPage > 100) {
      problems.push({ param: 'per_page', code: 'rest_out_of_bounds', message: 'per_page must be between 1 (inclusive) and 100 (inclusive)', data: null });
    }
    const page = params.page === undefined ? 1 : asInteger(params.page);
    if (page === null || page < 1) problems.push({ param: 'page', code: 'rest_out_of_bounds', message: 'page must be greater than or equal to 1', data: null });
    if (problems.length) return invalidParams(problems);
    const edit = params.context === 'edit';
    if (edit && !can(user, 'edit_posts')) return denied(user, 'rest_forbidden_context', 'Sorry, you are not allowed to edit posts in this post type.');

    const wanted = statuses.includes('any') ? new Set<string>(POST_STATUSES) : new Set(statuses);
    const slugs = params.slug === undefined ? undefined : new Set((parseList(params.slug) ?? []).map((s) => sanitizeSlug(String(s))));
    const include = params.include === undefined ? undefined : new Set((parseList(params.include) ?? []).map((x) => asInteger(x)));
    const search = typeof params.search === 'string' ? params.search.toLowerCase() : undefined;
    const found = [...posts.values()]
      .filter((p) => wanted.has(p.status) && canRead(p, user))
      .filter((p) => !slugs || slugs.has(p.slug))
      .filter((p) => !include || include.has(p.id))
      .filter((p) => !search || `${p.title} ${p.content} ${p.excerpt}`.toLowerCase().includes(search))
      .sort((a, b) => b.dateGmt.getTime() - a.dateGmt.getTime() || b.id - a.id);
    const total = found.length;
    const pages = Math.ceil(total / perPage!);
    if (total > 0 && page! > pages) {
      return wpError(400, 'rest_post_invalid_page_number', 'The page number requested is larger than the number of pages available.');
    }
    const slice = found.slice((page! - 1) * perPage!, page! * perPage!);
    return {
      status: 200,
      body: slice.map((p) => postJson(p, edit)),
      headers: { 'X-WP-Total': String(total), 'X-WP-TotalPages': String(pages) },
    };
  }

  // --- terms ---------------------------------------------------------------------------

  function termJson(t: WordPressFakeTerm): Record<string, unknown> {
    const count = [...posts.values()].filter((p) => p.status === 'publish' && (t.taxonomy === 'post_tag' ? p.tags : p.categories).includes(t.id)).length;
    const base = t.taxonomy === 'post_tag' ? 'tag' : 'category';
    const link = pretty ? `${url}/${base}/${t.slug}/` : t.taxonomy === 'post_tag' ? `${url}/?tag=${t.slug}` : `${url}/?cat=${t.id}`;
    const rest = t.taxonomy === 'post_tag' ? 'tags' : 'categories';
    return {
      id: t.id, count, description: t.description, link, name: t.name, slug: t.slug, taxonomy: t.taxonomy,
      ...(t.taxonomy === 'category' ? { parent: 0 } : {}),
      meta: [],
      _links: { self: [{ href: restUrl(`/wp/v2/${rest}/${t.id}`) }] },
    };
  }

  function listTerms(ctx: Ctx, taxonomy: WordPressFakeTerm['taxonomy']): Reply {
    const { params } = ctx;
    const perPage = params.per_page === undefined ? 10 : asInteger(params.per_page);
    if (perPage === null || perPage < 1 || perPage > 100) {
      return invalidParams([{ param: 'per_page', code: 'rest_out_of_bounds', message: 'per_page must be between 1 (inclusive) and 100 (inclusive)', data: null }]);
    }
    const slugs = params.slug === undefined ? undefined : new Set((parseList(params.slug) ?? []).map((s) => sanitizeSlug(String(s))));
    const search = typeof params.search === 'string' ? params.search.toLowerCase() : undefined;
    const include = params.include === undefined ? undefined : new Set((parseList(params.include) ?? []).map((x) => asInteger(x)));
    const found = [...terms.values()]
      .filter((t) => t.taxonomy === taxonomy)
      .filter((t) => !slugs || slugs.has(t.slug))
      .filter((t) => !include || include.has(t.id))
      .filter((t) => !search || t.name.toLowerCase().includes(search) || t.slug.includes(search))
      .sort((a, b) => a.name.localeCompare(b.name));
    const page = Math.max(1, asInteger(params.page) ?? 1);
    return {
      status: 200,
      body: found.slice((page - 1) * perPage, page * perPage).map(termJson),
      headers: { 'X-WP-Total': String(found.length), 'X-WP-TotalPages': String(Math.ceil(found.length / perPage)) },
    };
  }

  function createTerm(ctx: Ctx, taxonomy: WordPressFakeTerm['taxonomy']): Reply {
    const { params, user } = ctx;
    if (params.name === undefined) {
      return wpError(400, 'rest_missing_callback_param', 'Missing parameter(s): name', { params: ['name'] });
    }
    if (typeof params.name !== 'string') {
      return invalidParams([{ param: 'name', code: 'rest_invalid_type', message: 'name is not of type string.', data: { param: 'name' } }]);
    }
    // Tags need only the right to assign them (edit_posts); categories need manage_categories.
    if (!can(user, taxonomy === 'post_tag' ? 'edit_posts' : 'manage_categories')) {
      return denied(user, 'rest_cannot_create', 'Sorry, you are not allowed to create terms in this taxonomy.');
    }
    const name = params.name.trim();
    if (!name) return wpError(400, 'empty_term_name', 'A name is required for this term.');
    const slugProvided = typeof params.slug === 'string' && params.slug !== '';
    const slug = sanitizeSlug(slugProvided ? String(params.slug) : name);
    const same = [...terms.values()].filter((t) => t.taxonomy === taxonomy);
    const nameMatch = same.find((t) => t.name.toLowerCase() === name.toLowerCase());
    if (nameMatch && (!slugProvided || nameMatch.slug === slug || same.some((t) => t.slug === slug))) {
      return {
        status: 400,
        body: {
          code: 'term_exists',
          message: 'A term with the name provided already exists in this taxonomy.',
          data: { status: 400, term_id: nameMatch.id },
          additional_data: [nameMatch.id, nameMatch.id],
        },
      };
    }
    const term = addTerm(taxonomy, name, slug);
    if (typeof params.description === 'string') term.description = params.description;
    const rest = taxonomy === 'post_tag' ? 'tags' : 'categories';
    return { status: 201, body: termJson(term), headers: { Location: restUrl(`/wp/v2/${rest}/${term.id}`) } };
  }

  // --- media ---------------------------------------------------------------------------

  function mediaJson(m: WordPressFakeMedia, edit: boolean): Record<string, unknown> {
    return {
      id: m.id,
      date: wpDate(m.dateGmt),
      date_gmt: wpDate(m.dateGmt),
      slug: m.slug,
      status: 'inherit',
      type: 'attachment',
      link: pretty ? `${url}/${m.slug}/` : `${url}/?attachment_id=${m.id}`,
      title: edit ? { raw: m.title, rendered: m.title } : { rendered: m.title },
      author: m.author,
      media_type: m.mimeType.startsWith('image/') ? 'image' : 'file',
      mime_type: m.mimeType,
      source_url: `${url}${m.path}`,
      media_details: { filesize: m.bytes.length },
      post: null,
    };
  }

  function uploadMedia(ctx: Ctx): Reply {
    const { user, raw, req } = ctx;
    if (!can(user, 'upload_files')) return denied(user, 'rest_cannot_create', 'Sorry, you are not allowed to create posts as this user.');
    if (raw.length === 0) return wpError(400, 'rest_upload_no_data', 'No data supplied.');
    if (!req.headers['content-type']) return wpError(400, 'rest_upload_no_content_type', 'No Content-Type supplied.');
    const disposition = req.headers['content-disposition'];
    if (!disposition) return wpError(400, 'rest_upload_no_content_disposition', 'No Content-Disposition supplied.');
    const filename = filenameFromDisposition(disposition);
    if (!filename) {
      return wpError(400, 'rest_upload_invalid_disposition', 'Invalid Content-Disposition supplied. Content-Disposition needs to be formatted as `attachment; filename="image.png"` or similar.');
    }
    const clean = filename.replace(/[/\\]/g, '').replace(/\s+/g, '-');
    const dot = clean.lastIndexOf('.');
    const ext = dot > 0 ? clean.slice(dot + 1).toLowerCase() : '';
    const mimeType = ALLOWED_UPLOADS[ext];
    if (!mimeType) return wpError(500, 'rest_upload_sideload_error', 'Sorry, you are not allowed to upload this file type.');
    const stem = clean.slice(0, dot);
    const now = new Date();
    const dir = `/wp-content/uploads/${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/`;
    let name = `${stem}.${ext}`;
    for (let n = 1; [...media.values()].some((m) => m.path === dir + name); n++) name = `${stem}-${n}.${ext}`;
    const id = nextPostId++;
    const baseSlug = sanitizeSlug(stem) || String(id);
    let slug = baseSlug;
    for (let n = 2; [...media.values()].some((m) => m.slug === slug); n++) slug = `${baseSlug}-${n}`;
    const item: WordPressFakeMedia = { id, author: user!.id, slug, title: stem, fileName: name, mimeType, path: dir + name, bytes: Buffer.from(raw), dateGmt: now };
    media.set(id, item);
    return { status: 201, body: mediaJson(item, true), headers: { Location: restUrl(`/wp/v2/media/${id}`) } };
  }

  // --- users ---------------------------------------------------------------------------

  function me(ctx: Ctx): Reply {
    const user = ctx.user;
    if (!user) return wpError(401, 'rest_not_logged_in', 'You are not currently logged in.');
    const view = {
      id: user.id,
      name: user.name,
      url,
      description: '',
      link: pretty ? `${url}/author/${user.login}/` : `${url}/?author=${user.id}`,
      slug: sanitizeSlug(user.login),
      avatar_urls: {},
      meta: [],
    };
    if (ctx.params.context !== 'edit') return { status: 200, body: view };
    const caps = Object.fromEntries([...CAPS[user.role].map((c) => [c, true]), [user.role, true]]);
    return {
      status: 200,
      body: { ...view, username: user.login, email: `${user.login}@example.com`, roles: [user.role], capabilities: caps, extra_capabilities: { [user.role]: true } },
    };
  }

  return fake;
}
