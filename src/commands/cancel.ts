import type { CommandContext, GlobalOptions } from '../engine/context.js';
import { loadCommandConfig, parsePostId } from '../engine/inputs.js';
import type { CancelResult } from '../engine/result.js';
import { UsageError } from '../errors.js';

/**
 * `publish cancel <article id>[:<channel>]`: drops scheduled posts that have not gone out, and
 * makes a post the platform holds for a time (WordPress `future`) a draft again.
 */
export async function cancelCommand(opts: GlobalOptions & { id: string }, ctx: CommandContext): Promise<CancelResult> {
  const config = await loadCommandConfig(opts.config, ctx);
  const { article, channel } = parsePostId('cancel', opts.id, config);
  const { startSession } = await import('../engine/session.js');
  const { cancelArticle } = await import('../engine/lifecycle.js');
  const session = await startSession(config, ctx.report, { env: ctx.io.env });
  try {
    const { ledger } = session.deps;
    if ((await ledger.list(article)).length === 0 && (await ledger.listScheduled(article)).length === 0) {
      throw new UsageError(`cancel ${opts.id}: the ledger has nothing of "${article}" (publish status lists what it has)`);
    }
    const done = await cancelArticle(article, channel, session.deps);
    return { ok: done.ok, cancelled: done.cancelled, article, channel: channel ?? null, posts: done.posts };
  } finally {
    await session.end();
  }
}
