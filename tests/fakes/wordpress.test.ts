import got, { RequestError, type Response } from 'got';
import { afterEach, describe, expect, it } from 'vitest';
import { startWordPressFake, type WordPressFake, type WordPressFakeOptions } from './wordpress.js';

const fakes: WordPressFake[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

async function start(opts: WordPressFakeOptions = {}): Promise<WordPressFake> {
  const fake = await startWordPressFake(opts);
  fakes.push(fake);
  return fake;
}

type Json = Record<string, any>; // loose on purpose: tests read JSON replies field by field

/** Calls a REST route the way a client would, from the root the site advertises. */
function call(
  fake: WordPressFake,
  method: 'GET' | 'POST' | 'DELETE',
  route: string,
  options: { json?: unknown; query?: Record<string, string>; auth?: string | null } = {},
): Promise<Response<Json>> {
  const auth = options.auth === undefined ? fake.authHeader() : options.auth;
  return got(fake.restUrl(route, options.query), {
    method,
    ...(options.json === undefined ? {} : { json: options.json }),
    headers: auth ? { authorization: auth } : {},
    responseType: 'json',
    throwHttpErrors: false,
    retry: { limit: 0 },
  }) as Promise<Response<Json>>;
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** Finds the REST root from the site's Link header, as the client must. */
async function discover(siteUrl: string): Promise<string> {
  const res = await got(siteUrl);
  const link = String(res.headers.link ?? '');
  const root = /<([^>]+)>;\s*rel="https:\/\/api\.w\.org\/"/.exec(link)?.[1];
  if (!root) throw new Error('no REST link');
  return root;
}

describe('discovery', () => {
  it('advertises /wp-json/ with pretty permalinks, and both URL styles work', async () => {
    const fake = await start();
    const root = await discover(fake.url);
    expect(root).toBe(`${fake.url}/wp-json/`);
    const viaJson = await got(`${root}wp/v2/users/me`, { headers: { authorization: fake.authHeader() } }).json<Json>();
    expect(viaJson).toMatchObject({ id: 1, slug: 'admin' });
    const viaQuery = await got(`${fake.url}/?rest_route=/wp/v2/users/me`, { headers: { authorization: fake.authHeader() } }).json<Json>();
    expect(viaQuery.id).toBe(1);
  });

  it('advertises index.php?rest_route=/ without pretty permalinks, and /wp-json/ is not there', async () => {
    const fake = await start({ prettyPermalinks: false });
    const root = await discover(fake.url);
    expect(root).toBe(`${fake.url}/index.php?rest_route=/`);
    const missing = await got(`${fake.url}/wp-json/wp/v2/posts`, { throwHttpErrors: false });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('text/html');

    const created = await got.post(`${fake.url}/index.php`, {
      searchParams: { rest_route: '/wp/v2/posts' },
      json: { title: 'Plain', status: 'publish' },
      headers: { authorization: fake.authHeader() },
    }).json<Json>();
    expect(created.link).toBe(`${fake.url}/?p=${created.id}`);
    const found = await got(`${fake.url}/?rest_route=/wp/v2/posts&slug=plain`).json<Json[]>();
    expect(found.map((p) => p.id)).toEqual([created.id]);
  });
});

describe('authentication', () => {
  it('ignores spaces in the application password', async () => {
    const fake = await start();
    const admin = fake.users[0]!;
    const res = await call(fake, 'GET', '/wp/v2/users/me', { auth: basic('admin', admin.appPassword.replace(/ /g, '')) });
    expect(res.statusCode).toBe(200);
  });

  it('treats a wrong password as anonymous: 401 on create, 200 public-only on list, 401 on users/me', async () => {
    const fake = await start();
    const draft = await call(fake, 'POST', '/wp/v2/posts', { json: { title: 'Secret draft', status: 'draft', slug: 'secret' } });
    expect(draft.statusCode).toBe(201);
    const wrong = basic('admin', 'wrong pass word');

    const create = await call(fake, 'POST', '/wp/v2/posts', { json: { title: 'x', status: 'publish' }, auth: wrong });
    expect(create.statusCode).toBe(401);
    expect(create.body).toEqual({ code: 'rest_cannot_create', message: 'Sorry, you are not allowed to create posts as this user.', data: { status: 401 } });

    const list = await call(fake, 'GET', '/wp/v2/posts', { auth: wrong });
    expect(list.statusCode).toBe(200);
    expect((list.body as unknown as Json[]).map((p) => p.status)).toEqual(['publish']); // Hello world only

    const me = await call(fake, 'GET', '/wp/v2/users/me', { auth: wrong });
    expect(me.statusCode).toBe(401);
    expect(me.body.code).toBe('rest_not_logged_in');
    expect((await call(fake, 'GET', '/wp/v2/users/me', { auth: null })).statusCode).toBe(401);

    const any = await call(fake, 'GET', '/wp/v2/posts', { query: { slug: 'secret', status: 'any' }, auth: null });
    expect(any.statusCode).toBe(400);
    expect(any.body).toMatchObject({ code: 'rest_invalid_param', data: { params: { status: 'Status is forbidden.' } } });
    const authed = await call(fake, 'GET', '/wp/v2/posts', { query: { slug: 'secret', status: 'any' } });
    expect((authed.body as unknown as Json[]).map((p) => p.id)).toEqual([draft.body.id]);
  });

  it('lets a contributor submit for review but not publish', async () => {
    const fake = await start({
      users: [
        { login: 'admin', appPassword: 'aaaa bbbb cccc dddd eeee ffff' },
        { login: 'contrib', appPassword: 'gggg hhhh iiii jjjj kkkk llll', role: 'contributor' },
      ],
    });
    const auth = fake.authHeader('contrib');
    for (const json of [{ title: 'c', status: 'publish' }, { title: 'c', status: 'future', date_gmt: '2099-01-01T00:00:00' }]) {
      const res = await call(fake, 'POST', '/wp/v2/posts', { json, auth });
      expect(res.statusCode).toBe(403);
      expect(res.body).toEqual({ code: 'rest_cannot_publish', message: 'Sorry, you are not allowed to publish posts in this post type.', data: { status: 403 } });
    }
    const pending = await call(fake, 'POST', '/wp/v2/posts', { json: { title: 'For review', status: 'pending' }, auth });
    expect(pending.statusCode).toBe(201);
    expect(pending.body).toMatchObject({ status: 'pending', slug: '', link: `${fake.url}/?p=${pending.body.id}` });
    const me = await call(fake, 'GET', '/wp/v2/users/me', { query: { context: 'edit' }, auth });
    expect(me.body.capabilities).toMatchObject({ edit_posts: true });
    expect(me.body.capabilities.publish_posts).toBeUndefined();
    const admin = await call(fake, 'GET', '/wp/v2/users/me', { query: { context: 'edit' } });
    expect(admin.body.capabilities.publish_posts).toBe(true);
  });
});

describe('posts', () => {
  it('creates a post with its fields, and raw fields only in edit context', async () => {
    const fake = await start();
    const res = await call(fake, 'POST', '/wp/v2/posts', {
      json: { title: 'Istanbul talks', content: 'One.\n\nTwo.', excerpt: 'Lead', status: 'publish', slug: 'istanbul-talks' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers.location).toBe(`${fake.url}/wp-json/wp/v2/posts/${res.body.id}`);
    expect(res.body).toMatchObject({
      status: 'publish',
      slug: 'istanbul-talks',
      link: `${fake.url}/istanbul-talks/`,
      title: { rendered: 'Istanbul talks' },
      content: { rendered: '<p>One.</p>\n<p>Two.</p>\n' },
      excerpt: { rendered: '<p>Lead</p>\n' },
      categories: [1],
      tags: [],
      featured_media: 0,
    });
    const view = await call(fake, 'GET', `/wp/v2/posts/${res.body.id}`);
    expect(view.body.title).toEqual({ rendered: 'Istanbul talks' });
    const edit = await call(fake, 'GET', `/wp/v2/posts/${res.body.id}`, { query: { context: 'edit' } });
    expect(edit.body.title).toEqual({ raw: 'Istanbul talks', rendered: 'Istanbul talks' });
    const fields = await call(fake, 'GET', '/wp/v2/posts', { query: { slug: 'istanbul-talks', _fields: 'id,link' } });
    expect(fields.body).toEqual([{ id: res.body.id, link: `${fake.url}/istanbul-talks/` }]);
  });

  it('refuses tag names, unknown tag ids and a bad status with rest_invalid_param', async () => {
    const fake = await start({ tags: ['Ukraine'] });
    const names = await call(fake, 'POST', '/wp/v2/posts', { json: { title: 'x', tags: ['Ukraine'] } });
    expect(names.statusCode).toBe(400);
    expect(names.body).toMatchObject({
      code: 'rest_invalid_param',
      message: 'Invalid parameter(s): tags',
      data: { status: 400, params: { tags: 'tags[0] is not of type integer.' } },
    });
    const unknown = await call(fake, 'POST', '/wp/v2/posts', { json: { title: 'x', tags: [999] } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body.code).toBe('rest_invalid_param');
    const status = await call(fake, 'POST', '/wp/v2/posts', { json: { title: 'x', status: 'live' } });
    expect(status.statusCode).toBe(400);
    expect(status.body.data.params.status).toBe('status is not one of publish, future, draft, pending, and private.');
    expect([...fake.posts.values()]).toHaveLength(1); // only Hello world

    const tagId = [...fake.terms.values()].find((t) => t.name === 'Ukraine')!.id;
    const ok = await call(fake, 'POST', '/wp/v2/posts', { json: { title: 'x', tags: [tagId] } });
    expect(ok.statusCode).toBe(201);
    expect(ok.body.tags).toEqual([tagId]);
  });

  it('accepts a second post with the same slug silently as slug-2; a slug lookup shows it', async () => {
    const fake = await start();
    const first = await call(fake, 'POST', '/wp/v2/posts', { json: { title: 'A', status: 'publish', slug: 'same' } });
    const second = await call(fake, 'POST', '/wp/v2/posts', { json: { title: 'B', status: 'publish', slug: 'same' } });
    expect(second.statusCode).toBe(201);
    expect(second.body.slug).toBe('same-2');
    const found = await call(fake, 'GET', '/wp/v2/posts', { query: { slug: 'same', status: 'any' } });
    expect((found.body as unknown as Json[]).map((p) => p.id)).toEqual([first.body.id]);
  });

  it('schedules by date_gmt: future stays future, publish with a future date becomes future, a past date publishes', async () => {
    const fake = await start();
    const future = await call(fake, 'POST', '/wp/v2/posts', { json: { title: 'F', status: 'future', date_gmt: '2099-01-01T10:00:00' } });
    expect(future.body).toMatchObject({ status: 'future', date_gmt: '2099-01-01T10:00:00', link: `${fake.url}/?p=${future.body.id}` });
    const early = await call(fake, 'POST', '/wp/v2/posts', { json: { title: 'E', status: 'publish', date_gmt: '2099-01-01T10:00:00+02:00' } });
    expect(early.body).toMatchObject({ status: 'future', date_gmt: '2099-01-01T08:00:00' });
    const past = await call(fake, 'POST', '/wp/v2/posts', { json: { title: 'P', status: 'future', date_gmt: '2020-01-01T10:00:00Z' } });
    expect(past.body).toMatchObject({ status: 'publish', link: `${fake.url}/p/` });
    const bad = await call(fake, 'POST', '/wp/v2/posts', { json: { title: 'B', date_gmt: 'tomorrow' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body.data.params).toEqual({ date_gmt: 'Invalid date.' });
  });

  it('updates only the fields sent, and 404s an unknown id', async () => {
    const fake = await start();
    const created = await call(fake, 'POST', '/wp/v2/posts', { json: { title: 'T', content: 'C', excerpt: 'E', status: 'publish' } });
    const updated = await call(fake, 'POST', `/wp/v2/posts/${created.body.id}`, { json: { excerpt: 'New' } });
    expect(updated.statusCode).toBe(200);
    expect(updated.body).toMatchObject({ title: { raw: 'T' }, content: { raw: 'C' }, excerpt: { raw: 'New' }, slug: 't', status: 'publish' });
    const unknown = await call(fake, 'POST', '/wp/v2/posts/9999', { json: { title: 'x' } });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toEqual({ code: 'rest_post_invalid_id', message: 'Invalid post ID.', data: { status: 404 } });
  });
});

describe('trash and scheduled posts', () => {
  it('DELETE moves a post to the trash (slug__trashed), a second DELETE is 410 rest_already_trashed, force deletes', async () => {
    const fake = await start();
    const made = await call(fake, 'POST', '/wp/v2/posts', { json: { title: 'Gone', slug: 'gone', status: 'publish' } });
    const id = made.body.id as number;
    const trashed = await call(fake, 'DELETE', `/wp/v2/posts/${id}`);
    expect(trashed.statusCode).toBe(200);
    expect(trashed.body).toMatchObject({ id, status: 'trash', slug: 'gone__trashed' });
    const again = await call(fake, 'DELETE', `/wp/v2/posts/${id}`);
    expect(again.statusCode).toBe(410);
    expect(again.body.code).toBe('rest_already_trashed');
    // Not in `status=any`, and a trashed post cannot be edited.
    expect((await call(fake, 'GET', '/wp/v2/posts', { query: { slug: 'gone', status: 'any', context: 'edit' } })).body).toEqual([]);
    expect((await call(fake, 'POST', `/wp/v2/posts/${id}`, { json: { title: 'Back' } })).statusCode).toBe(400);
    const anonymous = await call(fake, 'DELETE', `/wp/v2/posts/${id}`, { auth: null });
    expect(anonymous.statusCode).toBe(401);
    const forced = await call(fake, 'DELETE', `/wp/v2/posts/${id}`, { query: { force: 'true' } });
    expect(forced.body).toMatchObject({ deleted: true, previous: { id } });
    expect((await call(fake, 'DELETE', `/wp/v2/posts/${id}`)).body.code).toBe('rest_post_invalid_id');
  });

  it('a contributor may not trash a published post', async () => {
    const fake = await start({ users: [{ login: 'admin', appPassword: 'a a a a' }, { login: 'c', appPassword: 'b b b b', role: 'contributor' }] });
    const made = await call(fake, 'POST', '/wp/v2/posts', { json: { title: 'Up', status: 'publish' } });
    const refused = await call(fake, 'DELETE', `/wp/v2/posts/${made.body.id}`, { auth: fake.authHeader('c') });
    expect(refused.statusCode).toBe(403);
    expect(refused.body.code).toBe('rest_cannot_delete');
  });

  it('publishes a future post when its time comes by its clock; one made a draft again never goes live', async () => {
    let clock = Date.parse('2030-05-01T08:00:00Z');
    const fake = await start({ now: () => new Date(clock) });
    const future = await call(fake, 'POST', '/wp/v2/posts', { json: { title: 'Embargo', status: 'publish', date_gmt: '2030-05-01T09:00:00' } });
    const held = await call(fake, 'POST', '/wp/v2/posts', { json: { title: 'Held', status: 'future', date_gmt: '2030-05-01T09:00:00' } });
    expect(future.body.status).toBe('future');
    const draft = await call(fake, 'POST', `/wp/v2/posts/${held.body.id}`, { json: { status: 'draft' } });
    expect(draft.body.status).toBe('draft');
    clock += 30 * 60_000;
    expect(fake.runCron()).toEqual([]);
    clock += 31 * 60_000;
    // The next request runs WP-Cron first, as a page load does.
    const later = await call(fake, 'GET', `/wp/v2/posts/${future.body.id}`, { query: { context: 'edit' } });
    expect(later.body.status).toBe('publish');
    expect(fake.posts.get(held.body.id as number)!.status).toBe('draft');
  });
});

describe('terms', () => {
  it('creates a tag, answers term_exists with term_id, and finds it by slug', async () => {
    const fake = await start();
    const created = await call(fake, 'POST', '/wp/v2/tags', { json: { name: 'Ukraine' } });
    expect(created.statusCode).toBe(201);
    expect(created.body).toMatchObject({ name: 'Ukraine', slug: 'ukraine', taxonomy: 'post_tag' });
    const again = await call(fake, 'POST', '/wp/v2/tags', { json: { name: 'ukraine' } });
    expect(again.statusCode).toBe(400);
    expect(again.body).toMatchObject({
      code: 'term_exists',
      message: 'A term with the name provided already exists in this taxonomy.',
      data: { status: 400, term_id: created.body.id },
    });
    const bang = await call(fake, 'POST', '/wp/v2/tags', { json: { name: 'Ukraine!' } });
    expect(bang.body.slug).toBe('ukraine-2');
    const cyrillic = await call(fake, 'POST', '/wp/v2/tags', { json: { name: 'Київ' } });
    expect(cyrillic.body.slug).toBe('%d0%ba%d0%b8%d1%97%d0%b2');
    const found = await call(fake, 'GET', '/wp/v2/tags', { query: { slug: 'ukraine' }, auth: null });
    expect((found.body as unknown as Json[]).map((t) => t.id)).toEqual([created.body.id]);
    const anonymous = await call(fake, 'POST', '/wp/v2/tags', { json: { name: 'Other' }, auth: null });
    expect(anonymous.statusCode).toBe(401);
  });

  it('seeds Uncategorized (1) and configured categories', async () => {
    const fake = await start({ categories: ['World News'] });
    const bySlug = await call(fake, 'GET', '/wp/v2/categories', { query: { slug: 'uncategorized' } });
    expect(bySlug.body).toEqual([expect.objectContaining({ id: 1, name: 'Uncategorized' })]);
    const bySearch = await call(fake, 'GET', '/wp/v2/categories', { query: { search: 'world' } });
    expect(bySearch.body).toEqual([expect.objectContaining({ name: 'World News', slug: 'world-news' })]);
  });
});

describe('media', () => {
  const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);
  const upload = (fake: WordPressFake, headers: Record<string, string>, body: Buffer) =>
    got.post(fake.restUrl('/wp/v2/media'), {
      body,
      headers: { authorization: fake.authHeader(), ...headers },
      responseType: 'json',
      throwHttpErrors: false,
      retry: { limit: 0 },
    }) as Promise<Response<Json>>;

  it('uploads raw bytes and sets them as featured media; an unknown id is silently 0', async () => {
    const fake = await start();
    const res = await upload(fake, { 'content-type': 'image/jpeg', 'content-disposition': 'attachment; filename="cover.jpg"' }, jpeg);
    expect(res.statusCode).toBe(201);
    expect(res.body).toMatchObject({ media_type: 'image', mime_type: 'image/jpeg', source_url: expect.stringMatching(/\/wp-content\/uploads\/\d{4}\/\d{2}\/cover\.jpg$/) });
    const served = await got(String(res.body.source_url)).buffer();
    expect(served.equals(jpeg)).toBe(true);

    const post = await call(fake, 'POST', '/wp/v2/posts', { json: { title: 'With cover', status: 'publish', featured_media: res.body.id } });
    expect(post.body.featured_media).toBe(res.body.id);
    const bogus = await call(fake, 'POST', '/wp/v2/posts', { json: { title: 'Bogus cover', status: 'publish', featured_media: 9999 } });
    expect(bogus.statusCode).toBe(201);
    expect(bogus.body.featured_media).toBe(0);

    const second = await upload(fake, { 'content-type': 'image/jpeg', 'content-disposition': 'attachment; filename="cover.jpg"' }, jpeg);
    expect(second.body.source_url).toMatch(/cover-1\.jpg$/);
  });

  it('refuses a missing Content-Disposition and an empty body', async () => {
    const fake = await start();
    const noDisposition = await upload(fake, { 'content-type': 'image/jpeg' }, jpeg);
    expect(noDisposition.statusCode).toBe(400);
    expect(noDisposition.body.code).toBe('rest_upload_no_content_disposition');
    const empty = await upload(fake, { 'content-type': 'image/jpeg', 'content-disposition': 'attachment; filename="cover.jpg"' }, Buffer.alloc(0));
    expect(empty.statusCode).toBe(400);
    expect(empty.body.code).toBe('rest_upload_no_data');
    expect(fake.media.size).toBe(0);
  });
});

describe('fault injection and records', () => {
  it('loses the reply of a create that happened; a slug lookup then finds the post', async () => {
    const fake = await start();
    fake.dropReplyNext();
    const lost = call(fake, 'POST', '/wp/v2/posts', { json: { title: 'Lost reply', status: 'publish', slug: 'lost-reply' } });
    await expect(lost).rejects.toBeInstanceOf(RequestError);
    const found = await call(fake, 'GET', '/wp/v2/posts', { query: { slug: 'lost-reply', status: 'any' } });
    expect(found.statusCode).toBe(200);
    expect((found.body as unknown as Json[]).map((p) => p.slug)).toEqual(['lost-reply']);
  });

  it('fails the next matching requests without doing them', async () => {
    const fake = await start();
    fake.failNext('POST /wp/v2/posts', 503, 2);
    fake.failNext('/wp/v2/tags', 429);
    const first = await call(fake, 'POST', '/wp/v2/posts', { json: { title: 'x' } });
    expect(first.statusCode).toBe(503);
    expect(first.headers['retry-after']).toBe('1');
    expect((await call(fake, 'POST', '/wp/v2/posts', { json: { title: 'x' } })).statusCode).toBe(503);
    expect((await call(fake, 'POST', '/wp/v2/posts', { json: { title: 'x' } })).statusCode).toBe(201);
    expect((await call(fake, 'GET', '/wp/v2/tags')).statusCode).toBe(429);
    expect((await call(fake, 'GET', '/wp/v2/tags')).statusCode).toBe(200);
    expect([...fake.posts.values()]).toHaveLength(2);
    fake.failNext('*', 500);
    const crash = await call(fake, 'GET', '/wp/v2/users/me');
    expect(crash.statusCode).toBe(500);
    expect(crash.body.code).toBe('internal_server_error');
  });

  it('records requests with route, body and user, without the Authorization header', async () => {
    const fake = await start();
    await call(fake, 'POST', '/wp/v2/tags', { json: { name: 'Recorded' } });
    expect(fake.requests.at(-1)).toMatchObject({ method: 'POST', route: '/wp/v2/tags', body: { name: 'Recorded' }, user: 'admin' });
    expect(fake.requests.at(-1)?.headers.authorization).toBeUndefined();
  });

  it('answers unknown routes with rest_no_route and bad JSON with rest_invalid_json', async () => {
    const fake = await start();
    const none = await call(fake, 'GET', '/wp/v2/nope');
    expect(none.statusCode).toBe(404);
    expect(none.body.code).toBe('rest_no_route');
    const badJson = await got.post(fake.restUrl('/wp/v2/posts'), {
      body: '{"title":',
      headers: { authorization: fake.authHeader(), 'content-type': 'application/json' },
      responseType: 'json',
      throwHttpErrors: false,
    });
    expect(badJson.statusCode).toBe(400);
    expect((badJson.body as Json).code).toBe('rest_invalid_json');
  });
});
