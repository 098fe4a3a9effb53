/**
 * The wordpress channel against a REAL WordPress (Debian's 6.1.9), started on 127.0.0.1 by
 * `bash scripts/wordpress-ci.sh start` (add `--plain` for a site without pretty permalinks).
 * Reads the env file the script writes (`$WP_CI_DIR/env`, default /tmp/publish-wp-ci/env);
 * without it the suite is skipped with the reason printed.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { got } from 'got';
import { stringify } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { readArticles } from '../../src/article/read.js';
import type { DeliverContext } from '../../src/channels/types.js';
import { wordpress } from '../../src/channels/wordpress/index.js';
import type { WordPressOptions } from '../../src/channels/wordpress/options.js';
import { routeUrl } from '../../src/channels/wordpress/client.js';
import { loadConfig } from '../../src/config/load-config.js';
import { createAttempt, createBudget } from '../../src/http/retry.js';
import { ROOT } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inprocess.js';

const envFile = join(process.env.WP_CI_DIR ?? '/tmp/publish-wp-ci', 'env');
const wp = existsSync(envFile)
  ? Object.fromEntries(readFileSync(envFile, 'utf8').split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]))
  : undefined;
if (!wp) console.warn(`tests/integration/wordpress.test.ts skipped: ${envFile} not found (run: bash scripts/wordpress-ci.sh start)`);

/** One run of the suite: its own slugs, so reruns against the same WordPress never collide. */
const run = Date.now().toString(36);
const COVER = readFileSync(join(ROOT, 'examples/media/cover.jpg'));

(wp ? describe : describe.skip)('wordpress channel against a real WordPress', () => {
  const site = wp?.WP_URL ?? '';
  const auth = `Basic ${Buffer.from(`${wp?.WP_USER}:${wp?.WP_APP_PASSWORD}`).toString('base64')}`;
  let root = '';
  let dir = '';

  const rest = async <T>(route: string, query: Record<string, string> = {}): Promise<T> =>
    got(routeUrl(root, route, query), { headers: { authorization: auth } }).json<T>();
  const bySlug = (slug: string) => rest<{ id: number; status: string; content: { raw: string }; featured_media: number; tags: number[]; link: string }[]>('/wp/v2/posts', { slug, status: 'any', context: 'edit' });

  /** Writes an article with its own slug and returns its file name. */
  function article(name: string, extra = ''): { file: string; slug: string } {
    const slug = `${name}-${run}`;
    writeFileSync(
      join(dir, `${slug}.md`),
      `---\nid: ${slug}\ntitle: "Integration ${name} & co"\nlead: "The lead of ${name}."\nslug: ${slug}\ntags: [Ukraine, "peace talks", "CI ${run}"]\nimage: ./media/cover.jpg\n${extra}---\n\nThe body of ${name}.\n\nA second paragraph.\n`,
    );
    return { file: `${slug}.md`, slug };
  }

  const publish = (args: string[], password = wp?.WP_APP_PASSWORD ?? '') =>
    runInProcess(['--json', ...args], { cwd: dir, env: { WP_APP_PASSWORD: password } });
  const result = (r: { stdout: string }) => JSON.parse(r.stdout).articles[0].results[0];

  beforeAll(async () => {
    const home = await got(site);
    root = /<([^>]+)>;\s*rel="https:\/\/api\.w\.org\/"/.exec(String(home.headers.link))![1]!;
    dir = mkdtempSync(join(tmpdir(), 'publish-wp-it-'));
    cpSync(join(ROOT, 'examples/media'), join(dir, 'media'), { recursive: true });
    const config = {
      timezone: 'UTC',
      channels: {
        site: {
          type: 'wordpress',
          url: site,
          username: wp!.WP_USER,
          password: '${WP_APP_PASSWORD}',
          retry: { attempts: 3, base_delay: '200ms', max_delay: '1s', budget: '60s' },
        },
      },
    };
    writeFileSync(join(dir, 'channels.yaml'), stringify(config));
  });

  it('creates the post with tag ids and the featured image; a rerun makes no second post', async () => {
    const { file, slug } = article('create');
    const r = await publish([file]);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const res = result(r);
    expect(res.status).toBe('published');

    const [post, ...more] = await bySlug(slug);
    expect(more).toHaveLength(0);
    expect(res.remote).toEqual({ id: String(post!.id), url: post!.link });
    expect(post!.status).toBe('publish');
    expect(post!.content.raw).toContain('The body of create.');
    const tags = await Promise.all(post!.tags.map((id) => rest<{ name: string }>(`/wp/v2/tags/${id}`)));
    // WordPress lists a post's terms in its own order.
    expect(tags.map((t) => t.name).sort()).toEqual([`CI ${run}`, 'Ukraine', 'peace talks'].sort());
    const media = await rest<{ id: number; mime_type: string; source_url: string }>(`/wp/v2/media/${post!.featured_media}`);
    expect(media.mime_type).toBe('image/jpeg');
    const served = await got(media.source_url).buffer();
    expect(served.equals(COVER)).toBe(true);

    const again = await publish([file]);
    expect(again.code, again.stderr).toBe(0);
    expect(result(again).status).toBe('unchanged');
    // A rerun with no ledger row (another checkout) finds the post by slug instead of making slug-2.
    writeFileSync(join(dir, 'other.yaml'), readFileSync(join(dir, 'channels.yaml'), 'utf8') + 'state: other.db\n');
    const fresh = await runInProcess(['--json', '-c', 'other.yaml', file], { cwd: dir, env: { WP_APP_PASSWORD: wp!.WP_APP_PASSWORD! } });
    expect(fresh.code, fresh.stderr + fresh.stdout).toBe(0);
    expect(result(fresh).remote.id).toBe(String(post!.id));
    expect(await bySlug(slug)).toHaveLength(1);
    expect(await bySlug(`${slug}-2`)).toHaveLength(0);
  });

  it('--update changes the content of the same post', async () => {
    const { file, slug } = article('update');
    const first = await publish([file]);
    expect(first.code, first.stderr + first.stdout).toBe(0);
    const path = join(dir, file);
    writeFileSync(path, readFileSync(path, 'utf8').replace('The body of update.', 'The corrected body of update.'));
    const update = await publish(['--update', file]);
    expect(update.code, update.stderr + update.stdout).toBe(0);
    expect(result(update).status).toBe('updated');
    expect(result(update).remote.id).toBe(result(first).remote.id);
    const posts = await bySlug(slug);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.content.raw).toContain('The corrected body of update.');
  });

  it('a scheduled article becomes a future post', async () => {
    const { file, slug } = article('future');
    const config = await loadConfig(join(dir, 'channels.yaml'), { env: { WP_APP_PASSWORD: wp!.WP_APP_PASSWORD } });
    const channel = config.channels[0]!;
    const [a] = await readArticles([file], { cwd: dir, strip: config.strip, keep: config.keep, clean: config.clean, defaultLanguage: config.language });
    const at = new Date(Date.now() + 7 * 24 * 3600_000);
    const post = wordpress.render(a!, { channel: channel as never, config, link: undefined, linkPredicted: false, now: new Date() });
    const signal = AbortSignal.timeout(60_000);
    const ctx: DeliverContext<WordPressOptions> = {
      channel: channel as never, config, article: a!, link: undefined, mode: 'create', previous: undefined, publishAt: at,
      attempt: createAttempt(channel.retry, { signal, budget: createBudget(channel.retry) }), signal,
      tokens: { get: async () => undefined, set: async () => undefined }, progress: () => undefined,
    };
    const receipt = await wordpress.deliver!(post, ctx);
    const [made] = await bySlug(slug);
    expect(made).toMatchObject({ id: Number(receipt.id), status: 'future' });
    const full = await rest<{ date_gmt: string }>(`/wp/v2/posts/${made!.id}`, { context: 'edit' });
    expect(full.date_gmt).toBe(at.toISOString().slice(0, 19));
    expect(await wordpress.lookup!(post, ctx)).toMatchObject({ id: receipt.id });
  });

  it('the embargo: --at is reported scheduled, cancel makes it a draft, a new --at schedules it again, retract trashes it', async () => {
    const { file, slug } = article('embargo');
    const at = new Date(Date.now() + 3 * 24 * 3600_000).toISOString().slice(0, 16);
    const sent = await publish([file, '--at', `${at}Z`]);
    expect(sent.code, sent.stderr + sent.stdout).toBe(0);
    expect(result(sent)).toMatchObject({ status: 'scheduled', at: `${at}:00.000Z` });
    const [made] = await bySlug(slug);
    expect(made).toMatchObject({ status: 'future' });

    const cancel = await runInProcess(['cancel', slug, '--json'], { cwd: dir, env: { WP_APP_PASSWORD: wp!.WP_APP_PASSWORD } });
    expect(cancel.code, cancel.stdout).toBe(0);
    expect(JSON.parse(cancel.stdout).posts[0]).toMatchObject({ channel: 'site', status: 'unscheduled' });
    const [draft] = await bySlug(slug);
    expect(draft).toMatchObject({ id: made!.id, status: 'draft' });

    const later = new Date(Date.now() + 4 * 24 * 3600_000).toISOString().slice(0, 16);
    const again = await publish([file, '--at', `${later}Z`]);
    expect(result(again)).toMatchObject({ status: 'scheduled', at: `${later}:00.000Z` });
    const [rescheduled] = await bySlug(slug);
    expect(rescheduled).toMatchObject({ id: made!.id, status: 'future' });

    const retract = await runInProcess(['retract', slug, '--yes', '--json'], { cwd: dir, env: { WP_APP_PASSWORD: wp!.WP_APP_PASSWORD } });
    expect(retract.code, retract.stdout + retract.stderr).toBe(0);
    expect(JSON.parse(retract.stdout).posts[0]).toMatchObject({ channel: 'site', status: 'retracted' });
    const trashed = await rest<{ status: string }>(`/wp/v2/posts/${made!.id}`, { context: 'edit' });
    expect(trashed.status).toBe('trash');
    // A rerun of the retract finds it in the trash; a rerun of the article skips it.
    const rerun = await runInProcess(['retract', slug, '--yes', '--json'], { cwd: dir, env: { WP_APP_PASSWORD: wp!.WP_APP_PASSWORD } });
    expect(JSON.parse(rerun.stdout).posts[0]).toMatchObject({ status: 'unchanged', reason: 'retracted already' });
    expect(result(await publish([file]))).toMatchObject({ status: 'skipped', reason: 'retracted; --force publishes it again' });
  });

  it('retract takes a published post to the trash, even one trashed by hand meanwhile', async () => {
    const { file, slug } = article('retract');
    expect((await publish([file])).code).toBe(0);
    const [made] = await bySlug(slug);
    expect(made!.status).toBe('publish');
    await got.delete(routeUrl(root, `/wp/v2/posts/${made!.id}`), { headers: { authorization: auth } });
    const r = await runInProcess(['retract', `${slug}:site`, '--yes', '--json'], { cwd: dir, env: { WP_APP_PASSWORD: wp!.WP_APP_PASSWORD } });
    expect(r.code, r.stdout).toBe(0);
    expect(JSON.parse(r.stdout).posts[0]).toMatchObject({ status: 'retracted', detail: `post ${made!.id} is in the trash` });
  });

  it('a wrong application password gets the clear message and posts nothing', async () => {
    const { file, slug } = article('wrong');
    const r = await publish([file], 'abcd efgh ijkl mnop qrst uvwx');
    expect(r.code).toBe(1);
    expect(result(r).error).toMatchObject({
      retryable: false,
      message: `WordPress rejected the application password for ${wp!.WP_USER}: create a new one under Users → Profile → Application Passwords`,
    });
    expect(r.stdout + r.stderr).not.toContain('abcd efgh');
    expect(await bySlug(slug)).toHaveLength(0);
  });

  it('a contributor is told to use pending; check --online says who signs in', async () => {
    const { file, slug } = article('contrib');
    writeFileSync(join(dir, 'contrib.yaml'), readFileSync(join(dir, 'channels.yaml'), 'utf8').replace(`username: ${wp!.WP_USER}`, `username: ${wp!.WP_CONTRIB_USER}`) + 'state: contrib.db\n');
    const r = await runInProcess(['--json', '-c', 'contrib.yaml', file], { cwd: dir, env: { WP_APP_PASSWORD: wp!.WP_CONTRIB_APP_PASSWORD! } });
    expect(r.code).toBe(1);
    expect(result(r).error.message).toBe(`user ${wp!.WP_CONTRIB_USER} may not publish: use status: pending or a different user`);
    expect(await bySlug(slug)).toHaveLength(0);

    const check = await runInProcess(['check', '--online', '--json'], { cwd: dir, env: { WP_APP_PASSWORD: wp!.WP_APP_PASSWORD! } });
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toMatch(/signed in to .* as .*admin.*; may publish/);
  });
});
