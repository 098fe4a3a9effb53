import { readArticles } from '../article/read.js';
import type { Article } from '../article/types.js';
import { getChannelType } from '../channels/index.js';
import type { ChannelConfig } from '../config/types.js';
import { sleep } from '../deliver/deadline.js';
import { watchInterrupt } from '../deliver/interrupt.js';
import { Pacers } from '../deliver/pace.js';
import { assertSendable, endRun, newRunState, sendArticle, thisHost, wasNotStarted, type DeliverDeps } from '../deliver/send.js';
import { ArticleError, LedgerError, PublishError, UsageError } from '../errors.js';
import type { ScheduledPost } from '../ledger/types.js';
import { Report } from '../report.js';
import type { ArticleResult, ChannelResult, RunResult } from '../result.js';
import { withDropped } from '../result.js';
import type { GlobalOptions, Io } from './context.js';
import { articleOptions, loadCommandConfig } from './load.js';

/** `publish run` options. */
export interface RunOptions extends GlobalOptions {
  limit?: number;
  /** Articles sent at once. @default DEFAULT_CONCURRENCY */
  concurrency?: number;
}

/** Articles a run sends at once (each to all its due channels); it claims about as many at a time. */
export const DEFAULT_CONCURRENCY = 8;

/** Most rows one claim takes (a claim is whole articles; this only bounds a huge fan-out). */
const MAX_ROWS_PER_CLAIM = 1000;

/**
 * `publish run`: works through the due posts of the queue. It claims a few whole articles at
 * a time (a transaction: overlapping runs never take the same row), sends up to
 * `concurrency` articles at once, and claims more as they finish, until nothing is due or
 * `--limit` posts were taken. A channel whose pace (`per_minute:`) is full is left out of
 * the claims meanwhile, so unrelated posts never wait for it. Website posts go first
 * within an article so the others get the link.
 */
export async function runCommand(opts: RunOptions, io: Io): Promise<RunResult> {
  const limit = opts.limit ?? Number.POSITIVE_INFINITY;
  const concurrency = opts.concurrency ?? DEFAULT_CONCURRENCY;
  if (Number.isNaN(limit) || limit < 0) throw new UsageError('--limit: expected a whole number of posts, 0 or more');
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError('--concurrency: expected a whole number of articles, 1 or more');
  const config = await loadCommandConfig(opts.config, io);
  // Several articles go at once: plain progress lines, not one live line per channel.
  const report = new Report({ stdout: io.stdout, stderr: io.stderr, env: io.env, json: opts.json, live: false });
  const host = thisHost(io.env);
  const { openLedgerToSend } = await import('../ledger/guard.js');
  const ledger = await openLedgerToSend(config, {
    host,
    force: false,
    instead: 'or send its articles again with `publish <article> --force`',
    warn: (text) => report.warn(text),
  });
  const run = newRunState();
  const interrupt = watchInterrupt(report, () => run.active);
  try {
    const deps: DeliverDeps = { ledger, config, report, host, update: false, force: false, stop: interrupt.signal, run, pacers: new Pacers(), manyArticles: true };
    const articles = await workThroughQueue(deps, io, { limit, concurrency, worker: `${host}:${process.pid}` });
    if (articles.length === 0 && !run.ledgerError) report.note('nothing is due');
    // Cron also finishes the checks of posts a platform was still processing.
    if (!interrupt.signal.aborted && !run.ledgerError) {
      const { finishPending, isPending } = await import('../deliver/pending.js');
      const rows = await ledger.list();
      if (rows.some(isPending)) await finishPending(rows, config, ledger, report, io.env);
    }
    return endRun(articles, run, interrupt.signal);
  } finally {
    interrupt.dispose();
    await ledger.close();
  }
}

/** Claims and sends until nothing is due, `limit` rows were taken, Ctrl-C, or the ledger fails. */
async function workThroughQueue(deps: DeliverDeps, io: Io, opts: { limit: number; concurrency: number; worker: string }): Promise<ArticleResult[]> {
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
        const task = runArticle(id, rows, deps, io, new Date()).then((r) => void out.push(r));
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
    if (deps.run) deps.run.ledgerError ??= error;
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
    if (deps.run) deps.run.ledgerError ??= error;
  }
}

/** One article's due posts: read the article as it is now and send it to those channels. */
async function runArticle(id: string, rows: ScheduledPost[], deps: DeliverDeps, io: Io, now: Date): Promise<ArticleResult> {
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
    [article] = (await readArticles([first.source], { cwd: io.cwd, ...articleOptions(config, io) })) as [Article];
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
    assertSendable(config, present, (c) => getChannelType(c.type)?.sendRequires ?? []);
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
