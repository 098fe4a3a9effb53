/**
 * Cancel and retract one post through the ledger (docs/ARCHITECTURE.md, "Cancel and retract"):
 * the same claim as sending, so a killed run is finished by the next one and two runs at
 * once do the work once. A state machine like deliver-one's:
 *
 *   look ──▶ decide ──▶ claim ──▶ act ──▶ settle (cancelled | retracted) ──▶ done
 *     │         │          │        └──▶ fail (failed; released after Ctrl-C) ──▶ done
 *     └─────────┴──────────┴──▶ done (nothing to do, planned, held by another run)
 *
 * What a type can do is registered with the type (`unschedule`, `retract`, `heldUntil`,
 * `retractPlan`); nothing here names a platform. A failure is a result value, never a throw.
 */
import { getChannelType } from '../channels/index.js';
import type { ChannelType, Receipt } from '../channels/types.js';
import type { ChannelConfig } from '../config/types.js';
import { ChannelError, LedgerError, PublishError } from '../errors.js';
import type { PostRecord, Settlement } from '../ledger/types.js';
import { scrub } from '../scrub.js';
import { deliverContext, emptyPrepared, placeholderArticle } from './deliver-context.js';
import type { LifecycleResult } from './result.js';
import { heldHere, holderIsGone, type DeliverDeps } from './session.js';

/** `unschedule`: a post the platform holds for a time becomes a draft. `retract`: a post comes down. */
export type LifecycleAction = 'unschedule' | 'retract';

/** What one cancel or retract needs. */
export type LifecycleDeps = Pick<DeliverDeps, 'ledger' | 'config' | 'report' | 'host' | 'stop'> & { dryRun?: boolean; now?: Date };

/** Where one change stands. */
export type LifecycleState =
  | { at: 'look' }
  | { at: 'decide'; row: PostRecord | undefined }
  | { at: 'claim'; row: PostRecord & { receipt: Receipt } }
  | { at: 'act'; receipt: Receipt }
  | { at: 'settle'; settlement: Settlement; result: LifecycleResult }
  | { at: 'fail'; receipt: Receipt; error: unknown }
  | { at: 'done'; result: LifecycleResult | undefined };

/** Everything a transition reads. */
export interface Change {
  action: LifecycleAction;
  article: string;
  channel: ChannelConfig;
  type: ChannelType;
  deps: LifecycleDeps;
}

/**
 * Cancels (un-schedules) or retracts `article`'s post on `channel`. Undefined when a cancel
 * has nothing to do there (no post the platform holds): the queue's rows are the rest of it.
 */
export async function changePost(action: LifecycleAction, article: string, channel: ChannelConfig, deps: LifecycleDeps): Promise<LifecycleResult | undefined> {
  const type = getChannelType(channel.type);
  if (!type) return { channel: channel.name, type: channel.type, status: 'skipped', reason: `unknown channel type ${channel.type}` };
  const c: Change = { action, article, channel, type, deps };
  let state: LifecycleState = { at: 'look' };
  while (state.at !== 'done') state = await step(state, c);
  return state.result;
}

/** One transition. */
export async function step(state: Exclude<LifecycleState, { at: 'done' }>, c: Change): Promise<LifecycleState> {
  try {
    switch (state.at) {
      case 'look': return { at: 'decide', row: await c.deps.ledger.get(c.article, c.channel.name) };
      case 'decide': return decideChange(c, state.row);
      case 'claim': return await claimChange(c, state.row);
      case 'act': return await act(c, state.receipt);
      case 'settle': return await settleChange(c, state.settlement, state.result);
      case 'fail': return await failChange(c, state.receipt, state.error);
    }
  } catch (error) {
    if (error instanceof PublishError && !(error instanceof ChannelError) && !(error instanceof LedgerError)) throw error;
    return { at: 'done', result: failedResult(c, error, undefined) };
  }
}

function base(c: Change, receipt?: Receipt): Pick<LifecycleResult, 'channel' | 'type' | 'remote'> {
  const remote = receipt ? (receipt.url ? { id: receipt.id, url: receipt.url } : { id: receipt.id }) : undefined;
  return { channel: c.channel.name, type: c.channel.type, ...(remote ? { remote } : {}) };
}

function done(result: LifecycleResult | undefined): LifecycleState {
  return { at: 'done', result };
}

/** The time the platform holds the post until, if it does. */
function heldUntil(c: Change, receipt: Receipt): Date | undefined {
  return c.type.heldUntil?.(receipt);
}

/** decide → claim, or done: nothing to do, done before, or (--dry-run) what would be done. */
export function decideChange(c: Change, row: PostRecord | undefined): LifecycleState {
  const now = c.deps.now ?? new Date();
  const receipt = row?.receipt;
  if (c.action === 'unschedule') {
    if (!row || !receipt || !c.type.unschedule) return done(undefined);
    if (row.status === 'cancelled') return done({ ...base(c, receipt), status: 'unchanged', reason: 'a draft already: it will not go live' });
    if (row.status === 'retracted') return done(undefined);
    const until = heldUntil(c, receipt);
    if (!until) return done(undefined);
    if (until.getTime() <= now.getTime()) {
      return done({ ...base(c, receipt), status: 'skipped', reason: `went live at ${until.toISOString()}: publish retract ${c.article}:${c.channel.name} takes it down` });
    }
    if (c.deps.dryRun) return done({ ...base(c, receipt), status: 'planned', detail: `make ${receipt.url ?? `post ${receipt.id}`} a draft again (it would go live at ${until.toISOString()})` });
  } else {
    if (!row || !receipt) return done({ ...base(c), status: 'skipped', reason: row?.status === 'in_flight' ? 'being sent (or its outcome is unknown): nothing to retract yet' : 'never sent' });
    if (row.status === 'retracted') return done({ ...base(c, receipt), status: 'unchanged', reason: 'retracted already' });
    if (!c.type.retract) return done({ ...base(c, receipt), status: 'skipped', reason: `publish cannot take ${c.channel.type} posts down` });
    if (c.deps.dryRun) return done({ ...base(c, receipt), status: 'planned', detail: c.type.retractPlan?.(receipt, c.channel) ?? `take ${receipt.url ?? `post ${receipt.id}`} down` });
  }
  return { at: 'claim', row: row as PostRecord & { receipt: Receipt } };
}

/**
 * claim → act, holding the row in flight (the hash stays the post's); or done when another
 * run holds it. A run that was killed meanwhile is taken over: acting again is safe.
 */
export async function claimChange(c: Change, row: PostRecord & { receipt: Receipt }): Promise<LifecycleState> {
  const { ledger, host } = c.deps;
  const hash = row.contentHash ?? '';
  let begun = await ledger.begin(c.article, c.channel.name, hash);
  if (!begun.ok) {
    const holder = begun.holder;
    if (!holderIsGone(holder, host) || heldHere(holder, host)) {
      return done({ ...base(c, row.receipt), status: 'skipped', reason: `another run is working on it (${holder.host}, since ${holder.updatedAt.toISOString()}): rerun when it is done` });
    }
    begun = await ledger.begin(c.article, c.channel.name, hash, { updatedAt: holder.updatedAt });
    if (!begun.ok) return done({ ...base(c, row.receipt), status: 'skipped', reason: `another run is working on it (${begun.holder.host})` });
  }
  const previous = begun.previous;
  // What the row says now (another run may have finished meanwhile).
  if (previous?.status === 'retracted' && c.action === 'retract') {
    await ledger.settle(c.article, c.channel.name, { status: 'released' });
    return done({ ...base(c, previous.receipt), status: 'unchanged', reason: 'retracted already' });
  }
  if (previous?.status === 'cancelled' && c.action === 'unschedule') {
    await ledger.settle(c.article, c.channel.name, { status: 'released' });
    return done({ ...base(c, previous.receipt), status: 'unchanged', reason: 'a draft already: it will not go live' });
  }
  return { at: 'act', receipt: previous?.receipt ?? row.receipt };
}

/** act → settle with what the platform did, or → fail. */
export async function act(c: Change, receipt: Receipt): Promise<LifecycleState> {
  const { deps } = c;
  const article = placeholderArticle(c.article, c.article, deps.config.dir);
  const ctx = deliverContext(article, emptyPrepared(c.channel, c.type, deps.config), deps, 'update', receipt);
  try {
    if (c.action === 'unschedule') {
      const draft = await c.type.unschedule!(ctx);
      const until = heldUntil(c, receipt);
      const detail = `made a draft again: it will not go live${until ? ` at ${until.toISOString()}` : ''}`;
      return { at: 'settle', settlement: { status: 'cancelled', receipt: draft, detail }, result: { ...base(c, draft), status: 'unscheduled', detail } };
    }
    const done = await c.type.retract!(ctx);
    const manual = done.outcome === 'manual';
    return {
      at: 'settle',
      settlement: { status: 'retracted', detail: done.detail, outcome: manual ? 'manual' : 'ok' },
      result: { ...base(c, receipt), status: manual ? 'manual' : 'retracted', detail: scrub(done.detail) },
    };
  } catch (error) {
    return { at: 'fail', receipt, error };
  } finally {
    ctx.close();
  }
}

/** settle → done: the row becomes `cancelled` or `retracted`, with a history entry. */
export async function settleChange(c: Change, settlement: Settlement, result: LifecycleResult): Promise<LifecycleState> {
  try {
    await c.deps.ledger.settle(c.article, c.channel.name, settlement);
    return done(result);
  } catch (error) {
    if (!(error instanceof LedgerError)) throw error;
    const message = `done on ${c.channel.name}, but the ledger could not record it: ${error.message}; rerun to record it (doing it again is safe)`;
    return done({ ...result, error: { code: 'not_recorded', message: scrub(message), retryable: false } });
  }
}

/**
 * fail → done: the row is `failed` with the error (a cancel names the post that may still
 * go live), and keeps the receipt, so a rerun tries again. Stopped before the request
 * (Ctrl-C): released as it was.
 */
export async function failChange(c: Change, receipt: Receipt, error: unknown): Promise<LifecycleState> {
  const code = error instanceof ChannelError ? error.code : undefined;
  if (code === 'interrupted') {
    await c.deps.ledger.settle(c.article, c.channel.name, { status: 'released' });
    return done({ ...base(c, receipt), status: 'skipped', reason: 'stopped (Ctrl-C) before anything was done' });
  }
  const result = failedResult(c, error, receipt);
  await c.deps.ledger.settle(c.article, c.channel.name, { status: 'failed', error: result.error?.message ?? 'failed', action: c.action === 'unschedule' ? 'cancel' : 'retract' });
  return done(result);
}

/** A failed result; a failed cancel says which post may still go live, and when. */
function failedResult(c: Change, error: unknown, receipt: Receipt | undefined): LifecycleResult {
  const e = error instanceof ChannelError || error instanceof LedgerError
    ? { code: error.code, message: error.message, retryable: error instanceof ChannelError && error.retryable }
    : { code: 'internal', message: `unexpected error: ${(error as Error)?.message ?? String(error)}`, retryable: false };
  let message = e.message;
  if (c.action === 'unschedule' && receipt && e.code === 'already_live') {
    message = `could not un-schedule: ${message}`;
  } else if (c.action === 'unschedule' && receipt) {
    const until = heldUntil(c, receipt);
    message = `could not un-schedule: ${message}; ${receipt.url ?? `post ${receipt.id}`} MAY STILL GO LIVE${until ? ` at ${until.toISOString()}` : ''}: rerun publish cancel ${c.article}, or make it a draft by hand`;
  } else if (c.action === 'retract') {
    message = `could not retract: ${message}; ${receipt?.url ?? (receipt ? `post ${receipt.id}` : 'the post')} is still up: rerun publish retract ${c.article}:${c.channel.name}`;
  }
  return { ...base(c, receipt), status: 'failed', error: { ...e, message: scrub(message) } };
}

/**
 * The channels of `config` an `<article>[:<channel>]` names: every one, or that one. A channel
 * switched off since (`enabled: false`) is included: its posts are still out there.
 */
function channelsOf(deps: LifecycleDeps, channel: string | undefined): ChannelConfig[] {
  return deps.config.channels.filter((c) => channel === undefined || c.name === channel);
}

/** True when no result failed. */
function allWell(results: readonly LifecycleResult[]): boolean {
  return !results.some((r) => r.status === 'failed' || r.error !== undefined);
}

/**
 * `publish cancel`: drops the article's queued posts (nothing more goes out), then makes each
 * post a platform holds for a time a draft again, every channel on its own (one failure
 * never stops another). Each dropped queue row goes into the history.
 */
export async function cancelArticle(article: string, channel: string | undefined, deps: LifecycleDeps): Promise<{ cancelled: number; posts: LifecycleResult[]; ok: boolean }> {
  const queued = (await deps.ledger.listScheduled(article)).filter((q) => q.status === 'scheduled' && (channel === undefined || q.channel === channel));
  const cancelled = await deps.ledger.cancel(article, channel);
  for (const name of new Set(queued.map((q) => q.channel))) {
    await deps.ledger.addHistory({ article, channel: name, action: 'cancel', outcome: 'ok', contentHash: undefined, remote: undefined, detail: 'dropped from the queue before it went out' });
  }
  const results = await Promise.all(channelsOf(deps, channel).map((c) => changePost('unschedule', article, c, deps)));
  const posts = results.filter((r): r is LifecycleResult => r !== undefined);
  return { cancelled, posts, ok: allWell(posts) };
}

/** `publish retract` (or its --dry-run): every channel the article went to, each on its own. */
export async function retractArticle(article: string, channel: string | undefined, deps: LifecycleDeps): Promise<{ posts: LifecycleResult[]; ok: boolean }> {
  const rows = await deps.ledger.list(article);
  const sentTo = new Set(rows.map((r) => r.channel));
  const channels = channelsOf(deps, channel).filter((c) => channel !== undefined || sentTo.has(c.name));
  const results = await Promise.all(channels.map((c) => changePost('retract', article, c, deps)));
  const posts = results.filter((r): r is LifecycleResult => r !== undefined);
  // Posts on a channel channels.yaml no longer has: publish cannot reach them, a person must.
  const known = new Set(deps.config.channels.map((c) => c.name));
  for (const row of channel === undefined ? rows : []) {
    if (known.has(row.channel) || !row.receipt || row.status === 'retracted') continue;
    const where = row.receipt.url ?? `post ${row.receipt.id}`;
    posts.push({ channel: row.channel, type: 'unknown', status: 'manual', detail: `no channel "${row.channel}" in channels.yaml any more: take ${where} down by hand` });
  }
  return { posts, ok: allWell(posts) };
}
