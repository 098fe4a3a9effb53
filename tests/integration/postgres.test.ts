/**
 * The ledger on a real PostgreSQL (scripts/postgres-ci.sh start): schema and connection
 * checks, and the real CLI on several "machines" at once. (The shared ledger contract runs
 * on PostgreSQL in `npm test`: tests/ledger/postgres.test.ts.) Skips, saying why, when no
 * server is configured (tests/helpers/postgres.ts).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LedgerError } from '../../src/errors.js';
import { latestSchemaVersion } from '../../src/ledger/migrations.js';
import { migrateLedger, openLedger } from '../../src/ledger/open.js';
import { migratePostgres, openPostgresLedger } from '../../src/ledger/postgres.js';
import type { NewScheduledPost } from '../../src/ledger/types.js';
import { clearSecrets, scrub } from '../../src/scrub.js';
import { startWebhookFake, type WebhookFake } from '../fakes/webhook.js';
import { findDatabaseUrl } from '../helpers/postgres.js';
import { ROOT, runPublish, type CliRun } from '../helpers/cli.js';

const baseUrl = findDatabaseUrl()?.url;
if (!baseUrl) {
  console.log('postgres tests skipped: no DATABASE_URL and no env file; run scripts/postgres-ci.sh start');
}
const base = new URL(baseUrl ?? 'postgres://x@127.0.0.1/x');
const password = decodeURIComponent(base.password);

/** The same server and role, another database. */
function urlFor(database: string, change: (u: URL) => void = () => undefined): string {
  const u = new URL(base.toString());
  u.pathname = `/${database}`;
  change(u);
  return u.toString();
}

let admin: pg.Pool | undefined;
let dbCount = 0;
const created: string[] = [];

/** A new empty database for one test (unique per process and test). */
async function freshDatabase(): Promise<string> {
  admin ??= new pg.Pool({ connectionString: baseUrl, max: 1 });
  const name = `publish_t${process.pid}_${++dbCount}`;
  await admin.query(`CREATE DATABASE ${name}`);
  created.push(name);
  return name;
}

async function dropDatabases(): Promise<void> {
  while (created.length > 0) {
    const name = created.pop() as string;
    await admin?.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

/** Runs SQL in `database` on a connection of its own. */
async function sql<R extends pg.QueryResultRow = Record<string, unknown>>(database: string, text: string, values: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: urlFor(database) });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}

const run = describe.skipIf(!baseUrl);

afterAll(async () => {
  await dropDatabases();
  await admin?.end();
});

run('postgres schema', () => {
  let database: string;
  beforeEach(async () => {
    database = await freshDatabase();
  });
  afterEach(dropDatabases);

  it('migratePostgres creates the schema once, through openLedger too', async () => {
    expect(await migratePostgres(urlFor(database))).toEqual({ from: 0, to: latestSchemaVersion });
    expect(await migrateLedger(urlFor(database))).toEqual({ from: latestSchemaVersion, to: latestSchemaVersion });
    expect(await sql(database, 'SELECT version FROM schema_version')).toEqual([{ version: latestSchemaVersion }]);
  });

  it('four machines migrating at once take turns: one creates, the others find it done', async () => {
    const results = await Promise.all([1, 2, 3, 4].map(() => migratePostgres(urlFor(database))));
    expect(results.filter((r) => r.from === 0)).toHaveLength(1);
    expect(results.every((r) => r.to === latestSchemaVersion)).toBe(true);
    expect(await sql(database, 'SELECT count(*)::int AS n FROM schema_version')).toEqual([{ n: 1 }]);
  });

  it('refuses a newer schema with the same words as SQLite, and leaves it alone', async () => {
    await migratePostgres(urlFor(database));
    await sql(database, 'UPDATE schema_version SET version = $1', [latestSchemaVersion + 1]);
    const location = `postgres://${base.username}@${base.host}/${database}`;
    const expected = `${location} was written by a newer publish (schema ${latestSchemaVersion + 1}, this one knows ${latestSchemaVersion}): upgrade publish`;
    const opening = openPostgresLedger(urlFor(database));
    await expect(opening).rejects.toBeInstanceOf(LedgerError);
    await expect(opening).rejects.toThrow(expected);
    await expect(migratePostgres(urlFor(database))).rejects.toThrow(expected);
    await expect(openPostgresLedger(urlFor(database), { readonly: true })).rejects.toThrow(expected);
    expect(await sql(database, 'SELECT version FROM schema_version')).toEqual([{ version: latestSchemaVersion + 1 }]);
  });

  it('refuses a database whose tables belong to something else', async () => {
    await sql(database, 'CREATE TABLE posts (id serial PRIMARY KEY, title text)');
    await expect(openPostgresLedger(urlFor(database))).rejects.toThrow(/already has tables publish did not create \(posts\)/);
    expect(await sql(database, `SELECT to_regclass('queue')::text AS t`)).toEqual([{ t: null }]);
  });

  it('readonly: needs an existing ledger, creates nothing, and refuses writes', async () => {
    await expect(openPostgresLedger(urlFor(database), { readonly: true })).rejects.toThrow(/has no publish ledger yet/);
    expect(await sql(database, `SELECT to_regclass('schema_version')::text AS t`)).toEqual([{ t: null }]);
    const writer = await openPostgresLedger(urlFor(database));
    await writer.setToken('k', 'v');
    await writer.close();
    const reader = await openPostgresLedger(urlFor(database), { readonly: true });
    try {
      expect(await reader.getToken('k')).toBe('v');
      await expect(reader.setToken('k', 'w')).rejects.toThrow(/opened read-only/);
    } finally {
      await reader.close();
    }
  });

  it('writes the host and pid it is given, else $PUBLISH_HOST, and names itself publish to the server', async () => {
    const ledger = await openPostgresLedger(urlFor(database), { host: 'desk-7', pid: 77 });
    try {
      await ledger.begin('a', 'tg', 'h');
      expect(await ledger.get('a', 'tg')).toMatchObject({ host: 'desk-7', pid: 77 });
      const apps = await sql<{ application_name: string }>(
        database,
        `SELECT application_name FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
        [database],
      );
      expect(apps.map((a) => a.application_name)).toContain('publish');
    } finally {
      await ledger.close();
    }
    const previous = process.env.PUBLISH_HOST;
    process.env.PUBLISH_HOST = 'cron-box';
    try {
      const other = await openPostgresLedger(urlFor(database));
      await other.begin('b', 'tg', 'h');
      expect(await other.get('b', 'tg')).toMatchObject({ host: 'cron-box', pid: process.pid });
      await other.close();
    } finally {
      if (previous === undefined) delete process.env.PUBLISH_HOST;
      else process.env.PUBLISH_HOST = previous;
    }
  });

  it('location has no password, and the password is registered as a secret', async () => {
    clearSecrets();
    const ledger = await openLedger(urlFor(database));
    try {
      expect(ledger.location).toBe(`postgres://${base.username}@${base.host}/${database}`);
      expect(ledger.location).not.toContain(password);
      expect(scrub(`url was ${urlFor(database)}`)).not.toContain(password);
    } finally {
      await ledger.close();
    }
  });

  it('says so when another process holds the row past the lock timeout', async () => {
    const ledger = await openPostgresLedger(urlFor(database), { busyTimeoutMs: 50 });
    await ledger.begin('a', 'tg', 'h');
    await ledger.settle('a', 'tg', { status: 'sent', contentHash: 'h', receipt: { id: '1' } });
    const holder = new pg.Client({ connectionString: urlFor(database) });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT * FROM posts WHERE article = 'a' FOR UPDATE`);
      const refused = ledger.begin('a', 'tg', 'h2');
      await expect(refused).rejects.toBeInstanceOf(LedgerError);
      await expect(refused).rejects.toThrow(`${ledger.location} is locked by another process (waited 0.05 s)`);
      await holder.query('ROLLBACK');
      expect(await ledger.begin('a', 'tg', 'h2')).toMatchObject({ ok: true, previous: { status: 'sent' } });
    } finally {
      await holder.end();
      await ledger.close();
    }
  });

  it('ids are strings and BIGINT ids past 2^53 survive', async () => {
    const ledger = await openPostgresLedger(urlFor(database));
    try {
      await sql(database, `ALTER TABLE queue ALTER COLUMN id RESTART WITH 9007199254740993`);
      const due: NewScheduledPost = {
        article: 'a', channel: 'tg', source: '/a.md', inline: undefined, sourceHash: 'h',
        config: '/c.yaml', dueAt: new Date(0), publishAt: undefined,
      };
      const [row] = await ledger.schedule([due]);
      expect(row?.id).toBe('9007199254740993');
      const [claimed] = await ledger.claimDue(new Date(1), 'w', 5);
      expect(claimed?.id).toBe('9007199254740993');
      await ledger.finishScheduled('9007199254740993', 'done');
      expect((await ledger.listScheduled())[0]).toMatchObject({ id: '9007199254740993', status: 'done' });
      await expect(ledger.finishScheduled('99999999999999999999', 'done')).rejects.toBeInstanceOf(LedgerError);
    } finally {
      await ledger.close();
    }
  });
});

run('postgres connection problems', () => {
  const expectNoPassword = (error: unknown) => {
    expect(String((error as Error).message)).not.toContain(password);
    expect(String((error as Error).message).split('\n')).toHaveLength(1);
  };
  const failure = async (url: string) => {
    try {
      await openPostgresLedger(url);
    } catch (error) {
      expect(error).toBeInstanceOf(LedgerError);
      expectNoPassword(error);
      return (error as Error).message;
    }
    throw new Error('opened');
  };

  it('server down: says where and asks whether it runs', async () => {
    expect(await failure(urlFor('publish', (u) => (u.port = '1')))).toBe(
      `cannot reach PostgreSQL at ${base.hostname}:1 (connection refused): is it running?`,
    );
  });

  it('wrong password: says so, without either password', async () => {
    const message = await failure(urlFor('publish', (u) => (u.password = 'not-the-password-42')));
    expect(message).toMatch(new RegExp(`^PostgreSQL rejected the password for user ${base.username}\\b`));
    expect(message).not.toContain('not-the-password-42');
  });

  it('database missing: names it', async () => {
    expect(await failure(urlFor('no_such_db'))).toMatch(/has no database "no_such_db": create it/);
  });

  it('TLS required (no pg_hba.conf entry … no encryption): says to add ?sslmode=require', async () => {
    // The CI server lets only `publish` in over TCP: any other user gets what a TLS-only server answers.
    const message = await failure(urlFor('publish', (u) => (u.username = 'reporter')));
    expect(message).toMatch(/refuses unencrypted connections for user reporter: add \?sslmode=require/);
  });
});

/** Builds the CLI when dist has no PostgreSQL chunk (a stale or missing build). */
function ensureBuilt(): void {
  const chunks = join(ROOT, 'dist', 'chunks');
  if (existsSync(chunks) && readdirSync(chunks).some((f) => f.startsWith('postgres-'))) return;
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
}

interface JsonResult {
  channel: string;
  status: string;
  reason?: string;
}
const resultsOf = (r: CliRun): JsonResult[] =>
  (JSON.parse(r.stdout) as { articles: { results: JsonResult[] }[] }).articles.flatMap((a) => a.results);

run('publish on several machines sharing PostgreSQL (real CLI)', () => {
  let fake: WebhookFake;
  let dir: string;
  let state: string;
  const channels = ['a', 'b', 'c', 'd'];
  const publish = (args: string[], host: string, env: Record<string, string> = {}) =>
    runPublish(args, { cwd: dir, env: { PUBLISH_HOST: host, LEDGER_URL: state, ...env }, timeoutMs: 120_000 });

  beforeAll(ensureBuilt, 120_000);
  beforeEach(async () => {
    fake = await startWebhookFake();
    dir = mkdtempSync(join(tmpdir(), 'publish-pg-cli-'));
    state = urlFor(await freshDatabase());
    // The URL (with its password) comes from the environment, as a newsroom would keep it.
    writeFileSync(
      join(dir, 'channels.yaml'),
      `timezone: UTC\nstate: \${LEDGER_URL}\nchannels:\n${channels.map((c) => `  ${c}:\n    type: webhook\n    url: ${fake.url}${c}\n`).join('')}`,
    );
  });
  afterEach(async () => {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
    await dropDatabases();
  });

  const story = (i: number) => {
    writeFileSync(join(dir, `s${i}.md`), `---\nid: s${i}\nurl: https://example.org/s${i}/\n---\n# Story ${i}\n\nLead ${i}.\n`);
    return `s${i}.md`;
  };

  it('four machines running publish run over 200 due posts send each exactly once', async () => {
    const files = Array.from({ length: 50 }, (_, i) => story(i));
    const queued = await publish([...files, '--at', '+0s', '--json'], 'editor-laptop');
    expect(queued.code, queued.stderr).toBe(0);
    expect(resultsOf(queued).filter((r) => r.status === 'scheduled')).toHaveLength(200);
    expect(fake.requests).toHaveLength(0);

    const machines = ['cron-1', 'cron-2', 'cron-3', 'cron-4'];
    // Each machine runs `publish run` again and again (as cron would) until nothing is due.
    const drain = async (host: string) => {
      for (;;) {
        const r = await publish(['run', '--limit', '50', '--json'], host);
        expect(r.code, r.stderr).toBe(0);
        if (resultsOf(r).length === 0) return;
      }
    };
    await Promise.all(machines.map(drain));

    const sent = fake.accepted().map((d) => `${d.path} ${d.body.article?.id}`);
    expect(sent).toHaveLength(200);
    expect(new Set(sent).size).toBe(200);
    for (const c of channels) for (let i = 0; i < 50; i++) expect(sent).toContain(`/${c} s${i}`);

    const status = await publish(['status', '--json'], 'editor-laptop');
    expect(status.code, status.stderr).toBe(0);
    const posts = (JSON.parse(status.stdout) as { posts: { status: string; host: string | null }[] }).posts;
    const sentRows = posts.filter((p) => p.status === 'sent');
    expect(sentRows).toHaveLength(200);
    // publish status says which machine sent each post.
    for (const p of sentRows) expect(machines).toContain(p.host);
  }, 180_000);

  it('two editors publishing one article at the same moment make one post per channel', async () => {
    fake.latencyMs = 300; // keeps the first claim in flight while the second run arrives
    const file = story(1);
    const [one, two] = await Promise.all([
      publish([file, '--json'], 'desk-1'),
      publish([file, '--json'], 'desk-2'),
    ]);
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    for (const c of channels) expect(fake.accepted().filter((d) => d.path === `/${c}`)).toHaveLength(1);

    const both = [...resultsOf(one), ...resultsOf(two)];
    for (const c of channels) {
      const mine = both.filter((r) => r.channel === c);
      expect(mine.filter((r) => r.status === 'published')).toHaveLength(1);
      const other = mine.find((r) => r.status !== 'published');
      expect(
        other?.status === 'unchanged' ||
          (other?.status === 'skipped' && /^being sent by desk-[12] since \d{4}-\d\d-\d\dT/.test(other.reason ?? '')),
        JSON.stringify(other),
      ).toBe(true);
    }
  }, 60_000);

  it('server down: exit 2, one clear line, nothing sent', async () => {
    state = urlFor('publish', (u) => (u.port = '1'));
    const r = await publish([story(1)], 'desk-1');
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`error: cannot reach PostgreSQL at ${base.hostname}:1 (connection refused): is it running?; nothing was sent`);
    expect(fake.requests).toHaveLength(0);
  });

  it('wrong password: exit 2, one clear line without the password, nothing sent', async () => {
    state = urlFor('publish', (u) => (u.password = 'wrong-password-for-ci'));
    const r = await publish(['run'], 'cron-1');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/rejected the password for user publish/);
    expect(r.stderr + r.stdout).not.toContain('wrong-password-for-ci');
    expect(r.stderr + r.stdout).not.toContain(password);
    expect(fake.requests).toHaveLength(0);
  });

  it('publish migrate creates the schema; a newer schema is refused with exit 2', async () => {
    const migrate = await publish(['migrate'], 'desk-1');
    expect(migrate.code, migrate.stderr).toBe(0);
    expect(migrate.stdout).toContain(`ledger schema upgraded from version 0 to ${latestSchemaVersion}`);
    const database = new URL(state).pathname.slice(1);
    await sql(database, 'UPDATE schema_version SET version = $1', [latestSchemaVersion + 1]);
    const r = await publish([story(1)], 'desk-1');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`was written by a newer publish (schema ${latestSchemaVersion + 1}, this one knows ${latestSchemaVersion}): upgrade publish`);
    expect(r.stderr).not.toContain(password);
    expect(fake.requests).toHaveLength(0);
  });
});
