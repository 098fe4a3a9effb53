import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import type { Article } from '../article/types.js';
import type { DeliverContext, Receipt } from '../channels/types.js';
import type { ChannelConfig, Config } from '../config/types.js';
import { missingSecretsProblems } from '../config/secrets.js';
import { ChannelError, ConfigError, PublishError, UsageError } from '../errors.js';
import type { Io } from '../commands/context.js';
import type { PublishOptions } from '../commands/publish.js';
import { dryRun } from '../commands/publish.js';
import type { Ledger, PostRecord } from '../ledger/types.js';
import { getChannelType } from '../channels/index.js';
import { isSkipped, prepare, prepareArticle, selectChannels, skipReason, type Prepared } from '../prepare.js';
import { Report } from '../report.js';
import type { ArticleResult, ChannelResult, RunResult } from '../result.js';
import { isFailure } from '../result.js';
import { scrub } from '../secrets.js';
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

/** What one delivery needs besides the prepared post. */
export interface DeliverDeps {
  ledger: Ledger;
  config: Config;
  report: Report;
  host: string;
  update: boolean;
  force: boolean;
  publishAt?: Date;
}

function failed(p: Prepared, error: unknown): ChannelResult {
  const name = (error as Error)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    error = new ChannelError(p.channel.name, 'timeout', `no result within the channel's time limit (retry budget ${Math.round(p.channel.retry.budgetMs / 1000)} s + timeout ${Math.round(p.channel.timeoutMs / 1000)} s)`, { retryable: true });
  }
  const e = error instanceof ChannelError
    ? { code: error.code, message: error.message, retryable: error.retryable }
    : { code: 'internal', message: `unexpected error: ${(error as Error)?.message ?? String(error)}`, retryable: false };
  return { channel: p.channel.name, type: p.channel.type, status: 'failed', output: p.post.output as Record<string, unknown>, problems: [], error: { ...e, message: scrub(e.message) } };
}

function remoteOf(receipt: Receipt | undefined): ChannelResult['remote'] {
  if (!receipt) return undefined;
  return receipt.url ? { id: receipt.id, url: receipt.url } : { id: receipt.id };
}

/**
 * Sends one prepared post through the ledger: never twice, never lost.
 * Returns a result value; a failure is a value, never a throw.
 */
export async function deliverOne(article: Article, p: Prepared, deps: DeliverDeps): Promise<ChannelResult> {
  const { ledger, host } = deps;
  const base = { channel: p.channel.name, type: p.channel.type, output: p.post.output as Record<string, unknown>, problems: p.problems };
  const hash = contentHash(p.post.output);
  try {
    const existing = await ledger.get(article.id, p.channel.name);
    let mode: 'create' | 'update' = 'create';
    // A failed edit (or --force) keeps the receipt of the post that is still out there:
    // that post exists, so it is never made a second time without --force.
    const posted = existing !== undefined && existing.status !== 'in_flight' && existing.receipt !== undefined;
    if (posted && !deps.force) {
      if (!deps.update) {
        const changed = existing.contentHash !== hash;
        const reason = existing.status === 'failed'
          ? `sent before; the last attempt to change it failed (${existing.lastError ?? 'unknown error'}): use --update to try again`
          : changed ? 'sent before; the article changed since: use --update to edit the post' : 'sent before';
        return { ...base, status: 'unchanged', remote: remoteOf(existing.receipt), reason };
      }
      if (existing.contentHash === hash) return { ...base, status: 'unchanged', remote: remoteOf(existing.receipt), reason: 'already up to date' };
      if (typeof p.type.supportsUpdate === 'string' || !p.type.supportsUpdate) {
        const reason = typeof p.type.supportsUpdate === 'string' ? p.type.supportsUpdate : `${p.channel.type} posts cannot be edited`;
        return { ...base, status: 'skipped', remote: remoteOf(existing.receipt), reason };
      }
      mode = 'update';
    }

    let begun = await ledger.begin(article.id, p.channel.name, hash);
    let reconcile = false;
    if (!begun.ok) {
      const holder = begun.holder;
      const since = holder.updatedAt.toISOString();
      if (!holderIsGone(holder, host)) {
        return { ...base, status: 'skipped', reason: `being sent by ${holder.host} since ${since}` };
      }
      if (!deps.force && !p.type.lookup) {
        const e = new ChannelError(p.channel.name, 'outcome_unknown', `outcome unknown since ${since} (a run was stopped while sending): check ${p.channel.name} and rerun with --force`);
        return failed(p, e);
      }
      begun = await ledger.begin(article.id, p.channel.name, hash, { updatedAt: holder.updatedAt });
      if (!begun.ok) return { ...base, status: 'skipped', reason: `being sent by ${begun.holder.host} since ${begun.holder.updatedAt.toISOString()}` };
      reconcile = !deps.force;
      if (holder.receipt && mode === 'create' && posted) mode = 'update';
    }

    // Another run (another machine) may have sent it between our read and our claim.
    if (begun.previous?.status === 'sent' && mode === 'create' && !deps.force) {
      await ledger.settle(article.id, p.channel.name, { status: 'released' });
      return { ...base, status: 'unchanged', remote: remoteOf(begun.previous.receipt), reason: `sent by ${begun.previous.host} meanwhile` };
    }
    const previous = begun.previous?.receipt ?? existing?.receipt;
    const ctx = deliverContext(article, p, deps, mode, mode === 'update' ? previous : undefined);
    try {
      if (reconcile && p.type.lookup) {
        const found = await p.type.lookup(p.post, ctx);
        if (found) {
          await ledger.settle(article.id, p.channel.name, { status: 'sent', receipt: found, contentHash: hash });
          return { ...base, status: 'published', remote: remoteOf(found), reason: 'found the post a stopped run had made' };
        }
      }
      if (!p.type.deliver) throw new ChannelError(p.channel.name, 'not_built', `sending to ${p.channel.type} is not built yet`);
      const { unchanged, ...receipt } = await p.type.deliver(p.post, ctx);
      await ledger.settle(article.id, p.channel.name, { status: 'sent', receipt, contentHash: hash });
      if (mode === 'update' && unchanged) return { ...base, status: 'unchanged', remote: remoteOf(receipt), reason: `${p.channel.type} already shows this` };
      return { ...base, status: mode === 'update' ? 'updated' : 'published', remote: remoteOf(receipt) };
    } catch (error) {
      const result = failed(p, error);
      // An ambiguous failure (the platform may have posted) stays in flight: the next run
      // reports "outcome unknown" instead of posting a second time.
      if (!(error instanceof ChannelError && error.code === 'outcome_unknown')) {
        await ledger.settle(article.id, p.channel.name, { status: 'failed', error: result.error?.message ?? 'failed' });
      }
      return result;
    }
  } catch (error) {
    if (error instanceof PublishError && !(error instanceof ChannelError)) throw error;
    return failed(p, error);
  }
}

export function deliverContext(article: Article, p: Prepared, deps: DeliverDeps, mode: 'create' | 'update', previous: Receipt | undefined): DeliverContext {
  const { channel } = p;
  const budget = createBudget(channel.retry);
  // The channel's whole time in this run: its retry budget, one request's timeout, and
  // whatever its type needs on top (a large upload).
  const allowance = p.type.timeAllowanceMs?.(article, channel) ?? 0;
  const signal = AbortSignal.timeout(channel.retry.budgetMs + channel.timeoutMs + allowance);
  return {
    channel,
    config: deps.config,
    article,
    link: p.ctx.link,
    mode,
    previous,
    publishAt: deps.publishAt,
    signal,
    attempt: createAttempt(channel.retry, {
      signal,
      budget,
      onRetry: ({ label, attempt, delayMs, error }) =>
        deps.report.progress(channel.name, { phase: 'retrying', note: `${label}: ${error.message}; attempt ${attempt + 1} in ${(delayMs / 1000).toFixed(1)} s` }),
    }),
    tokens: {
      get: (key) => deps.ledger.getToken(`${channel.name}:${key}`),
      set: (key, value) => deps.ledger.setToken(`${channel.name}:${key}`, value),
    },
    progress: (e) => deps.report.progress(channel.name, e),
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

/**
 * Starts each channel once its sending code is loaded, the longest request chain first.
 * Loading a client is CPU work: started all at once, every channel's first request would
 * wait for all the loads. This way the longest chains are on the wire while the others load.
 */
export async function startInLoadOrder(posts: readonly Prepared[], run: (p: Prepared) => Promise<void>): Promise<void> {
  const order = [...posts].sort((a, b) => (b.type.requestsPerPost ?? 1) - (a.type.requestsPerPost ?? 1));
  const started: Promise<void>[] = [];
  // `run` rejects only for what stops the whole run (the ledger): the channels not started
  // yet are not started, the ones on the wire finish, then it is thrown.
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
 * Sends one article to the given channels: the website first when the others need its
 * link, then everything else at once. One channel's failure never stops another.
 */
export async function sendArticle(article: Article, channels: readonly ChannelConfig[], deps: DeliverDeps, now: Date): Promise<ArticleResult> {
  const { config } = deps;
  const planned = prepareArticle(article, channels, config, { link: article.url, predicted: false }, now);
  const results = new Map<string, ChannelResult>();
  deps.report.plan(planned.filter((p) => !isSkipped(p)).map((p) => p.channel.name));
  for (const s of planned) if (isSkipped(s)) results.set(s.channel.name, { channel: s.channel.name, type: s.channel.type, status: 'skipped', problems: [], reason: s.reason });
  const taking = planned.filter((p): p is Prepared => !isSkipped(p));

  let rest = taking;
  if (!article.url) {
    const websites = taking.filter((p) => p.type.providesLink);
    rest = taking.filter((p) => !p.type.providesLink);
    await startInLoadOrder(websites, async (w) => {
      deps.report.progress(w.channel.name, { phase: 'sending' });
      const r = await deliverOne(article, w, deps);
      deps.report.progress(w.channel.name, { phase: r.status, note: r.remote?.url ?? r.error?.message });
      results.set(w.channel.name, r);
    });
    const link = await websiteLink(article, websites, results, deps.ledger, config);
    if (link) {
      rest = rest.map((p) => prepare(article, p.channel, config, { link, predicted: false }, now));
    } else {
      const why = websites.length > 0
        ? 'not sent: the website did not publish, so there is no link yet; fix it and rerun'
        : 'not sent: the article has no `url:` and no website channel has published it';
      const blocked = rest.filter((p) => p.type.usesLink !== false);
      for (const p of blocked) results.set(p.channel.name, failed(p, new ChannelError(p.channel.name, 'no_link', why)));
      rest = rest.filter((p) => p.type.usesLink === false);
    }
  }
  await startInLoadOrder(rest, async (p) => {
    deps.report.progress(p.channel.name, { phase: 'sending' });
    const r = await deliverOne(article, p, deps);
    deps.report.progress(p.channel.name, { phase: r.status, note: r.remote?.url ?? r.error?.message ?? r.reason });
    results.set(p.channel.name, r);
  });
  return {
    id: article.id,
    source: article.source,
    title: article.title,
    results: channels.filter((c) => results.has(c.name)).map((c) => results.get(c.name) as ChannelResult),
  };
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
  const { openLedger } = await import('../ledger/open.js');
  const ledger = await openLedger(config.state, { host: thisHost(io.env) });
  try {
    const deps: DeliverDeps = { ledger, config, report, host: thisHost(io.env), update: Boolean(opts.update), force: Boolean(opts.force) };
    const out: ArticleResult[] = [];
    for (const article of articles) {
      const sendAt = at ?? now;
      // With --at, a website that can hold a post until a time gets it now, dated (WordPress
      // `future`): its link then exists for the posts that are queued.
      const native = (c: ChannelConfig) => at !== undefined && !c.delayMs && getChannelType(c.type)?.schedulesNatively === true;
      const scheduled = channels.filter((c) => !native(c) && (at !== undefined || (c.delayMs ?? 0) > 0));
      const immediate = channels.filter((c) => !scheduled.includes(c));
      const result = immediate.length > 0
        ? await sendArticle(article, immediate, { ...deps, ...(at ? { publishAt: at } : {}) }, now)
        : { id: article.id, source: article.source, title: article.title, results: [] };
      if (scheduled.length > 0) {
        const { scheduleArticle } = await import('./schedule.js');
        result.results.push(...(await scheduleArticle(article, scheduled, config, ledger, sendAt, now)));
      }
      out.push(result);
    }
    return { ok: !out.some((a) => a.results.some(isFailure)), dryRun: false, articles: out };
  } finally {
    await ledger.close();
  }
}
