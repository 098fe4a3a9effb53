import type { Article, Dropped } from './article/types.js';
import type { Measure, Problem } from './channels/types.js';

/** How one channel ended for one article (DESIGN.md's `status`). */
export type ChannelStatus =
  | 'valid'
  | 'invalid'
  | 'published'
  | 'updated'
  | 'unchanged'
  | 'scheduled'
  | 'skipped'
  | 'failed';

/** One channel's result for one article; printed as-is by `--json` (minus `measures`). */
export interface ChannelResult {
  channel: string;
  type: string;
  status: ChannelStatus;
  /** The platform payload (absent when skipped before rendering). */
  output?: Record<string, unknown>;
  problems: Problem[];
  remote?: { id: string; url?: string };
  error?: { code: string; message: string; retryable: boolean };
  /** Why it was skipped, unchanged or scheduled, in words. */
  reason?: string;
  /** When it is scheduled for (ISO). */
  at?: string;
  /** Sizes against limits; human output only. */
  measures?: Measure[];
}

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
  return r.status === 'published' || r.status === 'updated' || r.error?.code === OUTCOME_UNKNOWN;
}

/** Results that make the exit code 1. */
export function isFailure(r: ChannelResult): boolean {
  return r.status === 'failed' || r.status === 'invalid' || r.error?.code === NOT_RECORDED;
}
