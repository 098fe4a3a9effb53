import type { Article } from '../article/types.js';
import type { DeliverContext, Receipt } from '../channels/types.js';
import type { ChannelConfig } from '../config/types.js';
import { startDeadline } from '../http/deadline.js';
import { createAttempt, createBudget } from '../http/retry.js';
import type { Reporter } from './context.js';
import type { Prepared } from './plan.js';
import type { DeliverDeps } from './session.js';

/** The name a progress line gives a channel: `article → channel` when several articles go at once. */
export function progressName(article: Article, channel: ChannelConfig, deps: Pick<DeliverDeps, 'manyArticles'>): string {
  return deps.manyArticles ? `${article.id} → ${channel.name}` : channel.name;
}

/**
 * The context a channel sends with. Its `signal` is the channel's time for this run (its
 * retry budget plus what an upload needs, a plain timer: see src/http/deadline.ts); each
 * request gets its own timeout on top. `close()` stops the timer once the channel is done.
 */
export function deliverContext(
  article: Article,
  p: Pick<Prepared, 'channel' | 'type' | 'ctx'>,
  deps: Pick<DeliverDeps, 'ledger' | 'config' | 'publishAt' | 'stop' | 'manyArticles'> & { report: Pick<Reporter, 'progress'> },
  mode: 'create' | 'update',
  previous: Receipt | undefined,
): DeliverContext & { close(): void } {
  const { channel } = p;
  const budget = createBudget(channel.retry);
  const allowance = p.type.timeAllowanceMs?.(article, channel) ?? 0;
  const clock = startDeadline(channel.retry.budgetMs + allowance, 'budget', undefined, { unref: true });
  const name = progressName(article, channel, deps);
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
        deps.report.progress(name, { phase: 'retrying', note: `${label}: ${error.message}; attempt ${attempt + 1} in ${(delayMs / 1000).toFixed(1)} s` }),
    }),
    tokens: {
      get: (key) => deps.ledger.getToken(`${channel.name}:${key}`),
      set: (key, value) => deps.ledger.setToken(`${channel.name}:${key}`, value),
    },
    progress: (e) => deps.report.progress(name, e),
    close: () => clock.clear(),
  };
}

/**
 * Stands in for the article a DeliverContext carries when there is none to send: `publish
 * check --online` (verify must not read it) and finishing a pending post (only the id counts).
 */
export function placeholderArticle(id: string, source: string, dir: string): Article {
  return {
    id, source, dir, title: '', lead: '', body: [], bodyHtml: '', tags: [], language: undefined, url: undefined, slug: id,
    image: undefined, video: undefined, youtube: undefined, date: undefined, overrides: {}, dropped: [], sourceHash: '',
  };
}

/** A prepared post with an empty payload, for a context that sends nothing new (verify, pending checks). */
export function emptyPrepared(channel: ChannelConfig, type: Prepared['type'], config: DeliverDeps['config']): Prepared {
  return {
    channel,
    type,
    post: { channel: channel.name, type: channel.type, output: {}, measures: [] },
    problems: [],
    ctx: { channel, config, link: undefined, linkPredicted: false, now: new Date() },
  };
}
