/**
 * `publish status` opens the ledger read-only: it works for a user who may read the ledger
 * but not write its directory (the ledger kept by cron's user), changing nothing.
 */
import { chmodSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWebhookFake, type WebhookFake } from '../fakes/webhook.js';
import { BIN, ROOT, runPublish } from '../helpers/cli.js';
import { spawnSync } from 'node:child_process';

const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;

let fake: WebhookFake;
let dir: string;
beforeEach(async () => {
  fake = await startWebhookFake();
  dir = mkdtempSync(join(tmpdir(), 'publish-status-ro-'));
  writeFileSync(join(dir, 'channels.yaml'), `timezone: UTC\nchannels:\n  a:\n    type: webhook\n    url: ${fake.url}a\n`);
  writeFileSync(join(dir, 'story.md'), '---\nid: story\nurl: https://example.org/story/\n---\n# A story\n\nIts lead.\n');
});
afterEach(async () => {
  await fake.close();
});

/**
 * Lets `nobody` pass through every folder above `paths` (o+x, not list), for as long as `run`
 * takes: a clone in a `mktemp -d` folder (0700) would otherwise hide bin/ from that user.
 * Modes are put back afterwards.
 */
function traversable<T>(paths: readonly string[], run: () => T): T {
  const opened = new Map<string, number>();
  for (const start of paths) {
    for (let p = start; ; p = dirname(p)) {
      const mode = statSync(p).mode & 0o7777;
      if ((mode & 0o001) === 0 && !opened.has(p)) {
        chmodSync(p, mode | 0o001);
        opened.set(p, mode);
      }
      if (dirname(p) === p) break;
    }
  }
  try {
    return run();
  } finally {
    for (const [p, mode] of opened) chmodSync(p, mode);
  }
}

describe.skipIf(!asRoot)('publish status on a ledger this user cannot write', () => {
  it('lists what was sent, and leaves the directory as it was', async () => {
    expect((await runPublish(['story.md'], { cwd: dir })).code).toBe(0);
    writeFileSync(join(dir, 'later.md'), '---\nid: later\nurl: https://example.org/later/\n---\n# Later\n\nIts lead.\n');
    expect((await runPublish(['later.md', '--at', '2099-01-01T09:00Z'], { cwd: dir })).code).toBe(0);
    // Readable by everyone, writable by its owner (root) only.
    for (const [path, mode] of [[dir, 0o755], [join(dir, '.publish'), 0o755], [join(dir, '.publish', 'state.db'), 0o644], [join(dir, 'channels.yaml'), 0o644], [join(dir, '.publish-ledger.json'), 0o644], [join(dir, 'later.md'), 0o644]] as const) chmodSync(path, mode);
    const before = readdirSync(join(dir, '.publish')).sort();

    const env: Record<string, string> = { PATH: process.env.PATH ?? '', NO_COLOR: '1', HOME: '/nonexistent' };
    const run = traversable([ROOT, dir], () => spawnSync(process.execPath, [BIN, 'status', '--json'], { cwd: dir, env, uid: NOBODY, gid: NOBODY, encoding: 'utf8' }));
    expect(run.status, run.stderr).toBe(0);
    const posts = (JSON.parse(run.stdout) as { posts: { article: string; channel: string; status: string }[] }).posts;
    expect(posts.map((p) => [p.article, p.channel, p.status])).toEqual([['story', 'a', 'sent'], ['later', 'a', 'scheduled']]);
    expect(readdirSync(join(dir, '.publish')).sort()).toEqual(before);
    expect(statSync(join(dir, '.publish', 'state.db')).uid).toBe(0);
  });
});

describe('publish status without a ledger yet', () => {
  it('says nothing was sent and creates no ledger', async () => {
    const run = await runPublish(['status'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/nothing sent or scheduled yet/);
    expect(readdirSync(dir)).not.toContain('.publish');
  });
});
