/**
 * The queue (`publish run`): claims a few whole articles at a time (a transaction:
 * overlapping runs never take the same row), sends up to `concurrency` articles at once, and
 * claims more as they finish, until nothing is due or the limit is reached. A channel whose
 * pace (`per_minute:`) is full is left out of the claims meanwhile, so unrelated posts never
 * wait for it.
 */
import { readArticles } from '../article/read.js';
import type { Article } from '../article/types.js';
import type { ChannelConfig } from '../config/types.js';
import { ArticleError, LedgerError, PublishError } from '../errors.js';
import { sleep } from '../http/deadline.js';
import type { ScheduledPost } from '../ledger/types.js';
import type { CommandContext } from './context.js';
import { sendArticle } from './fan-out.js';
import { articleOptions } from './inputs.js';
import { withDropped, type ArticleResult, type ChannelResult, type RunResult } from './result.js';
import { assertSendable, endRun, noteLedgerFailure, startSession, wasNotStarted, type DeliverDeps } from './session.js';
import type { Config } from '../config/types.js';

/** Most rows one claim takes (a claim is whole articles; this only bounds a huge fan-out). */
const MAX_ROWS_PER_CLAIM = 1000;

/**
 * Works through the due posts: sends them (several articles at once, plain progress lines
 * naming the article), then, unless stopped, finishes the checks of posts a platform was
 * still processing (TikTok).
 */
export async function runQueue(config: Config, ctx: CommandContext, opts: { limit: number; concurrency: number }): Promise<RunResult> {
  const session = await startSession(config, ctx.report, {
    env: ctx.io.env,
    instead: 'or send its articles again with `publish <article> --force`',
    manyArticles: true,
  });
  const { deps } = session;
  try {
    const articles = await workThroughQueue(deps, ctx, { ...opts, worker: `${deps.host}:${process.pid}` });
    if (articles.length === 0 && !deps.run.ledgerError) ctx.report.note('nothing is due');
    // Cron also finishes the checks of posts a platform was still processing.
    if (!deps.stop.aborted && !deps.run.ledgerError) {
      const { finishPending, isPending } = await import('./pending-posts.js');
      const rows = await deps.ledger.list();
      if (rows.some(isPending)) await finishPending(rows, config, deps.ledger, ctx.report);
    }
    return endRun(articles, deps.run, deps.stop);
  } finally {
    await session.end();
  }
}

/** Claims and sends until nothing is due, `limit` rows were taken, Ctrl-C, or the ledger fails. */
async function workThroughQueue(deps: DeliverDeps, ctx: CommandContext, opts: { limit: number; concurrency: number; worker: string }): Promise<ArticleResult[]> {
  const out: ArticleResult[] = [];
  const active = new Set<Promise<void>>();
  let left = opts.limit;
  const halted = () => Boolean(deps.stop?.aborted || deps.run?.ledgerError);
  while (!halted()) {
    const room = opts.concurrency - active.size;
    let claimed: ScheduledPost[] = [];
    if (room > 0 && left > 0) {
      claimed = await claim(deps, opts.worker, room, left, active.size === 0);
      left -= claimed.length;
      for (const [id, rows] of byArticle(claimed)) {
        const task = runArticle(id, rows, deps, ctx, new Date()).then((r) => void out.push(r));
        active.add(task);
        void task.finally(() => active.delete(task));
      }
    }
    if (claimed.length > 0) continue;
    if (active.size === 0) break;
    // Wait for an article to finish, or for a paced channel to have room again.
    const wake = deps.pacers?.nextFree(Date.now());
    const timer = new AbortController();
    const paced = wake === undefined ? [] : [sleep(wake - Date.now(), timer.signal).catch(() => undefined)];
    await Promise.race([...active, ...paced]);
    timer.abort(); // a timer left behind would keep the process alive
  }
  await Promise.all(active);
  return out;
}

/**
 * Claims up to `articles` whole articles, leaving out the channels whose pace is full. When
 * nothing else is due and nothing is running, their rows are claimed anyway: they wait for
 * their turn in the run instead of ending it.
 */
async function claim(deps: DeliverDeps, worker: string, articles: number, left: number, idle: boolean): Promise<ScheduledPost[]> {
  const rows = Math.min(left, MAX_ROWS_PER_CLAIM);
  const busy = deps.pacers?.busyAt(Date.now() + 1000) ?? [];
  try {
    const claimed = await deps.ledger.claimDue(new Date(), worker, rows, undefined, { articles, except: busy });
    if (claimed.length > 0 || busy.length === 0 || !idle) return claimed;
    return await deps.ledger.claimDue(new Date(), worker, rows, undefined, { articles: 1 });
  } catch (error) {
    if (!(error instanceof LedgerError)) throw error;
    noteLedgerFailure(deps.run, error);
    return [];
  }
}

function byArticle(rows: readonly ScheduledPost[]): Map<string, ScheduledPost[]> {
  const groups = new Map<string, ScheduledPost[]>();
  for (const row of rows) groups.set(row.article, [...(groups.get(row.article) ?? []), row]);
  return groups;
}

/** Ends a queue row; a ledger that fails here stops the run from claiming more. */
async function endRow(deps: DeliverDeps, row: ScheduledPost, r: ChannelResult | undefined, failedMessage?: string): Promise<void> {
  try {
    if (r && wasNotStarted(r)) await deps.ledger.releaseClaimed([row.id]);
    else if (failedMessage !== undefined || r?.status === 'failed') await deps.ledger.finishScheduled(row.id, 'failed', failedMessage ?? r?.error?.message);
    else await deps.ledger.finishScheduled(row.id, 'done');
  } catch (error) {
    if (!(error instanceof LedgerError)) throw error;
    noteLedgerFailure(deps.run, error);
  }
}

/** One article's due posts: read the article as it is now and send it to those channels. */
async function runArticle(id: string, rows: ScheduledPost[], deps: DeliverDeps, ctx: CommandContext, now: Date): Promise<ArticleResult> {
  const { config } = deps;
  const first = rows[0] as ScheduledPost;
  const fail = async (message: string): Promise<ArticleResult> => {
    const results: ChannelResult[] = [];
    for (const row of rows) {
      await endRow(deps, row, undefined, message);
      const type = config.channels.find((c) => c.name === row.channel)?.type ?? 'unknown';
      results.push({ channel: row.channel, type, status: 'failed', problems: [], error: { code: 'not_sendable', message, retryable: false } });
    }
    return { id, source: first.source, title: id, results };
  };

  let article: Article;
  try {
    [article] = (await readArticles([first.source], { cwd: ctx.io.cwd, ...articleOptions(config, ctx) })) as [Article];
  } catch (error) {
    return fail(error instanceof ArticleError ? error.message : `${first.source}: cannot be read`);
  }
  const changed = article.sourceHash !== first.sourceHash;
  if (changed) deps.report.note(`${article.source}: changed since it was queued; sending it as it is now`);

  const channels = rows.map((r) => config.channels.find((c) => c.name === r.channel));
  const gone = rows.filter((_, i) => channels[i] === undefined);
  if (gone.length > 0) {
    for (const row of gone) await endRow(deps, row, undefined, `channel ${row.channel} is no longer in channels.yaml`);
    deps.report.warn(`${id}: channel ${gone.map((r) => r.channel).join(', ')} is no longer in ${config.file}; those posts were dropped`);
  }
  const present = channels.filter((c): c is ChannelConfig => c !== undefined);
  try {
    assertSendable(config, present);
  } catch (error) {
    if (error instanceof PublishError) return fail(error.message.split('\n')[0] ?? error.message);
    throw error;
  }

  const publishAt = first.publishAt && first.publishAt > now ? first.publishAt : undefined;
  const result = await sendArticle(article, present, { ...deps, ...(publishAt ? { publishAt } : {}) }, now);
  for (const r of result.results) {
    const row = rows.find((x) => x.channel === r.channel);
    if (!row) continue;
    await endRow(deps, row, r);
    if (changed && r.status !== 'failed' && !wasNotStarted(r)) r.reason = `${r.reason ? `${r.reason}; ` : ''}the article changed since it was queued: sent as it is now`;
  }
  return withDropped(result, article);
}
