import type { Article } from '../article/types.js';
import { getChannelType } from '../channels/index.js';
import type { Post } from '../channels/types.js';
import type { Config } from '../config/types.js';
import type { Ledger, PostRecord } from '../ledger/types.js';
import type { Report } from '../report.js';
import { scrub } from '../secrets.js';
import { deliverContext, thisHost } from './send.js';

/** A sent row whose platform was still processing it when the run ended (TikTok). */
export function isPending(row: PostRecord): boolean {
  return row.status === 'sent' && row.receipt?.extra?.pending === true;
}

/**
 * Asks the platform how each pending post ended and settles its row: the final receipt
 * (with the public link), or failed with the platform's reason. Used by `publish status`
 * and `publish run`, so a slow TikTok upload is finished later without posting again.
 */
export async function finishPending(rows: readonly PostRecord[], config: Config, ledger: Ledger, report: Report, env: Record<string, string | undefined>): Promise<number> {
  let settled = 0;
  for (const row of rows.filter(isPending)) {
    const channel = config.channels.find((c) => c.name === row.channel);
    const type = channel && getChannelType(channel.type);
    if (!channel || !type?.lookup || !row.receipt) continue;
    // The check needs only the article's id and the receipt: the article file may be gone.
    const article = { id: row.article, source: '', dir: config.dir, title: '', lead: '', body: [], bodyHtml: '', tags: [], language: undefined, url: undefined, slug: row.article, image: undefined, video: undefined, youtube: undefined, date: undefined, overrides: {}, dropped: [], sourceHash: '' } satisfies Article;
    const post: Post = { channel: channel.name, type: channel.type, output: {}, measures: [] };
    const prepared = { channel, type, post, problems: [], ctx: { channel, config, link: undefined, linkPredicted: false, now: new Date() } };
    const ctx = deliverContext(article, prepared, { ledger, config, report, host: thisHost(env), update: false, force: false }, 'update', row.receipt);
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
