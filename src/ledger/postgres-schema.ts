/**
 * The PostgreSQL ledger's schema version and its migration. The version lives in a one-row
 * `schema_version` table. Migrating runs in one transaction that first takes a
 * transaction-scoped advisory lock, so two machines starting at once migrate in turn: the
 * second finds the work done.
 */
import type { PoolClient } from 'pg';
import { LedgerError } from '../errors.js';
import { latestSchemaVersion, pendingMigrations } from './migrations.js';

/** The advisory lock key every publish migrating a database agrees on ("publ" + "ledg"). */
const migrationLockKey = '8103491322337649767';

/** The tables migration 1 creates: a database that already has one of them without
 * `schema_version` belongs to something else. */
const ourTables = ['posts', 'queue', 'tokens'];

/** The message an old binary gives for a newer schema (the same words as SQLite's). */
export function newerSchema(location: string, version: number): LedgerError {
  return new LedgerError(
    `${location} was written by a newer publish (schema ${version}, this one knows ${latestSchemaVersion}): upgrade publish`,
  );
}

/** The schema version of the database `client` is in; 0 when there is no ledger yet. */
export async function readSchemaVersion(client: PoolClient): Promise<number> {
  if ((await existingTables(client, ['schema_version'])).length === 0) return 0;
  const row = await client.query<{ version: number }>('SELECT max(version) AS version FROM schema_version');
  return row.rows[0]?.version ?? 0;
}

/**
 * Which of `names` exist in the schema the ledger uses. Read from pg_tables with the
 * statement's snapshot, not with to_regclass: after waiting for the advisory lock, the
 * catalog cache may still say "no such table" about one another machine just created.
 */
async function existingTables(client: PoolClient, names: string[]): Promise<string[]> {
  const found = await client.query<{ tablename: string }>(
    `SELECT tablename FROM pg_catalog.pg_tables
     WHERE schemaname = current_schema() AND tablename = ANY ($1::text[]) ORDER BY tablename`,
    [names],
  );
  return found.rows.map((r) => r.tablename);
}

async function refuseForeignTables(client: PoolClient, location: string): Promise<void> {
  const found = await existingTables(client, ourTables);
  if (found.length > 0) {
    const names = found.join(', ');
    throw new LedgerError(
      `${location} already has tables publish did not create (${names}) and no schema_version: ` +
        'use another database or schema for the ledger; nothing was sent',
    );
  }
}

/**
 * Brings the schema up to date. The fast path (already current) is one query; otherwise
 * everything happens in one transaction under the advisory lock.
 * @returns the schema version before and after.
 * @throws LedgerError for a newer schema or a database that holds someone else's tables.
 */
export async function migrateSchema(client: PoolClient, location: string): Promise<{ from: number; to: number }> {
  const seen = await readSchemaVersion(client);
  if (seen > latestSchemaVersion) throw newerSchema(location, seen);
  if (seen === latestSchemaVersion) return { from: seen, to: seen };
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [migrationLockKey]);
    const from = await readSchemaVersion(client);
    if (from > latestSchemaVersion) throw newerSchema(location, from);
    if (from === 0) {
      await refuseForeignTables(client, location);
      await client.query('CREATE TABLE schema_version (version INTEGER NOT NULL, migrated_at BIGINT NOT NULL)');
    }
    for (const step of pendingMigrations(from)) await client.query(step.postgres ?? step.up);
    if (from < latestSchemaVersion) {
      await client.query('DELETE FROM schema_version');
      await client.query('INSERT INTO schema_version (version, migrated_at) VALUES ($1, $2)', [
        latestSchemaVersion,
        Date.now(),
      ]);
    }
    await client.query('COMMIT');
    return { from, to: latestSchemaVersion };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** For `readonly` opens: the schema must be there and current; nothing is created. */
export async function requireCurrentSchema(client: PoolClient, location: string): Promise<void> {
  const version = await readSchemaVersion(client);
  if (version > latestSchemaVersion) throw newerSchema(location, version);
  if (version === 0) {
    await refuseForeignTables(client, location);
    throw new LedgerError(`${location} has no publish ledger yet: nothing has been published or scheduled`);
  }
  if (version < latestSchemaVersion) {
    throw new LedgerError(`${location} has schema ${version}, this publish needs ${latestSchemaVersion}: run publish migrate`);
  }
}
