/**
 * A full disk mid-send, for real: the ledger lives on a small tmpfs that is filled while
 * the posts are on the wire. Once posts went out the exit code is 1, every channel's line
 * is printed and the posts the ledger could not record are named; a rerun never posts
 * them again. Before anything went out it is exit 2 and "nothing was sent".
 * Needs root and permission to mount (skips, saying why, otherwise).
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startWebhookFake, type WebhookFake } from '../fakes/webhook.js';
import { runPublish, startPublish, type CliRun } from '../helpers/cli.js';

const SECRET = 'hook-secret-value-123';
const root = mkdtempSync(join(tmpdir(), 'publish-disk-full-'));
const disk = join(root, 'disk');
mkdirSync(disk);

/** Mounts a 2 MB tmpfs at `disk`; the reason when that is not possible here. */
function mountSmallDisk(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root';
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m,mode=0700', 'tmpfs', disk], { stdio: 'pipe' });
    return undefined;
  } catch (error) {
    return `mount -t tmpfs failed: ${String((error as { stderr?: Buffer }).stderr ?? (error as Error).message).trim()}`;
  }
}

const skipReason = mountSmallDisk();
if (skipReason) console.log(`disk-full tests skipped: ${skipReason}`);

afterAll(() => {
  if (!skipReason) execFileSync('umount', [disk]);
  rmSync(root, { recursive: true, force: true });
});

/** Writes zeros until the disk is full; returns the filler to remove later. */
function fillDisk(): string {
  const filler = join(disk, 'filler');
  const fd = openSync(filler, 'w');
  const block = Buffer.alloc(16 * 1024);
  try {
    for (;;) writeSync(fd, block);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
  return filler;
}

/** Rows in flight in the ledger on the small disk (0 while it does not exist yet). */
function inFlight(): number {
  let db: Database.Database | undefined;
  try {
    db = new Database(join(disk, 'state.db'), { readonly: true, fileMustExist: true });
    return (db.prepare("SELECT count(*) AS n FROM posts WHERE status = 'in_flight'").get() as { n: number }).n;
  } catch {
    return 0;
  } finally {
    db?.close();
  }
}

interface Result {
  channel: string;
  status: string;
  error?: { code: string; message: string };
}
const resultsOf = (run: CliRun): Result[] => (JSON.parse(run.stdout) as { articles: { results: Result[] }[] }).articles[0]!.results;

describe.skipIf(Boolean(skipReason))('a full disk under the ledger', () => {
  let fake: WebhookFake;
  let dir: string;
  beforeEach(async () => {
    fake = await startWebhookFake({ secret: SECRET });
    dir = mkdtempSync(join(root, 'newsroom-'));
    rmSync(join(disk, 'state.db'), { force: true });
    for (const suffix of ['-wal', '-shm']) rmSync(join(disk, `state.db${suffix}`), { force: true });
    const channels = ['a', 'b', 'c', 'd'].map((c) => `  ${c}:\n    type: webhook\n    url: ${fake.url}${c}\n    secret: \${HOOK_SECRET}\n`).join('');
    writeFileSync(join(dir, 'channels.yaml'), `timezone: UTC\nstate: ${join(disk, 'state.db')}\nchannels:\n${channels}`);
    writeFileSync(join(dir, 'story.md'), '---\nid: story\nurl: https://example.org/story/\n---\n# A story\n\nIts lead.\n');
  });
  afterEach(async () => {
    await fake.close();
    rmSync(join(disk, 'filler'), { force: true });
  });
  const env = { HOOK_SECRET: SECRET };

  it('fills while the posts are on the wire: exit 1, all four reported, the unrecorded ones named; a rerun posts nothing', async () => {
    fake.latencyMs = 2500;
    const child = startPublish(['story.md', '--json'], { cwd: dir, env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    // Fill once every channel's row is claimed ("in flight") and its request is out.
    for (let i = 0; inFlight() < 4; i++) {
      if (i > 1000) throw new Error(`publish did not start sending: ${stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => setTimeout(r, 300));
    const filler = fillDisk();
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    const run: CliRun = { code, signal: null, stdout, stderr, bundles: [] };

    expect(code, stderr).toBe(1);
    const results = resultsOf(run);
    expect(results.map((r) => r.status)).toEqual(['published', 'published', 'published', 'published']);
    expect(results.every((r) => r.error?.code === 'not_recorded'), JSON.stringify(results)).toBe(true);
    expect(results[0]?.error?.message).toMatch(/the disk is full/);
    expect(stderr).toMatch(/4 posts went out but may be missing from the ledger .*story → a .*story → d/);
    expect(fake.accepted()).toHaveLength(4);

    rmSync(filler);
    const rerun = await runPublish(['story.md', '--json'], { cwd: dir, env });
    expect(rerun.code).toBe(1);
    expect(resultsOf(rerun).every((r) => r.error?.code === 'outcome_unknown')).toBe(true);
    expect(fake.accepted()).toHaveLength(4);
  }, 60_000);

  it('full before anything went out: exit 2, one line, nothing sent', async () => {
    expect((await runPublish(['migrate'], { cwd: dir, env })).code).toBe(0);
    // The first run records the ledger's id; fill only after it.
    expect((await runPublish(['story.md', '--channel', 'a'], { cwd: dir, env })).code).toBe(0);
    fillDisk();
    const run = await runPublish(['story.md', '--json'], { cwd: dir, env });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^error: .*the disk is full; nothing was sent$/m);
    expect(fake.accepted()).toHaveLength(1);
  }, 60_000);
});
