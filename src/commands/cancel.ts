import type { CommandContext, GlobalOptions } from '../engine/context.js';
import { loadCommandConfig } from '../engine/inputs.js';
import type { CancelResult } from '../engine/result.js';
import { UsageError } from '../errors.js';

/** `publish cancel <article id>[:<channel>]`: drops scheduled posts that have not gone out. */
export async function cancelCommand(opts: GlobalOptions & { id: string }, ctx: CommandContext): Promise<CancelResult> {
  const config = await loadCommandConfig(opts.config, ctx);
  const [article, channel] = splitId(opts.id);
  if (!article) throw new UsageError('cancel: give an article id, or article id:channel');
  if (channel !== undefined && !config.channels.some((c) => c.name === channel)) {
    throw new UsageError(`cancel ${opts.id}: no channel "${channel}" in ${config.file}`);
  }
  const { openLedger } = await import('../ledger/open.js');
  const ledger = await openLedger(config.state);
  try {
    return { cancelled: await ledger.cancel(article, channel), article, channel: channel ?? null };
  } finally {
    await ledger.close();
  }
}

/**
 * `id` or `id:channel`. An article read from its page has its address as id
 * (`https://…/story/`): only a last `:name` after the address is a channel.
 */
function splitId(id: string): [string, string | undefined] {
  if (/^https?:\/\//i.test(id)) {
    const m = /^(.*[^:]):([A-Za-z0-9_.-]+)$/.exec(id);
    return m && !/^\d+$/.test(m[2]!) && !m[2]!.includes('/') && !/^https?:\/\/[^/]*$/i.test(m[1]!) ? [m[1]!, m[2]] : [id, undefined];
  }
  return id.split(':', 2) as [string, string | undefined];
}
