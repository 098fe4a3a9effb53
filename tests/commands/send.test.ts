/**
 * Real processes against a local webhook server: never twice, never lost.
 */
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runPublish, startPublish } from '../helpers/cli.js';
import { startWebhookFake, type WebhookFake } from '../fakes/webhook.js';

let fake: WebhookFake;
let dir: string;

function config(url: string, channels = ['a', 'b', 'c', 'd'], extra = ''): string {
  return `timezone: UTC\nchannels:\n${channels
    .map((c) => `  ${c}:\n    type: webhook\n    url: ${url}${c}\n    secret: \${HOOK_SECRET}\n    retry: { attempts: 5, base_delay: 20ms, max_delay: 200ms, budget: 30s }\n    timeout: 20s\n${extra}`)
    .join('')}`;
}

function article(name: string): string {
  const path = join(dir, `${name}.md`);
  writeFileSync(path, `---\nid: ${name}\nurl: https://example.org/${name}/\ntags: [Test]\n---\n# ${name} title\n\nThe lead of ${name}.\n\nBody of ${name}.\n`);
  return `${name}.md`;
}

const env = () => ({ HOOK_SECRET: 'hook-secret-value-123' });
const publish = (args: string[]) => runPublish(args, { cwd: dir, env: env() });

beforeEach(async () => {
  fake = await startWebhookFake({ secret: 'hook-secret-value-123' });
  dir = mkdtempSync(join(tmpdir(), 'publish-send-'));
  writeFileSync(join(dir, 'channels.yaml'), config(fake.url));
});
afterEach(async () => {
  await fake.close();
});

describe('publish (sending)', () => {
  it('sends once, reruns are unchanged, --update edits, --force sends again', async () => {
    article('one');
    const first = await publish(['one.md', '--json']);
    expect(first.code, first.stderr).toBe(0);
    const doc = JSON.parse(first.stdout);
    expect(doc.articles[0].results.map((r: { status: string }) => r.status)).toEqual(['published', 'published', 'published', 'published']);
    expect(fake.accepted()).toHaveLength(4);
    expect(doc.articles[0].results[0].remote.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/posts\/\d+$/);

    const again = await publish(['one.md', '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).articles[0].results.every((r: { status: string }) => r.status === 'unchanged')).toBe(true);
    expect(fake.accepted()).toHaveLength(4);

    const sameUpdate = await publish(['one.md', '--update', '--json']);
    expect(JSON.parse(sameUpdate.stdout).articles[0].results.every((r: { status: string }) => r.status === 'unchanged')).toBe(true);
    expect(fake.accepted()).toHaveLength(4);

    writeFileSync(join(dir, 'one.md'), `---\nid: one\nurl: https://example.org/one/\n---\n# one title\n\nA corrected lead.\n`);
    const update = await publish(['one.md', '--update', '--json', '--channel', 'a']);
    expect(update.code, update.stderr).toBe(0);
    const u = JSON.parse(update.stdout).articles[0].results[0];
    expect(u.status).toBe('updated');
    const last = fake.accepted().at(-1);
    expect(last?.body.update).toEqual({ id: '1' });
    expect(last?.body.text).toContain('A corrected lead.');

    const force = await publish(['one.md', '--force', '--channel', 'b']);
    expect(force.code).toBe(0);
    expect(fake.accepted().filter((d) => d.path === '/b')).toHaveLength(2);
  });

  it('a failed edit keeps the post: a rerun does not make a second one', async () => {
    article('edit');
    expect((await publish(['edit.md', '--channel', 'a'])).code).toBe(0);
    writeFileSync(join(dir, 'edit.md'), `---\nid: edit\nurl: https://example.org/edit/\n---\n# edit title\n\nA corrected lead.\n`);
    fake.failNext('/a', { status: 500 }, 5);
    const failedEdit = await publish(['edit.md', '--channel', 'a', '--update', '--json']);
    expect(failedEdit.code).toBe(1);
    expect(JSON.parse(failedEdit.stdout).articles[0].results[0].status).toBe('failed');
    const before = fake.requests.length;
    const rerun = await publish(['edit.md', '--channel', 'a', '--json']);
    expect(rerun.code, rerun.stderr).toBe(0);
    const r = JSON.parse(rerun.stdout).articles[0].results[0];
    expect(r.status).toBe('unchanged');
    expect(r.reason).toMatch(/last attempt to change it failed .*--update to try again/);
    expect(r.remote.id).toBe('1');
    expect(fake.requests.length).toBe(before);
    const retry = await publish(['edit.md', '--channel', 'a', '--update', '--json']);
    expect(JSON.parse(retry.stdout).articles[0].results[0].status).toBe('updated');
    expect(fake.accepted()).toHaveLength(2);
    expect(fake.accepted()[1]?.body.update).toEqual({ id: '1' });
  });

  it('signs the body and never prints the secret', async () => {
    article('signed');
    const run = await publish(['signed.md']);
    expect(run.code, run.stderr).toBe(0);
    expect(fake.accepted()).toHaveLength(4);
    expect(String(fake.accepted()[0]?.headers['x-publish-signature'])).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(run.stdout + run.stderr).not.toContain('hook-secret-value-123');
    const status = await publish(['status', '--json']);
    expect(JSON.parse(status.stdout).posts).toHaveLength(4);
    expect(status.stdout).not.toContain('hook-secret-value-123');
  });

  it('one failing channel does not stop or lose the others', async () => {
    article('partial');
    fake.failNext('/c', { status: 500 }, 5); // every attempt of this run
    const run = await publish(['partial.md', '--json']);
    expect(run.code).toBe(1);
    const results = JSON.parse(run.stdout).articles[0].results;
    expect(results.map((r: { status: string }) => r.status)).toEqual(['published', 'published', 'failed', 'published']);
    expect(results[2].error.retryable).toBe(true);
    expect(results[2].error.message).toMatch(/500/);
    // The rerun sends only what failed.
    const rerun = await publish(['partial.md', '--json']);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(JSON.parse(rerun.stdout).articles[0].results.map((r: { status: string }) => r.status)).toEqual(['unchanged', 'unchanged', 'published', 'unchanged']);
    expect(fake.accepted().map((d) => d.path).sort()).toEqual(['/a', '/b', '/c', '/d']);
  });

  it('429 twice and a 5xx per channel still give exactly one post per channel', async () => {
    article('faulty');
    for (const c of ['a', 'b', 'c', 'd']) {
      fake.failNext(`/${c}`, { status: 429, retryAfter: 1 }, 2);
      fake.failNext(`/${c}`, { status: 503 });
    }
    const started = Date.now();
    const run = await publish(['faulty.md', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(fake.accepted().map((d) => d.path).sort()).toEqual(['/a', '/b', '/c', '/d']);
    for (const c of ['a', 'b', 'c', 'd']) {
      const tries = fake.requests.filter((r) => r.path === `/${c}`);
      expect(tries.map((r) => r.status)).toEqual([429, 429, 503, 200]);
      // retry_after honoured: at least a second between the 429s and the next try.
      expect(tries[1]!.at - tries[0]!.at).toBeGreaterThanOrEqual(950);
      expect(tries[2]!.at - tries[1]!.at).toBeGreaterThanOrEqual(950);
    }
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
  });

  it('a run killed while a request is in flight never posts twice', async () => {
    article('killed');
    fake.failNext('/a', { hang: true });
    const child = startPublish(['killed.md', '--channel', 'a'], { cwd: dir, env: env() });
    for (let i = 0; i < 200 && fake.requests.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(fake.requests).toHaveLength(1);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('close', r));

    const rerun = await publish(['killed.md', '--channel', 'a', '--json']);
    expect(rerun.code).toBe(1);
    const r = JSON.parse(rerun.stdout).articles[0].results[0];
    expect(r.status).toBe('failed');
    expect(r.error.message).toMatch(/outcome unknown since .*: check a and rerun with --force/);
    expect(fake.requests).toHaveLength(1);

    const status = await publish(['status', 'killed', '--json']);
    expect(JSON.parse(status.stdout).posts[0].status).toBe('in_flight');

    const forced = await publish(['killed.md', '--channel', 'a', '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(fake.accepted()).toHaveLength(1);
  });

  it('a damaged ledger is a clear error and nothing is sent', async () => {
    article('damaged');
    mkdirSync(join(dir, '.publish'), { recursive: true });
    writeFileSync(join(dir, '.publish/state.db'), 'this is not a database '.repeat(100));
    const run = await publish(['damaged.md']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/state\.db.*(damaged|not a publish ledger)/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(fake.requests).toHaveLength(0);
  });

  it('a locked ledger is a clear error and nothing is sent', async () => {
    article('locked');
    const first = await publish(['migrate']);
    expect(first.code, first.stderr).toBe(0);
    const db = new Database(join(dir, '.publish/state.db'));
    db.exec('BEGIN EXCLUSIVE');
    try {
      const run = await publish(['locked.md']);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/locked/);
      expect(fake.requests).toHaveLength(0);
    } finally {
      db.exec('ROLLBACK');
      db.close();
    }
  });
});

describe('scheduling', () => {
  it('--at queues, run sends once, status and cancel', async () => {
    article('later');
    article('never');
    const queued = await publish(['later.md', 'never.md', '--at', '2099-01-01 09:00', '--json']);
    expect(queued.code, queued.stderr).toBe(0);
    const q = JSON.parse(queued.stdout).articles[0].results;
    expect(q.every((r: { status: string }) => r.status === 'scheduled')).toBe(true);
    expect(q[0].at).toBe('2099-01-01T09:00:00.000Z');
    expect(fake.requests).toHaveLength(0);

    const cancelled = await publish(['cancel', 'never']);
    expect(cancelled.code).toBe(0);
    expect(cancelled.stdout).toMatch(/cancelled 4 scheduled posts/);
    const one = await publish(['cancel', 'later:a']);
    expect(one.stdout).toMatch(/cancelled 1 scheduled post/);

    const status = await publish(['status', '--json']);
    const posts = JSON.parse(status.stdout).posts as { article: string; status: string }[];
    expect(posts.filter((p) => p.article === 'later' && p.status === 'scheduled')).toHaveLength(3);
    const run = await publish(['run']);
    expect(run.code).toBe(0);
    expect(fake.requests).toHaveLength(0);
  });

  it('two overlapping `publish run` processes send each of 20 due posts exactly once', async () => {
    const names = ['p1', 'p2', 'p3', 'p4', 'p5'];
    for (const n of names) article(n);
    fake.latencyMs = 30;
    const queued = await publish([...names.map((n) => `${n}.md`), '--at', '+0s']);
    expect(queued.code, queued.stderr).toBe(0);
    const [r1, r2] = await Promise.all([publish(['run', '--json']), publish(['run', '--json'])]);
    expect(r1.code, r1.stderr).toBe(0);
    expect(r2.code, r2.stderr).toBe(0);
    const keys = fake.accepted().map((d) => `${d.body.article?.id}${d.path}`);
    expect(keys).toHaveLength(20);
    expect(new Set(keys).size).toBe(20);
    const again = await publish(['run']);
    expect(again.code).toBe(0);
    expect(fake.accepted()).toHaveLength(20);
  });

  it('a post whose article changed since it was queued goes out as it is now', async () => {
    article('edited');
    await publish(['edited.md', '--at', '+0s', '--channel', 'a']);
    writeFileSync(join(dir, 'edited.md'), `---\nid: edited\nurl: https://example.org/edited/\n---\n# edited title\n\nThe newer lead.\n`);
    const run = await publish(['run', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).articles[0].results[0].reason).toMatch(/changed since it was queued/);
    expect(fake.accepted()[0]?.body.text).toContain('The newer lead.');
  });

  it('delay: schedules a channel after the others', async () => {
    writeFileSync(join(dir, 'channels.yaml'), `${config(fake.url, ['a'])}  late:\n    type: webhook\n    url: ${fake.url}late\n    delay: 2h\n`);
    article('delayed');
    const run = await publish(['delayed.md', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const results = JSON.parse(run.stdout).articles[0].results;
    expect(results.map((r: { status: string }) => r.status)).toEqual(['published', 'scheduled']);
    expect(Date.parse(results[1].at) - Date.now()).toBeGreaterThan(7_000_000);
  });
});
