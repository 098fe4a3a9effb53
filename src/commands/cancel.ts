import type { Report } from '../report.js';
import type { GlobalOptions, Io } from './context.js';
import { loadCommandConfig } from './load.js';
import { UsageError } from '../errors.js';

/** `publish cancel <article id>[:<channel>]`: drops scheduled posts that have not gone out. */
export async function cancelCommand(opts: GlobalOptions & { id: string }, io: Io, report: Report): Promise<number> {
  const config = await loadCommandConfig(opts.config, io);
  const [article, channel] = splitId(opts.id);
  if (!article) throw new UsageError('cancel: give an article id, or article id:channel');
  if (channel !== undefined && !config.channels.some((c) => c.name === channel)) {
    throw new UsageError(`cancel ${opts.id}: no channel "${channel}" in ${config.file}`);
  }
  const { openLedger } = await import('../ledger/open.js');
  const ledger = await openLedger(config.state);
  try {
    const n = await ledger.cancel(article, channel);
    if (report.json) report.document({ cancelled: n, article, channel: channel ?? null });
    else report.line(n > 0 ? `cancelled ${n} scheduled post${n === 1 ? '' : 's'} of ${opts.id}` : `nothing scheduled for ${opts.id}`);
    return 0;
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
