import { describe, expect, it, vi } from 'vitest';
import type { RetryPolicy } from '../../src/config/types.js';
import { backoffDelay, createAttempt, createBudget, withRetry, type RetryInfo } from '../../src/http/retry.js';
import { ChannelError } from '../../src/errors.js';

const policy: RetryPolicy = { attempts: 5, baseDelayMs: 500, maxDelayMs: 30_000, budgetMs: 120_000 };

const retryable = (message = 'Telegram is unavailable (502)', retryAfter?: number) =>
  new ChannelError('tg', 'server_error', message, { retryable: true, status: 502, ...(retryAfter === undefined ? {} : { retryAfter }) });
const fatal = () => new ChannelError('tg', 'unauthorized', 'the bot token was rejected (401)', { status: 401 });

/** A fake clock whose sleep only moves time on, recording each wait. */
function fakeTime(start = 1_000_000) {
  let t = start;
  const waits: number[] = [];
  return {
    waits,
    now: () => t,
    sleep: async (ms: number, signal: AbortSignal | undefined) => {
      signal?.throwIfAborted();
      waits.push(ms);
      t += ms;
    },
  };
}

/** A request that throws the given errors in turn, then returns 'ok'. */
function failing(...errors: unknown[]) {
  return vi.fn(async () => {
    const next = errors.shift();
    if (next !== undefined) throw next;
    return 'ok';
  });
}

describe('withRetry', () => {
  it('returns the first success without waiting', async () => {
    const clock = fakeTime();
    const request = failing();
    expect(await withRetry(request, policy, clock)).toBe('ok');
    expect(request).toHaveBeenCalledTimes(1);
    expect(clock.waits).toEqual([]);
  });

  it('retries a retryable ChannelError and reports each retry', async () => {
    const clock = fakeTime();
    const seen: RetryInfo[] = [];
    const first = retryable();
    const request = failing(first, retryable());
    const result = await withRetry(request, policy, { ...clock, random: () => 0, onRetry: (i) => seen.push(i) });
    expect(result).toBe('ok');
    expect(request).toHaveBeenCalledTimes(3);
    expect(clock.waits).toEqual([250, 500]);
    expect(seen.map((s) => [s.attempt, s.delayMs])).toEqual([[1, 250], [2, 500]]);
    expect(seen[0]?.error).toBe(first);
  });

  it('does not retry a ChannelError that is not retryable', async () => {
    const clock = fakeTime();
    const error = fatal();
    const request = failing(error);
    await expect(withRetry(request, policy, clock)).rejects.toBe(error);
    expect(request).toHaveBeenCalledTimes(1);
    expect(clock.waits).toEqual([]);
  });

  it('rethrows other exceptions at once', async () => {
    const clock = fakeTime();
    const bug = new TypeError('cannot read properties of undefined');
    const request = failing(bug);
    await expect(withRetry(request, policy, clock)).rejects.toBe(bug);
    expect(request).toHaveBeenCalledTimes(1);
  });

  it('makes at most policy.attempts attempts and says so', async () => {
    const clock = fakeTime();
    const request = vi.fn(async () => {
      throw retryable('Telegram is unavailable (502)');
    });
    const failure = withRetry(request, { ...policy, attempts: 3 }, clock);
    await expect(failure).rejects.toBeInstanceOf(ChannelError);
    await expect(failure).rejects.toMatchObject({
      channel: 'tg', code: 'server_error', retryable: true, status: 502,
      message: 'Telegram is unavailable (502) (gave up: tried 3 times)',
    });
    expect(request).toHaveBeenCalledTimes(3);
    expect(clock.waits).toHaveLength(2);
  });

  it('with attempts: 1 throws the error itself', async () => {
    const error = retryable();
    await expect(withRetry(failing(error), { ...policy, attempts: 1 }, fakeTime())).rejects.toBe(error);
  });

  it('doubles the wait and caps it at maxDelayMs', async () => {
    const clock = fakeTime();
    const errors = Array.from({ length: 7 }, () => retryable());
    await withRetry(failing(...errors), { ...policy, attempts: 8, baseDelayMs: 1000, maxDelayMs: 10_000 }, { ...clock, random: () => 0.999999 });
    expect(clock.waits).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000, 10_000]);
  });

  it('keeps jitter within half to all of the capped delay', () => {
    for (const attempt of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      expect(backoffDelay(policy, attempt, () => 0)).toBe(cap / 2);
      for (let i = 0; i < 50; i++) {
        const d = backoffDelay(policy, attempt);
        expect(d).toBeGreaterThanOrEqual(cap / 2);
        expect(d).toBeLessThanOrEqual(cap);
      }
    }
  });

  it('honours retryAfter, even beyond maxDelayMs', async () => {
    const clock = fakeTime();
    const seen: RetryInfo[] = [];
    await withRetry(failing(retryable('Too Many Requests', 35), retryable('Too Many Requests', 2)), policy, {
      ...clock,
      random: () => 0,
      onRetry: (i) => seen.push(i),
    });
    expect(clock.waits).toEqual([35_000, 2000]);
    expect(clock.waits[0]).toBeGreaterThan(policy.maxDelayMs);
    expect(seen.map((s) => s.delayMs)).toEqual([35_000, 2000]);
  });

  it('gives up at once when the asked wait would pass the deadline', async () => {
    const clock = fakeTime();
    const request = failing(retryable('Too Many Requests: retry after 3600', 3600));
    const failure = withRetry(request, policy, { ...clock, deadline: clock.now() + policy.budgetMs });
    await expect(failure).rejects.toMatchObject({
      message: 'Too Many Requests: retry after 3600 (gave up: the platform asked to wait 3600 s)',
      retryAfter: 3600,
      retryable: true,
    });
    expect(request).toHaveBeenCalledTimes(1);
    expect(clock.waits).toEqual([]);
  });

  it('stops when the shared budget is spent across requests', async () => {
    const clock = fakeTime();
    const tight: RetryPolicy = { attempts: 10, baseDelayMs: 1000, maxDelayMs: 4000, budgetMs: 10_000 };
    const budget = createBudget(tight, clock.now);
    expect(budget.deadline).toBe(clock.now() + 10_000);
    const opts = { ...clock, random: () => 0.999999, deadline: budget.deadline };

    // The first request uses 1 + 2 + 4 = 7 s of the 10 s budget.
    expect(await withRetry(failing(retryable(), retryable(), retryable()), tight, opts)).toBe('ok');
    expect(clock.waits).toEqual([1000, 2000, 4000]);

    // The second one may still wait 1 s and 2 s (reaching the deadline exactly), not 4 s more.
    const second = failing(retryable(), retryable(), retryable());
    await expect(withRetry(second, tight, opts)).rejects.toThrow(
      "Telegram is unavailable (502) (gave up: the channel's retry time for this run is spent)",
    );
    expect(second).toHaveBeenCalledTimes(3);
    expect(clock.waits).toEqual([1000, 2000, 4000, 1000, 2000]);
  });

  it('stops at once when aborted during a wait', async () => {
    const controller = new AbortController();
    const request = failing(retryable(), retryable());
    const failure = withRetry(request, policy, {
      signal: controller.signal,
      random: () => 0,
      onRetry: () => controller.abort(new Error('run interrupted')),
    });
    await expect(failure).rejects.toThrow('run interrupted');
    expect(request).toHaveBeenCalledTimes(1);
  });

  it('does not start when already aborted, and does not retry after an abort mid-request', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    const request = failing();
    await expect(withRetry(request, policy, { signal: controller.signal, sleep: fakeTime().sleep })).rejects.toThrow('stop');
    expect(request).not.toHaveBeenCalled();

    const live = new AbortController();
    const clock = fakeTime();
    const midway = vi.fn(async () => {
      live.abort(new Error('stopped'));
      throw retryable();
    });
    await expect(withRetry(midway, policy, { ...clock, signal: live.signal })).rejects.toThrow('stopped');
    expect(midway).toHaveBeenCalledTimes(1);
    expect(clock.waits).toEqual([]);
  });

  it('the default sleep really waits and can be aborted', async () => {
    const tiny: RetryPolicy = { attempts: 2, baseDelayMs: 2, maxDelayMs: 2, budgetMs: 1000 };
    expect(await withRetry(failing(retryable()), tiny)).toBe('ok');

    const controller = new AbortController();
    const slow: RetryPolicy = { ...tiny, baseDelayMs: 60_000, maxDelayMs: 60_000, budgetMs: 120_000 };
    const failure = withRetry(failing(retryable()), slow, {
      signal: controller.signal,
      onRetry: () => queueMicrotask(() => controller.abort(new Error('interrupted'))),
    });
    await expect(failure).rejects.toThrow('interrupted');
  });
});

describe('createAttempt', () => {
  it('runs each request under the policy and shared budget, labelling retries', async () => {
    const clock = fakeTime();
    const tight: RetryPolicy = { attempts: 5, baseDelayMs: 1000, maxDelayMs: 1000, budgetMs: 2500 };
    const labels: string[] = [];
    const attempt = createAttempt(tight, {
      ...clock,
      random: () => 0.999999,
      budget: createBudget(tight, clock.now),
      onRetry: (i) => labels.push(`${i.label}#${i.attempt}`),
    });
    expect(await attempt('sendMessage', failing(retryable()))).toBe('ok');
    expect(await attempt('editMessageText', failing(retryable()))).toBe('ok');
    await expect(attempt('sendPhoto', failing(retryable(), retryable()))).rejects.toThrow(/gave up/);
    expect(labels).toEqual(['sendMessage#1', 'editMessageText#1']);
  });
});
