/**
 * An older ledger upgrades in place with nothing lost: a ledger at schema 1 (what main wrote
 * before posts could be retracted, made with migration 1's own SQL, which is never edited)
 * is upgraded by `publish migrate` on SQLite and on PostgreSQL.
 */
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { latestSchemaVersion, migrations } from '../../src/ledger/migrations.js';
import { migratePostgres, openPostgresLedger } from '../../src/ledger/postgres.js';
import { openSqliteLedger } from '../../src/ledger/sqlite.js';
import { runInProcess } from '../helpers/inprocess.js';
import { findDatabaseUrl, unreachable } from '../helpers/postgres.js';

const found = findDatabaseUrl();
const problem = found ? await unreachable(found.url) : 'no PostgreSQL configured';
const v1 = migrations.find((m) => m.version === 1)!;
const sent = Date.parse('2026-11-30T08:00:00Z');

/** Rows as schema 1 held them: a sent post, a failed one, a queued one and a token. */
const rowsSql = `
INSERT INTO posts (article, channel, status, remote_id, url, extra, content_hash, attempts, last_error, host, pid, created_at, updated_at, sent_at, settled)
  VALUES ('old', 'site', 'sent', '41', 'https://news.example/old/', '{"status":"publish","featured_media":0,"tags":[]}', 'hash-old', 1, NULL, 'desk-1', 100, ${sent}, ${sent}, ${sent}, NULL);
INSERT INTO posts (article, channel, status, remote_id, url, extra, content_hash, attempts, last_error, host, pid, created_at, updated_at, sent_at, settled)
  VALUES ('old', 'tg', 'failed', NULL, NULL, NULL, 'hash-tg', 2, 'chat not found', 'desk-1', 100, ${sent}, ${sent}, NULL, NULL);
INSERT INTO queue (article, channel, source, inline, source_hash, config, due_at, publish_at, status, created_at)
  VALUES ('old', 'hook', '/news/old.md', NULL, 'src', '/news/channels.yaml', ${sent + 3600_000}, NULL, 'scheduled', ${sent});
INSERT INTO tokens (key, value, updated_at) VALUES ('clip:refresh_token', 'rt-rotated', ${sent});`;

describe('upgrading a schema 1 ledger', () => {
  it('SQLite: publish migrate upgrades it in place; posts, queue and tokens survive; the history starts from them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'publish-upgrade-'));
    mkdirSync(join(dir, '.publish'));
    const file = join(dir, '.publish/state.db');
    const db = new Database(file);
    db.exec(v1.up);
    db.exec(rowsSql);
    db.pragma('user_version = 1');
    db.close();
    writeFileSync(join(dir, 'channels.yaml'), 'channels:\n  site:\n    type: static\n    dir: out\n    base_url: https://news.example\n');

    // A read-only command asks for the migration instead of changing the file.
    const before = await runInProcess(['status', 'old'], { cwd: dir });
    expect(before.code).toBe(2);
    expect(before.stderr).toMatch(/schema 1, this publish needs 2: run publish migrate/);

    const migrated = await runInProcess(['migrate', '--json'], { cwd: dir });
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(JSON.parse(migrated.stdout)).toMatchObject({ from: 1, to: latestSchemaVersion });

    const ledger = await openSqliteLedger(file);
    try {
      expect(await ledger.get('old', 'site')).toMatchObject({ status: 'sent', receipt: { id: '41', url: 'https://news.example/old/' }, contentHash: 'hash-old', host: 'desk-1', sentAt: new Date(sent) });
      expect(await ledger.get('old', 'tg')).toMatchObject({ status: 'failed', lastError: 'chat not found', attempts: 2 });
      expect((await ledger.listScheduled('old')).map((q) => `${q.channel} ${q.status}`)).toEqual(['hook scheduled']);
      expect(await ledger.getToken('clip:refresh_token')).toBe('rt-rotated');
      expect(await ledger.history('old')).toEqual([
        expect.objectContaining({ channel: 'site', action: 'send', outcome: 'ok', at: new Date(sent), host: 'desk-1', contentHash: 'hash-old', remote: 'https://news.example/old/' }),
      ]);
      // The new states are accepted by the upgraded table.
      await ledger.begin('old', 'site', 'hash-old');
      await ledger.settle('old', 'site', { status: 'retracted', detail: 'removed', outcome: 'ok' });
      expect((await ledger.get('old', 'site'))?.status).toBe('retracted');
    } finally {
      await ledger.close();
    }
    const status = await runInProcess(['status', 'old', '--json'], { cwd: dir });
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout).history.map((h: { action: string }) => h.action)).toEqual(['send', 'retract']);
  });

  let admin: pg.Pool | undefined;
  afterAll(async () => {
    await admin?.end();
  });

  it.skipIf(problem !== undefined)('PostgreSQL: migrate upgrades it in place, nothing lost', async () => {
    admin = new pg.Pool({ connectionString: found!.url, max: 1 });
    const schema = `publish_upgrade_${process.pid}_${Date.now().toString(36)}`;
    await admin.query(`CREATE SCHEMA ${schema}`);
    try {
      const url = new URL(found!.url);
      url.searchParams.set('options', `-c search_path=${schema}`);
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        await client.query(`CREATE TABLE schema_version (version INTEGER NOT NULL, migrated_at BIGINT NOT NULL); INSERT INTO schema_version VALUES (1, ${sent});`);
        await client.query(v1.postgres!);
        await client.query(rowsSql);
      } finally {
        await client.end();
      }
      expect(await migratePostgres(url.toString())).toEqual({ from: 1, to: latestSchemaVersion });
      const ledger = await openPostgresLedger(url.toString());
      try {
        expect(await ledger.get('old', 'site')).toMatchObject({ status: 'sent', receipt: { id: '41' }, contentHash: 'hash-old' });
        expect(await ledger.get('old', 'tg')).toMatchObject({ status: 'failed', lastError: 'chat not found' });
        expect((await ledger.listScheduled('old')).map((q) => q.channel)).toEqual(['hook']);
        expect(await ledger.getToken('clip:refresh_token')).toBe('rt-rotated');
        expect((await ledger.history('old')).map((h) => `${h.channel} ${h.action} ${h.host}`)).toEqual(['site send desk-1']);
        await ledger.begin('old', 'site', 'hash-old');
        await ledger.settle('old', 'site', { status: 'cancelled', receipt: { id: '41' }, detail: 'draft' });
        expect((await ledger.get('old', 'site'))?.status).toBe('cancelled');
      } finally {
        await ledger.close();
      }
    } finally {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    }
  });
});
