/**
 * What the ledger knows of the posts (one article's, or all): each post's latest state and
 * the queue's scheduled, claimed and cancelled rows. Posts a platform was still processing
 * when their run ended are asked about first (that needs a writable ledger).
 */
import { getChannelType } from '../channels/index.js';
import type { Config } from '../config/types.js';
import type { Ledger } from '../ledger/types.js';
import type { Reporter } from './context.js';
import type { HistoryLine, StatusPost } from './result.js';

/** The ledger for reading (see ledger/guard.ts), loaded lazily like every ledger module. */
async function openForReading(config: Config): Promise<Ledger | undefined> {
  const { openLedgerToRead } = await import('../ledger/guard.js');
  return openLedgerToRead(config);
}

/** Asks the platform how posts still processing when their run ended turned out (needs a writable ledger). */
async function finishPendingChecks(config: Config, article: string | undefined, report: Reporter): Promise<void> {
  const { openLedger } = await import('../ledger/open.js');
  const { finishPending } = await import('./pending-posts.js');
  let ledger: Ledger;
  try {
    ledger = await openLedger(config.state);
  } catch (error) {
    report.note(`posts a platform was still processing were not checked: ${(error as Error).message}`);
    return;
  }
  try {
    await finishPending(await ledger.list(article), config, ledger, report);
  } finally {
    await ledger.close();
  }
}

/** When the platform holds the post until (its channel type says), or undefined. */
function heldUntil(config: Config, channel: string, receipt: NonNullable<Awaited<ReturnType<Ledger['get']>>>['receipt'] & object): Date | undefined {
  const type = config.channels.find((c) => c.name === channel)?.type;
  return type === undefined ? undefined : getChannelType(type)?.heldUntil?.(receipt);
}

/** One article's history, oldest first, as `publish status <id>` shows it. */
export async function ledgerHistory(config: Config, id: string): Promise<HistoryLine[]> {
  const ledger = await openForReading(config);
  if (!ledger) return [];
  try {
    return (await ledger.history(id)).map((h) => ({
      at: h.at.toISOString(), channel: h.channel, action: h.action, outcome: h.outcome, host: h.host,
      contentHash: h.contentHash ?? null, remote: h.remote ?? null, detail: h.detail ?? null,
    }));
  } finally {
    await ledger.close();
  }
}

/** Every post the ledger holds for `article` (or all), newest state first, then the queue. */
export async function ledgerPosts(config: Config, id: string | undefined, report: Reporter): Promise<StatusPost[]> {
  const { isPending } = await import('./pending-posts.js');
  let ledger = await openForReading(config);
  if (ledger && (await ledger.list(id)).some(isPending)) {
    // Posts the platform was still processing when their run ended: ask how they ended.
    await ledger.close();
    await finishPendingChecks(config, id, report);
    ledger = await openForReading(config);
  }
  let posts: StatusPost[] = [];
  try {
    const rows = ledger ? await ledger.list(id) : [];
    const queued = ledger ? await ledger.listScheduled(id) : [];
    posts = [
      ...rows.map((r): StatusPost => {
        // A post the platform holds (WordPress `future`) is scheduled, with its time, until that time has passed.
        const held = r.status === 'sent' && r.receipt ? heldUntil(config, r.channel, r.receipt) : undefined;
        return {
        article: r.article,
        channel: r.channel,
        status: held && held.getTime() > Date.now() ? 'scheduled' : r.status,
        at: (held ?? (r.status === 'sent' ? (r.sentAt ?? r.updatedAt) : r.updatedAt)).toISOString(),
        remote: r.receipt ? { id: r.receipt.id, ...(r.receipt.url ? { url: r.receipt.url } : {}) } : null,
        error: r.status === 'failed' ? (r.lastError ?? null) : null,
        host: r.host || null,
        };
      }),
      ...queued
        .filter((q) => q.status === 'scheduled' || q.status === 'claimed' || q.status === 'cancelled')
        .map((q): StatusPost => ({
          article: q.article,
          channel: q.channel,
          status: q.status === 'cancelled' ? 'cancelled' : 'scheduled',
          at: q.dueAt.toISOString(),
          remote: null,
          error: q.lastError ?? null,
          host: q.claimedBy ?? null,
        })),
    ];
  } finally {
    await ledger?.close();
  }
  return posts;
}
