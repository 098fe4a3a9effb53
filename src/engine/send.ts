/**
 * `publish <article...>` without --dry-run: refuse before anything goes out when a channel
 * cannot send or a post breaks a rule; then each article in turn, its channels now or queued
 * (`--at`, `delay:`).
 */
import type { Article } from '../article/types.js';
import { getChannelType } from '../channels/index.js';
import type { ChannelConfig, Config } from '../config/types.js';
import { LedgerError, PublishError, UsageError } from '../errors.js';
import type { CommandContext } from './context.js';
import { sendArticle } from './fan-out.js';
import { preflight, selectChannels, skipReason } from './plan.js';
import { withDropped, type ArticleResult, type RunResult } from './result.js';
import { assertSendable, endRun, haltReason, noteLedgerFailure, startSession, type DeliverDeps } from './session.js';
import { parseWhen } from './when.js';

/** What `publish <article...>` asks of a send. */
export interface SendOptions {
  /** `--channel`: only these channels. */
  channel?: string[];
  /** `--at`: schedule instead of sending now. */
  at?: string;
  update?: boolean;
  force?: boolean;
}

/** Sends (or queues) every article to every channel that takes it. */
export async function sendArticles(config: Config, articles: Article[], opts: SendOptions, { io, report }: CommandContext, now: Date): Promise<RunResult> {
  const channels = selectChannels(config, opts.channel ?? []);
  if (opts.update && opts.at) throw new UsageError('--update edits posts now; it cannot be combined with --at');
  // Secrets are needed only by channels that take at least one of the articles.
  const takes = (c: ChannelConfig, a: Article) => {
    const type = getChannelType(c.type);
    return type !== undefined && skipReason(a, c, type) === undefined;
  };
  assertSendable(config, channels.filter((c) => articles.some((a) => takes(c, a))));
  const problems = preflight(config, articles, opts.channel ?? [], now);
  if (problems.length > 0) throw new PublishError('invalid', `${problems.join('\n')}\nnothing was sent: fix these (publish --dry-run shows every post)`);

  const at = opts.at ? parseWhen(opts.at, config.timezone, now) : undefined;
  const session = await startSession(config, report, { env: io.env, update: Boolean(opts.update), force: Boolean(opts.force) });
  try {
    const out: ArticleResult[] = [];
    for (const article of articles) out.push(withDropped(await sendOrSchedule(article, channels, session.deps, at, now), article));
    return endRun(out, session.deps.run, session.deps.stop);
  } finally {
    await session.end();
  }
}

/** One article: the channels that go now are sent, the others (`--at`, `delay:`) queued. */
async function sendOrSchedule(article: Article, channels: readonly ChannelConfig[], deps: DeliverDeps, at: Date | undefined, now: Date): Promise<ArticleResult> {
  const sendAt = at ?? now;
  // With --at, a website that can hold a post until a time gets it now, dated (WordPress
  // `future`): its link then exists for the posts that are queued.
  const native = (c: ChannelConfig) => at !== undefined && !c.delayMs && getChannelType(c.type)?.schedulesNatively === true;
  const scheduled = channels.filter((c) => !native(c) && (at !== undefined || (c.delayMs ?? 0) > 0));
  const immediate = channels.filter((c) => !scheduled.includes(c));
  const result = immediate.length > 0
    ? await sendArticle(article, immediate, { ...deps, ...(at ? { publishAt: at } : {}) }, now)
    : { id: article.id, source: article.source, title: article.title, results: [] };
  if (scheduled.length === 0) return result;
  const halt = haltReason(deps);
  if (halt) {
    for (const c of scheduled) result.results.push({ channel: c.name, type: c.type, status: halt.status, problems: [], ...(halt.status === 'skipped' ? { reason: halt.why } : { error: { code: 'ledger', message: halt.why, retryable: false } }) });
    return result;
  }
  const { scheduleArticle } = await import('./schedule.js');
  try {
    result.results.push(...(await scheduleArticle(article, scheduled, deps.config, deps.ledger, sendAt, now)));
  } catch (error) {
    if (!(error instanceof LedgerError)) throw error;
    noteLedgerFailure(deps.run, error);
    for (const c of scheduled) result.results.push({ channel: c.name, type: c.type, status: 'failed', problems: [], error: { code: 'ledger', message: `not scheduled: ${error.message}`, retryable: false } });
  }
  return result;
}
