import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { readArticles } from '../../src/article/read.js';
import type { DeliverContext } from '../../src/channels/types.js';
import { wordpress } from '../../src/channels/wordpress/index.js';
import type { WordPressOptions } from '../../src/channels/wordpress/options.js';
import { apiRootFromLink, routeUrl } from '../../src/channels/wordpress/client.js';
import { wordpressError } from '../../src/channels/wordpress/errors.js';
import { wordpressSlug } from '../../src/channels/wordpress/slug.js';
import { loadConfig } from '../../src/config/load-config.js';
import { createAttempt, createBudget } from '../../src/http/retry.js';
import { ChannelError } from '../../src/errors.js';
import { startWordPressFake, type WordPressFake, type WordPressFakeOptions } from '../fakes/wordpress.js';
import { ROOT, startPublish } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inprocess.js';
import { testChannel } from './contract.js';

const PASSWORD = 'abcd EFGH ijkl MNOP qrst UVWX';
const CONTRIB_PASSWORD = 'zyxw VUTS rqpo NMLK jihg FEDC';
const COVER = readFileSync(join(ROOT, 'examples/media/cover.jpg'));

/** Posts made through the API (the fake starts with "Hello world!", id 1). */
const made = (fake: WordPressFake) => [...fake.posts.values()].filter((p) => p.id !== 1);

testChannel<WordPressFake>({
  type: 'wordpress',
  async start() {
    const fake = await startWordPressFake({ users: [{ login: 'editor', appPassword: PASSWORD }] });
    return {
      fake,
      options: { url: fake.url, username: 'editor', password: '${WP_APP_PASSWORD}' },
      env: { WP_APP_PASSWORD: PASSWORD },
      close: () => fake.close(),
    };
  },
  posts: (fake) => made(fake).length,
  requests: (fake) => fake.requests.length,
  failNext(fake, fault) {
    // A revoked application password: the site now knows a different one.
    if (fault === 'unauthorized') fake.users[0]!.appPassword = 'nope nope nope nope nope nope';
    if (fault === 'rate_limited') fake.failNext('POST /wp/v2/posts', 429);
    if (fault === 'server_error') fake.failNext('POST /wp/v2/posts', 503);
  },
  remote: /^http:\/\/127\.0\.0\.1:\d+\/[a-z0-9%-]+\/$/,
  secrets: () => [PASSWORD, Buffer.from(`editor:${PASSWORD}`).toString('base64')],
});

/** One site, one working folder with the examples, a `site` channel. */
interface Site {
  fake: WordPressFake;
  dir: string;
  env: Record<string, string>;
  run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  /** The JSON result of the `site` channel. */
  result(r: { stdout: string }): { status: string; remote?: { id: string; url?: string }; error?: { code: string; message: string; retryable: boolean }; reason?: string };
}

const open: WordPressFake[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((f) => f.close()));
});

async function site(opts: { fake?: WordPressFakeOptions; channel?: Record<string, unknown>; user?: string } = {}): Promise<Site> {
  const fake = await startWordPressFake({
    users: [
      { login: 'editor', appPassword: PASSWORD },
      { login: 'contrib', appPassword: CONTRIB_PASSWORD, role: 'contributor' },
    ],
    ...opts.fake,
  });
  open.push(fake);
  const dir = mkdtempSync(join(tmpdir(), 'publish-wordpress-'));
  cpSync(join(ROOT, 'examples'), dir, { recursive: true });
  const config = {
    timezone: 'UTC',
    channels: {
      site: {
        type: 'wordpress',
        url: fake.url,
        username: opts.user ?? 'editor',
        password: '${WP_APP_PASSWORD}',
        retry: { attempts: 3, base_delay: '10ms', max_delay: '50ms', budget: '20s' },
        ...opts.channel,
      },
    },
  };
  writeFileSync(join(dir, 'channels.yaml'), stringify(config));
  const env = { WP_APP_PASSWORD: opts.user === 'contrib' ? CONTRIB_PASSWORD : PASSWORD };
  return {
    fake,
    dir,
    env,
    run: (args) => runInProcess(args, { cwd: dir, env }),
    result: (r) => JSON.parse(r.stdout).articles[0].results[0],
  };
}

/** A DeliverContext as send.ts builds it, for calling deliver directly. */
async function deliverContext(s: Site, article: string, extra: Partial<DeliverContext<WordPressOptions>> = {}) {
  const config = await loadConfig(join(s.dir, 'channels.yaml'), { env: s.env });
  const channel = config.channels[0]!;
  const [a] = await readArticles([article], { cwd: s.dir, strip: config.strip, keep: config.keep, clean: config.clean, defaultLanguage: config.language });
  const post = wordpress.render(a!, { channel: channel as never, config, link: undefined, linkPredicted: false, now: new Date() });
  const signal = AbortSignal.timeout(20_000);
  const ctx: DeliverContext<WordPressOptions> = {
    channel: channel as never,
    config,
    article: a!,
    link: undefined,
    mode: 'create',
    previous: undefined,
    publishAt: undefined,
    attempt: createAttempt(channel.retry, { signal, budget: createBudget(channel.retry) }),
    signal,
    tokens: { get: async () => undefined, set: async () => undefined },
    progress: () => undefined,
    ...extra,
  };
  return { ctx, post };
}

const postsTo = (fake: WordPressFake, route: string) => fake.requests.filter((r) => r.method === 'POST' && r.route === route);

describe('wordpress: REST root and routes', () => {
  it('builds route URLs for both root styles', () => {
    expect(routeUrl('https://x.org/wp-json/', '/wp/v2/posts', { slug: 'a b' })).toBe('https://x.org/wp-json/wp/v2/posts?slug=a+b');
    expect(routeUrl('https://x.org/blog/wp-json/', '/wp/v2/posts/5')).toBe('https://x.org/blog/wp-json/wp/v2/posts/5');
    expect(routeUrl('https://x.org/index.php?rest_route=/', '/wp/v2/posts', { slug: 'x' })).toBe('https://x.org/index.php?rest_route=/wp/v2/posts&slug=x');
    expect(routeUrl('https://x.org/?rest_route=/', '/wp/v2/tags')).toBe('https://x.org/?rest_route=/wp/v2/tags');
  });

  it('reads the api.w.org Link among others, relative or absolute', () => {
    const header = '<https://x.org/wp-json/wp/v2/pages/2>; rel="alternate"; type="application/json", <https://x.org/wp-json/>; rel="https://api.w.org/"';
    expect(apiRootFromLink(header, 'https://x.org/')).toBe('https://x.org/wp-json/');
    expect(apiRootFromLink(['<https://x.org/?p=2>; rel=shortlink', '</index.php?rest_route=/>; rel="https://api.w.org/"'], 'https://x.org/')).toBe('https://x.org/index.php?rest_route=/');
    expect(apiRootFromLink('<https://x.org/?p=2>; rel=shortlink', 'https://x.org/')).toBeUndefined();
  });

  it('slugs terms as WordPress does for Latin, accented and Cyrillic names', () => {
    expect(wordpressSlug('Peace talks')).toBe('peace-talks');
    expect(wordpressSlug('Türkiye')).toBe('turkiye');
    expect(wordpressSlug('Київ')).toBe('%d0%ba%d0%b8%d1%97%d0%b2');
    expect(wordpressSlug('AT&T!')).toBe('att');
  });

  for (const pretty of [true, false]) {
    it(`publishes with ${pretty ? 'pretty' : 'plain'} permalinks, following the Link header`, async () => {
      const s = await site({ fake: { prettyPermalinks: pretty } });
      const r = await s.run(['--json', 'istanbul-talks.md']);
      expect(r.code, r.stderr + r.stdout).toBe(0);
      const res = s.result(r);
      expect(res.status).toBe('published');
      const [post] = made(s.fake);
      expect(res.remote).toEqual({ id: String(post!.id), url: pretty ? `${s.fake.url}/istanbul-talks/` : `${s.fake.url}/?p=${post!.id}` });
      const rest = s.fake.requests.filter((q) => q.route !== undefined);
      expect(rest.every((q) => (pretty ? q.path.startsWith('/wp-json/') : q.path === '/index.php' && q.query.rest_route === undefined))).toBe(true);
    });
  }
});

describe('wordpress: error messages', () => {
  const where = { channel: 'site', user: 'editor', root: 'https://x.org/wp-json/', what: 'create the post' };
  it('maps WordPress error codes to actions', () => {
    expect(wordpressError(where, 404, { code: 'rest_no_route', message: 'No route was found matching the URL and request method.' }).message).toBe('no REST API at https://x.org/wp-json/: check url');
    expect(wordpressError(where, 401, { code: 'rest_cannot_create', message: 'Sorry…' })).toMatchObject({ code: 'unauthorized', retryable: false });
    expect(wordpressError(where, 403, { code: 'rest_cannot_publish', message: 'Sorry…' }).message).toBe('user editor may not publish: use status: pending or a different user');
    const invalid = wordpressError(where, 400, { code: 'rest_invalid_param', message: 'Invalid parameter(s): tags', data: { status: 400, params: { tags: 'tags[0] is not of type integer.' } } });
    expect(invalid.message).toBe('WordPress refused to create the post: Invalid parameter(s): tags (tags: tags[0] is not of type integer.)');
    // A wrong password on a signed-in query: 400 with the 401 inside.
    const forbidden = wordpressError(where, 400, { code: 'rest_invalid_param', message: 'Invalid parameter(s): status', data: { status: 400, details: { status: { code: 'rest_forbidden_status', message: 'Status is forbidden.', data: { status: 401 } } } } });
    expect(forbidden.code).toBe('unauthorized');
    expect(wordpressError(where, 502, undefined, { statusText: 'Bad Gateway' })).toMatchObject({ retryable: true, code: 'server_error' });
    expect(wordpressError(where, 500, { code: 'internal_server_error', message: '<p>There has been a critical error\n on this website.</p>' }).message).toBe(
      'WordPress could not create the post: 500 internal_server_error: There has been a critical error on this website.',
    );
  });
});

describe('wordpress: a run of several articles', () => {
  it("asks the user's rights and each tag's id once per run, not once per article", async () => {
    const s = await site();
    for (const n of [1, 2, 3]) {
      writeFileSync(join(s.dir, `tagged-${n}.md`), `---\nid: tagged-${n}\ntitle: Tagged story ${n}\ntags: [Ukraine, Energy]\n---\n\nIts lead.\n`);
    }
    const r = await s.run(['--json', 'tagged-1.md', 'tagged-2.md', 'tagged-3.md']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const gets = (route: string) => s.fake.requests.filter((q) => q.method === 'GET' && q.route === route);
    expect(gets('/wp/v2/users/me')).toHaveLength(1);
    expect(gets('/wp/v2/tags')).toHaveLength(2);
    expect(postsTo(s.fake, '/wp/v2/posts')).toHaveLength(3);
    for (const post of made(s.fake)) expect(post.tags.map((id) => s.fake.terms.get(id)?.name)).toEqual(['Ukraine', 'Energy']);
  });
});

describe('wordpress: the post', () => {
  it('sends tags as ids (creating missing ones, reusing existing), title, excerpt and slug', async () => {
    const s = await site({ fake: { tags: ['Ukraine'] } });
    const r = await s.run(['--json', 'istanbul-talks.md']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const create = postsTo(s.fake, '/wp/v2/posts');
    expect(create).toHaveLength(1);
    const body = create[0]!.body as Record<string, unknown>;
    expect((body.tags as unknown[]).every((t) => typeof t === 'number')).toBe(true);
    const names = (body.tags as number[]).map((id) => s.fake.terms.get(id)?.name);
    expect(names).toEqual(['Ukraine', 'Russia', 'peace talks', 'Istanbul', 'prisoner exchange', 'Türkiye']);
    expect([...s.fake.terms.values()].filter((t) => t.name.toLowerCase() === 'ukraine')).toHaveLength(1);
    const [post] = made(s.fake);
    expect(post).toMatchObject({ slug: 'istanbul-talks', status: 'publish', excerpt: expect.stringContaining('first direct talks') });
    expect(post!.title).toContain('Istanbul talks');
    expect(s.result(r).remote?.url).toBe(`${s.fake.url}/istanbul-talks/`);
  });

  it('uses term_id from term_exists when the slug lookup misses an existing tag', async () => {
    // The fake keeps "Türkiye" as t%c3%bcrkiye; WordPress proper would say "turkiye". Either way: no duplicate.
    const s = await site({ fake: { tags: ['Türkiye'] } });
    const existing = [...s.fake.terms.values()].find((t) => t.name === 'Türkiye')!;
    const r = await s.run(['--json', 'istanbul-talks.md']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(postsTo(s.fake, '/wp/v2/tags').some((q) => (q.body as { name: string }).name === 'Türkiye')).toBe(true);
    expect([...s.fake.terms.values()].filter((t) => t.name === 'Türkiye')).toHaveLength(1);
    expect(made(s.fake)[0]!.tags).toContain(existing.id);
  });

  it('sets categories by name, and names a missing category clearly without posting', async () => {
    const s = await site({ fake: { categories: ['World News'] }, channel: { categories: ['world news'] } });
    const r = await s.run(['--json', 'istanbul-talks.md']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const world = [...s.fake.terms.values()].find((t) => t.name === 'World News')!;
    expect(made(s.fake)[0]!.categories).toEqual([world.id]);

    const t = await site({ channel: { categories: ['Opinion'] } });
    const bad = await t.run(['--json', 'istanbul-talks.md']);
    expect(bad.code).toBe(1);
    expect(t.result(bad).error?.message).toMatch(/^category "Opinion" does not exist on http:\/\/127\.0\.0\.1:\d+: create it under Posts → Categories/);
    expect(made(t.fake)).toHaveLength(0);
  });

  it('uploads the image streamed with its type and file name, and sets it as featured_media', async () => {
    const s = await site();
    const r = await s.run(['--json', 'istanbul-talks.md']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const [upload] = postsTo(s.fake, '/wp/v2/media');
    expect(upload!.headers['content-type']).toBe('image/jpeg');
    expect(upload!.headers['content-disposition']).toBe('attachment; filename="cover.jpg"');
    const [media] = [...s.fake.media.values()];
    expect(media!.bytes.equals(COVER)).toBe(true);
    expect(made(s.fake)[0]!.featuredMedia).toBe(media!.id);
    expect(s.fake.media.size).toBe(1);
  });

  it('fails loudly when WordPress silently drops the featured image', async () => {
    const s = await site();
    // As if the attachment vanished between upload and post: WordPress then stores 0 without a word.
    s.fake.media.has = () => false;
    const r = await s.run(['--json', 'istanbul-talks.md']);
    expect(r.code).toBe(1);
    const res = s.result(r);
    expect(res.error?.code).toBe('featured_image_dropped');
    expect(res.error?.message).toMatch(/dropped its featured image \(media \d+\)/);
  });

  it('leaves the featured image out when featured_image is false', async () => {
    const s = await site({ channel: { featured_image: false } });
    const r = await s.run(['--json', 'istanbul-talks.md']);
    expect(r.code, r.stderr).toBe(0);
    expect(s.fake.media.size).toBe(0);
    expect((postsTo(s.fake, '/wp/v2/posts')[0]!.body as Record<string, unknown>).featured_media).toBeUndefined();
  });
});

describe('wordpress: never twice', () => {
  it('a lost reply to the create is found by slug before the retry: no slug-2', async () => {
    const s = await site();
    s.fake.dropReplyNext('POST /wp/v2/posts');
    const r = await s.run(['--json', 'istanbul-talks.md']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(s.result(r).status).toBe('published');
    expect(made(s.fake).map((p) => p.slug)).toEqual(['istanbul-talks']);
    expect(postsTo(s.fake, '/wp/v2/posts')).toHaveLength(1);
    expect(s.result(r).remote?.id).toBe(String(made(s.fake)[0]!.id));
  });

  it('a rerun after a lost reply that was not retried finds the post', async () => {
    const s = await site({ channel: { retry: { attempts: 1 } } });
    s.fake.dropReplyNext('POST /wp/v2/posts');
    const first = await s.run(['--json', 'istanbul-talks.md']);
    expect(first.code).toBe(1);
    expect(s.result(first).error?.retryable).toBe(true);
    const again = await s.run(['--json', 'istanbul-talks.md']);
    expect(again.code, again.stderr + again.stdout).toBe(0);
    expect(s.result(again).status).toBe('published');
    expect(made(s.fake).map((p) => p.slug)).toEqual(['istanbul-talks']);
    expect(s.result(again).remote?.id).toBe(String(made(s.fake)[0]!.id));
  });

  it('a run killed mid-flight is reconciled by the slug lookup', async () => {
    const s = await site({ channel: { retry: { attempts: 5, base_delay: '60s', max_delay: '60s', budget: '5m' } } });
    s.fake.dropReplyNext('POST /wp/v2/posts');
    const child = startPublish(['istanbul-talks.md'], { cwd: s.dir, env: s.env });
    // The post exists, its answer was lost, and the run now waits to retry: kill it there.
    for (let i = 0; i < 300 && made(s.fake).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(made(s.fake)).toHaveLength(1);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('close', r));

    const rerun = await s.run(['--json', 'istanbul-talks.md']);
    expect(rerun.code, rerun.stderr + rerun.stdout).toBe(0);
    const res = s.result(rerun);
    expect(res.status).toBe('published');
    expect(res.reason).toBe('found the post a stopped run had made');
    expect(res.remote?.id).toBe(String(made(s.fake)[0]!.id));
    expect(postsTo(s.fake, '/wp/v2/posts')).toHaveLength(1);
  }, 40_000);

  it('--update edits the same post, sending only what changed', async () => {
    const s = await site();
    const first = await s.run(['--json', 'istanbul-talks.md']);
    expect(first.code, first.stderr).toBe(0);
    const path = join(s.dir, 'istanbul-talks.md');
    writeFileSync(path, readFileSync(path, 'utf8').replace(/^lead: .*$/m, 'lead: "A corrected lead."'));
    const update = await s.run(['--json', '--update', 'istanbul-talks.md']);
    expect(update.code, update.stderr + update.stdout).toBe(0);
    const res = s.result(update);
    expect(res.status).toBe('updated');
    expect(res.remote?.id).toBe(s.result(first).remote?.id);
    expect(made(s.fake)).toHaveLength(1);
    expect(made(s.fake)[0]!.excerpt).toBe('A corrected lead.');
    const edit = postsTo(s.fake, `/wp/v2/posts/${res.remote!.id}`);
    expect(edit).toHaveLength(1);
    expect(Object.keys(edit[0]!.body as object).sort()).toEqual(['content', 'excerpt']);
    // The unchanged image is not uploaded again.
    expect(s.fake.media.size).toBe(1);
  });
});

describe('wordpress: scheduling and permissions', () => {
  it('a future publishAt makes a future post with date_gmt', async () => {
    const s = await site();
    const at = new Date(Date.now() + 3 * 24 * 3600_000);
    at.setUTCMilliseconds(0);
    const { ctx, post } = await deliverContext(s, 'istanbul-talks.md', { publishAt: at });
    const receipt = await wordpress.deliver!(post, ctx);
    const [made1] = made(s.fake);
    expect(made1).toMatchObject({ status: 'future' });
    expect(made1!.dateGmt.toISOString()).toBe(at.toISOString());
    expect((postsTo(s.fake, '/wp/v2/posts')[0]!.body as Record<string, unknown>).date_gmt).toBe(at.toISOString().slice(0, 19));
    expect(receipt).toMatchObject({ id: String(made1!.id), url: `${s.fake.url}/?p=${made1!.id}`, extra: { status: 'future' } });
    // lookup finds it (any status, signed in).
    expect(await wordpress.lookup!(post, ctx)).toMatchObject({ id: String(made1!.id) });
  });

  it('a contributor is told to use pending, and may submit with status: pending', async () => {
    const s = await site({ user: 'contrib' });
    const r = await s.run(['--json', 'istanbul-talks.md']);
    expect(r.code).toBe(1);
    expect(s.result(r).error).toMatchObject({ retryable: false, message: 'user contrib may not publish: use status: pending or a different user' });

    const p = await site({ user: 'contrib', channel: { status: 'pending', featured_image: false } });
    const ok = await p.run(['--json', 'istanbul-talks.md']);
    expect(ok.code, ok.stderr + ok.stdout).toBe(0);
    expect(made(p.fake)[0]).toMatchObject({ status: 'pending', slug: 'istanbul-talks' });
  });

  it('a wrong password gets the application-password message; a missing REST API says check url', async () => {
    const s = await site();
    const wrong = await runInProcess(['--json', 'istanbul-talks.md'], { cwd: s.dir, env: { WP_APP_PASSWORD: 'wrong wrong wrong wrong' } });
    expect(wrong.code).toBe(1);
    expect(s.result(wrong).error?.message).toBe(
      'WordPress rejected the application password for editor: create a new one under Users → Profile → Application Passwords',
    );
    expect(wrong.stdout + wrong.stderr).not.toContain('wrong wrong');

    // Not a WordPress site: a plain server without the Link header.
    const plain = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>Hello</h1>'));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    try {
      const { ctx, post } = await deliverContext(s, 'istanbul-talks.md');
      ctx.channel.options.url = `http://127.0.0.1:${(plain.address() as AddressInfo).port}/`;
      const missing = wordpress.deliver!(post, ctx);
      await expect(missing).rejects.toBeInstanceOf(ChannelError);
      await expect(missing).rejects.toThrow(/answered 200 without a Link rel="https:\/\/api\.w\.org\/" header: .*check url$/);
    } finally {
      plain.closeAllConnections();
      await new Promise((resolve) => plain.close(resolve));
    }
  });

  it('an HTML 503 (maintenance) is retried, then reported in one line with the status', async () => {
    const s = await site();
    s.fake.failNext('GET /wp/v2/posts', 503, 3);
    const r = await s.run(['--json', 'istanbul-talks.md']);
    expect(r.code).toBe(1);
    const error = s.result(r).error!;
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/^WordPress could not look up the post "istanbul-talks": 503 Service Unavailable \(not a REST API answer: maintenance or a proxy\?\) \(gave up: tried 3 times\)$/);
    expect(made(s.fake)).toHaveLength(0);
  });

  it('check --online reports the user and whether they may publish', async () => {
    const s = await site();
    const ok = await s.run(['check', '--online', '--json']);
    expect(ok.code, ok.stderr + ok.stdout).toBe(0);
    expect(ok.stdout).toMatch(/signed in to .* as editor; may publish/);

    const c = await site({ user: 'contrib' });
    const bad = await c.run(['check', '--online', '--json']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('user contrib may not publish: use status: pending or a different user');

    const w = await site();
    const wrong = await runInProcess(['check', '--online', '--json'], { cwd: w.dir, env: { WP_APP_PASSWORD: 'wrong wrong wrong wrong' } });
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain('WordPress rejected the application password for editor');
  });
});
