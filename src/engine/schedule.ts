import { isAbsolute, resolve } from 'node:path';
import type { Article } from '../article/types.js';
import type { ChannelConfig, Config } from '../config/types.js';
import { UsageError } from '../errors.js';
import type { Ledger } from '../ledger/types.js';
import { isSkipped, prepareArticle } from './plan.js';
import type { ChannelResult } from './result.js';

/**
 * Queues an article's posts: each channel at `sendAt` plus its `delay:`. A post already
 * sent is `unchanged`; one already queued is moved to the new time.
 */
export async function scheduleArticle(
  article: Article,
  channels: readonly ChannelConfig[],
  config: Config,
  ledger: Ledger,
  sendAt: Date,
  now: Date,
): Promise<ChannelResult[]> {
  if (article.source === '-') {
    throw new UsageError('-: a scheduled article must be a file (stdin cannot be read again when it is due)');
  }
  const source = article.origin ?? (isAbsolute(article.source) ? article.source : resolve(article.dir, article.source.split('/').pop() ?? article.source));
  const results: ChannelResult[] = [];
  const planned = prepareArticle(article, channels, config, { link: article.url, predicted: false }, now);
  const queue = [];
  for (const p of planned) {
    const base = { channel: p.channel.name, type: p.channel.type, problems: [] };
    if (isSkipped(p)) {
      results.push({ ...base, status: 'skipped', reason: p.reason });
      continue;
    }
    const row = await ledger.get(article.id, p.channel.name);
    if (row?.status === 'retracted') {
      results.push({ ...base, status: 'skipped', reason: 'retracted; --force publishes it again (now, without --at)' });
      continue;
    }
    if (row?.status === 'sent') {
      results.push({ ...base, status: 'unchanged', reason: 'sent before', ...(row.receipt ? { remote: { id: row.receipt.id, ...(row.receipt.url ? { url: row.receipt.url } : {}) } } : {}) });
      continue;
    }
    const dueAt = new Date(sendAt.getTime() + (p.channel.delayMs ?? 0));
    const moved = await ledger.cancel(article.id, p.channel.name);
    queue.push({ article: article.id, channel: p.channel.name, source, inline: undefined, sourceHash: article.sourceHash, config: config.file, dueAt, publishAt: sendAt });
    results.push({ ...base, status: 'scheduled', at: dueAt.toISOString(), ...(moved > 0 ? { reason: 'moved from its earlier time' } : {}) });
  }
  if (queue.length > 0) await ledger.schedule(queue);
  return results;
}
