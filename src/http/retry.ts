/**
 * The one retry loop every channel's requests go through. Only a `ChannelError` marked
 * `retryable` is tried again; a platform's "wait N seconds" is always obeyed; otherwise
 * the wait doubles from `baseDelayMs` up to `maxDelayMs`, with jitter so that many
 * clients hit by the same outage do not come back in step. All requests of one channel
 * in one run share a time budget: when the next wait would pass it, we give up at once.
 */
import { ChannelError } from '../errors.js';
import { isDeadline, withDeadline, type DeadlineError } from './deadline.js';

/** Retry policy for one channel (channels.yaml `retry:`). */
export interface RetryPolicy {
  /** Attempts per request, including the first. @default 5 */
  attempts: number;
  /** First backoff in ms; doubles each time, with jitter. @default 500 */
  baseDelayMs: number;
  /** Cap on one backoff in ms. @default 30000 */
  maxDelayMs: number;
  /** Total time budget for the channel in one run, ms. @default 120000 */
  budgetMs: number;
}

/** What `onRetry` hears before each wait. */
export interface RetryInfo {
  /** The attempt that just failed (1 = the first request). */
  attempt: number;
  /** How long we wait before the next one. */
  delayMs: number;
  error: ChannelError;
}

/** Options of `withRetry`; everything but `signal` and `deadline` exists for tests. */
export interface RetryOptions {
  /** Stops at once, also during a wait; the rejection is the signal's reason. */
  signal?: AbortSignal;
  /** Called before each wait (the report shows "retrying in 4 s"). */
  onRetry?: (info: RetryInfo) => void;
  /** Waits `ms`, rejecting with the signal's reason on abort. @default a timer */
  sleep?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
  /** Jitter source, [0, 1). @default Math.random */
  random?: () => number;
  /** Clock, epoch ms. @default Date.now */
  now?: () => number;
  /** Epoch ms after which no wait may end (see `createBudget`). @default none */
  deadline?: number;
}

/** A channel's time budget for one run. */
export interface RetryBudget {
  /** Epoch ms; pass as `deadline` to every `withRetry` of the channel. */
  readonly deadline: number;
}

/** Starts a channel's budget of `policy.budgetMs` now; share it across the channel's requests. */
export function createBudget(policy: RetryPolicy, now: () => number = Date.now): RetryBudget {
  return { deadline: now() + policy.budgetMs };
}

/**
 * The wait after failed attempt `attempt` (1-based): `min(maxDelay, base * 2^(attempt-1))`,
 * scaled by a factor in [0.5, 1) drawn from `random`.
 */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const capped = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(capped * (0.5 + random() / 2));
}

/**
 * Runs `request`, trying again after a retryable `ChannelError`, at most `policy.attempts`
 * times in all. Other exceptions (bugs, or errors a channel maps later) are rethrown at once.
 * When giving up after retries, the last error's message says why.
 */
export async function withRetry<T>(
  request: () => Promise<T>,
  policy: RetryPolicy,
  opts: RetryOptions = {},
): Promise<T> {
  const { signal, onRetry, sleep = sleepFor, random = Math.random, now = Date.now, deadline } = opts;
  const maxAttempts = Math.max(1, Math.floor(policy.attempts));
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    let error: ChannelError;
    try {
      return await request();
    } catch (thrown) {
      if (!(thrown instanceof ChannelError) || !thrown.retryable) throw thrown;
      error = thrown;
    }
    signal?.throwIfAborted();
    if (attempt >= maxAttempts) {
      throw attempt > 1 ? givenUp(error, `tried ${attempt} times`) : error;
    }
    const askedMs = error.retryAfter !== undefined && error.retryAfter > 0 ? error.retryAfter * 1000 : undefined;
    const delayMs = askedMs ?? backoffDelay(policy, attempt, random);
    if (deadline !== undefined && now() + delayMs > deadline) {
      throw givenUp(
        error,
        askedMs !== undefined
          ? `the platform asked to wait ${formatSeconds(askedMs)} s`
          : "the channel's retry time for this run is spent",
      );
    }
    onRetry?.({ attempt, delayMs, error });
    await sleep(delayMs, signal);
  }
}

/** How one request behaves when its answer does not come. */
export interface AttemptOptions {
  /**
   * The request creates something a repeat would create again (a Telegram message): when
   * its answer never comes, the outcome is unknown, so it is not tried again and the error
   * is `outcome_unknown` (the ledger keeps the post in flight).
   */
  creates?: boolean;
  /**
   * This request's own timer, ms; `null` for none (an upload that keeps idle timers of its
   * own). The channel's time for the run still applies. @default createAttempt's `timeoutMs`
   */
  timeoutMs?: number | null;
}

/** One request under a channel's policy: gets the signal its library must pass on. */
export type Attempt = <T>(label: string, request: (signal: AbortSignal) => Promise<T>, opts?: AttemptOptions) => Promise<T>;

/**
 * `DeliverContext.attempt` for one channel: every request under the same policy, budget
 * and signal. Each try gets a plain-timer deadline of `timeoutMs` (see deadline.ts) and is
 * cut when `signal` (the channel's time for the run) aborts; a cut request is a
 * `timeout` (tried again) or, for a request that `creates`, `outcome_unknown` (never
 * again). Once `stop` is aborted (Ctrl-C) no new request starts. `onRetry` also hears the
 * request's label.
 */
export function createAttempt(
  policy: RetryPolicy,
  opts: Omit<RetryOptions, 'onRetry' | 'deadline'> & {
    budget?: RetryBudget;
    onRetry?: (info: RetryInfo & { label: string }) => void;
    /** Per-request timeout, ms (the channel's `timeout:`). @default none */
    timeoutMs?: number;
    /** Aborted when the run is being stopped: requests not started yet are not started. */
    stop?: AbortSignal;
    /** Channel name for the errors this layer makes. @default '' */
    channel?: string;
  } = {},
): Attempt {
  const { budget, onRetry, timeoutMs, stop, channel = '', ...rest } = opts;
  return async <T>(label: string, request: (signal: AbortSignal) => Promise<T>, how: AttemptOptions = {}): Promise<T> => {
    const limit = how.timeoutMs === undefined ? timeoutMs : (how.timeoutMs ?? undefined);
    const once = async (): Promise<T> => {
      if (stop?.aborted) {
        throw new ChannelError(channel, 'interrupted', `${label}: not sent, publish was stopped (Ctrl-C)`);
      }
      try {
        return await withDeadline(limit ?? Infinity, 'request', rest.signal, request);
      } catch (error) {
        throw isDeadline(error) ? cutShort(channel, label, error, how.creates === true) : error;
      }
    };
    try {
      return await withRetry(once, policy, {
        ...rest,
        ...(budget ? { deadline: budget.deadline } : {}),
        ...(onRetry ? { onRetry: (info: RetryInfo) => onRetry({ ...info, label }) } : {}),
      });
    } catch (error) {
      // The channel's time ran out between requests (during a wait): nothing is on the wire.
      throw isDeadline(error) ? cutShort(channel, label, error, false) : error;
    }
  };
}

/**
 * A request cut by a deadline, as the error the channel reports: a request that creates
 * may have done so (its answer is what never came), so it is `outcome_unknown`; any other
 * is a `timeout`, tried again while the channel has time (a request deadline), or not
 * (the channel's time is spent).
 */
function cutShort(channel: string, label: string, error: DeadlineError, creates: boolean): ChannelError {
  if (creates) {
    return new ChannelError(channel, 'outcome_unknown', `${label}: ${error.message}; it may have gone out`, { cause: error });
  }
  return new ChannelError(channel, 'timeout', `${label}: ${error.message}`, { retryable: error.kind === 'request', cause: error });
}

/** The same error, its message ending with why we stopped trying. */
function givenUp(error: ChannelError, why: string): ChannelError {
  return new ChannelError(error.channel, error.code, `${error.message} (gave up: ${why})`, {
    retryable: error.retryable,
    ...(error.retryAfter !== undefined ? { retryAfter: error.retryAfter } : {}),
    ...(error.status !== undefined ? { status: error.status } : {}),
    cause: error.cause ?? error,
  });
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return Number.isInteger(seconds) ? String(seconds) : seconds.toFixed(1);
}

/** A timer that rejects with the signal's reason when aborted. */
function sleepFor(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
