/**
 * The ledger's rules, written once for every backend: what `begin` and `settle` make of an
 * (article, channel) row, which queue ids exist, how claims are bounded and ordered, and the
 * defaults. A backend reads the row under its own lock (SQLite's write transaction,
 * PostgreSQL's SELECT … FOR UPDATE), asks these functions what to write, and writes it with
 * the statements of statements.ts. The contract suite (tests/ledger/contract.ts) runs on both.
 */
import type { Receipt } from '../channels/types.js';
import { scrub } from '../scrub.js';
import { parseSnapshot, snapshotOf, toNumber, toPostRecord, type HistoryRow, type PostRow } from './rows.js';
import type { BeginResult, ClaimOptions, NewHistoryEntry, ScheduledPost, Settlement } from './types.js';

/** A claimed queue row whose worker has been silent this long is offered again. */
export const defaultStaleAfterMs = 15 * 60 * 1000;
/** How many ended (done, failed, cancelled) queue rows `listScheduled` shows. */
export const endedRowsListed = 50;
/** How long to wait for another process's lock before failing, ms. */
export const defaultBusyTimeoutMs = 5000;

/** Who writes: the machine and process every row it touches names. */
export interface Writer {
  host: string;
  pid: number;
}

/** A whole `posts` row as written (integers as numbers). */
export interface PostValues {
  article: string;
  channel: string;
  status: PostRow['status'];
  remote_id: string | null;
  url: string | null;
  extra: string | null;
  content_hash: string | null;
  attempts: number;
  last_error: string | null;
  host: string;
  pid: number;
  created_at: number;
  updated_at: number;
  sent_at: number | null;
  settled: string | null;
}

/** A `history` row as written (no id: the database gives it). */
export type HistoryValues = Omit<HistoryRow, 'id' | 'at'> & { at: number };

/**
 * What to do to a `posts` row: write it whole (inserting it when there was none), delete it,
 * or nothing; and the history entry to add in the same transaction, if any.
 */
export type PostChange = { write: PostValues; event?: HistoryValues } | { delete: true } | undefined;

/** The history row for `entry`, written by `writer` at `now` unless the entry has its own time. */
export function historyValues(entry: NewHistoryEntry, writer: Writer, now: number): HistoryValues {
  return {
    article: entry.article,
    channel: entry.channel,
    action: entry.action,
    outcome: entry.outcome,
    at: entry.at?.getTime() ?? now,
    host: writer.host,
    content_hash: entry.contentHash ?? null,
    remote: entry.remote ?? null,
    detail: entry.detail === undefined ? null : scrub(entry.detail),
  };
}

/**
 * `updated_at` for a row being changed: now, but always later than the row's last value,
 * so the takeOver compare-and-swap can tell two writes in the same millisecond apart.
 */
export function nextUpdatedAt(now: number, previous: PostRow['updated_at'] | undefined): number {
  return previous === undefined ? now : Math.max(now, toNumber(previous) + 1);
}

function valuesOf(row: PostRow): PostValues {
  return {
    ...row,
    attempts: toNumber(row.attempts),
    pid: toNumber(row.pid),
    created_at: toNumber(row.created_at),
    updated_at: toNumber(row.updated_at),
    sent_at: row.sent_at === null ? null : toNumber(row.sent_at),
  };
}

/** A row that did not exist: its first attempt, by `writer`, now. */
function firstRow(article: string, channel: string, writer: Writer, now: number): PostValues {
  return {
    article, channel, status: 'in_flight', remote_id: null, url: null, extra: null, content_hash: null,
    attempts: 1, last_error: null, host: writer.host, pid: writer.pid, created_at: now, updated_at: now,
    sent_at: null, settled: null,
  };
}

function receiptColumns(receipt: Receipt): Pick<PostValues, 'remote_id' | 'url' | 'extra'> {
  return {
    remote_id: receipt.id,
    url: receipt.url ?? null,
    extra: receipt.extra === undefined ? null : JSON.stringify(receipt.extra),
  };
}

/**
 * `begin`: claims the row as in flight (attempts + 1) and keeps what was settled before,
 * so a release or a failed update can put it back. Refused while another run holds it in
 * flight, unless `takeOver` names the holder's exact `updatedAt` (compare-and-swap).
 */
export function beginPost(
  row: PostRow | undefined,
  key: { article: string; channel: string },
  contentHash: string,
  writer: Writer,
  now: number,
  takeOver?: { updatedAt: Date },
): { result: BeginResult; change: PostChange } {
  if (!row) {
    const fresh = { ...firstRow(key.article, key.channel, writer, now), content_hash: contentHash };
    return { result: { ok: true, previous: undefined }, change: { write: fresh } };
  }
  if (row.status === 'in_flight' && takeOver?.updatedAt.getTime() !== toNumber(row.updated_at)) {
    return { result: { ok: false, holder: toPostRecord(row) }, change: undefined };
  }
  const claimed: PostValues = {
    ...valuesOf(row),
    status: 'in_flight',
    attempts: toNumber(row.attempts) + 1,
    content_hash: contentHash,
    host: writer.host,
    pid: writer.pid,
    updated_at: nextUpdatedAt(now, row.updated_at),
    // Taking over keeps the snapshot the stale holder saved: the last settled state.
    settled: row.status === 'in_flight' ? row.settled : JSON.stringify(snapshotOf(row)),
  };
  return { result: { ok: true, previous: toPostRecord(row) }, change: { write: claimed } };
}

/**
 * `settle`: how a send ended.
 * - sent: the receipt, hash and time; never dropped, even for a row that is gone or no longer ours.
 * - failed: the error. A failed --update or --force leaves the earlier post live, so the row
 *   keeps its receipt and the hash saved before `begin`: it still says what is on the platform.
 * - released: nothing was sent: the row goes back exactly as it was settled, or the claim of a
 *   first send is removed. A row that is not in flight is left alone.
 */
export function settlePost(
  row: PostRow | undefined,
  key: { article: string; channel: string },
  settlement: Settlement,
  writer: Writer,
  now: number,
): PostChange {
  const base = row ? valuesOf(row) : firstRow(key.article, key.channel, writer, now);
  const touched = { host: writer.host, pid: writer.pid, updated_at: nextUpdatedAt(now, row?.updated_at), settled: null };
  const event = (written: PostValues, action: HistoryValues['action'], outcome: HistoryValues['outcome'], detail: string | null): HistoryValues => ({
    article: key.article, channel: key.channel, action, outcome, at: now, host: writer.host,
    content_hash: written.content_hash, remote: written.url ?? written.remote_id, detail: detail === null ? null : scrub(detail),
  });
  const withEvent = (write: PostValues, action: HistoryValues['action'], outcome: HistoryValues['outcome'], detail: string | null) =>
    ({ write, event: event(write, action, outcome, detail) });
  switch (settlement.status) {
    case 'sent': {
      const write: PostValues = {
        ...base,
        ...touched,
        ...receiptColumns(settlement.receipt),
        status: 'sent',
        content_hash: settlement.contentHash,
        sent_at: now,
        last_error: null,
      };
      return withEvent(write, settlement.action ?? 'send', 'ok', null);
    }
    case 'failed': {
      const settled = row ? parseSnapshot(row) : undefined;
      const contentHash = row?.remote_id != null && settled ? settled.content_hash : base.content_hash;
      const write: PostValues = { ...base, ...touched, status: 'failed', last_error: settlement.error, content_hash: contentHash };
      return withEvent(write, settlement.action ?? 'send', 'failed', settlement.error);
    }
    case 'retracted': {
      const write: PostValues = { ...base, ...touched, status: 'retracted', last_error: null };
      return withEvent(write, 'retract', settlement.outcome, settlement.detail);
    }
    case 'cancelled': {
      const write: PostValues = { ...base, ...touched, ...receiptColumns(settlement.receipt), status: 'cancelled', last_error: null };
      return withEvent(write, 'cancel', 'ok', settlement.detail);
    }
    case 'released': {
      if (!row || row.status !== 'in_flight') return undefined;
      const settled = parseSnapshot(row);
      if (!settled) return { delete: true };
      const { updated_at: _stale, ...before } = settled;
      return { write: { ...base, ...before, updated_at: touched.updated_at, settled: null } };
    }
  }
}

/** A queue id as the `queue.id` column takes it (a positive BIGINT, as a string), or undefined. */
export function queueId(id: string): string | undefined {
  return /^[1-9][0-9]{0,18}$/.test(id) && BigInt(id) <= 9223372036854775807n ? id : undefined;
}

/**
 * What `claimDue` asks the database for, or undefined when it can claim nothing.
 * Rows whose claim is older than `staleAfterMs` (a killed run) are offered again.
 */
export function claimBounds(
  now: Date,
  limit: number,
  staleAfterMs: number,
  opts: ClaimOptions | undefined,
): { now: number; staleBefore: number; limit: number; articles: number | undefined; except: string[] } | undefined {
  if (limit <= 0 || (opts?.articles !== undefined && opts.articles <= 0)) return undefined;
  return {
    now: now.getTime(),
    staleBefore: now.getTime() - staleAfterMs,
    limit: Math.floor(limit),
    articles: opts ? Math.floor(opts.articles ?? limit) : undefined,
    except: [...(opts?.except ?? [])],
  };
}

/** Queue rows in the order runs take them: due first, then queued first (RETURNING promises no order). */
export function byDueThenId(rows: ScheduledPost[]): ScheduledPost[] {
  return rows.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || compareIds(a.id, b.id));
}

/** Orders BIGINT ids given as strings or numbers. */
export function compareIds(a: string | number | bigint, b: string | number | bigint): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
