import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import type { Article } from '../article/types.js';
import type { DeliverContext, Receipt } from '../channels/types.js';
import type { ChannelConfig, Config } from '../config/types.js';
import { missingSecretsProblems } from '../config/secrets.js';
import { ChannelError, ConfigError, LedgerError, PublishError, UsageError } from '../errors.js';
import type { Io } from '../commands/context.js';
import type { PublishOptions } from '../commands/publish.js';
import { dryRun } from '../commands/publish.js';
import type { Ledger, PostRecord, Settlement } from '../ledger/types.js';
import { getChannelType } from '../channels/index.js';
import { isSkipped, prepare, prepareArticle, selectChannels, skipReason, type Prepared } from '../prepare.js';
import { Report } from '../report.js';
import type { ArticleResult, ChannelResult, RunResult } from '../result.js';
import { isFailure, NOT_RECORDED, OUTCOME_UNKNOWN, wentOut } from '../result.js';
import { scrub } from '../secrets.js';
import { sleep, startDeadline } from './deadline.js';
import { watchInterrupt } from './interrupt.js';
import { Pacers } from './pace.js';
import { parseWhen } from './when.js';
import { createAttempt, createBudget } from './retry.js';

/** This machine's name in the ledger ($PUBLISH_HOST lets tests pretend to be several machines). */
export function thisHost(env: Record<string, string | undefined> = process.env): string {
  return env.PUBLISH_HOST || hostname();
}

/** sha256 of the payload: "already sent exactly this" is a hash comparison. */
export function contentHash(output: unknown): string {
  return createHash('sha256').update(JSON.stringify(output)).digest('hex');
}

/** An in-flight row older than this from another machine is taken as abandoned. */
const ABANDONED_AFTER_MS = 60 * 60 * 1000;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when the run that holds an in-flight row is gone (killed), so the row's outcome is unknown. */
export function holderIsGone(holder: PostRecord, host: string, now = Date.now()): boolean {
  if (holder.host === host) return holder.pid === process.pid ? false : !processAlive(holder.pid);
  return now - holder.updatedAt.getTime() > ABANDONED_AFTER_MS;
}

/** Refuses to start when a channel that would send lacks a secret or a required key. */
export function assertSendable(config: Config, channels: readonly ChannelConfig[], requires: (c: ChannelConfig) => readonly string[]): void {
  const problems = missingSecretsProblems(config, channels.map((c) => c.name));
  for (const c of channels) {
    const options = c.options as Record<string, unknown>;
    for (const key of requires(c)) {
      if (c.missing.some((m) => m.key === `channels.${c.name}.${key}`)) continue;
      if (options[key] === undefined || options[key] === '') {
        problems.push(`${config.file}: channels.${c.name}.${key}: required to send; add it (as \${VARIABLE} from the environment)`);
      }
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
}

/** What the deliveries of one run share. */
export interface RunState {
  /** When the run started (epoch ms): a post another process sent since is "sent by another run". */
  startedAt: number;
  /** The ledger failure that stops the run from starting more posts (their results could not be kept). */
  ledgerError?: PublishError;
  /** Posts on the wire now (named by the Ctrl-C line). */
  active: number;
}

/** A new run's shared state. */
export function newRunState(now = Date.now()): RunState {
  return { startedAt: now, active: 0 };
}

/** What one delivery needs besides the prepared post. */
export interface DeliverDeps {
  ledger: Ledger;
  config: Config;
  report: Report;
  host: string;
  update: boolean;
  force: boolean;
  publishAt?: Date;
  /** Aborted by the first Ctrl-C: no post, and no request, starts after it. */
  stop?: AbortSignal;
  /** Shared by every delivery of the run (ledger trouble, posts on the wire). */
  run?: RunState;
  /** Per-channel pacing (`per_minute:`), shared by every article of the run. */
  pacers?: Pacers;
  /** Several articles go at once (`publish run`): progress lines name the article too. */
  manyArticles?: boolean;
}

/** The name a progress line gives a channel: `article → channel` when several articles go at once. */
function progressName(article: Article, channel: ChannelConfig, deps: DeliverDeps): string {
  return deps.manyArticles ? `${article.id} → ${channel.name}` : channel.name;
}

/** The fields every result of a prepared post has. */
function resultBase(p: Prepared): Pick<ChannelResult, 'channel' | 'type' | 'output' | 'problems'> {
  return { channel: p.channel.name, type: p.channel.type, output: p.post.output as Record<string, unknown>, problems: p.problems };
}

function failed(p: Prepared, error: unknown): ChannelResult {
  const name = (error as Error)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    error = new ChannelError(p.channel.name, 'timeout', `no result within the channel's time for this run (${Math.round(p.channel.retry.budgetMs / 1000)} s: retry.budget)`, { retryable: true });
  }
  const e = error instanceof ChannelError || error instanceof LedgerError
    ? { code: error.code, message: error.message, retryable: error instanceof ChannelError && error.retryable }
    : { code: 'internal', message: `unexpected error: ${(error as Error)?.message ?? String(error)}`, retryable: false };
  return { ...resultBase(p), status: 'failed', problems: [], error: { ...e, message: scrub(e.message) } };
}

/** Where to look for a post whose outcome is unknown: the channel and its chat or site. */
function whereToCheck(p: Prepared): string {
  const options = p.channel.options as Record<string, unknown>;
  const target = [options.chat, options.url].find((v): v is string => typeof v === 'string' && v !== '');
  return target ? `${p.channel.name} (${target})` : p.channel.name;
}

/**
 * A request that got no answer: the post may be out. The row stays in flight, so a rerun
 * never posts it blindly: a type that can look the post up does so, the others ask.
 */
function outcomeUnknown(p: Prepared, error: ChannelError): ChannelResult {
  const next = p.type.lookup
    ? 'the next run looks for it before sending again'
    : `check ${whereToCheck(p)}, then rerun with --force if it is not there`;
  return failed(p, new ChannelError(p.channel.name, OUTCOME_UNKNOWN, `outcome unknown: ${error.message}; ${next}`, { cause: error }));
}

function remoteOf(receipt: Receipt | undefined): ChannelResult['remote'] {
  if (!receipt) return undefined;
  return receipt.url ? { id: receipt.id, url: receipt.url } : { id: receipt.id };
}

/** The reason nothing new may start in this run (Ctrl-C, a failed ledger), or undefined. */
function haltReason(deps: DeliverDeps): { status: 'skipped' | 'failed'; why: string } | undefined {
  if (deps.stop?.aborted) return { status: 'skipped', why: 'not sent: publish was stopped (Ctrl-C)' };
  const broken = deps.run?.ledgerError;
  if (broken) return { status: 'failed', why: `not sent: the ledger failed earlier in this run (${broken.message})` };
  return undefined;
}

/** Results of posts a halting run did not start (their queue rows go back to the queue). */
const notStarted = new WeakSet<ChannelResult>();

/** True for the result of a post the run did not start because it was stopping (Ctrl-C, a failed ledger). */
export function wasNotStarted(r: ChannelResult): boolean {
  return notStarted.has(r);
}

/** A result for a post that was not started because the run is halting. */
function halted(p: Prepared, halt: { status: 'skipped' | 'failed'; why: string }): ChannelResult {
  const r: ChannelResult = halt.status === 'skipped'
    ? { ...resultBase(p), problems: [], status: 'skipped', reason: halt.why }
    : failed(p, new ChannelError(p.channel.name, 'ledger', halt.why));
  notStarted.add(r);
  return r;
}

/**
 * The ledger failed (disk full, server gone): the run starts nothing more, because what it
 * sends could not be recorded. Returns the error as this post's result (nothing was sent).
 */
function ledgerFailed(p: Prepared, error: unknown, deps: DeliverDeps): ChannelResult | undefined {
  if (!(error instanceof LedgerError)) return undefined;
  if (deps.run) deps.run.ledgerError ??= error;
  const r = failed(p, new LedgerError(`not sent: ${error.message}`));
  notStarted.add(r);
  return r;
}

/** A post already in the ledger: what to do with it (a result when nothing is sent). */
function decide(existing: PostRecord | undefined, p: Prepared, deps: DeliverDeps, hash: string): ChannelResult | 'create' | 'update' {
  const base = resultBase(p);
  // A failed edit (or --force) keeps the receipt of the post that is still out there:
  // that post exists, so it is never made a second time without --force.
  const posted = existing !== undefined && existing.status !== 'in_flight' && existing.receipt !== undefined;
  if (!posted || deps.force) return 'create';
  if (!deps.update) {
    const changed = existing.contentHash !== hash;
    const reason = existing.status === 'failed'
      ? `sent before; the last attempt to change it failed (${existing.lastError ?? 'unknown error'}): use --update to try again`
      : sentByAnotherRun(existing, deps) ? `sent by another run (${existing.host})`
        : changed ? 'sent before; the article changed since: use --update to edit the post' : 'sent before';
    return { ...base, status: 'unchanged', remote: remoteOf(existing.receipt), reason };
  }
  if (existing.contentHash === hash) return { ...base, status: 'unchanged', remote: remoteOf(existing.receipt), reason: 'already up to date' };
  if (typeof p.type.supportsUpdate === 'string' || !p.type.supportsUpdate) {
    const reason = typeof p.type.supportsUpdate === 'string' ? p.type.supportsUpdate : `${p.channel.type} posts cannot be edited`;
    return { ...base, status: 'skipped', remote: remoteOf(existing.receipt), reason };
  }
  return 'update';
}

/** True when another process sent the row after this run started (two runs raced). */
function sentByAnotherRun(row: PostRecord, deps: DeliverDeps): boolean {
  const since = deps.run?.startedAt;
  const other = row.host !== deps.host || row.pid !== process.pid;
  return since !== undefined && other && (row.sentAt?.getTime() ?? 0) >= since;
}

/** A claim on the row, or the result when another run holds it (or held it when killed). */
interface Claim {
  mode: 'create' | 'update';
  previous: Receipt | undefined;
  /** A stopped run held the row: look the post up before sending (where the type can). */
  reconcile: boolean;
}

async function claimRow(article: Article, p: Prepared, deps: DeliverDeps, hash: string, existing: PostRecord | undefined, decided: 'create' | 'update'): Promise<Claim | ChannelResult> {
  const { ledger, host } = deps;
  const base = resultBase(p);
  let mode = decided;
  const posted = existing !== undefined && existing.status !== 'in_flight' && existing.receipt !== undefined;
  let begun = await ledger.begin(article.id, p.channel.name, hash);
  let reconcile = false;
  if (!begun.ok) {
    const holder = begun.holder;
    const since = holder.updatedAt.toISOString();
    if (!holderIsGone(holder, host)) {
      // Another run is sending it right now (two editors, overlapping cron runs): it is that run's post.
      if (holder.host === host && holder.pid === process.pid) return { ...base, status: 'skipped', reason: `in flight since ${since} (outcome not known yet)` };
      return { ...base, status: 'unchanged', reason: `sent by another run (${holder.host}, started ${since})` };
    }
    if (!deps.force && !p.type.lookup) {
      const e = new ChannelError(p.channel.name, OUTCOME_UNKNOWN, `outcome unknown since ${since} (a run was stopped while sending, or got no answer): check ${p.channel.name} and rerun with --force`);
      return failed(p, e);
    }
    begun = await ledger.begin(article.id, p.channel.name, hash, { updatedAt: holder.updatedAt });
    if (!begun.ok) return { ...base, status: 'unchanged', reason: `sent by another run (${begun.holder.host}, started ${begun.holder.updatedAt.toISOString()})` };
    reconcile = !deps.force;
    if (holder.receipt && mode === 'create' && posted) mode = 'update';
  }
  // Another run (another machine) may have sent it between our read and our claim.
  if (begun.previous?.status === 'sent' && mode === 'create' && !deps.force) {
    await ledger.settle(article.id, p.channel.name, { status: 'released' });
    return { ...base, status: 'unchanged', remote: remoteOf(begun.previous.receipt), reason: `sent by another run (${begun.previous.host})` };
  }
  return { mode, previous: begun.previous?.receipt ?? existing?.receipt, reconcile };
}

/** Waits for the channel's pace (`per_minute:`); false when Ctrl-C came first. */
async function awaitTurn(p: Prepared, deps: DeliverDeps): Promise<boolean> {
  const pacer = deps.pacers?.of(p.channel);
  if (!pacer) return true;
  try {
    await pacer.take(deps.stop);
    return true;
  } catch {
    return false;
  }
}

/**
 * Sends one prepared post through the ledger: never twice, never lost.
 * Returns a result value; a failure is a value, never a throw.
 */
export async function deliverOne(article: Article, p: Prepared, deps: DeliverDeps): Promise<ChannelResult> {
  const hash = contentHash(p.post.output);
  let claim: Claim | ChannelResult;
  try {
    const halt = haltReason(deps);
    if (halt) return halted(p, halt);
    const existing = await deps.ledger.get(article.id, p.channel.name);
    const decided = decide(existing, p, deps, hash);
    if (typeof decided !== 'string') return decided;
    if (!(await awaitTurn(p, deps))) return halted(p, haltReason(deps) ?? { status: 'skipped', why: 'not sent: publish was stopped (Ctrl-C)' });
    const late = haltReason(deps);
    if (late) return halted(p, late);
    claim = await claimRow(article, p, deps, hash, existing, decided);
  } catch (error) {
    const trouble = ledgerFailed(p, error, deps);
    if (trouble) return trouble;
    if (error instanceof PublishError && !(error instanceof ChannelError)) throw error;
    return failed(p, error);
  }
  if (!('mode' in claim)) return claim;
  return sendClaimed(article, p, deps, claim, hash);
}

/** Sends (or finds) the post of a claimed row and settles the row. */
async function sendClaimed(article: Article, p: Prepared, deps: DeliverDeps, claim: Claim, hash: string): Promise<ChannelResult> {
  const base = resultBase(p);
  const ctx = deliverContext(article, p, deps, claim.mode, claim.mode === 'update' ? claim.previous : undefined);
  if (deps.run) deps.run.active++;
  try {
    let receipt: Receipt;
    let result: ChannelResult;
    try {
      const found = claim.reconcile && p.type.lookup ? await p.type.lookup(p.post, ctx) : undefined;
      if (found) {
        receipt = found;
        result = { ...base, status: 'published', remote: remoteOf(found), reason: 'found the post a stopped run had made' };
      } else {
        if (!p.type.deliver) throw new ChannelError(p.channel.name, 'not_built', `sending to ${p.channel.type} is not built yet`);
        const { unchanged, ...delivered } = await p.type.deliver(p.post, ctx);
        receipt = delivered;
        result = claim.mode === 'update' && unchanged
          ? { ...base, status: 'unchanged', remote: remoteOf(receipt), reason: `${p.channel.type} already shows this` }
          : { ...base, status: claim.mode === 'update' ? 'updated' : 'published', remote: remoteOf(receipt) };
      }
    } catch (error) {
      return await settleFailure(article, p, deps, error);
    }
    return await recordSent(article, p, deps, receipt, hash, result);
  } finally {
    ctx.close();
    if (deps.run) deps.run.active--;
  }
}

/**
 * Records a post that went out. When the ledger cannot (disk full), the post is still out:
 * the result says so (`not_recorded`, exit 1) and the row stays in flight, so a rerun asks
 * or looks the post up instead of sending it again.
 */
async function recordSent(article: Article, p: Prepared, deps: DeliverDeps, receipt: Receipt, hash: string, result: ChannelResult): Promise<ChannelResult> {
  try {
    await deps.ledger.settle(article.id, p.channel.name, { status: 'sent', receipt, contentHash: hash });
    return result;
  } catch (error) {
    if (!(error instanceof PublishError)) throw error;
    if (deps.run && error instanceof LedgerError) deps.run.ledgerError ??= error;
    const where = receipt.url ?? `id ${receipt.id}`;
    const message = `sent (${where}), but the ledger could not record it: ${error.message}; it stays "in flight", so a rerun will not post it blindly`;
    return { ...result, error: { code: NOT_RECORDED, message: scrub(message), retryable: false } };
  }
}

/** Settles a delivery that threw: released (stopped before sending), kept in flight (no answer), or failed. */
async function settleFailure(article: Article, p: Prepared, deps: DeliverDeps, error: unknown): Promise<ChannelResult> {
  const code = error instanceof ChannelError ? error.code : undefined;
  const settle = async (settlement: Settlement): Promise<void> => {
    try {
      await deps.ledger.settle(article.id, p.channel.name, settlement);
    } catch (trouble) {
      // The row stays in flight: a rerun asks before sending. The run starts nothing more.
      if (!(trouble instanceof LedgerError)) throw trouble;
      if (deps.run) deps.run.ledgerError ??= trouble;
    }
  };
  if (code === 'interrupted') {
    await settle({ status: 'released' });
    return halted(p, { status: 'skipped', why: `not sent: publish was stopped (Ctrl-C) before ${p.channel.name}'s post went out` });
  }
  // An ambiguous failure (the platform may have posted) stays in flight: the next run
  // looks the post up, or reports "outcome unknown", instead of posting a second time.
  if (code === OUTCOME_UNKNOWN) return outcomeUnknown(p, error as ChannelError);
  const result = failed(p, error);
  await settle({ status: 'failed', error: result.error?.message ?? 'failed' });
  return result;
}

/**
 * The context a channel sends with. Its `signal` is the channel's time for this run (its
 * retry budget plus what an upload needs, a plain timer: see deadline.ts); each request
 * gets its own timeout on top. `close()` stops the timer once the channel is done.
 */
export function deliverContext(article: Article, p: Prepared, deps: DeliverDeps, mode: 'create' | 'update', previous: Receipt | undefined): DeliverContext & { close(): void } {
  const { channel } = p;
  const budget = createBudget(channel.retry);
  const allowance = p.type.timeAllowanceMs?.(article, channel) ?? 0;
  const clock = startDeadline(channel.retry.budgetMs + allowance, 'budget', undefined, { unref: true });
  return {
    channel,
    config: deps.config,
    article,
    link: p.ctx.link,
    mode,
    previous,
    publishAt: deps.publishAt,
    signal: clock.signal,
    attempt: createAttempt(channel.retry, {
      signal: clock.signal,
      budget,
      timeoutMs: channel.timeoutMs,
      channel: channel.name,
      ...(deps.stop ? { stop: deps.stop } : {}),
      onRetry: ({ label, attempt, delayMs, error }) =>
        deps.report.progress(progressName(article, channel, deps), { phase: 'retrying', note: `${label}: ${error.message}; attempt ${attempt + 1} in ${(delayMs / 1000).toFixed(1)} s` }),
    }),
    tokens: {
      get: (key) => deps.ledger.getToken(`${channel.name}:${key}`),
      set: (key, value) => deps.ledger.setToken(`${channel.name}:${key}`, value),
    },
    progress: (e) => deps.report.progress(progressName(article, channel, deps), e),
    close: () => clock.clear(),
  };
}

/** The link for an article that has no `url`: the website's, from this run or the ledger. */
async function websiteLink(article: Article, websites: Prepared[], results: Map<string, ChannelResult>, ledger: Ledger, config: Config): Promise<string | undefined> {
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
    if (row?.status === 'in_flight' && !holderIsGone(row, deps.host) && !(row.host === deps.host && row.pid === process.pid)) return true;
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
  const link = await linkFor(article, [...websites], results, deps);
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
async function linkFor(article: Article, websites: Prepared[], results: Map<string, ChannelResult>, deps: DeliverDeps): Promise<string | undefined> {
  try {
    const tried = new Set(websites.map((w) => w.channel.name));
    return (await websiteLink(article, websites, results, deps.ledger, deps.config)) ?? (await awaitWebsiteLink(article, tried, deps));
  } catch (error) {
    if (error instanceof LedgerError) {
      if (deps.run) deps.run.ledgerError ??= error;
      return undefined;
    }
    throw error;
  }
}

/** Every problem that stops a send before anything goes out: the dry-run's errors. */
function preflight(config: Config, articles: Article[], names: string[], now: Date): string[] {
  const lines: string[] = [];
  for (const [i, a] of dryRun(config, articles, names, now).articles.entries()) {
    for (const r of a.results) {
      for (const problem of r.problems) {
        if (problem.severity === 'error') lines.push(`${articles[i]?.source ?? a.source}: ${r.channel}: ${problem.message}`);
      }
    }
  }
  return lines;
}

/** `publish <article...>` without --dry-run. */
export async function send(config: Config, articles: Article[], opts: PublishOptions, io: Io, now: Date): Promise<RunResult> {
  const report = new Report({ stdout: io.stdout, stderr: io.stderr, env: io.env, json: opts.json });
  const channels = selectChannels(config, opts.channel ?? []);
  if (opts.update && opts.at) throw new UsageError('--update edits posts now; it cannot be combined with --at');
  // Secrets are needed only by channels that take at least one of the articles.
  const takes = (c: ChannelConfig, a: Article) => {
    const type = getChannelType(c.type);
    return type !== undefined && skipReason(a, c, type) === undefined;
  };
  const taking = channels.filter((c) => articles.some((a) => takes(c, a)));
  assertSendable(config, taking, (c) => getChannelType(c.type)?.sendRequires ?? []);
  const problems = preflight(config, articles, opts.channel ?? [], now);
  if (problems.length > 0) throw new PublishError('invalid', `${problems.join('\n')}\nnothing was sent: fix these (publish --dry-run shows every post)`);

  const at = opts.at ? parseWhen(opts.at, config.timezone, now) : undefined;
  const host = thisHost(io.env);
  const { openLedgerToSend } = await import('../ledger/guard.js');
  const ledger = await openLedgerToSend(config, { host, force: Boolean(opts.force), warn: (text) => report.warn(text) });
  const run = newRunState();
  const interrupt = watchInterrupt(report, () => run.active);
  try {
    const deps: DeliverDeps = { ledger, config, report, host, update: Boolean(opts.update), force: Boolean(opts.force), stop: interrupt.signal, run, pacers: new Pacers() };
    const out: ArticleResult[] = [];
    for (const article of articles) out.push(await sendOrSchedule(article, channels, deps, at, now));
    return endRun(out, run, interrupt.signal);
  } finally {
    interrupt.dispose();
    await ledger.close();
  }
}

/** One article: the channels that go now are sent, the others (`--at`, `delay:`) queued. */
async function sendOrSchedule(article: Article, channels: readonly ChannelConfig[], deps: DeliverDeps, at: Date | undefined, now: Date): Promise<ArticleResult> {
  const sendAt = at ?? now;
  // With --at, a website that can hold a post until a time gets it now, dated (WordPress
  // `future`): its link then exists for the posts that are queued.
  const native = (c: ChannelConfig) => at !== undefined && !c.delayMs && getChannelType(c.type)?.schedulesNatively === true;
  const scheduled = channels.filter((c) => !native(c) && (at !== undefined || (c.delayMs ?? 0) > 0));
  const immediate = channels.filter((c) => !scheduled.includes(c));
  const result = immediate.length > 0
    ? await sendArticle(article, immediate, { ...deps, ...(at ? { publishAt: at } : {}) }, now)
    : { id: article.id, source: article.source, title: article.title, results: [] };
  if (scheduled.length === 0) return result;
  const halt = haltReason(deps);
  if (halt) {
    for (const c of scheduled) result.results.push({ channel: c.name, type: c.type, status: halt.status, problems: [], ...(halt.status === 'skipped' ? { reason: halt.why } : { error: { code: 'ledger', message: halt.why, retryable: false } }) });
    return result;
  }
  const { scheduleArticle } = await import('./schedule.js');
  try {
    result.results.push(...(await scheduleArticle(article, scheduled, deps.config, deps.ledger, sendAt, now)));
  } catch (error) {
    if (!(error instanceof LedgerError)) throw error;
    if (deps.run) deps.run.ledgerError ??= error;
    for (const c of scheduled) result.results.push({ channel: c.name, type: c.type, status: 'failed', problems: [], error: { code: 'ledger', message: `not scheduled: ${error.message}`, retryable: false } });
  }
  return result;
}

/**
 * The run's result. A ledger that failed before anything went out is the whole command's
 * failure (exit 2, one line: nothing was sent); once something went out, every channel's
 * line is printed and the exit code is 1.
 */
export function endRun(articles: ArticleResult[], run: RunState, stop: AbortSignal | undefined): RunResult {
  if (run.ledgerError && !articles.some((a) => a.results.some(wentOut))) {
    const { message } = run.ledgerError;
    throw new LedgerError(/nothing was sent/.test(message) ? message : `${message}; nothing was sent`, { cause: run.ledgerError });
  }
  const result: RunResult = { ok: !articles.some((a) => a.results.some(isFailure)), dryRun: false, articles };
  if (stop?.aborted) result.interrupted = true;
  return result;
}
