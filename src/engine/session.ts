/**
 * A sending session: what every delivery of one `publish <article>` or `publish run` shares
 * (the ledger, Ctrl-C, pacing, the first ledger failure), how it starts and how it ends.
 */
import { hostname } from 'node:os';
import { getChannelType } from '../channels/index.js';
import { unsendableProblems } from '../config/secret-keys.js';
import type { ChannelConfig, Config } from '../config/types.js';
import { ConfigError, LedgerError, type PublishError } from '../errors.js';
import type { Ledger, PostRecord } from '../ledger/types.js';
import { sha256Hex } from '../hash.js';
import type { Reporter } from './context.js';
import { watchInterrupt } from './interrupt.js';
import { Pacers } from './pace.js';
import { isFailure, wentOut, type ArticleResult, type ChannelResult, type RunResult } from './result.js';

/** This machine's name in the ledger ($PUBLISH_HOST lets tests pretend to be several machines). */
export function thisHost(env: Record<string, string | undefined> = process.env): string {
  return env.PUBLISH_HOST || hostname();
}

/** sha256 of the payload: "already sent exactly this" is a hash comparison. */
export function contentHash(output: unknown): string {
  return sha256Hex(JSON.stringify(output));
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

/** True when `row` is held by this very process. */
export function heldHere(row: PostRecord, host: string): boolean {
  return row.host === host && row.pid === process.pid;
}

/** Refuses to start when a channel that would send lacks a secret or a required key. */
export function assertSendable(config: Config, channels: readonly ChannelConfig[]): void {
  const problems = unsendableProblems(config, channels, (c) => getChannelType(c.type)?.sendRequires ?? []);
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

/** Remembers the run's first ledger failure: from then on nothing new starts. */
export function noteLedgerFailure(run: RunState | undefined, error: PublishError): void {
  if (run) run.ledgerError ??= error;
}

/** What one delivery needs besides the prepared post. */
export interface DeliverDeps {
  ledger: Ledger;
  config: Config;
  report: Reporter;
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

/** Why nothing new may start in this run, and the status its posts get. */
export interface Halt {
  status: 'skipped' | 'failed';
  why: string;
}

/** The halt after Ctrl-C. */
export const STOPPED: Halt = { status: 'skipped', why: 'not sent: publish was stopped (Ctrl-C)' };

/** The reason nothing new may start in this run (Ctrl-C, a failed ledger), or undefined. */
export function haltReason(deps: Pick<DeliverDeps, 'stop' | 'run'>): Halt | undefined {
  if (deps.stop?.aborted) return STOPPED;
  const broken = deps.run?.ledgerError;
  if (broken) return { status: 'failed', why: `not sent: the ledger failed earlier in this run (${broken.message})` };
  return undefined;
}

/** Results of posts a halting run did not start (their queue rows go back to the queue). */
const notStarted = new WeakSet<ChannelResult>();

/** Marks `r` as the result of a post the run did not start; returns it. */
export function markNotStarted(r: ChannelResult): ChannelResult {
  notStarted.add(r);
  return r;
}

/** True for the result of a post the run did not start because it was stopping (Ctrl-C, a failed ledger). */
export function wasNotStarted(r: ChannelResult): boolean {
  return notStarted.has(r);
}

/** A session's deps with the ledger open, Ctrl-C watched and pacing shared; `end()` undoes it. */
export interface Session {
  deps: DeliverDeps & { run: RunState; stop: AbortSignal };
  end(): Promise<void>;
}

/**
 * Opens the ledger for sending (see ledger/guard.ts), watches Ctrl-C and starts the run's
 * shared state. `instead` is what the guard suggests when it refuses a ledger that looks lost.
 */
export async function startSession(
  config: Config,
  report: Reporter,
  opts: { env: Record<string, string | undefined>; update?: boolean; force?: boolean; instead?: string; manyArticles?: boolean },
): Promise<Session> {
  const host = thisHost(opts.env);
  const { openLedgerToSend } = await import('../ledger/guard.js');
  const ledger = await openLedgerToSend(config, {
    host,
    force: Boolean(opts.force),
    ...(opts.instead ? { instead: opts.instead } : {}),
    warn: (text) => report.warn(text),
  });
  const run = newRunState();
  const interrupt = watchInterrupt(report, () => run.active);
  const deps = {
    ledger, config, report, host, update: Boolean(opts.update), force: Boolean(opts.force), stop: interrupt.signal, run, pacers: new Pacers(),
    ...(opts.manyArticles ? { manyArticles: true } : {}),
  };
  return {
    deps,
    async end() {
      interrupt.dispose();
      await ledger.close();
    },
  };
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
