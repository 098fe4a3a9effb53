import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { DeadlineError, startDeadline, withDeadline } from '../../src/http/deadline.js';
import { createAttempt } from '../../src/http/retry.js';
import { ChannelError } from '../../src/errors.js';

// gc() in this worker: the flag must be set before a context that reads it is created.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Runs a full garbage collection every few ms until stopped, as a long send would see them. */
function collectOften(): () => void {
  const timer = setInterval(() => gc(), 5);
  return () => clearInterval(timer);
}

const never = () => new Promise<never>(() => undefined);
const POLICY = { attempts: 3, baseDelayMs: 5, maxDelayMs: 10, budgetMs: 10_000 };

let stopGc: (() => void) | undefined;
afterEach(() => stopGc?.());

describe('deadlines under garbage collection', () => {
  it('a withDeadline timer fires although gc runs all the time', async () => {
    stopGc = collectOften();
    const started = Date.now();
    const error = await withDeadline(300, 'request', undefined, never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeadlineError);
    expect((error as DeadlineError).kind).toBe('request');
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('the signal a request gets is aborted by the deadline, and a parent abort reaches it too', async () => {
    stopGc = collectOften();
    let seen: AbortSignal | undefined;
    await withDeadline(200, 'request', undefined, (signal) => {
      seen = signal;
      return never();
    }).catch(() => undefined);
    expect(seen?.aborted).toBe(true);
    expect(seen?.reason).toBeInstanceOf(DeadlineError);

    const budget = startDeadline(150, 'budget');
    const error = await withDeadline(60_000, 'request', budget.signal, never).catch((e: unknown) => e);
    expect((error as DeadlineError).kind).toBe('budget');
  });

  // Why deadline.ts exists: on Node 20 the combined signal loses its timeout source to gc
  // and never fires. If this starts failing, Node fixed it (and the test can go).
  it.runIf(process.versions.node.startsWith('20.'))('control: AbortSignal.any([…, AbortSignal.timeout()]) does not fire once gc has run', async () => {
    stopGc = collectOften();
    const parent = new AbortController();
    const signal = AbortSignal.any([parent.signal, AbortSignal.timeout(200)]);
    const fired = await new Promise<boolean>((resolve) => {
      signal.addEventListener('abort', () => resolve(true), { once: true });
      setTimeout(() => resolve(false), 1500);
    });
    expect(fired).toBe(false);
  });

  it('the timer is cleared when the work settles (nothing keeps running after it)', async () => {
    const value = await withDeadline(60_000, 'request', undefined, async () => 'done');
    expect(value).toBe('done');
    // A failure of the work is the work's, not the deadline's.
    await expect(withDeadline(60_000, 'request', undefined, async () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
  });
});

describe('attempt under a deadline', () => {
  it('a request that never answers is cut at the timeout and tried again (it creates nothing)', async () => {
    let tries = 0;
    const attempt = createAttempt(POLICY, { timeoutMs: 100, channel: 'c' });
    const started = Date.now();
    const error = await attempt('GET', () => {
      tries++;
      return never();
    }).catch((e: unknown) => e);
    expect(tries).toBe(3);
    expect(error).toBeInstanceOf(ChannelError);
    expect((error as ChannelError).code).toBe('timeout');
    expect((error as ChannelError).message).toMatch(/GET: no answer within 0\.1 s/);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('a request that creates and gets no answer is outcome unknown, and never sent twice', async () => {
    stopGc = collectOften();
    let tries = 0;
    const attempt = createAttempt(POLICY, { timeoutMs: 150, channel: 'tg' });
    const error = await attempt('sendMessage', () => {
      tries++;
      return never();
    }, { creates: true }).catch((e: unknown) => e);
    expect(tries).toBe(1);
    expect((error as ChannelError).code).toBe('outcome_unknown');
    expect((error as ChannelError).retryable).toBe(false);
  });

  it("the channel's budget ends a request whose own timeout is longer (± a little)", async () => {
    const budget = startDeadline(300, 'budget');
    const attempt = createAttempt(POLICY, { timeoutMs: 60_000, signal: budget.signal, channel: 'c' });
    const started = Date.now();
    const error = await attempt('sendMessage', never, { creates: true }).catch((e: unknown) => e);
    expect((error as ChannelError).code).toBe('outcome_unknown');
    expect(Date.now() - started).toBeLessThan(1000);
    const plain = await attempt('GET', never).catch((e: unknown) => e);
    expect([(plain as ChannelError).code, (plain as ChannelError).retryable]).toEqual(['timeout', false]);
  });

  it('after Ctrl-C no new request starts', async () => {
    const stop = new AbortController();
    const attempt = createAttempt(POLICY, { timeoutMs: 1000, stop: stop.signal, channel: 'c' });
    expect(await attempt('first', async () => 'sent')).toBe('sent');
    stop.abort();
    let started = false;
    const error = await attempt('second', async () => {
      started = true;
      return 'sent';
    }).catch((e: unknown) => e);
    expect(started).toBe(false);
    expect((error as ChannelError).code).toBe('interrupted');
  });
});
