/**
 * A lost ledger is noticed: `.publish-ledger.json` beside channels.yaml remembers which
 * ledger recorded what was sent; when it is then missing, empty or another one, sending
 * refuses (exit 2, one line) instead of posting everything again, unless --force.
 * WordPress finds its posts by slug before making any.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startWebhookFake, type WebhookFake } from '../fakes/webhook.js';
import { startWordPressFake, type WordPressFake } from '../fakes/wordpress.js';
import { runPublish } from '../helpers/cli.js';

const SECRET = 'hook-secret-value-123';
const WP_PASSWORD = 'abcd EFGH ijkl MNOP qrst UVWX';

let hook: WebhookFake;
let wp: WordPressFake;
let dir: string;

beforeEach(async () => {
  hook = await startWebhookFake({ secret: SECRET });
  wp = await startWordPressFake({ users: [{ login: 'editor', appPassword: WP_PASSWORD }] });
  dir = mkdtempSync(join(tmpdir(), 'publish-lost-ledger-'));
  writeFileSync(
    join(dir, 'channels.yaml'),
    stringify({
      timezone: 'UTC',
      channels: {
        site: { type: 'wordpress', url: wp.url, username: 'editor', password: '${WP_APP_PASSWORD}' },
        hook: { type: 'webhook', url: `${hook.url}hook`, secret: '${HOOK_SECRET}' },
      },
    }),
  );
  writeFileSync(join(dir, 'story.md'), '---\nid: story\ntitle: A story that went out\nslug: a-story\n---\n\nIts lead.\n\nIts body.\n');
});
afterEach(async () => {
  await hook.close();
  await wp.close();
});

const env = { HOOK_SECRET: SECRET, WP_APP_PASSWORD: WP_PASSWORD };
const publish = (args: string[]) => runPublish(args, { cwd: dir, env });
const state = () => join(dir, '.publish', 'state.db');
const storyPosts = () => [...wp.posts.values()].filter((p) => p.slug.startsWith('a-story'));

function removeLedger(): void {
  rmSync(join(dir, '.publish'), { recursive: true, force: true });
}

describe('the ledger marker', () => {
  it('is written beside channels.yaml on the first send and names the ledger and its id', async () => {
    expect((await publish(['story.md'])).code).toBe(0);
    const marker = JSON.parse(readFileSync(join(dir, '.publish-ledger.json'), 'utf8')) as { ledgers: Record<string, { id: string }> };
    const entry = marker.ledgers[join('.publish', 'state.db')];
    const db = new Database(state(), { readonly: true });
    try {
      expect(entry?.id).toBe((db.prepare("SELECT value FROM tokens WHERE key = 'ledger-id'").get() as { value: string }).value);
    } finally {
      db.close();
    }
  });

  it('a deleted ledger: publish, run and status refuse with one line, nothing is sent', async () => {
    expect((await publish(['story.md'])).code).toBe(0);
    removeLedger();

    const again = await publish(['story.md', '--json']);
    expect(again.code).toBe(2);
    expect(again.stdout).toBe('');
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
    expect(again.stderr.trimEnd()).toMatch(/^error: the ledger .*state\.db is gone, though it recorded what was sent since .* \(\.publish-ledger\.json\): publishing now would post everything again; restore it from a backup, or rerun with --force to post again; nothing was sent$/);
    expect(existsSync(state())).toBe(false); // not quietly created again

    const run = await publish(['run']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/is gone.*restore it from a backup, or send its articles again with `publish <article> --force`/);
    const status = await publish(['status']);
    expect(status.code).toBe(2);
    expect(status.stderr).toMatch(/is gone.*restore it from a backup/);

    expect(hook.accepted()).toHaveLength(1);
    expect(storyPosts()).toHaveLength(1);
  });

  it('an empty ledger (made again by migrate) or another newsroom\'s is refused too', async () => {
    expect((await publish(['story.md'])).code).toBe(0);
    removeLedger();
    expect((await publish(['migrate'])).code).toBe(0);
    const empty = await publish(['story.md']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/the ledger .*state\.db is empty, though it recorded/);

    const db = new Database(state());
    db.prepare("INSERT INTO tokens (key, value, updated_at) VALUES ('ledger-id', 'someone-elses', 0)").run();
    db.close();
    const other = await publish(['story.md']);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/is another ledger/);
    expect(hook.accepted()).toHaveLength(1);
  });

  it('--force posts again with a new ledger, WordPress finds its post by slug instead of making a second', async () => {
    expect((await publish(['story.md'])).code).toBe(0);
    removeLedger();
    const forced = await publish(['story.md', '--force', '--json']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stderr).toMatch(/warning: .*state\.db is gone .*--force starts a new ledger and posts again/);
    const results = (JSON.parse(forced.stdout) as { articles: { results: { channel: string; status: string; remote?: { url?: string } }[] }[] }).articles[0]!.results;
    expect(results.map((r) => [r.channel, r.status])).toEqual([['site', 'published'], ['hook', 'published']]);
    expect(storyPosts()).toHaveLength(1); // found by slug: no a-story-2
    expect(hook.accepted()).toHaveLength(2); // --force said to post again

    // The marker now names the new ledger: a plain rerun is unchanged.
    const rerun = await publish(['story.md', '--json']);
    expect(rerun.code).toBe(0);
    expect(hook.accepted()).toHaveLength(2);
  });

  it('a marker that cannot be written is a warning, not a failure', async () => {
    // A directory where the marker should be: it cannot be written (or read).
    mkdirSync(join(dir, '.publish-ledger.json'));
    const run = await publish(['story.md']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/warning: .*\.publish-ledger\.json could not be written .*a lost ledger would not be noticed/);
  });
});
