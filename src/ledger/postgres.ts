/**
 * The ledger in PostgreSQL (`pg`), shared by every machine of a newsroom. Same tables and
 * columns as SQLite (times are BIGINT milliseconds, mapped by rows.ts), same rules (rules.ts)
 * and, where the two agree, the same statements (statements.ts):
 * - `begin` and `settle` lock the row with SELECT … FOR UPDATE (or insert it with ON
 *   CONFLICT DO NOTHING) and write what the rules make of it: two editors publishing one
 *   article at once get one claim; the second sees the holder.
 * - `claimDue` is one UPDATE over a FOR UPDATE SKIP LOCKED sub-select: overlapping runs on
 *   any number of machines never take the same queue row, and never wait for each other.
 * - Every change is one transaction; tokens are written with synchronous_commit on, so a
 *   rotated token is durable when `setToken` returns.
 */
import { hostname } from 'node:os';
import pg from 'pg';
import type { PoolClient, QueryResultRow } from 'pg';
import { LedgerError } from '../errors.js';
import { registerSecret } from '../scrub.js';
import type { LedgerOptions } from './options.js';
import { describeTarget, toPostgresError, type PostgresTarget } from './postgres-errors.js';
import { migrateSchema, requireCurrentSchema } from './postgres-schema.js';
import { toHistoryEntry, toPostRecord, toScheduledPost, type HistoryRow, type PostRow, type QueueRow } from './rows.js';
import * as rules from './rules.js';
import { DUE, listPostsSql, numbered, SQL, STALE, valuesFor, type Numbered } from './statements.js';
import type { BeginResult, ClaimOptions, HistoryEntry, Ledger, NewHistoryEntry, NewScheduledPost, PostRecord, ScheduledPost, Settlement } from './types.js';

/** The advisory lock whole-article claims take turns on ("publ" + "clai"). */
const claimLockKey = '8103491322337651049';
/** Connections per process: a run sends several articles (each to a few channels) at once; each change is short. */
const poolSize = 4;
const connectTimeoutMs = 10_000;

/** Options of `openPostgresLedger`: the same as every backend's. */
export type PostgresLedgerOptions = LedgerOptions;

interface Identity extends rules.Writer {
  lockTimeoutMs: number;
}

/**
 * A pool whose connections say who they are and how long they wait for a row lock. The
 * settings travel as startup options (no extra round trip), after any `options` the URL has.
 */
function createPool(url: string, target: PostgresTarget, readonly: boolean, lockTimeoutMs: number): pg.Pool {
  registerSecret(target.password);
  const settings = [`-c lock_timeout=${Math.max(1, Math.floor(lockTimeoutMs))}`];
  if (readonly) settings.push('-c default_transaction_read_only=on');
  let connectionString = url;
  let given = '';
  try {
    const parsed = new URL(url);
    given = parsed.searchParams.get('options') ?? '';
    if (given) {
      parsed.searchParams.delete('options');
      connectionString = parsed.toString();
    }
  } catch {
    // describeTarget has already refused a URL that cannot be parsed.
  }
  const pool = new pg.Pool({
    connectionString,
    max: poolSize,
    application_name: 'publish',
    options: [given, ...settings].filter(Boolean).join(' '),
    connectionTimeoutMillis: connectTimeoutMs,
    idleTimeoutMillis: 10_000,
  });
  // A server restart or a dropped idle connection must not crash the process: the next
  // query fails instead and is reported as a LedgerError.
  pool.on('error', () => undefined);
  return pool;
}

/** Opens a pool and checks it reaches the server, mapping the first failure to one line. */
async function connect(
  url: string,
  opts: PostgresLedgerOptions,
  work: (client: PoolClient, target: PostgresTarget) => Promise<void>,
): Promise<{ pool: pg.Pool; target: PostgresTarget }> {
  const target = describeTarget(url);
  const lockTimeoutMs = opts.busyTimeoutMs ?? rules.defaultBusyTimeoutMs;
  const pool = createPool(url, target, opts.readonly ?? false, lockTimeoutMs);
  try {
    const client = await pool.connect();
    try {
      await work(client, target);
    } finally {
      client.release();
    }
    return { pool, target };
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw toPostgresError(error, target, lockTimeoutMs);
  }
}

/**
 * Opens the ledger at the `postgres://` / `postgresql://` `url`, creating or upgrading its
 * schema unless `readonly`. The URL's password is registered as a secret and never appears
 * in `location` or in any error.
 * @throws LedgerError when the server cannot be reached, refuses us, or holds a newer schema.
 */
export async function openPostgresLedger(url: string, opts: PostgresLedgerOptions = {}): Promise<Ledger> {
  const { pool, target } = await connect(url, opts, async (client, t) => {
    if (opts.readonly) await requireCurrentSchema(client, t.location);
    else await migrateSchema(client, t.location);
  });
  return new PostgresLedger(pool, target, {
    host: opts.host ?? (process.env.PUBLISH_HOST || hostname()),
    pid: opts.pid ?? process.pid,
    lockTimeoutMs: opts.busyTimeoutMs ?? rules.defaultBusyTimeoutMs,
  });
}

/**
 * `publish migrate`: creates or upgrades the schema at `url` and disconnects.
 * @returns the schema version before and after.
 */
export async function migratePostgres(url: string): Promise<{ from: number; to: number }> {
  let result = { from: 0, to: 0 };
  const { pool } = await connect(url, {}, async (client, t) => {
    result = await migrateSchema(client, t.location);
  });
  await pool.end();
  return result;
}

/** The shared statements (statements.ts) with PostgreSQL's numbered parameters. */
const PG = Object.fromEntries(Object.entries(SQL).map(([name, sql]) => [name, numbered(sql)])) as Record<keyof typeof SQL, Numbered>;
const lockPost = numbered(`${SQL.getPost} FOR UPDATE`);
// COLLATE "C": the same byte order SQLite uses, whatever the database's locale.
const listPosts = numbered(listPostsSql(' COLLATE "C"', false));
const listArticlePosts = numbered(listPostsSql(' COLLATE "C"', true));
// Claims skip the rows another run has locked, so runs on many machines never wait for
// each other (SQLite has one writer at a time instead).
const claimDue = numbered(`UPDATE queue SET status = 'claimed', claimed_by = @worker, claimed_at = @now
  WHERE id IN (
    SELECT id FROM queue WHERE (${DUE}) OR (${STALE})
    ORDER BY due_at, id LIMIT @limit
    FOR UPDATE SKIP LOCKED
  )
  RETURNING *`);
const claimArticles = numbered(`UPDATE queue SET status = 'claimed', claimed_by = @worker, claimed_at = @now
  WHERE id IN (
    WITH open AS (
      SELECT id, article, due_at FROM queue
      WHERE ((${DUE}) OR (${STALE})) AND NOT (channel = ANY (CAST(@except AS TEXT[])))
    ), picked AS (
      SELECT article, min(due_at) AS first_due, min(id) AS first_id FROM open
      GROUP BY article ORDER BY first_due, first_id LIMIT @articles
    )
    SELECT open.id FROM open JOIN picked ON picked.article = open.article
    ORDER BY picked.first_due, picked.first_id, open.id LIMIT @limit
  )
  RETURNING *`);

class PostgresLedger implements Ledger {
  readonly location: string;
  readonly #pool: pg.Pool;
  readonly #target: PostgresTarget;
  readonly #me: Identity;
  #closed = false;

  constructor(pool: pg.Pool, target: PostgresTarget, me: Identity) {
    this.#pool = pool;
    this.#target = target;
    this.location = target.location;
    this.#me = me;
  }

  #error(error: unknown): LedgerError {
    return toPostgresError(error, this.#target, this.#me.lockTimeoutMs);
  }

  #assertOpen(): void {
    if (this.#closed) throw new LedgerError(`${this.location}: the ledger was used after it was closed`);
  }

  /** One statement outside a transaction. */
  async #query<R extends QueryResultRow>(sql: string, values: unknown[] = []): Promise<pg.QueryResult<R>> {
    this.#assertOpen();
    try {
      return await this.#pool.query<R>(sql, values);
    } catch (error) {
      throw this.#error(error);
    }
  }

  /** One shared statement, with named parameters, outside a transaction. */
  #run<R extends QueryResultRow>(statement: Numbered, params: Record<string, unknown>): Promise<pg.QueryResult<R>> {
    return this.#query<R>(statement.text, valuesFor(statement, params));
  }

  /** Runs `work` in one transaction on one connection; any failure rolls it back. */
  async #transaction<T>(work: (client: PoolClient) => Promise<T>, setup?: string): Promise<T> {
    this.#assertOpen();
    let client: PoolClient | undefined;
    try {
      client = await this.#pool.connect();
      await client.query('BEGIN');
      if (setup) await client.query(setup);
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client?.query('ROLLBACK').catch(() => undefined);
      throw this.#error(error);
    } finally {
      client?.release();
    }
  }

  /**
   * Locks the (article, channel) row for this transaction, asks `decide` (a rule of rules.ts)
   * what to make of it, and writes that. When there was no row, the new one is inserted
   * unless another transaction inserted it meanwhile: then that row is locked and `decide`
   * asked again.
   */
  #change<T>(key: { article: string; channel: string }, decide: (row: PostRow | undefined) => { result: T; change: rules.PostChange }): Promise<T> {
    return this.#transaction(async (client) => {
      for (;;) {
        const row = (await client.query<PostRow>(lockPost.text, valuesFor(lockPost, key))).rows[0];
        const { result, change } = decide(row);
        if (!change) return result;
        if ('delete' in change) {
          await client.query(PG.deletePost.text, valuesFor(PG.deletePost, key));
          return result;
        }
        const write = row ? PG.updatePost : PG.insertPost;
        const written = await client.query(write.text, valuesFor(write, { ...change.write }));
        if (written.rowCount === 1) {
          if (change.event) await client.query(PG.insertHistory.text, valuesFor(PG.insertHistory, { ...change.event }));
          return result;
        }
      }
    });
  }

  async get(article: string, channel: string): Promise<PostRecord | undefined> {
    const { rows } = await this.#run<PostRow>(PG.getPost, { article, channel });
    return rows[0] && toPostRecord(rows[0]);
  }

  async begin(article: string, channel: string, contentHash: string, takeOver?: { updatedAt: Date }): Promise<BeginResult> {
    const key = { article, channel };
    const now = Date.now();
    // The usual case, a first send, is one statement: the rule's row for "none yet". When
    // two runs insert at once, the second waits for the first to commit and inserts nothing.
    const first = rules.beginPost(undefined, key, contentHash, this.#me, now);
    if (first.change && 'write' in first.change) {
      const inserted = await this.#run(PG.insertPost, { ...first.change.write });
      if (inserted.rowCount === 1) return first.result;
    }
    return this.#change(key, (row) => rules.beginPost(row, key, contentHash, this.#me, now, takeOver));
  }

  async settle(article: string, channel: string, settlement: Settlement): Promise<void> {
    const key = { article, channel };
    const now = Date.now();
    await this.#change(key, (row) => ({ result: undefined, change: rules.settlePost(row, key, settlement, this.#me, now) }));
  }

  async list(article?: string): Promise<PostRecord[]> {
    const { rows } = article === undefined ? await this.#run<PostRow>(listPosts, {}) : await this.#run<PostRow>(listArticlePosts, { article });
    return rows.map(toPostRecord);
  }

  async schedule(posts: NewScheduledPost[]): Promise<ScheduledPost[]> {
    if (posts.length === 0) {
      this.#assertOpen();
      return [];
    }
    const column = <T>(pick: (p: NewScheduledPost) => T) => posts.map(pick);
    // One statement however many rows: each column goes as one array parameter.
    const { rows } = await this.#query<QueueRow>(
      `INSERT INTO queue (article, channel, source, inline, source_hash, config, due_at, publish_at, status, created_at)
       SELECT article, channel, source, inline, source_hash, config, due_at, publish_at, 'scheduled', $9
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::bigint[])
            WITH ORDINALITY AS t(article, channel, source, inline, source_hash, config, due_at, publish_at, n)
       ORDER BY n
       RETURNING *`,
      [
        column((p) => p.article),
        column((p) => p.channel),
        column((p) => p.source),
        column((p) => p.inline ?? null),
        column((p) => p.sourceHash),
        column((p) => p.config),
        column((p) => p.dueAt.getTime()),
        column((p) => p.publishAt?.getTime() ?? null),
        Date.now(),
      ],
    );
    if (rows.length !== posts.length) throw new LedgerError(`${this.location}: could not queue every post`);
    // Identity values follow the insert order; RETURNING itself promises no order.
    return rows.sort((a, b) => rules.compareIds(a.id, b.id)).map(toScheduledPost);
  }

  async claimDue(now: Date, worker: string, limit: number, staleAfterMs = rules.defaultStaleAfterMs, opts?: ClaimOptions): Promise<ScheduledPost[]> {
    this.#assertOpen();
    const bounds = rules.claimBounds(now, limit, staleAfterMs, opts);
    if (!bounds) return [];
    const common = { worker, now: bounds.now, stale_before: bounds.staleBefore, limit: bounds.limit };
    const rows =
      bounds.articles === undefined
        ? (await this.#run<QueueRow>(claimDue, common)).rows
        : await this.#claimArticles({ ...common, articles: bounds.articles, except: bounds.except });
    return rules.byDueThenId(rows.map(toScheduledPost));
  }

  /**
   * Whole articles at a time. The claims of all runs take turns (an advisory lock held for
   * the transaction): picking an article's rows is not one row lock, and two runs that
   * picked the same articles at once would split them (or both find nothing and stop).
   */
  #claimArticles(params: Record<string, unknown>): Promise<QueueRow[]> {
    return this.#transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [claimLockKey]);
      return (await client.query<QueueRow>(claimArticles.text, valuesFor(claimArticles, params))).rows;
    });
  }

  async releaseClaimed(ids: readonly string[]): Promise<number> {
    this.#assertOpen();
    const valid = ids.map(rules.queueId).filter((id): id is string => id !== undefined);
    if (valid.length === 0) return 0;
    const result = await this.#query(
      `UPDATE queue SET status = 'scheduled', claimed_by = NULL, claimed_at = NULL
       WHERE id = ANY ($1::bigint[]) AND status = 'claimed'`,
      [valid],
    );
    return result.rowCount ?? 0;
  }

  async finishScheduled(id: string, status: 'done' | 'failed', error?: string): Promise<void> {
    this.#assertOpen();
    const rowId = rules.queueId(id);
    const missing = () => new LedgerError(`${this.location}: no queued post has the id ${JSON.stringify(id)}`);
    if (rowId === undefined) throw missing();
    const done = await this.#run(PG.finishQueued, { id: rowId, status, last_error: error ?? null, now: Date.now() });
    // A row that is no longer claimed was ended (or re-offered as stale) already: leave it.
    if (done.rowCount === 0 && (await this.#run(PG.queuedExists, { id: rowId })).rowCount === 0) throw missing();
  }

  async cancel(article: string, channel?: string): Promise<number> {
    return (await this.#run(PG.cancelQueued, { now: Date.now(), article, channel: channel ?? null })).rowCount ?? 0;
  }

  async listScheduled(article?: string): Promise<ScheduledPost[]> {
    const { rows } = await this.#run<QueueRow>(PG.listQueued, { article: article ?? null, ended: rules.endedRowsListed });
    return rows.map(toScheduledPost);
  }

  async addHistory(entry: NewHistoryEntry): Promise<void> {
    await this.#run(PG.insertHistory, { ...rules.historyValues(entry, this.#me, Date.now()) });
  }

  async history(article: string): Promise<HistoryEntry[]> {
    const { rows } = await this.#run<HistoryRow>(PG.listHistory, { article });
    return rows.map(toHistoryEntry);
  }

  async getToken(key: string): Promise<string | undefined> {
    const { rows } = await this.#run<{ value: string }>(PG.getToken, { key });
    return rows[0]?.value;
  }

  setToken(key: string, value: string): Promise<void> {
    return this.#transaction(
      async (client) => {
        await client.query(PG.setToken.text, valuesFor(PG.setToken, { key, value, now: Date.now() }));
      },
      // Whatever the server's default: the commit waits for the WAL flush, so a rotated
      // token (the old one is already dead) is never lost to a crash.
      'SET LOCAL synchronous_commit = on',
    );
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end().catch(() => undefined);
  }
}
