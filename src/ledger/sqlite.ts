/**
 * The ledger in a SQLite file (better-sqlite3). Its calls are synchronous; the methods
 * are async only to share the `Ledger` interface with the PostgreSQL backend. Every
 * change runs in a `BEGIN IMMEDIATE` transaction, so two processes on one file (two
 * overlapping `publish run`s) take the write lock in turn and never see half a change.
 */
import { closeSync, copyFileSync, existsSync, chmodSync, mkdirSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { LedgerError } from '../errors.js';
import { latestSchemaVersion, pendingMigrations } from './migrations.js';
import type { LedgerOptions } from './options.js';
import { toHistoryEntry, toPostRecord, toScheduledPost, type HistoryRow, type PostRow, type QueueRow } from './rows.js';
import * as rules from './rules.js';
import { damagedLedger, toLedgerError } from './sqlite-errors.js';
import { DUE, listPostsSql, SQL, STALE } from './statements.js';
import type {
  BeginResult,
  ClaimOptions,
  HistoryEntry,
  Ledger,
  NewHistoryEntry,
  NewScheduledPost,
  PostRecord,
  ScheduledPost,
  Settlement,
} from './types.js';

type Db = Database.Database;

/** How long SQLite itself waits for the write lock in one try (it blocks the event loop meanwhile). */
const LOCK_TRY_MS = 20;

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/** Options of `openSqliteLedger`. */
export type SqliteLedgerOptions = LedgerOptions;

/**
 * Opens (creating and migrating when needed) the ledger in the SQLite `file`.
 * The directory is made with mode 0700 and a new file gets mode 0600: it holds tokens.
 * @throws LedgerError when the file is damaged, not a ledger, newer than this code, or locked.
 */
export async function openSqliteLedger(file: string, opts: SqliteLedgerOptions = {}): Promise<Ledger> {
  const busyTimeoutMs = opts.busyTimeoutMs ?? rules.defaultBusyTimeoutMs;
  const { db, cleanup } = opts.readonly ? connectReadonly(file, busyTimeoutMs) : { db: connect(file, false, busyTimeoutMs), cleanup: undefined };
  try {
    if (opts.readonly) requireCurrentSchema(db, file);
    else migrate(db, file);
    return new SqliteLedger(db, file, {
      host: opts.host ?? (process.env.PUBLISH_HOST || hostname()),
      pid: opts.pid ?? process.pid,
      busyTimeoutMs,
    }, cleanup);
  } catch (error) {
    db.close();
    cleanup?.();
    throw toLedgerError(error, file, busyTimeoutMs);
  }
}

/**
 * A read-only connection. SQLite reads a WAL database only where it can create the `-shm`
 * file beside it; in a directory this user cannot write (a ledger owned by the cron user)
 * and with no `-wal` file (no writer is active: the file is complete), it reads a copy
 * made in the temporary directory instead, removed on close.
 */
function connectReadonly(file: string, busyTimeoutMs: number): { db: Db; cleanup: (() => void) | undefined } {
  try {
    return { db: connect(file, true, busyTimeoutMs), cleanup: undefined };
  } catch (error) {
    const code = (error as LedgerError).cause && ((error as LedgerError).cause as { code?: unknown }).code;
    const unwritableDir = code === 'SQLITE_READONLY_DIRECTORY' || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY_CANTINIT';
    if (!unwritableDir || !existsSync(file) || existsSync(`${file}-wal`)) throw error;
    const dir = mkdtempSync(join(tmpdir(), 'publish-ledger-'));
    const cleanup = () => rmSync(dir, { recursive: true, force: true });
    try {
      const copy = join(dir, basename(file));
      copyFileSync(file, copy);
      return { db: connect(copy, true, busyTimeoutMs), cleanup };
    } catch (copyError) {
      cleanup();
      throw toLedgerError(copyError, file, busyTimeoutMs);
    }
  }
}

/**
 * `publish migrate`: creates or upgrades the schema of `file` and closes it again.
 * @returns the schema version before and after.
 */
export async function migrateSqlite(
  file: string,
  opts: Pick<LedgerOptions, 'busyTimeoutMs'> = {},
): Promise<{ from: number; to: number }> {
  const busyTimeoutMs = opts.busyTimeoutMs ?? rules.defaultBusyTimeoutMs;
  const db = connect(file, false, busyTimeoutMs);
  try {
    return migrate(db, file);
  } catch (error) {
    throw toLedgerError(error, file, busyTimeoutMs);
  } finally {
    db.close();
  }
}

/** Opens the connection and sets the pragmas every connection needs. */
function connect(file: string, readonly: boolean, busyTimeoutMs: number): Db {
  const inMemory = file === ':memory:';
  let db: Db | undefined;
  try {
    if (readonly && !inMemory && !existsSync(file)) {
      throw new LedgerError(`${file} does not exist yet: nothing has been published or scheduled`);
    }
    if (!readonly && !inMemory && !existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      // Create it ourselves so it never exists with the umask's wider mode.
      closeSync(openSync(file, 'a', 0o600));
      chmodSync(file, 0o600);
    }
    db = new Database(file, { readonly, fileMustExist: !inMemory, timeout: busyTimeoutMs });
    // The first statement reads the header: a file that is not SQLite fails here, untouched.
    db.pragma('schema_version', { simple: true });
    if (!readonly && !inMemory) db.pragma('journal_mode = WAL');
    // FULL: a commit (a rotated token above all) is on disk when the call returns.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    return db;
  } catch (error) {
    db?.close();
    throw toLedgerError(error, file, busyTimeoutMs);
  }
}

function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function newerSchema(file: string, version: number): LedgerError {
  return new LedgerError(
    `${file} was written by a newer publish (schema ${version}, this one knows ${latestSchemaVersion}): upgrade publish`,
  );
}

/** A version-0 file that already has tables belongs to something else: leave it alone. */
function requireOurs(db: Db, file: string): void {
  const tables = db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'`).get() as {
    n: number;
  };
  if (tables.n > 0) throw damagedLedger(file, 'it holds tables publish did not create');
}

/** Brings the schema up to date in one transaction (another process may race us to it). */
function migrate(db: Db, file: string): { from: number; to: number } {
  const seen = schemaVersion(db);
  if (seen > latestSchemaVersion) throw newerSchema(file, seen);
  if (seen === latestSchemaVersion) return { from: seen, to: seen };
  return db
    .transaction(() => {
      const from = schemaVersion(db);
      if (from > latestSchemaVersion) throw newerSchema(file, from);
      if (from === 0) requireOurs(db, file);
      for (const step of pendingMigrations(from)) db.exec(step.up);
      db.pragma(`user_version = ${latestSchemaVersion}`);
      return { from, to: latestSchemaVersion };
    })
    .immediate();
}

function requireCurrentSchema(db: Db, file: string): void {
  const version = schemaVersion(db);
  if (version > latestSchemaVersion) throw newerSchema(file, version);
  if (version === 0) requireOurs(db, file);
  if (version < latestSchemaVersion) {
    throw new LedgerError(`${file} has schema ${version}, this publish needs ${latestSchemaVersion}: run publish migrate`);
  }
}

interface Identity extends rules.Writer {
  busyTimeoutMs: number;
}

/** The statements, prepared once per connection (the shared ones from statements.ts). */
function prepare(db: Db) {
  return {
    getPost: db.prepare<Record<string, unknown>, PostRow>(SQL.getPost),
    insertPost: db.prepare(SQL.insertPost),
    updatePost: db.prepare(SQL.updatePost),
    deletePost: db.prepare(SQL.deletePost),
    listPosts: db.prepare<Record<string, unknown>, PostRow>(listPostsSql('', false)),
    listArticlePosts: db.prepare<Record<string, unknown>, PostRow>(listPostsSql('', true)),

    insertQueued: db.prepare<Record<string, unknown>, QueueRow>(
      `INSERT INTO queue (article, channel, source, inline, source_hash, config, due_at, publish_at,
                          status, created_at)
       VALUES (@article, @channel, @source, @inline, @source_hash, @config, @due_at, @publish_at,
               'scheduled', @now)
       RETURNING *`,
    ),
    // Both halves use the (status, due_at) index; the UPDATE marks exactly what was chosen.
    // (Claims differ from PostgreSQL's: one writer at a time here, so nothing to skip.)
    claimDue: db.prepare<Record<string, unknown>, QueueRow>(
      `UPDATE queue SET status = 'claimed', claimed_by = @worker, claimed_at = @now
       WHERE id IN (
         SELECT id FROM (
           SELECT id, due_at FROM queue WHERE ${DUE}
           UNION ALL
           SELECT id, due_at FROM queue WHERE ${STALE}
         ) ORDER BY due_at, id LIMIT @limit
       )
       RETURNING *`,
    ),
    // Whole articles: the oldest `articles` articles with a due row (not of the `except`
    // channels, a JSON array), and all their due rows, at most `limit`.
    claimArticles: db.prepare<Record<string, unknown>, QueueRow>(
      `UPDATE queue SET status = 'claimed', claimed_by = @worker, claimed_at = @now
       WHERE id IN (
         WITH open AS (
           SELECT id, article, due_at FROM (
             SELECT id, article, channel, due_at FROM queue WHERE ${DUE}
             UNION ALL
             SELECT id, article, channel, due_at FROM queue WHERE ${STALE}
           ) WHERE channel NOT IN (SELECT value FROM json_each(@except))
         ), picked AS (
           SELECT article, min(due_at) AS first_due, min(id) AS first_id FROM open
           GROUP BY article ORDER BY first_due, first_id LIMIT @articles
         )
         SELECT open.id FROM open JOIN picked ON picked.article = open.article
         ORDER BY picked.first_due, picked.first_id, open.id LIMIT @limit
       )
       RETURNING *`,
    ),
    releaseQueued: db.prepare(SQL.releaseQueued),
    finishQueued: db.prepare(SQL.finishQueued),
    queuedExists: db.prepare<Record<string, unknown>, { id: number }>(SQL.queuedExists),
    cancelQueued: db.prepare(SQL.cancelQueued),
    listQueued: db.prepare<Record<string, unknown>, QueueRow>(SQL.listQueued),

    insertHistory: db.prepare(SQL.insertHistory),
    listHistory: db.prepare<Record<string, unknown>, HistoryRow>(SQL.listHistory),

    getToken: db.prepare<Record<string, unknown>, { value: string }>(SQL.getToken),
    setToken: db.prepare(SQL.setToken),
  };
}

type Statements = ReturnType<typeof prepare>;


class SqliteLedger implements Ledger {
  readonly location: string;
  readonly #db: Db;
  readonly #sql: Statements;
  readonly #me: Identity;

  readonly #cleanup: (() => void) | undefined;

  constructor(db: Db, file: string, me: Identity, cleanup?: () => void) {
    // The whole wait for a lock is #run's; SQLite itself waits only a moment per try.
    db.pragma(`busy_timeout = ${Math.min(LOCK_TRY_MS, me.busyTimeoutMs)}`);
    this.#db = db;
    this.location = file;
    this.#me = me;
    this.#sql = prepare(db);
    this.#cleanup = cleanup;
  }

  /**
   * Runs `work` (in a write transaction when `write`), mapping every failure to a LedgerError.
   * `write: 'lazy'` commits without waiting for the disk (WAL, synchronous = NORMAL): for
   * writes whose loss in a power cut is safe, because the next durable commit or the close
   * flushes them, and losing one leaves the row as it was (a settle lost this way leaves the
   * row in flight, and the next run asks instead of posting again).
   */
  async #run<T>(work: () => T, write: boolean | 'lazy' = false): Promise<T> {
    // SQLite waits for another process's write lock inside the call, which blocks the event
    // loop (every request of the run stalls) and is unfair (a waiter that sleeps misses its
    // turns while others commit). So each try waits only briefly, and between tries the
    // event loop runs; the pauses are jittered so overlapping runs do not retry in step.
    const until = Date.now() + this.#me.busyTimeoutMs;
    for (let pause = 4; ; pause = Math.min(pause * 2, 100)) {
      try {
        return this.#once(work, write);
      } catch (error) {
        if (!isBusy(error) || Date.now() + pause > until) throw toLedgerError(error, this.location, this.#me.busyTimeoutMs);
      }
      await new Promise((resolve) => setTimeout(resolve, pause * (0.5 + Math.random())));
    }
  }

  /** One try of `#run`, synchronous. */
  #once<T>(work: () => T, write: boolean | 'lazy'): T {
    if (!this.#db.open) throw new LedgerError(`${this.location}: the ledger was used after it was closed`);
    if (!write) return work();
    if (write === true) return this.#db.transaction(work).immediate();
    this.#db.pragma('synchronous = NORMAL');
    try {
      return this.#db.transaction(work).immediate();
    } finally {
      this.#db.pragma('synchronous = FULL');
    }
  }

  get(article: string, channel: string): Promise<PostRecord | undefined> {
    return this.#run(() => {
      const row = this.#sql.getPost.get({ article, channel });
      return row && toPostRecord(row);
    });
  }

  /** Writes what a rule (rules.ts) made of the row just read, inside the write transaction. */
  #apply(key: { article: string; channel: string }, existed: boolean, change: rules.PostChange): void {
    if (!change) return;
    if ('delete' in change) this.#sql.deletePost.run(key);
    else {
      if (existed) this.#sql.updatePost.run(change.write);
      else this.#sql.insertPost.run(change.write);
      if (change.event) this.#sql.insertHistory.run(change.event);
    }
  }

  begin(
    article: string,
    channel: string,
    contentHash: string,
    takeOver?: { updatedAt: Date },
  ): Promise<BeginResult> {
    return this.#run(() => {
      const key = { article, channel };
      const row = this.#sql.getPost.get(key);
      const { result, change } = rules.beginPost(row, key, contentHash, this.#me, Date.now(), takeOver);
      this.#apply(key, row !== undefined, change);
      return result;
    }, true);
  }

  settle(article: string, channel: string, settlement: Settlement): Promise<void> {
    return this.#run(() => {
      const key = { article, channel };
      const row = this.#sql.getPost.get(key);
      this.#apply(key, row !== undefined, rules.settlePost(row, key, settlement, this.#me, Date.now()));
    }, 'lazy');
  }

  list(article?: string): Promise<PostRecord[]> {
    return this.#run(() => {
      const rows = article === undefined ? this.#sql.listPosts.all({}) : this.#sql.listArticlePosts.all({ article });
      return rows.map(toPostRecord);
    });
  }

  schedule(posts: NewScheduledPost[]): Promise<ScheduledPost[]> {
    return this.#run(() => {
      const now = Date.now();
      return posts.map((post) => {
        const row = this.#sql.insertQueued.get({
          article: post.article,
          channel: post.channel,
          source: post.source,
          inline: post.inline ?? null,
          source_hash: post.sourceHash,
          config: post.config,
          due_at: post.dueAt.getTime(),
          publish_at: post.publishAt?.getTime() ?? null,
          now,
        });
        if (!row) throw new LedgerError(`${this.location}: could not queue ${post.article}:${post.channel}`);
        return toScheduledPost(row);
      });
    }, true);
  }

  // Claims and queue ends commit without waiting for the disk (see #run): a claim lost in
  // a power cut only offers its rows again, and the `begin` that follows a claim is durable
  // (its sync writes the claim too); a lost end leaves the row claimed until it is stale,
  // when the post's own row says it was sent. One disk sync per post, not three: many
  // overlapping runs take the write lock in turn.
  claimDue(
    now: Date,
    worker: string,
    limit: number,
    staleAfterMs = rules.defaultStaleAfterMs,
    opts?: ClaimOptions,
  ): Promise<ScheduledPost[]> {
    return this.#run(() => {
      const bounds = rules.claimBounds(now, limit, staleAfterMs, opts);
      if (!bounds) return [];
      const common = { worker, now: bounds.now, stale_before: bounds.staleBefore, limit: bounds.limit };
      const rows =
        bounds.articles === undefined
          ? this.#sql.claimDue.all(common)
          : this.#sql.claimArticles.all({ ...common, articles: bounds.articles, except: JSON.stringify(bounds.except) });
      return rules.byDueThenId(rows.map(toScheduledPost));
    }, 'lazy');
  }

  releaseClaimed(ids: readonly string[]): Promise<number> {
    return this.#run(() => {
      let released = 0;
      for (const id of ids) {
        const rowId = rules.queueId(id);
        if (rowId !== undefined) released += this.#sql.releaseQueued.run({ id: BigInt(rowId) }).changes;
      }
      return released;
    }, 'lazy');
  }

  finishScheduled(id: string, status: 'done' | 'failed', error?: string): Promise<void> {
    return this.#run(() => {
      const rowId = rules.queueId(id);
      const changed =
        rowId === undefined
          ? 0
          : this.#sql.finishQueued.run({ id: BigInt(rowId), status, last_error: error ?? null, now: Date.now() }).changes;
      // A row that is no longer claimed was ended (or re-offered as stale) already: leave it.
      if (changed === 0 && (rowId === undefined || !this.#sql.queuedExists.get({ id: BigInt(rowId) }))) {
        throw new LedgerError(`${this.location}: no queued post has the id ${JSON.stringify(id)}`);
      }
    }, 'lazy');
  }

  cancel(article: string, channel?: string): Promise<number> {
    return this.#run(() => this.#sql.cancelQueued.run({ now: Date.now(), article, channel: channel ?? null }).changes, true);
  }

  listScheduled(article?: string): Promise<ScheduledPost[]> {
    return this.#run(() =>
      this.#sql.listQueued.all({ article: article ?? null, ended: rules.endedRowsListed }).map(toScheduledPost),
    );
  }

  addHistory(entry: NewHistoryEntry): Promise<void> {
    return this.#run(() => {
      this.#sql.insertHistory.run(rules.historyValues(entry, this.#me, Date.now()));
    }, true);
  }

  history(article: string): Promise<HistoryEntry[]> {
    return this.#run(() => this.#sql.listHistory.all({ article }).map(toHistoryEntry));
  }

  getToken(key: string): Promise<string | undefined> {
    return this.#run(() => this.#sql.getToken.get({ key })?.value);
  }

  setToken(key: string, value: string): Promise<void> {
    return this.#run(() => {
      this.#sql.setToken.run({ key, value, now: Date.now() });
    }, true);
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
    this.#cleanup?.();
  }
}
