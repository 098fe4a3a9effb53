import { readArticles } from '../article/read.js';
import type { Article } from '../article/types.js';
import { getChannelType } from '../channels/index.js';
import { assertSendable, sendArticle, thisHost, type DeliverDeps } from '../deliver/send.js';
import { ArticleError, PublishError } from '../errors.js';
import type { ScheduledPost } from '../ledger/types.js';
import { Report } from '../report.js';
import type { ArticleResult, ChannelResult, RunResult } from '../result.js';
import { isFailure, withDropped } from '../result.js';
import type { GlobalOptions, Io } from './context.js';
import { loadCommandConfig } from './load.js';

/** `publish run` options. */
export interface RunOptions extends GlobalOptions {
  limit?: number;
}

/**
 * `publish run`: claims the due posts (a transaction: overlapping runs never take the same
 * row) and sends each as its article reads now. Website posts go first so the others get the link.
 */
export async function runCommand(opts: RunOptions, io: Io): Promise<RunResult> {
  const config = await loadCommandConfig(opts.config, io);
  const report = new Report({ stdout: io.stdout, stderr: io.stderr, env: io.env, json: opts.json });
  const host = thisHost(io.env);
  const { openLedger } = await import('../ledger/open.js');
  const ledger = await openLedger(config.state, { host });
  const now = new Date();
  try {
    const claimed = await ledger.claimDue(now, `${host}:${process.pid}`, opts.limit ?? 500);
    const byArticle = new Map<string, ScheduledPost[]>();
    for (const row of claimed) byArticle.set(row.article, [...(byArticle.get(row.article) ?? []), row]);
    const deps: DeliverDeps = { ledger, config, report, host, update: false, force: false };
    const articles: ArticleResult[] = [];
    for (const [id, rows] of byArticle) {
      articles.push(await runArticle(id, rows, deps, io, now));
    }
    if (claimed.length === 0) report.note('nothing is due');
    // Cron also finishes the checks of posts a platform was still processing.
    const { finishPending, isPending } = await import('../deliver/pending.js');
    const rows = await ledger.list();
    if (rows.some(isPending)) await finishPending(rows, config, ledger, report, io.env);
    return { ok: !articles.some((a) => a.results.some(isFailure)), dryRun: false, articles };
  } finally {
    await ledger.close();
  }
}

async function runArticle(id: string, rows: ScheduledPost[], deps: DeliverDeps, io: Io, now: Date): Promise<ArticleResult> {
  const { ledger, config } = deps;
  const first = rows[0] as ScheduledPost;
  const fail = async (message: string): Promise<ArticleResult> => {
    const results: ChannelResult[] = [];
    for (const row of rows) {
      await ledger.finishScheduled(row.id, 'failed', message);
      const type = config.channels.find((c) => c.name === row.channel)?.type ?? 'unknown';
      results.push({ channel: row.channel, type, status: 'failed', problems: [], error: { code: 'not_sendable', message, retryable: false } });
    }
    return { id, source: first.source, title: id, results };
  };

  let article: Article;
  try {
    [article] = (await readArticles([first.source], { cwd: io.cwd, strip: config.strip, keep: config.keep, clean: config.clean, defaultLanguage: config.language })) as [Article];
  } catch (error) {
    return fail(error instanceof ArticleError ? error.message : `${first.source}: cannot be read`);
  }
  const changed = article.sourceHash !== first.sourceHash;
  if (changed) deps.report.note(`${article.source}: changed since it was queued; sending it as it is now`);

  const channels = rows.map((r) => config.channels.find((c) => c.name === r.channel));
  if (channels.some((c) => c === undefined)) {
    const gone = rows.filter((_, i) => channels[i] === undefined).map((r) => r.channel).join(', ');
    for (const row of rows.filter((_, i) => channels[i] === undefined)) await ledger.finishScheduled(row.id, 'failed', `channel ${row.channel} is no longer in channels.yaml`);
    deps.report.warn(`${id}: channel ${gone} is no longer in ${config.file}; those posts were dropped`);
  }
  const present = channels.filter((c) => c !== undefined);
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
    await ledger.finishScheduled(row.id, r.status === 'failed' ? 'failed' : 'done', r.error?.message);
    if (changed && r.status !== 'failed') r.reason = `${r.reason ? `${r.reason}; ` : ''}the article changed since it was queued: sent as it is now`;
  }
  return withDropped(result, article);
}
