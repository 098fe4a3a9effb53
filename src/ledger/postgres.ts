/**
 * The ledger in PostgreSQL (`pg`), shared by every machine of a newsroom. Same tables and
 * columns as SQLite (times are BIGINT milliseconds, mapped by rows.ts), same behaviour:
 * - `begin` inserts the in-flight row with ON CONFLICT DO NOTHING, else locks the row with
 *   SELECT … FOR UPDATE: two editors publishing one article at once get one claim; the
 *   second sees the holder.
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
import {
  nextUpdatedAt,
  parseSnapshot,
  snapshotOf,
  toPostRecord,
  toScheduledPost,
  type PostRow,
  type QueueRow,
} from './rows.js';
import type { BeginResult, ClaimOptions, Ledger, NewScheduledPost, PostRecord, ScheduledPost, Settlement } from './types.js';

/** A claimed queue row whose worker has been silent this long is offered again. */
export const defaultStaleAfterMs = 15 * 60 * 1000;
/** How many ended (done, failed, cancelled) queue rows `listScheduled` shows. */
export const endedRowsListed = 50;
const defaultLockTimeoutMs = 5000;
/** The advisory lock whole-article claims take turns on ("publ" + "clai"). */
const claimLockKey = '8103491322337651049';
/** Connections per process: a run sends several articles (each to a few channels) at once; each change is short. */
const poolSize = 4;
const connectTimeoutMs = 10_000;

/** Options of `openPostgresLedger`: the same as every backend's. */
export type PostgresLedgerOptions = LedgerOptions;

interface Identity {
  host: string;
  pid: number;
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
  const lockTimeoutMs = opts.busyTimeoutMs ?? defaultLockTimeoutMs;
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
    lockTimeoutMs: opts.busyTimeoutMs ?? defaultLockTimeoutMs,
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

const noReceipt = { remote_id: null, url: null, extra: null };

/** A queue id as PostgreSQL's BIGINT takes it, or undefined when it cannot be one. */
function queueId(id: string): string | undefined {
  return /^[1-9][0-9]{0,18}$/.test(id) && BigInt(id) <= 9223372036854775807n ? id : undefined;
}

const insertPost = `
  INSERT INTO posts (article, channel, status, remote_id, url, extra, content_hash, attempts, last_error,
                     host, pid, created_at, updated_at, sent_at, settled)
  VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $9, $10, $11, $11, $12, NULL)`;

/** Values for `insertPost`, in its order. */
function insertValues(row: {
  article: string;
  channel: string;
  status: string;
  remote_id: string | null;
  url: string | null;
  extra: string | null;
  content_hash: string | null;
  last_error: string | null;
  host: string;
  pid: number;
  now: number;
  sent_at: number | null;
}): unknown[] {
  return [
    row.article, row.channel, row.status, row.remote_id, row.url, row.extra, row.content_hash,
    row.last_error, row.host, row.pid, row.now, row.sent_at,
  ];
}

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
   * Locks the (article, channel) row for this transaction, or inserts `fresh` when there is
   * none. Returns the locked row, or undefined when `fresh` was inserted. A row deleted or
   * inserted by another transaction between the two steps is simply tried again.
   */
  async #lockOrInsert(client: PoolClient, article: string, channel: string, fresh: unknown[]): Promise<PostRow | undefined> {
    for (;;) {
      const locked = await client.query<PostRow>(
        'SELECT * FROM posts WHERE article = $1 AND channel = $2 FOR UPDATE',
        [article, channel],
      );
      if (locked.rows[0]) return locked.rows[0];
      const inserted = await client.query(`${insertPost} ON CONFLICT (article, channel) DO NOTHING`, fresh);
      if (inserted.rowCount === 1) return undefined;
    }
  }

  async get(article: string, channel: string): Promise<PostRecord | undefined> {
    const { rows } = await this.#query<PostRow>('SELECT * FROM posts WHERE article = $1 AND channel = $2', [
      article,
      channel,
    ]);
    return rows[0] && toPostRecord(rows[0]);
  }

  async begin(article: string, channel: string, contentHash: string, takeOver?: { updatedAt: Date }): Promise<BeginResult> {
    const now = Date.now();
    const { host, pid } = this.#me;
    const fresh = insertValues({
      article, channel, ...noReceipt, status: 'in_flight', content_hash: contentHash, last_error: null,
      host, pid, now, sent_at: null,
    });
    // The usual case, a first send, is one statement. When two runs insert at once, the
    // second waits for the first to commit and then inserts nothing.
    const inserted = await this.#query(`${insertPost} ON CONFLICT (article, channel) DO NOTHING`, fresh);
    if (inserted.rowCount === 1) return { ok: true, previous: undefined };
    return this.#transaction(async (client): Promise<BeginResult> => {
      const row = await this.#lockOrInsert(client, article, channel, fresh);
      if (!row) return { ok: true, previous: undefined };
      if (row.status === 'in_flight' && takeOver?.updatedAt.getTime() !== Number(row.updated_at)) {
        return { ok: false, holder: toPostRecord(row) };
      }
      await client.query(
        `UPDATE posts SET status = 'in_flight', attempts = attempts + 1, content_hash = $3,
                host = $4, pid = $5, updated_at = $6, settled = $7
         WHERE article = $1 AND channel = $2`,
        [
          article, channel, contentHash, host, pid, nextUpdatedAt(now, row.updated_at),
          // Taking over keeps the snapshot the stale holder saved: the last settled state.
          row.status === 'in_flight' ? row.settled : JSON.stringify(snapshotOf(row)),
        ],
      );
      return { ok: true, previous: toPostRecord(row) };
    });
  }

  async settle(article: string, channel: string, settlement: Settlement): Promise<void> {
    const now = Date.now();
    const { host, pid } = this.#me;
    // Sent and failed are one upsert each: atomic on their own, and a receipt is never
    // dropped, even for a row that is gone or no longer ours. updated_at always moves on
    // (the takeOver compare-and-swap tells writes apart by it).
    switch (settlement.status) {
      case 'sent': {
        const { receipt } = settlement;
        await this.#query(
          `${insertPost}
           ON CONFLICT (article, channel) DO UPDATE SET status = 'sent', remote_id = excluded.remote_id,
             url = excluded.url, extra = excluded.extra, content_hash = excluded.content_hash,
             sent_at = excluded.sent_at, last_error = NULL, host = excluded.host, pid = excluded.pid,
             updated_at = GREATEST(excluded.updated_at, posts.updated_at + 1), settled = NULL`,
          insertValues({
            article, channel, status: 'sent', remote_id: receipt.id, url: receipt.url ?? null,
            extra: receipt.extra === undefined ? null : JSON.stringify(receipt.extra),
            content_hash: settlement.contentHash, last_error: null, host, pid, now, sent_at: now,
          }),
        );
        return;
      }
      case 'failed':
        // A failed --update or --force leaves the earlier post live: keep its receipt and
        // the hash saved before begin, so the row still says what is on the platform.
        await this.#query(
          `${insertPost}
           ON CONFLICT (article, channel) DO UPDATE SET status = 'failed', last_error = excluded.last_error,
             content_hash = CASE WHEN posts.remote_id IS NOT NULL AND posts.settled IS NOT NULL
                                 THEN posts.settled::jsonb ->> 'content_hash' ELSE posts.content_hash END,
             host = excluded.host, pid = excluded.pid,
             updated_at = GREATEST(excluded.updated_at, posts.updated_at + 1), settled = NULL`,
          insertValues({
            article, channel, ...noReceipt, status: 'failed', content_hash: null, last_error: settlement.error,
            host, pid, now, sent_at: null,
          }),
        );
        return;
      case 'released':
        return this.#transaction(async (client) => {
          const { rows } = await client.query<PostRow>(
            'SELECT * FROM posts WHERE article = $1 AND channel = $2 FOR UPDATE',
            [article, channel],
          );
          const row = rows[0];
          if (!row || row.status !== 'in_flight') return;
          const settled = parseSnapshot(row);
          // Nothing was sent: put the row back exactly as it was, or remove the claim.
          if (!settled) {
            await client.query('DELETE FROM posts WHERE article = $1 AND channel = $2', [article, channel]);
            return;
          }
          await client.query(
            `UPDATE posts SET status = $3, content_hash = $4, attempts = $5, last_error = $6, host = $7, pid = $8,
                    updated_at = $9, settled = NULL
             WHERE article = $1 AND channel = $2`,
            [article, channel, settled.status, settled.content_hash, settled.attempts, settled.last_error,
              settled.host, settled.pid, nextUpdatedAt(now, row.updated_at)],
          );
        });
    }
  }

  async list(article?: string): Promise<PostRecord[]> {
    // COLLATE "C": the same byte order SQLite uses, whatever the database's locale.
    const { rows } =
      article === undefined
        ? await this.#query<PostRow>('SELECT * FROM posts ORDER BY updated_at DESC, article COLLATE "C", channel COLLATE "C"')
        : await this.#query<PostRow>(
            'SELECT * FROM posts WHERE article = $1 ORDER BY updated_at DESC, channel COLLATE "C"',
            [article],
          );
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
    return rows.sort((a, b) => compareIds(a.id, b.id)).map(toScheduledPost);
  }

  async claimDue(now: Date, worker: string, limit: number, staleAfterMs = defaultStaleAfterMs, opts?: ClaimOptions): Promise<ScheduledPost[]> {
    this.#assertOpen();
    if (limit <= 0 || (opts?.articles !== undefined && opts.articles <= 0)) return [];
    const at = now.getTime();
    const { rows } = opts ? { rows: await this.#claimArticles(at, worker, limit, staleAfterMs, opts) } : await this.#query<QueueRow>(
      `UPDATE queue SET status = 'claimed', claimed_by = $1, claimed_at = $2
       WHERE id IN (
         SELECT id FROM queue
         WHERE (status = 'scheduled' AND due_at <= $2) OR (status = 'claimed' AND claimed_at < $3)
         ORDER BY due_at, id
         LIMIT $4
         FOR UPDATE SKIP LOCKED
       )
       RETURNING *`,
      [worker, at, at - staleAfterMs, Math.floor(limit)],
    );
    // RETURNING promises no order.
    return rows
      .map(toScheduledPost)
      .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || compareIds(a.id, b.id));
  }

  /**
   * Whole articles at a time. The claims of all runs take turns (an advisory lock held for
   * the transaction): picking an article's rows is not one row lock, and two runs that
   * picked the same articles at once would split them (or both find nothing and stop).
   */
  #claimArticles(at: number, worker: string, limit: number, staleAfterMs: number, opts: ClaimOptions): Promise<QueueRow[]> {
    return this.#transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [claimLockKey]);
      const { rows } = await client.query<QueueRow>(
        `UPDATE queue SET status = 'claimed', claimed_by = $1, claimed_at = $2
         WHERE id IN (
           WITH open AS (
             SELECT id, article, due_at FROM queue
             WHERE ((status = 'scheduled' AND due_at <= $2) OR (status = 'claimed' AND claimed_at < $3))
               AND NOT (channel = ANY ($6::text[]))
           ), picked AS (
             SELECT article, min(due_at) AS first_due, min(id) AS first_id FROM open
             GROUP BY article ORDER BY first_due, first_id LIMIT $5
           )
           SELECT open.id FROM open JOIN picked ON picked.article = open.article
           ORDER BY picked.first_due, picked.first_id, open.id LIMIT $4
         )
         RETURNING *`,
        [worker, at, at - staleAfterMs, Math.floor(limit), Math.floor(opts.articles ?? limit), [...(opts.except ?? [])]],
      );
      return rows;
    });
  }

  async releaseClaimed(ids: readonly string[]): Promise<number> {
    this.#assertOpen();
    const valid = ids.map(queueId).filter((id): id is string => id !== undefined);
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
    const rowId = queueId(id);
    const missing = () => new LedgerError(`${this.location}: no queued post has the id ${JSON.stringify(id)}`);
    if (rowId === undefined) throw missing();
    const done = await this.#query(
      `UPDATE queue SET status = $2, last_error = $3, ended_at = $4 WHERE id = $1 AND status = 'claimed'`,
      [rowId, status, error ?? null, Date.now()],
    );
    // A row that is no longer claimed was ended (or re-offered as stale) already: leave it.
    if (done.rowCount === 0) {
      const exists = await this.#query('SELECT 1 FROM queue WHERE id = $1', [rowId]);
      if (exists.rowCount === 0) throw missing();
    }
  }

  async cancel(article: string, channel?: string): Promise<number> {
    const result =
      channel === undefined
        ? await this.#query(
            `UPDATE queue SET status = 'cancelled', ended_at = $1 WHERE status = 'scheduled' AND article = $2`,
            [Date.now(), article],
          )
        : await this.#query(
            `UPDATE queue SET status = 'cancelled', ended_at = $1
             WHERE status = 'scheduled' AND article = $2 AND channel = $3`,
            [Date.now(), article, channel],
          );
    return result.rowCount ?? 0;
  }

  async listScheduled(article?: string): Promise<ScheduledPost[]> {
    const { rows } = await this.#query<QueueRow>(
      `(SELECT * FROM queue WHERE status IN ('scheduled', 'claimed') AND ($1::text IS NULL OR article = $1))
       UNION ALL
       (SELECT * FROM queue WHERE status IN ('done', 'failed', 'cancelled') AND ($1::text IS NULL OR article = $1)
        ORDER BY ended_at DESC, id DESC LIMIT $2)
       ORDER BY due_at, id`,
      [article ?? null, endedRowsListed],
    );
    return rows.map(toScheduledPost);
  }

  async getToken(key: string): Promise<string | undefined> {
    const { rows } = await this.#query<{ value: string }>('SELECT value FROM tokens WHERE key = $1', [key]);
    return rows[0]?.value;
  }

  setToken(key: string, value: string): Promise<void> {
    return this.#transaction(
      async (client) => {
        await client.query(
          `INSERT INTO tokens (key, value, updated_at) VALUES ($1, $2, $3)
           ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
          [key, value, Date.now()],
        );
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

/** Orders BIGINT ids given as strings or numbers. */
function compareIds(a: string | number | bigint, b: string | number | bigint): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
