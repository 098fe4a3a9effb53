/**
 * Database rows and the records the `Ledger` interface hands out. Column names are the
 * same in every backend (see migrations.ts), so any backend can map its rows with these.
 */
import type { Receipt } from '../channels/types.js';
import type { HistoryAction, HistoryEntry, HistoryOutcome, PostRecord, PostStatus, ScheduledPost } from './types.js';

/** Integer columns come back as numbers (SQLite), strings or bigints (PostgreSQL BIGINT). */
export type DbInt = number | string | bigint;

/** A `posts` row as stored. */
export interface PostRow {
  article: string;
  channel: string;
  status: PostStatus;
  remote_id: string | null;
  url: string | null;
  extra: string | null;
  content_hash: string | null;
  attempts: DbInt;
  last_error: string | null;
  host: string;
  pid: DbInt;
  created_at: DbInt;
  updated_at: DbInt;
  sent_at: DbInt | null;
  /** JSON `SettledSnapshot` while in flight; null otherwise. */
  settled: string | null;
}

/**
 * The columns `begin` overwrites, as they were before it: what a release puts back, and
 * where a failed update finds the hash of the post that is still live.
 */
export interface SettledSnapshot {
  status: PostStatus;
  content_hash: string | null;
  attempts: number;
  last_error: string | null;
  host: string;
  pid: number;
  updated_at: number;
}

/** A `history` row as stored. */
export interface HistoryRow {
  id?: DbInt;
  article: string;
  channel: string;
  action: HistoryAction;
  outcome: HistoryOutcome;
  at: DbInt;
  host: string;
  content_hash: string | null;
  remote: string | null;
  detail: string | null;
}

/** A `history` row as the interface's `HistoryEntry`. */
export function toHistoryEntry(row: HistoryRow): HistoryEntry {
  return {
    article: row.article,
    channel: row.channel,
    action: row.action,
    outcome: row.outcome,
    at: new Date(toNumber(row.at)),
    host: row.host,
    contentHash: row.content_hash ?? undefined,
    remote: row.remote ?? undefined,
    detail: row.detail ?? undefined,
  };
}

/** A `queue` row as stored. */
export interface QueueRow {
  id: DbInt;
  article: string;
  channel: string;
  source: string;
  inline: string | null;
  source_hash: string;
  config: string;
  due_at: DbInt;
  publish_at: DbInt | null;
  status: ScheduledPost['status'];
  claimed_by: string | null;
  claimed_at: DbInt | null;
  created_at: DbInt;
  ended_at: DbInt | null;
  last_error: string | null;
}

/** An integer column as a JS number (ms times stay far below 2^53). */
export function toNumber(value: DbInt): number {
  return typeof value === 'number' ? value : Number(value);
}

function toDate(value: DbInt): Date {
  return new Date(toNumber(value));
}

function toOptionalDate(value: DbInt | null): Date | undefined {
  return value === null ? undefined : toDate(value);
}

/** The receipt columns of a row, or undefined when it was never sent. */
export function receiptOf(row: PostRow): Receipt | undefined {
  if (row.remote_id === null) return undefined;
  const receipt: Receipt = { id: row.remote_id };
  if (row.url !== null) receipt.url = row.url;
  if (row.extra !== null) receipt.extra = JSON.parse(row.extra) as Record<string, unknown>;
  return receipt;
}

/** A `posts` row as the interface's `PostRecord`. */
export function toPostRecord(row: PostRow): PostRecord {
  return {
    article: row.article,
    channel: row.channel,
    status: row.status,
    receipt: receiptOf(row),
    contentHash: row.content_hash ?? undefined,
    attempts: toNumber(row.attempts),
    lastError: row.last_error ?? undefined,
    host: row.host,
    pid: toNumber(row.pid),
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
    sentAt: toOptionalDate(row.sent_at),
  };
}

/** The columns `begin` is about to overwrite. */
export function snapshotOf(row: PostRow): SettledSnapshot {
  return {
    status: row.status,
    content_hash: row.content_hash,
    attempts: toNumber(row.attempts),
    last_error: row.last_error,
    host: row.host,
    pid: toNumber(row.pid),
    updated_at: toNumber(row.updated_at),
  };
}

/** The snapshot kept in an in-flight row, if it had been settled before. */
export function parseSnapshot(row: PostRow): SettledSnapshot | undefined {
  return row.settled === null ? undefined : (JSON.parse(row.settled) as SettledSnapshot);
}

/** A `queue` row as the interface's `ScheduledPost` (ids are strings). */
export function toScheduledPost(row: QueueRow): ScheduledPost {
  return {
    id: String(row.id),
    article: row.article,
    channel: row.channel,
    source: row.source,
    inline: row.inline ?? undefined,
    sourceHash: row.source_hash,
    config: row.config,
    dueAt: toDate(row.due_at),
    publishAt: toOptionalDate(row.publish_at),
    status: row.status,
    claimedBy: row.claimed_by ?? undefined,
    claimedAt: toOptionalDate(row.claimed_at),
    createdAt: toDate(row.created_at),
    lastError: row.last_error ?? undefined,
  };
}
