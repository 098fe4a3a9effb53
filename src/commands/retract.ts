import type { CommandContext, GlobalOptions } from '../engine/context.js';
import { loadCommandConfig, parsePostId } from '../engine/inputs.js';
import type { RetractResult } from '../engine/result.js';
import { UsageError } from '../errors.js';

/** What `publish retract` takes. */
export interface RetractOptions extends GlobalOptions {
  id: string;
  yes?: boolean;
  dryRun?: boolean;
}

/**
 * `publish retract <article id>[:<channel>]`: takes a published article down everywhere the
 * platform allows. Asks once on a terminal (`--yes` for scripts); `--dry-run` says exactly
 * what would be done and changes nothing.
 */
export async function retractCommand(opts: RetractOptions, ctx: CommandContext): Promise<RetractResult> {
  const config = await loadCommandConfig(opts.config, ctx);
  const { article, channel } = parsePostId('retract', opts.id, config);
  const { retractArticle } = await import('../engine/lifecycle.js');
  const { thisHost } = await import('../engine/session.js');
  const unknown = () => new UsageError(`retract ${opts.id}: the ledger has no post of "${article}" (publish status lists what it has)`);
  const result = (r: { posts: RetractResult['posts']; ok: boolean }, dryRun: boolean, declined?: boolean): RetractResult =>
    ({ ok: r.ok, dryRun, ...(declined ? { declined } : {}), article, channel: channel ?? null, posts: r.posts });

  // What would be done, read without writing: the dry-run's answer, and the question's.
  const { openLedgerToRead } = await import('../ledger/guard.js');
  const reader = await openLedgerToRead(config);
  if (!reader) throw unknown();
  let plan;
  try {
    if ((await reader.list(article)).length === 0) throw unknown();
    plan = await retractArticle(article, channel, { ledger: reader, config, report: ctx.report, host: thisHost(ctx.io.env), dryRun: true });
  } finally {
    await reader.close();
  }
  if (opts.dryRun) return result(plan, true);
  const todo = plan.posts.filter((p) => p.status === 'planned');
  if (todo.length === 0) return result(plan, false);
  if (!opts.yes) {
    const interactive = Boolean((ctx.io.stdin as { isTTY?: boolean }).isTTY) && !opts.json && ctx.report.confirm !== undefined;
    if (!interactive) throw new UsageError(`retract ${opts.id}: add --yes to take ${todo.length} post${todo.length === 1 ? '' : 's'} down (nothing was done; --dry-run shows what)`);
    const question = `take "${article}" down?\n${todo.map((p) => `  ${p.channel}: ${p.detail ?? ''}`).join('\n')}\nretract ${todo.length} post${todo.length === 1 ? '' : 's'}? [y/N] `;
    if (!(await ctx.report.confirm!(question, ctx.io.stdin))) return result({ posts: [], ok: true }, false, true);
  }

  const { startSession } = await import('../engine/session.js');
  const session = await startSession(config, ctx.report, { env: ctx.io.env });
  try {
    return result(await retractArticle(article, channel, session.deps), false);
  } finally {
    await session.end();
  }
}
