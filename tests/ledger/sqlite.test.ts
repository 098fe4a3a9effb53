import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { LedgerError } from '../../src/errors.js';
import { latestSchemaVersion, migrations, pendingMigrations } from '../../src/ledger/migrations.js';
import { migrateLedger, openLedger } from '../../src/ledger/open.js';
import { migrateSqlite, openSqliteLedger } from '../../src/ledger/sqlite.js';
import type { Ledger, NewScheduledPost } from '../../src/ledger/types.js';
import { bundleLedger } from './bundle.js';
import { testLedger } from './contract.js';

const run = promisify(execFile);

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'publish-ledger-'));
  file = join(dir, '.publish', 'state.db');
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

testLedger('sqlite', () => openSqliteLedger(file, { host: 'test-host', pid: 4242 }));

/** Opens, runs `use`, closes: for checks that need the ledger only briefly. */
async function withLedger<T>(use: (l: Ledger) => Promise<T>, opts: Parameters<typeof openSqliteLedger>[1] = {}): Promise<T> {
  const ledger = await openSqliteLedger(file, opts);
  try {
    return await use(ledger);
  } finally {
    await ledger.close();
  }
}

function raw(options?: Database.Options): Database.Database {
  return new Database(file, options);
}

const due = (article: string, dueAt: Date): NewScheduledPost => ({
  article, channel: 'tg', source: `/a/${article}.md`, inline: undefined, sourceHash: 'h',
  config: '/a/channels.yaml', dueAt, publishAt: undefined,
});

describe('sqlite file', () => {
  it('creates the directory 0700 and the file 0600, in WAL mode, at the latest schema', async () => {
    await withLedger(async (l) => {
      expect(l.location).toBe(file);
      await l.setToken('k', 'v');
    });
    expect(statSync(join(dir, '.publish')).mode & 0o777).toBe(0o700);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const db = raw({ readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
    db.close();
  });

  it('waits for the disk on every claim and token, not on a settle (whose loss leaves the row in flight)', async () => {
    await withLedger(async (l) => {
      const pragma = vi.spyOn(Database.prototype, 'pragma');
      try {
        await l.begin('a', 'tg', 'h');
        await l.setToken('k', 'v');
        expect(pragma.mock.calls.filter(([p]) => String(p).startsWith('synchronous'))).toEqual([]);
        await l.settle('a', 'tg', { status: 'sent', receipt: { id: '1' }, contentHash: 'h' });
        expect(pragma.mock.calls.map(([p]) => p)).toEqual(['synchronous = NORMAL', 'synchronous = FULL']);
      } finally {
        pragma.mockRestore();
      }
      expect((await l.get('a', 'tg'))?.status).toBe('sent');
    });
  });

  it('writes the host and pid it is given, else $PUBLISH_HOST and process.pid', async () => {
    await withLedger((l) => l.begin('a', 'tg', 'h'), { host: 'desk-7', pid: 77 });
    expect(await withLedger((l) => l.get('a', 'tg'))).toMatchObject({ host: 'desk-7', pid: 77 });
    vi.stubEnv('PUBLISH_HOST', 'cron-box');
    await withLedger((l) => l.begin('b', 'tg', 'h'));
    expect(await withLedger((l) => l.get('b', 'tg'))).toMatchObject({ host: 'cron-box', pid: process.pid });
    vi.unstubAllEnvs();
  });

  it('migrateSqlite creates the schema once', async () => {
    expect(await migrateSqlite(file)).toEqual({ from: 0, to: latestSchemaVersion });
    expect(await migrateSqlite(file)).toEqual({ from: latestSchemaVersion, to: latestSchemaVersion });
    await withLedger(async (l) => expect(await l.list()).toEqual([]));
  });

  it('refuses a file written by a newer schema, and leaves it alone', async () => {
    await withLedger((l) => l.setToken('k', 'v'));
    const db = raw();
    db.pragma(`user_version = ${latestSchemaVersion + 1}`);
    db.close();
    const opening = openSqliteLedger(file);
    await expect(opening).rejects.toBeInstanceOf(LedgerError);
    await expect(opening).rejects.toThrow(
      `${file} was written by a newer publish (schema ${latestSchemaVersion + 1}, this one knows ${latestSchemaVersion}): upgrade publish`,
    );
    await expect(migrateSqlite(file)).rejects.toThrow(/newer publish/);
    const check = raw({ readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(latestSchemaVersion + 1);
    check.close();
  });

  it('refuses a file that is not SQLite and does not touch it', async () => {
    const garbage = Buffer.from('this is a spreadsheet, not a ledger\n'.repeat(200));
    await withLedger(async () => undefined); // makes the directory
    rmSync(file);
    writeFileSync(file, garbage);
    const opening = openSqliteLedger(file);
    await expect(opening).rejects.toBeInstanceOf(LedgerError);
    await expect(opening).rejects.toThrow(`${file} is not a publish ledger or is damaged (`);
    await expect(opening).rejects.toThrow(/move it aside; nothing was sent$/);
    await expect(migrateSqlite(file)).rejects.toThrow(/is not a publish ledger or is damaged/);
    expect(readFileSync(file).equals(garbage)).toBe(true);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('refuses a damaged ledger and does not recreate it', async () => {
    await withLedger(async (l) => {
      await l.begin('a', 'tg', 'h');
      await l.schedule([due('a', new Date())]);
    });
    const bytes = readFileSync(file);
    bytes.fill(0xa5, 100, 4096); // the schema page's b-tree
    writeFileSync(file, bytes);
    const attempt = withLedger((l) => l.list());
    await expect(attempt).rejects.toBeInstanceOf(LedgerError);
    await expect(attempt).rejects.toThrow(/is not a publish ledger or is damaged \(.+\): move it aside; nothing was sent/);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('refuses an SQLite file that belongs to something else', async () => {
    await withLedger(async () => undefined);
    rmSync(file);
    const other = raw();
    other.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY)');
    other.close();
    await expect(openSqliteLedger(file)).rejects.toThrow(/is not a publish ledger or is damaged \(it holds tables publish did not create\)/);
    const check = raw({ readonly: true });
    expect(check.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all()).toEqual(['invoices']);
    check.close();
  });

  it('says so when another process holds the lock past the busy timeout', async () => {
    const ledger = await openSqliteLedger(file, { busyTimeoutMs: 50 });
    const holder = raw();
    holder.exec('BEGIN EXCLUSIVE');
    try {
      const refused = ledger.begin('a', 'tg', 'h');
      await expect(refused).rejects.toBeInstanceOf(LedgerError);
      await expect(refused).rejects.toThrow(`${file} is locked by another process`);
      await expect(ledger.claimDue(new Date(), 'w', 1)).rejects.toThrow(/is locked by another process/);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect((await ledger.begin('a', 'tg', 'h')).ok).toBe(true);
    await ledger.close();
  });

  it('readonly: reads an existing ledger, refuses writes, and does not create a missing one', async () => {
    await expect(openSqliteLedger(file, { readonly: true })).rejects.toThrow(/does not exist yet/);
    expect(existsSync(file)).toBe(false);
    await withLedger((l) => l.setToken('k', 'v'));
    await withLedger(async (l) => {
      expect(await l.getToken('k')).toBe('v');
      await expect(l.setToken('k', 'w')).rejects.toBeInstanceOf(LedgerError);
    }, { readonly: true });
  });

  it('claims 100 due rows among 10,000 queued quickly', async () => {
    await withLedger(async (l) => {
      const now = Date.parse('2030-01-01T00:00:00Z');
      const posts = Array.from({ length: 10_000 }, (_, i) =>
        due(`a${i}`, new Date(i % 100 === 0 ? now - i : now + 60_000 + i)),
      );
      await l.schedule(posts);
      const started = performance.now();
      const claimed = await l.claimDue(new Date(now), 'w', 500);
      const elapsed = performance.now() - started;
      expect(claimed).toHaveLength(100);
      expect(elapsed).toBeLessThan(2000);
    });
  });
});

describe('processes sharing one file', () => {
  let bundleDir: string;
  beforeAll(async () => {
    bundleDir = mkdtempSync(join(tmpdir(), 'publish-ledger-bundle-'));
    await bundleLedger(bundleDir);
  });
  afterAll(() => rmSync(bundleDir, { recursive: true, force: true }));

  it('overlapping workers never claim the same row and together claim them all', async () => {
    const now = Date.now();
    const rows = await withLedger((l) =>
      l.schedule(Array.from({ length: 300 }, (_, i) => due(`a${i}`, new Date(now - i)))),
    );
    const worker = join(bundleDir, 'claim-worker.mjs');
    writeFileSync(
      worker,
      `import { openSqliteLedger } from './sqlite.mjs';
const [file, name] = process.argv.slice(2);
const ledger = await openSqliteLedger(file);
const got = [];
for (;;) {
  const batch = await ledger.claimDue(new Date(), name, 7);
  if (batch.length === 0) break;
  got.push(...batch.map((r) => r.id));
}
await ledger.close();
process.stdout.write(JSON.stringify(got));
`,
    );
    const outputs = await Promise.all(
      ['w1', 'w2', 'w3', 'w4'].map((name) => run(process.execPath, [worker, file, name])),
    );
    const claimed = outputs.flatMap((o) => JSON.parse(o.stdout) as string[]);
    expect(new Set(claimed).size).toBe(claimed.length);
    expect([...claimed].sort()).toEqual(rows.map((r) => r.id).sort());
  });

  it('open.ts loads better-sqlite3 only when a ledger is opened', async () => {
    const probe = join(bundleDir, 'lazy-probe.mjs');
    writeFileSync(
      probe,
      `import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const loaded = () => Object.keys(require.cache).some((k) => k.includes('better-sqlite3'));
const { openLedger } = await import('./open.mjs');
const before = loaded();
const ledger = await openLedger(process.argv[2]);
await ledger.close();
let postgres;
try { await openLedger('postgres://u:secret@127.0.0.1:1/db'); } catch (e) { postgres = e.name + ': ' + e.message; }
process.stdout.write(JSON.stringify({ before, after: loaded(), postgres }));
`,
    );
    const { stdout } = await run(process.execPath, [probe, file]);
    expect(JSON.parse(stdout)).toEqual({
      before: false,
      after: true,
      postgres: expect.stringMatching(/^LedgerError: cannot reach PostgreSQL at 127\.0\.0\.1:1 .*is it running\?$/),
    });
  });
});

describe('openLedger', () => {
  it('opens a SQLite file for a path', async () => {
    const ledger = await openLedger(file);
    try {
      expect(ledger.location).toBe(file);
      await ledger.setToken('k', 'v');
      expect(await ledger.getToken('k')).toBe('v');
    } finally {
      await ledger.close();
    }
  });

  it('migrates a SQLite file', async () => {
    expect(await migrateLedger(file)).toEqual({ from: 0, to: latestSchemaVersion });
  });

  it('chooses PostgreSQL for a postgres URL and never names the password', async () => {
    const opening = openLedger('postgresql://editor:hunter2@127.0.0.1:1/news');
    await expect(opening).rejects.toBeInstanceOf(LedgerError);
    await expect(opening).rejects.toThrow(/^cannot reach PostgreSQL at 127\.0\.0\.1:1/);
    await opening.catch((e: Error) => expect(e.message).not.toContain('hunter2'));
  });
});

describe('migrations', () => {
  it('are numbered 1, 2, … in order, each with SQL for both backends', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    expect(latestSchemaVersion).toBe(migrations.length);
    for (const m of migrations) expect((m.postgres ?? m.up).length).toBeGreaterThan(0);
    expect(pendingMigrations(0)).toEqual(migrations);
    expect(pendingMigrations(latestSchemaVersion)).toEqual([]);
  });
});
