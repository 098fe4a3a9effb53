import type { Receipt } from '../channels/types.js';

/**
 * Status of one (article, channel) row (docs/ARCHITECTURE.md, "Deliver one post"):
 * `retracted` (taken down by `publish retract`) and `cancelled` (a post the platform held for
 * a time, turned back into a draft by `publish cancel`) keep the receipt of the post.
 */
export type PostStatus = 'sent' | 'failed' | 'in_flight' | 'retracted' | 'cancelled';

/** What happened to a post, as its history keeps it. */
export type HistoryAction = 'send' | 'update' | 'cancel' | 'retract';

/** How it ended: done, failed, or left to a person (TikTok has no delete). */
export type HistoryOutcome = 'ok' | 'failed' | 'manual';

/** One entry of a post's history (`publish status <id>`). */
export interface HistoryEntry {
  article: string;
  channel: string;
  action: HistoryAction;
  outcome: HistoryOutcome;
  at: Date;
  host: string;
  /** sha256 of the payload sent (send, update), or of the post taken down. */
  contentHash: string | undefined;
  /** The post's link or id. */
  remote: string | undefined;
  /** One line, secrets already scrubbed. */
  detail: string | undefined;
}

/** An entry to add (the ledger fills in the host and, unless given, the time). */
export type NewHistoryEntry = Omit<HistoryEntry, 'host' | 'at'> & { at?: Date };

/** One row per (article id, channel). */
export interface PostRecord {
  article: string;
  channel: string;
  status: PostStatus;
  /** Set once sent. */
  receipt: Receipt | undefined;
  /** sha256 of the rendered payload that was (or is being) sent. */
  contentHash: string | undefined;
  attempts: number;
  /** One line, secrets already scrubbed. */
  lastError: string | undefined;
  /** Machine (hostname, or $PUBLISH_HOST) and process that last touched the row. */
  host: string;
  pid: number;
  createdAt: Date;
  updatedAt: Date;
  /** When it was last sent successfully. */
  sentAt: Date | undefined;
}

/** What `begin` says when another run holds the row. */
export type BeginResult =
  | { ok: true; previous: PostRecord | undefined }
  | { ok: false; holder: PostRecord };

/** How a send (or a cancel, or a retract) ended. Each but `released` adds an entry to the history. */
export type Settlement =
  | { status: 'sent'; receipt: Receipt; contentHash: string; action?: 'send' | 'update' }
  /** The row keeps the receipt of a post that is still out there. */
  | { status: 'failed'; error: string; action?: HistoryAction }
  /** Release an in-flight claim without sending (nothing happened). */
  | { status: 'released' }
  /** Taken down (`manual`: a person must do it, the result says how). */
  | { status: 'retracted'; detail: string; outcome: 'ok' | 'manual' }
  /** A post the platform held for a time is a draft again: `receipt` is the draft. */
  | { status: 'cancelled'; receipt: Receipt; detail: string };

/** A queued post (publish --at, or a channel's `delay:`). */
export interface ScheduledPost {
  /** Queue row id. */
  id: string;
  article: string;
  channel: string;
  /** Absolute path of the article file when it was queued (stdin articles are stored inline). */
  source: string;
  /** The article's bytes when the source was stdin; undefined otherwise. */
  inline: string | undefined;
  /** Hash of the source when queued, to notice later edits. */
  sourceHash: string;
  /** channels.yaml it was queued with (absolute). */
  config: string;
  dueAt: Date;
  /** Article-level send time (for WordPress `date_gmt`). */
  publishAt: Date | undefined;
  status: 'scheduled' | 'claimed' | 'done' | 'failed' | 'cancelled';
  /** Which worker claimed it, and when. */
  claimedBy: string | undefined;
  claimedAt: Date | undefined;
  createdAt: Date;
  lastError: string | undefined;
}

export type NewScheduledPost = Pick<
  ScheduledPost,
  'article' | 'channel' | 'source' | 'inline' | 'sourceHash' | 'config' | 'dueAt' | 'publishAt'
>;

/** How `claimDue` picks rows for a run that sends several articles at once. */
export interface ClaimOptions {
  /** Every due row of at most this many articles, so an article's posts stay together. */
  articles?: number;
  /** Channels whose rows are left for later (their pace, `per_minute:`, is full). */
  except?: readonly string[];
}

/**
 * The ledger: what went where, the schedule queue, and rotated tokens. One interface,
 * backends chosen by `state:` (SQLite file, or postgres:// URL). All methods are atomic.
 */
export interface Ledger {
  /** Where it lives, with any password removed (for messages). */
  readonly location: string;
  get(article: string, channel: string): Promise<PostRecord | undefined>;
  /**
   * Claims the row for sending: writes it as in flight (attempts + 1) inside a transaction.
   * Refuses (ok: false) when it is already in flight, returning the holder; the caller
   * decides whether that holder is a live run or one that was killed.
   * `takeOver` passes the holder's updatedAt to replace a stale in-flight row atomically.
   */
  begin(
    article: string,
    channel: string,
    contentHash: string,
    takeOver?: { updatedAt: Date },
  ): Promise<BeginResult>;
  /** Settles an in-flight row. */
  settle(article: string, channel: string, settlement: Settlement): Promise<void>;
  /** Rows, newest first; only one article's when given. */
  list(article?: string): Promise<PostRecord[]>;

  schedule(posts: NewScheduledPost[]): Promise<ScheduledPost[]>;
  /**
   * Claims up to `limit` due rows (dueAt <= now, status scheduled) for `worker` in one
   * transaction: two overlapping runs never get the same row. Claimed rows older than
   * `staleAfterMs` (a killed run) are offered again. With `opts`, whole articles: every
   * due row of at most `opts.articles` articles (oldest first), still at most `limit` rows,
   * none of the `opts.except` channels.
   */
  claimDue(now: Date, worker: string, limit: number, staleAfterMs?: number, opts?: ClaimOptions): Promise<ScheduledPost[]>;
  /** Puts claimed rows back to scheduled (a run stopped before sending them); returns how many. */
  releaseClaimed(ids: readonly string[]): Promise<number>;
  /** Marks a claimed row done or failed. */
  finishScheduled(id: string, status: 'done' | 'failed', error?: string): Promise<void>;
  /** Cancels scheduled (not yet claimed) rows; returns how many. */
  cancel(article: string, channel?: string): Promise<number>;
  /** Scheduled, claimed and recently ended queue rows. */
  listScheduled(article?: string): Promise<ScheduledPost[]>;

  /** Adds an entry to a post's history (a queued post cancelled). */
  addHistory(entry: NewHistoryEntry): Promise<void>;
  /** One article's history, oldest first. */
  history(article: string): Promise<HistoryEntry[]>;

  /** Rotated platform tokens (TikTok refresh tokens). Never printed. */
  getToken(key: string): Promise<string | undefined>;
  setToken(key: string, value: string): Promise<void>;

  close(): Promise<void>;
}
