import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { readArticles } from '../article/read.js';
import type { Config } from '../config/types.js';
import type { Ledger } from '../ledger/types.js';
import type { Report } from '../report.js';
import type { GlobalOptions, Io } from './context.js';
import { loadCommandConfig } from './load.js';

/** One line of `publish status --json`. */
export interface StatusPost {
  article: string;
  channel: string;
  status: 'sent' | 'failed' | 'in_flight' | 'scheduled' | 'cancelled';
  /** ISO time: when sent / last tried, or when due. */
  at: string;
  remote: { id: string; url?: string } | null;
  error: string | null;
  /** The machine that sent (or claimed) it. */
  host: string | null;
}

/**
 * An article argument may be an id or a file; a file is read for its id. An address is an id
 * as it is (a story read from its page has its canonical address as id): status never fetches.
 */
async function articleId(arg: string | undefined, io: Io, config: Config): Promise<string | undefined> {
  if (arg === undefined) return undefined;
  if (/\.(md|markdown|txt|html?|docx)$/i.test(arg) && !/^https?:\/\//i.test(arg) && existsSync(resolve(io.cwd, arg))) {
    const [article] = await readArticles([arg], { cwd: io.cwd, strip: config.strip, keep: config.keep, clean: config.clean, defaultLanguage: undefined });
    return article?.id;
  }
  return arg;
}

/** The ledger for reading (see ledger/guard.ts), loaded lazily like every ledger module. */
async function openForReading(config: Config): Promise<Ledger | undefined> {
  const { openLedgerToRead } = await import('../ledger/guard.js');
  return openLedgerToRead(config);
}

/** Asks the platform how posts still processing when their run ended turned out (needs a writable ledger). */
async function finishPendingChecks(config: Config, article: string | undefined, io: Io, report: Report): Promise<void> {
  const { openLedger } = await import('../ledger/open.js');
  const { finishPending } = await import('../deliver/pending.js');
  let ledger: Ledger;
  try {
    ledger = await openLedger(config.state);
  } catch (error) {
    report.note(`posts a platform was still processing were not checked: ${(error as Error).message}`);
    return;
  }
  try {
    await finishPending(await ledger.list(article), config, ledger, report, io.env);
  } finally {
    await ledger.close();
  }
}

/** `publish status [article]`: what went where and when, and what is scheduled. */
export async function statusCommand(opts: GlobalOptions & { article?: string }, io: Io, report: Report): Promise<number> {
  const config = await loadCommandConfig(opts.config, io);
  const id = await articleId(opts.article, io, config);
  const { isPending } = await import('../deliver/pending.js');
  let ledger = await openForReading(config);
  if (ledger && (await ledger.list(id)).some(isPending)) {
    // Posts the platform was still processing when their run ended: ask how they ended.
    await ledger.close();
    await finishPendingChecks(config, id, io, report);
    ledger = await openForReading(config);
  }
  let posts: StatusPost[] = [];
  try {
    const rows = ledger ? await ledger.list(id) : [];
    const queued = ledger ? await ledger.listScheduled(id) : [];
    posts = [
      ...rows.map((r): StatusPost => ({
        article: r.article,
        channel: r.channel,
        status: r.status,
        at: (r.status === 'sent' ? (r.sentAt ?? r.updatedAt) : r.updatedAt).toISOString(),
        remote: r.receipt ? { id: r.receipt.id, ...(r.receipt.url ? { url: r.receipt.url } : {}) } : null,
        error: r.status === 'failed' ? (r.lastError ?? null) : null,
        host: r.host || null,
      })),
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
  if (report.json) {
    report.document({ posts });
    return 0;
  }
  if (posts.length === 0) {
    report.line(id ? `nothing recorded for ${id}` : 'nothing sent or scheduled yet');
    return 0;
  }
  for (const p of posts) {
    const where = p.remote?.url ?? p.remote?.id ?? '';
    const why = p.error ? `  ${p.error}` : '';
    const by = p.host ? `  (${p.host})` : '';
    report.line(`${p.at.replace('T', ' ').slice(0, 16)}Z  ${p.status.padEnd(9)}  ${p.article} → ${p.channel}  ${where}${why}${by}`.trimEnd());
  }
  return 0;
}
