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
import {
  nextUpdatedAt,
  parseSnapshot,
  snapshotOf,
  toPostRecord,
  toScheduledPost,
  type PostRow,
  type QueueRow,
} from './rows.js';
import { damagedLedger, toLedgerError } from './sqlite-errors.js';
import type {
  BeginResult,
  ClaimOptions,
  Ledger,
  NewScheduledPost,
  PostRecord,
  ScheduledPost,
  Settlement,
} from './types.js';

type Db = Database.Database;

/** A claimed queue row whose worker has been silent this long is offered again. */
export const defaultStaleAfterMs = 15 * 60 * 1000;
/** How many ended (done, failed, cancelled) queue rows `listScheduled` shows. */
export const endedRowsListed = 50;
const defaultBusyTimeoutMs = 5000;
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
  const busyTimeoutMs = opts.busyTimeoutMs ?? defaultBusyTimeoutMs;
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
  const busyTimeoutMs = opts.busyTimeoutMs ?? defaultBusyTimeoutMs;
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

interface Identity {
  host: string;
  pid: number;
  busyTimeoutMs: number;
}

/** The statements, prepared once per connection. */
function prepare(db: Db) {
  return {
    getPost: db.prepare<[string, string], PostRow>('SELECT * FROM posts WHERE article = ? AND channel = ?'),
    insertPost: db.prepare(
      `INSERT INTO posts (article, channel, status, remote_id, url, extra, content_hash, attempts, last_error,
                          host, pid, created_at, updated_at, sent_at, settled)
       VALUES (@article, @channel, @status, @remote_id, @url, @extra, @content_hash, 1, @last_error,
               @host, @pid, @now, @now, @sent_at, NULL)`,
    ),
    beginPost: db.prepare(
      `UPDATE posts SET status = 'in_flight', attempts = attempts + 1, content_hash = @content_hash,
              host = @host, pid = @pid, updated_at = @updated_at, settled = @settled
       WHERE article = @article AND channel = @channel`,
    ),
    settleSent: db.prepare(
      `UPDATE posts SET status = 'sent', remote_id = @remote_id, url = @url, extra = @extra,
              content_hash = @content_hash, sent_at = @now, last_error = NULL,
              host = @host, pid = @pid, updated_at = @updated_at, settled = NULL
       WHERE article = @article AND channel = @channel`,
    ),
    settleFailed: db.prepare(
      `UPDATE posts SET status = 'failed', last_error = @last_error, content_hash = @content_hash,
              host = @host, pid = @pid, updated_at = @updated_at, settled = NULL
       WHERE article = @article AND channel = @channel`,
    ),
    restorePost: db.prepare(
      `UPDATE posts SET status = @status, content_hash = @content_hash, attempts = @attempts,
              last_error = @last_error, host = @host, pid = @pid, updated_at = @updated_at, settled = NULL
       WHERE article = @article AND channel = @channel`,
    ),
    deletePost: db.prepare('DELETE FROM posts WHERE article = ? AND channel = ?'),
    listPosts: db.prepare<[], PostRow>('SELECT * FROM posts ORDER BY updated_at DESC, article, channel'),
    listArticlePosts: db.prepare<[string], PostRow>(
      'SELECT * FROM posts WHERE article = ? ORDER BY updated_at DESC, channel',
    ),

    insertQueued: db.prepare<Record<string, unknown>, QueueRow>(
      `INSERT INTO queue (article, channel, source, inline, source_hash, config, due_at, publish_at,
                          status, created_at)
       VALUES (@article, @channel, @source, @inline, @source_hash, @config, @due_at, @publish_at,
               'scheduled', @now)
       RETURNING *`,
    ),
    // Both halves use the (status, due_at) index; the UPDATE marks exactly what was chosen.
    claimDue: db.prepare<Record<string, unknown>, QueueRow>(
      `UPDATE queue SET status = 'claimed', claimed_by = @worker, claimed_at = @now
       WHERE id IN (
         SELECT id FROM (
           SELECT id, due_at FROM queue WHERE status = 'scheduled' AND due_at <= @now
           UNION ALL
           SELECT id, due_at FROM queue WHERE status = 'claimed' AND claimed_at < @stale_before
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
             SELECT id, article, channel, due_at FROM queue WHERE status = 'scheduled' AND due_at <= @now
             UNION ALL
             SELECT id, article, channel, due_at FROM queue WHERE status = 'claimed' AND claimed_at < @stale_before
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
    releaseQueued: db.prepare(
      `UPDATE queue SET status = 'scheduled', claimed_by = NULL, claimed_at = NULL WHERE id = ? AND status = 'claimed'`,
    ),
    finishQueued: db.prepare(
      `UPDATE queue SET status = @status, last_error = @last_error, ended_at = @now
       WHERE id = @id AND status = 'claimed'`,
    ),
    queuedExists: db.prepare<[number], { id: number }>('SELECT id FROM queue WHERE id = ?'),
    cancelArticle: db.prepare(
      `UPDATE queue SET status = 'cancelled', ended_at = ? WHERE status = 'scheduled' AND article = ?`,
    ),
    cancelChannel: db.prepare(
      `UPDATE queue SET status = 'cancelled', ended_at = ?
       WHERE status = 'scheduled' AND article = ? AND channel = ?`,
    ),
    listQueued: db.prepare<Record<string, unknown>, QueueRow>(
      `SELECT * FROM (
         SELECT * FROM queue WHERE status IN ('scheduled', 'claimed')
           AND (@article IS NULL OR article = @article)
         UNION ALL
         SELECT * FROM (
           SELECT * FROM queue WHERE status IN ('done', 'failed', 'cancelled')
             AND (@article IS NULL OR article = @article)
           ORDER BY ended_at DESC, id DESC LIMIT @ended
         )
       ) ORDER BY due_at, id`,
    ),

    getToken: db.prepare<[string], { value: string }>('SELECT value FROM tokens WHERE key = ?'),
    setToken: db.prepare(
      `INSERT INTO tokens (key, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    ),
  };
}

type Statements = ReturnType<typeof prepare>;

const noReceipt = { remote_id: null, url: null, extra: null };

function queueId(id: string): number | undefined {
  return /^[1-9][0-9]{0,15}$/.test(id) ? Number(id) : undefined;
}

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
      const row = this.#sql.getPost.get(article, channel);
      return row && toPostRecord(row);
    });
  }

  begin(
    article: string,
    channel: string,
    contentHash: string,
    takeOver?: { updatedAt: Date },
  ): Promise<BeginResult> {
    return this.#run((): BeginResult => {
      const now = Date.now();
      const row = this.#sql.getPost.get(article, channel);
      const who = { article, channel, host: this.#me.host, pid: this.#me.pid, content_hash: contentHash };
      if (!row) {
        this.#sql.insertPost.run({ ...who, ...noReceipt, status: 'in_flight', last_error: null, now, sent_at: null });
        return { ok: true, previous: undefined };
      }
      if (row.status === 'in_flight' && takeOver?.updatedAt.getTime() !== Number(row.updated_at)) {
        return { ok: false, holder: toPostRecord(row) };
      }
      this.#sql.beginPost.run({
        ...who,
        updated_at: nextUpdatedAt(now, row.updated_at),
        // Taking over keeps the snapshot the stale holder saved: the last settled state.
        settled: row.status === 'in_flight' ? row.settled : JSON.stringify(snapshotOf(row)),
      });
      return { ok: true, previous: toPostRecord(row) };
    }, true);
  }

  settle(article: string, channel: string, settlement: Settlement): Promise<void> {
    return this.#run(() => {
      const now = Date.now();
      const row = this.#sql.getPost.get(article, channel);
      const who = { article, channel, host: this.#me.host, pid: this.#me.pid, now };
      const updated_at = nextUpdatedAt(now, row?.updated_at);
      switch (settlement.status) {
        case 'sent': {
          const receipt = {
            remote_id: settlement.receipt.id,
            url: settlement.receipt.url ?? null,
            extra: settlement.receipt.extra === undefined ? null : JSON.stringify(settlement.receipt.extra),
          };
          const content_hash = settlement.contentHash;
          // A receipt is never dropped, even for a row that is gone or no longer ours.
          if (row) this.#sql.settleSent.run({ ...who, ...receipt, content_hash, updated_at });
          else this.#sql.insertPost.run({ ...who, ...receipt, status: 'sent', content_hash, last_error: null, sent_at: now });
          return;
        }
        case 'failed': {
          if (!row) {
            this.#sql.insertPost.run({
              ...who,
              ...noReceipt,
              status: 'failed',
              content_hash: null,
              last_error: settlement.error,
              sent_at: null,
            });
            return;
          }
          // A failed --update or --force leaves the earlier post live: keep its receipt and
          // its hash, so the row still says what is on the platform.
          const settled = parseSnapshot(row);
          const content_hash = row.remote_id !== null && settled ? settled.content_hash : row.content_hash;
          this.#sql.settleFailed.run({ ...who, last_error: settlement.error, content_hash, updated_at });
          return;
        }
        case 'released': {
          if (!row || row.status !== 'in_flight') return;
          const settled = parseSnapshot(row);
          // Nothing was sent: put the row back exactly as it was, or remove the claim.
          if (settled) this.#sql.restorePost.run({ article, channel, ...settled, updated_at });
          else this.#sql.deletePost.run(article, channel);
          return;
        }
      }
    }, 'lazy');
  }

  list(article?: string): Promise<PostRecord[]> {
    return this.#run(() => {
      const rows = article === undefined ? this.#sql.listPosts.all() : this.#sql.listArticlePosts.all(article);
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
    staleAfterMs = defaultStaleAfterMs,
    opts?: ClaimOptions,
  ): Promise<ScheduledPost[]> {
    return this.#run(() => {
      if (limit <= 0 || (opts?.articles !== undefined && opts.articles <= 0)) return [];
      const common = {
        worker,
        now: now.getTime(),
        stale_before: now.getTime() - staleAfterMs,
        limit: Math.floor(limit),
      };
      const rows = opts
        ? this.#sql.claimArticles.all({ ...common, articles: Math.floor(opts.articles ?? limit), except: JSON.stringify(opts.except ?? []) })
        : this.#sql.claimDue.all(common);
      // RETURNING promises no order.
      return rows
        .map(toScheduledPost)
        .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || Number(a.id) - Number(b.id));
    }, 'lazy');
  }

  releaseClaimed(ids: readonly string[]): Promise<number> {
    return this.#run(() => {
      let released = 0;
      for (const id of ids) {
        const rowId = queueId(id);
        if (rowId !== undefined) released += this.#sql.releaseQueued.run(rowId).changes;
      }
      return released;
    }, 'lazy');
  }

  finishScheduled(id: string, status: 'done' | 'failed', error?: string): Promise<void> {
    return this.#run(() => {
      const rowId = queueId(id);
      const changed =
        rowId === undefined
          ? 0
          : this.#sql.finishQueued.run({ id: rowId, status, last_error: error ?? null, now: Date.now() }).changes;
      // A row that is no longer claimed was ended (or re-offered as stale) already: leave it.
      if (changed === 0 && (rowId === undefined || !this.#sql.queuedExists.get(rowId))) {
        throw new LedgerError(`${this.location}: no queued post has the id ${JSON.stringify(id)}`);
      }
    }, 'lazy');
  }

  cancel(article: string, channel?: string): Promise<number> {
    return this.#run(() => {
      const now = Date.now();
      const info =
        channel === undefined
          ? this.#sql.cancelArticle.run(now, article)
          : this.#sql.cancelChannel.run(now, article, channel);
      return info.changes;
    }, true);
  }

  listScheduled(article?: string): Promise<ScheduledPost[]> {
    return this.#run(() =>
      this.#sql.listQueued.all({ article: article ?? null, ended: endedRowsListed }).map(toScheduledPost),
    );
  }

  getToken(key: string): Promise<string | undefined> {
    return this.#run(() => this.#sql.getToken.get(key)?.value);
  }

  setToken(key: string, value: string): Promise<void> {
    return this.#run(() => {
      this.#sql.setToken.run(key, value, Date.now());
    }, true);
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
    this.#cleanup?.();
  }
}
