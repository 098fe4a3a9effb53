/**
 * Exit codes that tell the truth: a ledger that fails after posts went out (a write error,
 * a full disk) is exit 1 with every channel's line and the unrecorded posts named; exit 2
 * (one line, "nothing was sent") only when nothing went out. The failure is injected with a
 * trigger in the real SQLite ledger; tests/integration/disk-full.test.ts fills a real disk.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWebhookFake, type WebhookFake } from '../fakes/webhook.js';
import { runPublish } from '../helpers/cli.js';

let fake: WebhookFake;
let dir: string;
const SECRET = 'hook-secret-value-123';

beforeEach(async () => {
  fake = await startWebhookFake({ secret: SECRET });
  dir = mkdtempSync(join(tmpdir(), 'publish-ledger-failure-'));
  const channels = ['a', 'b', 'c', 'd'].map((c) => `  ${c}:\n    type: webhook\n    url: ${fake.url}${c}\n    secret: \${HOOK_SECRET}\n`).join('');
  writeFileSync(join(dir, 'channels.yaml'), `timezone: UTC\nchannels:\n${channels}`);
  writeFileSync(join(dir, 'story.md'), '---\nid: story\nurl: https://example.org/story/\n---\n# A story\n\nIts lead.\n');
});
afterEach(async () => {
  await fake.close();
});

const publish = (args: string[]) => runPublish(args, { cwd: dir, env: { HOOK_SECRET: SECRET } });

/** Makes the ledger refuse one kind of write, as a full disk would. */
async function failWrites(sql: string): Promise<void> {
  expect((await publish(['migrate'])).code).toBe(0);
  const db = new Database(join(dir, '.publish', 'state.db'));
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
}

function dropTrigger(): void {
  const db = new Database(join(dir, '.publish', 'state.db'));
  try {
    db.exec('DROP TRIGGER disk_full');
  } finally {
    db.close();
  }
}

interface Result {
  channel: string;
  status: string;
  remote?: { id: string; url?: string };
  error?: { code: string; message: string };
}

describe('a ledger that fails while recording', () => {
  it('after posts went out: exit 1, every channel in the report, the unrecorded post named; a rerun does not post it again', async () => {
    await failWrites(`CREATE TRIGGER disk_full BEFORE UPDATE OF status ON posts WHEN NEW.status = 'sent' AND NEW.channel = 'c'
      BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`);
    const run = await publish(['story.md', '--json']);
    expect(run.code, run.stderr).toBe(1);
    const doc = JSON.parse(run.stdout) as { ok: boolean; articles: { results: Result[] }[] };
    expect(doc.ok).toBe(false);
    const results = doc.articles[0]!.results;
    expect(results.map((r) => [r.channel, r.status])).toEqual([['a', 'published'], ['b', 'published'], ['c', 'published'], ['d', 'published']]);
    const c = results[2]!;
    expect(c.error?.code).toBe('not_recorded');
    expect(c.error?.message).toMatch(/sent \(.*\), but the ledger could not record it: .*database or disk is full/);
    expect(run.stderr).toMatch(/1 post went out but may be missing from the ledger .*story → c/);
    expect(fake.accepted()).toHaveLength(4);

    dropTrigger();
    const rerun = await publish(['story.md', '--json']);
    const again = (JSON.parse(rerun.stdout) as { articles: { results: Result[] }[] }).articles[0]!.results;
    expect(again.filter((r) => r.status === 'unchanged').map((r) => r.channel)).toEqual(['a', 'b', 'd']);
    expect(again[2]?.error?.message).toMatch(/outcome unknown since .*check c and rerun with --force/);
    expect(fake.accepted()).toHaveLength(4);
  });

  it('the human report prints every channel and names what may be unrecorded', async () => {
    await failWrites(`CREATE TRIGGER disk_full BEFORE UPDATE OF status ON posts WHEN NEW.status = 'sent' AND NEW.channel = 'b'
      BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`);
    const run = await publish(['story.md']);
    expect(run.code).toBe(1);
    for (const c of ['a', 'b', 'c', 'd']) expect(run.stdout).toMatch(new RegExp(`^  \\S ${c} \\(webhook\\)`, 'm'));
    expect(run.stdout).toMatch(/^ {2}! b \(webhook\) {2}published/m);
    expect(run.stdout).toMatch(/error not_recorded: sent \(/);
    expect(run.stderr).toMatch(/warning: 1 post went out but may be missing from the ledger/);
  });

  it('before anything went out: exit 2, one line saying nothing was sent', async () => {
    await failWrites(`CREATE TRIGGER disk_full BEFORE INSERT ON posts
      BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`);
    const run = await publish(['story.md', '--json']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^error: .*database or disk is full.*; nothing was sent$/m);
    expect(fake.requests).toHaveLength(0);
  });
});
