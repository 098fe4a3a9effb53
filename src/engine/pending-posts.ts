import { getChannelType } from '../channels/index.js';
import type { Config } from '../config/types.js';
import type { Ledger, PostRecord } from '../ledger/types.js';
import { scrub } from '../scrub.js';
import type { Reporter } from './context.js';
import { deliverContext, emptyPrepared, placeholderArticle } from './deliver-context.js';

/** A sent row whose platform was still processing it when the run ended (TikTok). */
export function isPending(row: PostRecord): boolean {
  return row.status === 'sent' && row.receipt?.extra?.pending === true;
}

/**
 * Asks the platform how each pending post ended and settles its row: the final receipt
 * (with the public link), or failed with the platform's reason. Used by `publish status`
 * and `publish run`, so a slow TikTok upload is finished later without posting again.
 */
export async function finishPending(rows: readonly PostRecord[], config: Config, ledger: Ledger, report: Pick<Reporter, 'note' | 'progress'>): Promise<number> {
  let settled = 0;
  for (const row of rows.filter(isPending)) {
    const channel = config.channels.find((c) => c.name === row.channel);
    const type = channel && getChannelType(channel.type);
    if (!channel || !type?.lookup || !row.receipt) continue;
    // The check needs only the article's id and the receipt: the article file may be gone.
    const article = placeholderArticle(row.article, '', config.dir);
    const prepared = emptyPrepared(channel, type, config);
    const { post } = prepared;
    const ctx = deliverContext(article, prepared, { ledger, config, report }, 'update', row.receipt);
    // Claim the row like a send does, so two `status` runs never settle it twice.
    const claim = await ledger.begin(row.article, row.channel, row.contentHash ?? '');
    if (!claim.ok) {
      ctx.close();
      continue;
    }
    try {
      const found = await type.lookup(post, ctx);
      if (found && found.extra?.pending === true) {
        await ledger.settle(row.article, row.channel, { status: 'released' });
        continue;
      }
      if (found) {
        await ledger.settle(row.article, row.channel, { status: 'sent', receipt: found, contentHash: row.contentHash ?? '' });
        report.note(`${row.article} → ${row.channel}: published ${found.url ?? found.id}`);
      } else {
        await ledger.settle(row.article, row.channel, { status: 'failed', error: `${channel.type} did not publish it: publish again` });
        report.note(`${row.article} → ${row.channel}: ${channel.type} did not publish it`);
      }
      settled++;
    } catch (error) {
      await ledger.settle(row.article, row.channel, { status: 'released' });
      report.note(`${row.article} → ${row.channel}: still unknown (${scrub((error as Error).message)})`);
    } finally {
      ctx.close();
    }
  }
  return settled;
}
