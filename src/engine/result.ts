import type { Article, Dropped } from '../article/types.js';

export type { ChannelResult, ChannelStatus } from '../channels/types.js';
import type { ChannelResult, SourcePosition } from '../channels/types.js';
import type { HistoryEntry } from '../ledger/types.js';

/** Everything done for one article. */
export interface ArticleResult {
  id: string;
  source: string;
  title: string;
  /** Paragraphs dropped as boilerplate, with their line and reason (absent when the article could not be read). */
  dropped?: Dropped[];
  /** The link in the posts is a stand-in (dry-run of an article without `url`). */
  linkPredicted?: boolean;
  results: ChannelResult[];
}

/** The one document `--json` prints for `publish` and `publish run`. */
export interface RunResult {
  ok: boolean;
  dryRun: boolean;
  /** Stopped by Ctrl-C: what was on the wire finished, nothing new started (exit 130). */
  interrupted?: boolean;
  articles: ArticleResult[];
}

/** The result with the article's dropped paragraphs, placed after its title (the JSON's key order). */
export function withDropped(result: ArticleResult, article: Article): ArticleResult {
  const { id, source, title, ...rest } = result;
  return { id, source, title, dropped: [...article.dropped], ...rest };
}

/**
 * `error.code` of a post that went out but that the ledger could not record (disk full):
 * its status says what happened on the platform, this says the ledger does not know it.
 */
export const NOT_RECORDED = 'not_recorded';

/** `error.code` of a post whose request got no answer: it may have gone out. */
export const OUTCOME_UNKNOWN = 'outcome_unknown';

/** A post that went out, or may have: a later failure must not hide it. */
export function wentOut(r: ChannelResult): boolean {
  return r.status === 'published' || r.status === 'updated' || (r.status === 'scheduled' && r.remote !== undefined) || r.error?.code === OUTCOME_UNKNOWN;
}

/** Results that make the exit code 1. */
export function isFailure(r: ChannelResult): boolean {
  return r.status === 'failed' || r.status === 'invalid' || r.error?.code === NOT_RECORDED;
}

/** One line of `publish status --json`. */
export interface StatusPost {
  article: string;
  channel: string;
  status: 'sent' | 'failed' | 'in_flight' | 'scheduled' | 'cancelled' | 'retracted';
  /** ISO time: when sent / last tried, or when due (a post the platform holds: when it goes live). */
  at: string;
  remote: { id: string; url?: string } | null;
  error: string | null;
  /** The machine that sent (or claimed) it. */
  host: string | null;
}

/** What `publish status [article]` found (`--json` prints `{posts}`). */
export interface StatusResult {
  /** The article asked about, if any. */
  article: string | undefined;
  posts: StatusPost[];
  /** One article's history, oldest first (only when an article was asked about). */
  history?: HistoryLine[];
}

/** One entry of a post's history, as `publish status <id> --json` prints it. */
export interface HistoryLine {
  at: string;
  channel: string;
  action: HistoryEntry['action'];
  outcome: HistoryEntry['outcome'];
  host: string;
  contentHash: string | null;
  remote: string | null;
  detail: string | null;
}

/** How one channel's cancel or retract ended. */
export type LifecycleStatus =
  /** A held post is a draft again: it will not go live. */
  | 'unscheduled'
  | 'retracted'
  /** The platform cannot do it through its API: `detail` says what a person must do. */
  | 'manual'
  /** --dry-run: `detail` is exactly what would be done. */
  | 'planned'
  /** Done before (retracted already, a draft already). */
  | 'unchanged'
  | 'skipped'
  | 'failed';

/** One channel's line of `publish cancel` or `publish retract` (`--json` prints it as is). */
export interface LifecycleResult {
  channel: string;
  type: string;
  status: LifecycleStatus;
  remote?: { id: string; url?: string };
  /** What was done (or would be), one line. */
  detail?: string;
  /** Why nothing was done. */
  reason?: string;
  error?: { code: string; message: string; retryable: boolean };
}

/** What `publish cancel` did (`--json` prints it as is). */
export interface CancelResult {
  /** False when a post the platform holds could not be made a draft (exit 1): it may still go live. */
  ok: boolean;
  /** Queued posts dropped. */
  cancelled: number;
  article: string;
  channel: string | null;
  /** Posts the platform held for a time, each made a draft again (or why not). */
  posts: LifecycleResult[];
}

/** What `publish retract` did, or (`--dry-run`) would do. */
export interface RetractResult {
  /** False when a channel could not be retracted (exit 1). */
  ok: boolean;
  dryRun: boolean;
  /** The editor said no at the question: nothing was done. */
  declined?: boolean;
  article: string;
  channel: string | null;
  posts: LifecycleResult[];
}

/** One channel's line in `publish check`. */
export interface ChannelCheck {
  channel: string;
  type: string;
  /** False when the channel cannot send as configured (online failure, missing secret). */
  ok: boolean;
  /** What works, or what to fix. */
  message: string;
  /** True when the platform itself was asked (`--online` and the type can verify). */
  checked: boolean;
  /** Where the channel is written in channels.yaml, when it cannot send as configured. */
  source?: SourcePosition;
}

/** What `publish check` found; `--json` prints it as is (article results without `measures`). */
export interface CheckResult {
  ok: boolean;
  /** channels.yaml as the user named it. */
  config: string;
  warnings: string[];
  online: boolean;
  channels: ChannelCheck[];
  /** Each article's dry-run results (same shape as `publish --dry-run --json`). */
  articles: ArticleResult[];
}

/** What `publish preview` reports once the page is written. */
export interface PreviewWritten {
  /** Absolute path of the page. */
  file: string;
  /** False when a channel's post breaks a platform rule (exit code 1). */
  ok: boolean;
  /** Channels by dry-run status (`valid`, `invalid`, `skipped`). */
  counts: Record<string, number>;
  /** True when a browser was asked to open it, false when no opener was found, undefined without --open. */
  opened?: boolean;
}

/** What `publish init --ci github` wrote: the workflow, absolute and as the user would type it. */
export interface CiInitResult {
  files: [workflow: string];
  shown: { workflow: string };
}

/** What `publish init` wrote: absolute paths, and how to name them to the user. */
export interface InitResult {
  files: [config: string, envExample: string];
  /** The same files (and the .env to copy to) as the user would type them from the working directory. */
  shown: { config: string; envExample: string; env: string };
}

/** What `publish token <channel>` found in the ledger. */
export interface TokenResult {
  channel: string;
  /** The option, e.g. `refresh_token`. */
  key: string;
  /** The newest value, when the ledger holds one. */
  newest: string | undefined;
  /** False when channels.yaml already holds the newest. */
  onlyInLedger: boolean;
}

/** What `publish migrate` did to the ledger's schema. */
export interface MigrateResult {
  from: number;
  to: number;
}
