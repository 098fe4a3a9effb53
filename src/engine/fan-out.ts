/**
 * Fan-out: one article to its channels. The website goes first when the others need its
 * link; posts that carry no link go at once; every channel starts as soon as its sending
 * code is loaded, the longest request chain first. One channel's failure never stops another.
 */
import type { Article } from '../article/types.js';
import { getChannelType } from '../channels/index.js';
import type { ChannelConfig, Config } from '../config/types.js';
import { ChannelError, LedgerError } from '../errors.js';
import { sleep } from '../http/deadline.js';
import type { Ledger } from '../ledger/types.js';
import { progressName } from './deliver-context.js';
import { deliverOne, failed, halted } from './deliver-one.js';
import { isSkipped, prepare, prepareArticle, skipReason, type Prepared } from './plan.js';
import type { ArticleResult, ChannelResult } from './result.js';
import { haltReason, heldHere, holderIsGone, noteLedgerFailure, type DeliverDeps } from './session.js';

/**
 * Starts each channel once its sending code is loaded, the longest request chain first.
 * Loading a client is CPU work: started all at once, every channel's first request would
 * wait for all the loads. This way the longest chains are on the wire while the others load.
 */
export async function startInLoadOrder(posts: readonly Prepared[], run: (p: Prepared) => Promise<void>): Promise<void> {
  const order = [...posts].sort((a, b) => (b.type.requestsPerPost ?? 1) - (a.type.requestsPerPost ?? 1));
  const started: Promise<void>[] = [];
  // `run` rejects only for what stops the whole run (a bug): the channels not started yet
  // are not started, the ones on the wire finish, then it is thrown.
  const fatal: unknown[] = [];
  for (const p of order) {
    if (fatal.length > 0) break;
    // A load that fails fails again inside deliver, where it becomes the channel's result.
    await p.type.load?.().catch(() => undefined);
    started.push(run(p).catch((error: unknown) => void fatal.push(error)));
    // Let the channel just started reach its first request before the next load takes the CPU.
    await new Promise((resolve) => setImmediate(resolve));
  }
  await Promise.all(started);
  if (fatal.length > 0) throw fatal[0];
}

/**
 * Sends one article to the given channels. Without a `url:`, the website goes first and the
 * posts that carry its link follow it; posts that carry no link (TikTok) go at once. One
 * channel's failure never stops another.
 */
export async function sendArticle(article: Article, channels: readonly ChannelConfig[], deps: DeliverDeps, now: Date): Promise<ArticleResult> {
  const { config } = deps;
  const planned = prepareArticle(article, channels, config, { link: article.url, predicted: false }, now);
  const results = new Map<string, ChannelResult>();
  deps.report.plan(planned.filter((p) => !isSkipped(p)).map((p) => p.channel.name));
  for (const s of planned) if (isSkipped(s)) results.set(s.channel.name, { channel: s.channel.name, type: s.channel.type, status: 'skipped', problems: [], reason: s.reason });
  const taking = planned.filter((p): p is Prepared => !isSkipped(p));
  const deliver = async (p: Prepared): Promise<void> => {
    deps.report.progress(progressName(article, p.channel, deps), { phase: 'sending' });
    const r = await deliverOne(article, p, deps);
    deps.report.progress(progressName(article, p.channel, deps), { phase: r.status, note: r.remote?.url ?? r.error?.message ?? r.reason });
    results.set(p.channel.name, r);
  };

  if (article.url) {
    await startInLoadOrder(taking, deliver);
  } else {
    // The website, and the posts that carry no link (TikTok), start at once; the others
    // wait for the website's link (a hung website never holds up TikTok).
    const websites = taking.filter((p) => p.type.providesLink);
    const noLink = taking.filter((p) => !p.type.providesLink && p.type.usesLink === false);
    const needLink = taking.filter((p) => !websites.includes(p) && !noLink.includes(p));
    const free = startInLoadOrder(noLink, deliver);
    free.catch(() => undefined); // awaited below
    try {
      await startInLoadOrder(websites, deliver);
      if (needLink.length > 0) await sendLinked(article, needLink, websites, results, deps, now, deliver);
    } finally {
      await free;
    }
  }
  return {
    id: article.id,
    source: article.source,
    title: article.title,
    results: channels.filter((c) => results.has(c.name)).map((c) => results.get(c.name) as ChannelResult),
  };
}

/** Sends the posts that carry the website's link once it is known; without one they fail, saying why. */
async function sendLinked(
  article: Article,
  needLink: readonly Prepared[],
  websites: readonly Prepared[],
  results: Map<string, ChannelResult>,
  deps: DeliverDeps,
  now: Date,
  deliver: (p: Prepared) => Promise<void>,
): Promise<void> {
  const link = await linkFor(article, websites, results, deps);
  if (link) {
    await startInLoadOrder(needLink.map((p) => prepare(article, p.channel, deps.config, { link, predicted: false }, now)), deliver);
    return;
  }
  const why = websites.length > 0
    ? 'not sent: the website did not publish, so there is no link yet; fix it and rerun'
    : 'not sent: the article has no `url:` and no website channel has published it';
  for (const p of needLink) {
    const halt = haltReason(deps);
    results.set(p.channel.name, halt ? halted(p, halt) : failed(p, new ChannelError(p.channel.name, 'no_link', why)));
  }
}

/** The link the posts of an article without `url:` carry: this run's website, the ledger's, or another run's once it is out. */
async function linkFor(article: Article, websites: readonly Prepared[], results: ReadonlyMap<string, ChannelResult>, deps: DeliverDeps): Promise<string | undefined> {
  try {
    const tried = new Set(websites.map((w) => w.channel.name));
    return (await websiteLink(article, websites, results, deps.ledger, deps.config)) ?? (await awaitWebsiteLink(article, tried, deps));
  } catch (error) {
    if (error instanceof LedgerError) {
      noteLedgerFailure(deps.run, error);
      return undefined;
    }
    throw error;
  }
}

/** The link for an article that has no `url`: the website's, from this run or the ledger. */
async function websiteLink(article: Article, websites: readonly Prepared[], results: ReadonlyMap<string, ChannelResult>, ledger: Ledger, config: Config): Promise<string | undefined> {
  for (const w of websites) {
    const url = results.get(w.channel.name)?.remote?.url;
    if (url) return url;
  }
  for (const c of config.channels) {
    if (!c.enabled || !getChannelType(c.type)?.providesLink) continue;
    const row = await ledger.get(article.id, c.name);
    if (row?.status === 'sent' && row.receipt?.url) return row.receipt.url;
  }
  return undefined;
}

/** The website channels that take the article (their link stands for its URL). */
function websitesFor(article: Article, config: Config): ChannelConfig[] {
  return config.channels.filter((c) => {
    const type = getChannelType(c.type);
    return c.enabled && type?.providesLink === true && skipReason(article, c, type) === undefined;
  });
}

/**
 * True while another run is publishing (or has queued and claimed) one of the article's
 * website posts. The websites this run has just tried (`tried`) count only when another
 * process holds them now: their queue rows are this run's own.
 */
async function websiteUnderWay(article: Article, websites: readonly ChannelConfig[], tried: ReadonlySet<string>, deps: DeliverDeps): Promise<boolean> {
  for (const c of websites) {
    const row = await deps.ledger.get(article.id, c.name);
    if (row?.status === 'in_flight' && !holderIsGone(row, deps.host) && !heldHere(row, deps.host)) return true;
  }
  const now = Date.now();
  const queued = await deps.ledger.listScheduled(article.id);
  return queued.some((q) => websites.some((c) => c.name === q.channel && !tried.has(c.name)) && (q.status === 'claimed' || (q.status === 'scheduled' && q.dueAt.getTime() <= now)));
}

/**
 * Waits while another run publishes the article's website (two editors at once, or
 * overlapping cron runs that split an article): its link is what the other posts need.
 * Gives up after the website's own time for a run, or at Ctrl-C.
 */
async function awaitWebsiteLink(article: Article, tried: ReadonlySet<string>, deps: DeliverDeps): Promise<string | undefined> {
  const websites = websitesFor(article, deps.config);
  if (websites.length === 0) return undefined;
  const limit = Math.max(...websites.map((c) => c.retry.budgetMs + (getChannelType(c.type)?.timeAllowanceMs?.(article, c) ?? 0))) + 5000;
  const until = Date.now() + limit;
  for (let delay = 100; Date.now() < until; delay = Math.min(delay * 2, 2000)) {
    if (!(await websiteUnderWay(article, websites, tried, deps))) return websiteLink(article, [], new Map(), deps.ledger, deps.config);
    try {
      await sleep(Math.min(delay, Math.max(0, until - Date.now())), deps.stop);
    } catch {
      return undefined; // Ctrl-C
    }
    const link = await websiteLink(article, [], new Map(), deps.ledger, deps.config);
    if (link) return link;
  }
  return undefined;
}
