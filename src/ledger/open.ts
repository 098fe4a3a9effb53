/**
 * Opens the ledger `state:` names. Backends are imported only here and only when used, so
 * a dry-run (which never opens a ledger) never loads better-sqlite3 or pg. Code outside
 * src/ledger imports this module lazily, and only types from the rest.
 */
import { LedgerError } from '../errors.js';
import type { LedgerOptions } from './options.js';
import type { Ledger } from './types.js';

/** True when `state` is a PostgreSQL URL rather than a file path. */
export function isPostgresState(state: string): boolean {
  return /^postgres(ql)?:\/\//i.test(state);
}

/**
 * The ledger at `state`: a `postgres://` / `postgresql://` URL, else a SQLite file path.
 * @throws LedgerError when it cannot be opened.
 */
export async function openLedger(state: string, opts: LedgerOptions = {}): Promise<Ledger> {
  if (isPostgresState(state)) {
    const backend = await loadPostgresBackend();
    return backend.openPostgresLedger(state, opts);
  }
  const { openSqliteLedger } = await import('./sqlite.js');
  return openSqliteLedger(state, opts);
}

/** `publish migrate` for either backend: the schema version before and after. */
export async function migrateLedger(
  state: string,
  opts: Pick<LedgerOptions, 'busyTimeoutMs'> = {},
): Promise<{ from: number; to: number }> {
  if (isPostgresState(state)) {
    const backend = await loadPostgresBackend();
    return backend.migratePostgres(state);
  }
  const { migrateSqlite } = await import('./sqlite.js');
  return migrateSqlite(state, opts);
}

/** The PostgreSQL backend (and pg), loaded only for `postgres://` state. */
async function loadPostgresBackend(): Promise<typeof import('./postgres.js')> {
  try {
    // A literal specifier, so the bundler puts the backend (not pg itself) in its own lazy chunk.
    return await import('./postgres.js');
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new LedgerError(`PostgreSQL state could not be loaded: ${detail}`, { cause: error });
  }
}
