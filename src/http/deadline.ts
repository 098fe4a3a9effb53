/**
 * The one deadline mechanism every channel's requests run under: an AbortController that a
 * plain timer aborts, the timer cleared as soon as the work settles.
 *
 * Why not `AbortSignal.timeout()` / `AbortSignal.any()`: on Node 20 a signal made by
 * `AbortSignal.any([…, AbortSignal.timeout(ms)])` holds its sources weakly, so after a
 * garbage collection the timeout source is gone and the combined signal never fires (a hung
 * request then ran until something else cut it). A pending `setTimeout` is a GC root: it
 * always fires. tests/http/deadline.test.ts proves both with gc() forced.
 */

/** The longest delay setTimeout takes (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Why a deadline fired: one request's own timeout, or the channel's time for the run. */
export type DeadlineKind = 'request' | 'budget';

/** The reason a deadline aborts its signal with (named TimeoutError, as the platform's own would be). */
export class DeadlineError extends Error {
  override name = 'TimeoutError';
  constructor(
    readonly kind: DeadlineKind,
    /** The time it allowed, ms. */
    readonly ms: number,
  ) {
    super(kind === 'request' ? `no answer within ${seconds(ms)} s` : `the channel's ${seconds(ms)} s for this run are spent`);
  }
}

/** True when `error` is (or was caused by) a deadline firing. */
export function isDeadline(error: unknown): error is DeadlineError {
  return error instanceof DeadlineError;
}

/** A running deadline. */
export interface Deadline {
  /** Aborted (with a DeadlineError, or the parent's reason) when the time is up or the parent aborts. */
  readonly signal: AbortSignal;
  /** Epoch ms when it fires. */
  readonly at: number;
  /** Stops the timer and lets go of the parent; the signal stays as it is. Safe to call twice. */
  clear(): void;
}

/**
 * Starts a deadline `ms` from now (Infinity: none of its own). With a `parent`, it also
 * aborts when the parent does (with the parent's reason). `unref`: the timer alone does not
 * keep the process running.
 */
export function startDeadline(ms: number, kind: DeadlineKind, parent?: AbortSignal, opts: { unref?: boolean } = {}): Deadline {
  const controller = new AbortController();
  // Infinity: no timer of its own, only the parent's (setTimeout would fire at once).
  const wait = Number.isFinite(ms) ? Math.min(MAX_TIMER_MS, Math.max(0, Math.floor(ms))) : Infinity;
  const at = Date.now() + wait;
  const onParent = (): void => finish(parent?.reason);
  const timer = Number.isFinite(wait) ? setTimeout(() => finish(new DeadlineError(kind, wait)), wait) : undefined;
  // A budget need not keep the process alive by itself: while a request is on the wire its
  // socket does, and the timer fires.
  if (opts.unref) timer?.unref();
  function finish(reason: unknown): void {
    clearTimeout(timer);
    parent?.removeEventListener('abort', onParent);
    if (!controller.signal.aborted) controller.abort(reason);
  }
  if (parent?.aborted) finish(parent.reason);
  else parent?.addEventListener('abort', onParent, { once: true });
  return {
    signal: controller.signal,
    at,
    clear() {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onParent);
    },
  };
}

/**
 * Runs `work` with a signal that aborts after `ms` (or with `parent`), and settles no later
 * than that even when the work ignores its signal (a library that does not pass it on): the
 * result is then the abort reason. The timer is cleared as soon as the work settles.
 */
export async function withDeadline<T>(
  ms: number,
  kind: DeadlineKind,
  parent: AbortSignal | undefined,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const deadline = startDeadline(ms, kind, parent);
  let stop: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    const onAbort = (): void => reject(deadline.signal.reason);
    if (deadline.signal.aborted) return onAbort();
    deadline.signal.addEventListener('abort', onAbort, { once: true });
    stop = () => deadline.signal.removeEventListener('abort', onAbort);
  });
  // The loser of the race must not become an unhandled rejection.
  aborted.catch(() => undefined);
  try {
    const running = Promise.resolve().then(() => work(deadline.signal));
    running.catch(() => undefined);
    return await Promise.race([running, aborted]);
  } catch (error) {
    // Whatever the library made of the abort (AbortError, "socket hang up"), it was the deadline.
    throw deadline.signal.aborted ? deadline.signal.reason : error;
  } finally {
    stop?.();
    deadline.clear();
  }
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function seconds(ms: number): string {
  const s = ms / 1000;
  return Number.isInteger(s) ? String(s) : s.toFixed(1);
}
