/**
 * Deliver one post through the ledger: never twice, never lost. An explicit state machine
 * (docs/ARCHITECTURE.md draws it): each state is a value naming what happens next, each
 * transition a function from one state to the next, exported so tests can drive any one of
 * them alone. The ledger row moves `(none|sent|failed|cancelled) → in_flight → sent | failed | released`,
 * or stays `in_flight` when the outcome is unknown; a `retracted` row is skipped unless `--force`.
 * (Cancel and retract move rows to `cancelled` and `retracted`: src/engine/lifecycle.ts.)
 *
 *   look ──▶ decide ──▶ pace ──▶ claim ──▶ send ──▶ settle ──▶ done
 *     │        │          │        │        │
 *     └────────┴──────────┴────────┴────────┴──▶ done (halted, unchanged, skipped, failed)
 *                                           └──▶ fail ──▶ done (released, kept in flight, failed)
 *
 * A failure is a result value (`failed`), never a throw; only a bug or a command-level
 * error (config) escapes.
 */
import type { Article } from '../article/types.js';
import type { Receipt } from '../channels/types.js';
import { ChannelError, LedgerError, PublishError } from '../errors.js';
import { isTimeUp, timeUpError } from '../http/policy.js';
import type { PostRecord, Settlement } from '../ledger/types.js';
import { scrub } from '../scrub.js';
import { deliverContext } from './deliver-context.js';
import type { Prepared } from './plan.js';
import { NOT_RECORDED, OUTCOME_UNKNOWN, type ChannelResult } from './result.js';
import { contentHash, haltReason, heldHere, holderIsGone, markNotStarted, noteLedgerFailure, STOPPED, type DeliverDeps, type Halt } from './session.js';

/** First send (or `--force`), or an edit of the post the ledger has a receipt for. */
export type Mode = 'create' | 'update';

/** The ledger row this run holds in flight, and how to send under it. */
export interface Claim {
  mode: Mode;
  /** The receipt of the post that is out there (an edit changes it). */
  previous: Receipt | undefined;
  /** A stopped run held the row: look the post up before sending (where the type can). */
  reconcile: boolean;
}

/** What the platform gave for a claimed row, and the result to report once it is recorded. */
export interface Sent {
  receipt: Receipt;
  result: ChannelResult;
}

/** Where one delivery stands: each state names what happens next. */
export type DeliveryState =
  /** Read the ledger's row for (article, channel); halt first when the run is stopping. */
  | { at: 'look' }
  /** Decide from the row and the flags: create, update, or a result without sending. */
  | { at: 'decide'; row: PostRecord | undefined }
  /** Wait for the channel's turn (`per_minute:`); halt when the run stopped meanwhile. */
  | { at: 'pace'; row: PostRecord | undefined; mode: Mode }
  /** Write the row in flight (`ledger.begin`), or find that another run holds it. */
  | { at: 'claim'; row: PostRecord | undefined; mode: Mode }
  /** Send the post (or look it up, reconciling a stopped run's row). */
  | { at: 'send'; claim: Claim }
  /** Record what went out (`sent`). */
  | { at: 'settle'; claim: Claim; sent: Sent }
  /** Record a failed send: released (nothing went out), kept in flight (unknown), or failed. */
  | { at: 'fail'; error: unknown }
  /** The channel's result. */
  | { at: 'done'; result: ChannelResult };

/** Everything a transition reads: the post, the run's deps, and the payload's hash. */
export interface Delivery {
  article: Article;
  p: Prepared;
  deps: DeliverDeps;
  hash: string;
}

/** A new delivery of `p`. */
export function delivery(article: Article, p: Prepared, deps: DeliverDeps): Delivery {
  return { article, p, deps, hash: contentHash(p.post.output) };
}

/**
 * Sends one prepared post through the ledger: never twice, never lost.
 * Returns a result value; a failure is a value, never a throw.
 */
export async function deliverOne(article: Article, p: Prepared, deps: DeliverDeps): Promise<ChannelResult> {
  const d = delivery(article, p, deps);
  let state: DeliveryState = { at: 'look' };
  while (state.at !== 'done') state = await advance(state, d);
  return state.result;
}

/** One transition from `state`. */
export async function advance(state: Exclude<DeliveryState, { at: 'done' }>, d: Delivery): Promise<DeliveryState> {
  switch (state.at) {
    case 'look': return beforeClaim(d, () => look(d));
    case 'decide': return beforeClaim(d, async () => decide(d, state.row));
    case 'pace': return beforeClaim(d, () => pace(d, state.row, state.mode));
    case 'claim': return beforeClaim(d, () => claim(d, state.row, state.mode));
    case 'send': return send(d, state.claim);
    case 'settle': return settle(d, state.sent, state.claim.mode);
    case 'fail': return fail(d, state.error);
  }
}

/**
 * Runs a transition before the row is claimed: nothing went out yet. A ledger failure stops
 * the run (what it sends could not be recorded); a command-level error (config) propagates;
 * anything else is this channel's failure.
 */
async function beforeClaim(d: Delivery, transition: () => Promise<DeliveryState>): Promise<DeliveryState> {
  try {
    return await transition();
  } catch (error) {
    if (error instanceof LedgerError) {
      noteLedgerFailure(d.deps.run, error);
      return done(markNotStarted(failed(d.p, new LedgerError(`not sent: ${error.message}`))));
    }
    if (error instanceof PublishError && !(error instanceof ChannelError)) throw error;
    return done(failed(d.p, error));
  }
}

/** look → decide, or done (halted). */
export async function look(d: Delivery): Promise<DeliveryState> {
  const halt = haltReason(d.deps);
  if (halt) return done(halted(d.p, halt));
  return { at: 'decide', row: await d.deps.ledger.get(d.article.id, d.p.channel.name) };
}

/**
 * decide → pace (create or update), or done: a post already out is `unchanged` (or
 * `skipped` when the type cannot edit) unless `--update` or `--force` ask otherwise.
 */
export function decide(d: Delivery, row: PostRecord | undefined): DeliveryState {
  const { p, deps, hash } = d;
  const base = resultBase(p);
  // Taken down by `publish retract`: it stays down unless the editor insists.
  if (row?.status === 'retracted' && !deps.force) {
    return done({ ...base, status: 'skipped', remote: remoteOf(row.receipt), reason: 'retracted; --force publishes it again' });
  }
  // Made a draft again by `publish cancel`: the draft is sent again (edited where the type can).
  if (row?.status === 'cancelled' && !deps.force) return { at: 'pace', row, mode: p.type.supportsUpdate === true ? 'update' : 'create' };
  // A failed edit (or --force) keeps the receipt of the post that is still out there:
  // that post exists, so it is never made a second time without --force.
  if (!isPosted(row) || deps.force) return { at: 'pace', row, mode: 'create' };
  if (!deps.update) {
    const changed = row.contentHash !== hash;
    const reason = row.status === 'failed'
      ? `sent before; the last attempt to change it failed (${row.lastError ?? 'unknown error'}): use --update to try again`
      : sentByAnotherRun(row, deps) ? `sent by another run (${row.host})`
        : changed ? 'sent before; the article changed since: use --update to edit the post' : 'sent before';
    return done({ ...base, status: 'unchanged', remote: remoteOf(row.receipt), reason });
  }
  if (row.contentHash === hash) return done({ ...base, status: 'unchanged', remote: remoteOf(row.receipt), reason: 'already up to date' });
  if (typeof p.type.supportsUpdate === 'string' || !p.type.supportsUpdate) {
    const reason = typeof p.type.supportsUpdate === 'string' ? p.type.supportsUpdate : `${p.channel.type} posts cannot be edited`;
    return done({ ...base, status: 'skipped', remote: remoteOf(row.receipt), reason });
  }
  return { at: 'pace', row, mode: 'update' };
}

/** pace → claim once the channel's pace (`per_minute:`) allows, or done (halted) when the run stopped meanwhile. */
export async function pace(d: Delivery, row: PostRecord | undefined, mode: Mode): Promise<DeliveryState> {
  const pacer = d.deps.pacers?.of(d.p.channel);
  if (pacer) {
    try {
      await pacer.take(d.deps.stop);
    } catch {
      return done(halted(d.p, haltReason(d.deps) ?? STOPPED));
    }
  }
  const halt = haltReason(d.deps);
  if (halt) return done(halted(d.p, halt));
  return { at: 'claim', row, mode };
}

/**
 * claim → send, holding the row in flight; or done when another run holds it (its post),
 * held it when it was stopped (outcome unknown, unless the type can look the post up or
 * `--force`), or sent it between our look and our claim.
 */
export async function claim(d: Delivery, row: PostRecord | undefined, decided: Mode): Promise<DeliveryState> {
  const { article, p, deps, hash } = d;
  const { ledger, host } = deps;
  const base = resultBase(p);
  let mode = decided;
  let begun = await ledger.begin(article.id, p.channel.name, hash);
  let reconcile = false;
  if (!begun.ok) {
    const holder = begun.holder;
    const since = holder.updatedAt.toISOString();
    if (!holderIsGone(holder, host)) {
      // Another run is sending it right now (two editors, overlapping cron runs): it is that run's post.
      if (heldHere(holder, host)) return done({ ...base, status: 'skipped', reason: `in flight since ${since} (outcome not known yet)` });
      return done({ ...base, status: 'unchanged', reason: `sent by another run (${holder.host}, started ${since})` });
    }
    if (!deps.force && !p.type.lookup) {
      const e = new ChannelError(p.channel.name, OUTCOME_UNKNOWN, `outcome unknown since ${since} (a run was stopped while sending, or got no answer): check ${p.channel.name} and rerun with --force`);
      return done(failed(p, e));
    }
    begun = await ledger.begin(article.id, p.channel.name, hash, { updatedAt: holder.updatedAt });
    if (!begun.ok) return done({ ...base, status: 'unchanged', reason: `sent by another run (${begun.holder.host}, started ${begun.holder.updatedAt.toISOString()})` });
    reconcile = !deps.force;
    if (holder.receipt && mode === 'create' && isPosted(row)) mode = 'update';
  }
  // Another run (another machine) may have sent it between our read and our claim.
  if (begun.previous?.status === 'sent' && mode === 'create' && !deps.force) {
    await ledger.settle(article.id, p.channel.name, { status: 'released' });
    return done({ ...base, status: 'unchanged', remote: remoteOf(begun.previous.receipt), reason: `sent by another run (${begun.previous.host})` });
  }
  return { at: 'send', claim: { mode, previous: begun.previous?.receipt ?? row?.receipt, reconcile } };
}

/**
 * send → settle with what the platform gave (a reconciling run first looks for the post a
 * stopped run may have made), or → fail with what it threw. Meanwhile the post counts as on
 * the wire (the Ctrl-C line names how many are).
 */
export async function send(d: Delivery, c: Claim): Promise<DeliveryState> {
  const { article, p, deps } = d;
  const base = resultBase(p);
  const ctx = deliverContext(article, p, deps, c.mode, c.mode === 'update' ? c.previous : undefined);
  if (deps.run) deps.run.active++;
  try {
    const found = c.reconcile && p.type.lookup ? await p.type.lookup(p.post, ctx) : undefined;
    if (found) return { at: 'settle', claim: c, sent: { receipt: found, result: { ...base, status: 'published', remote: remoteOf(found), reason: 'found the post a stopped run had made' } } };
    const { unchanged, ...receipt } = await p.type.deliver(p.post, ctx);
    const until = p.type.heldUntil?.(receipt);
    const result: ChannelResult = c.mode === 'update' && unchanged
      ? { ...base, status: 'unchanged', remote: remoteOf(receipt), reason: `${p.channel.type} already shows this` }
      : until && until.getTime() > Date.now()
        // The platform holds it (WordPress `future`): it is not out yet, and cancel can still stop it.
        ? { ...base, status: 'scheduled', at: until.toISOString(), remote: remoteOf(receipt), reason: `${p.type.platform} holds it until then` }
        : { ...base, status: c.mode === 'update' ? 'updated' : 'published', remote: remoteOf(receipt) };
    return { at: 'settle', claim: c, sent: { receipt, result } };
  } catch (error) {
    return { at: 'fail', error };
  } finally {
    ctx.close();
    if (deps.run) deps.run.active--;
  }
}

/**
 * settle → done: records the post that went out. When the ledger cannot (disk full), the
 * post is still out: the result says so (`not_recorded`, exit 1) and the row stays in
 * flight, so a rerun asks or looks the post up instead of sending it again.
 */
export async function settle(d: Delivery, { receipt, result }: Sent, mode: Mode = 'create'): Promise<DeliveryState> {
  const { article, p, deps, hash } = d;
  try {
    await deps.ledger.settle(article.id, p.channel.name, { status: 'sent', receipt, contentHash: hash, action: mode === 'update' ? 'update' : 'send' });
    return done(result);
  } catch (error) {
    if (!(error instanceof PublishError)) throw error;
    if (error instanceof LedgerError) noteLedgerFailure(deps.run, error);
    const where = receipt.url ?? `id ${receipt.id}`;
    const message = `sent (${where}), but the ledger could not record it: ${error.message}; it stays "in flight", so a rerun will not post it blindly`;
    return done({ ...result, error: { code: NOT_RECORDED, message: scrub(message), retryable: false } });
  }
}

/**
 * fail → done: settles a send that threw. Stopped before anything went out (Ctrl-C): the
 * row is released. No answer (the platform may have posted): the row stays in flight, and
 * the next run looks the post up or reports "outcome unknown" instead of posting again.
 * Anything else: the row is failed.
 */
export async function fail(d: Delivery, error: unknown): Promise<DeliveryState> {
  const { article, p, deps } = d;
  const code = error instanceof ChannelError ? error.code : undefined;
  const record = async (settlement: Settlement): Promise<void> => {
    try {
      await deps.ledger.settle(article.id, p.channel.name, settlement);
    } catch (trouble) {
      // The row stays in flight: a rerun asks before sending. The run starts nothing more.
      if (!(trouble instanceof LedgerError)) throw trouble;
      noteLedgerFailure(deps.run, trouble);
    }
  };
  if (code === 'interrupted') {
    await record({ status: 'released' });
    return done(halted(p, { status: 'skipped', why: `not sent: publish was stopped (Ctrl-C) before ${p.channel.name}'s post went out` }));
  }
  if (code === OUTCOME_UNKNOWN) return done(outcomeUnknown(p, error as ChannelError));
  const result = failed(p, error);
  await record({ status: 'failed', error: result.error?.message ?? 'failed' });
  return done(result);
}

function done(result: ChannelResult): DeliveryState {
  return { at: 'done', result };
}

/** True when the row stands for a post that is out there (sent, or a failed edit of one). */
function isPosted(row: PostRecord | undefined): row is PostRecord & { receipt: Receipt } {
  return row !== undefined && row.status !== 'in_flight' && row.receipt !== undefined;
}

/** True when another process sent the row after this run started (two runs raced). */
function sentByAnotherRun(row: PostRecord, deps: DeliverDeps): boolean {
  const since = deps.run?.startedAt;
  return since !== undefined && !heldHere(row, deps.host) && (row.sentAt?.getTime() ?? 0) >= since;
}

/** The fields every result of a prepared post has. */
export function resultBase(p: Prepared): Pick<ChannelResult, 'channel' | 'type' | 'output' | 'problems'> {
  return { channel: p.channel.name, type: p.channel.type, output: p.post.output as Record<string, unknown>, problems: p.problems };
}

/** A failed result with the error as the channel's JSON shows it (scrubbed; a spent time named as such). */
export function failed(p: Prepared, error: unknown): ChannelResult {
  if (isTimeUp(error)) error = timeUpError(p.channel.name, p.channel.retry.budgetMs);
  const e = error instanceof ChannelError || error instanceof LedgerError
    ? { code: error.code, message: error.message, retryable: error instanceof ChannelError && error.retryable }
    : { code: 'internal', message: `unexpected error: ${(error as Error)?.message ?? String(error)}`, retryable: false };
  return { ...resultBase(p), status: 'failed', problems: [], error: { ...e, message: scrub(e.message) } };
}

/** A result for a post that was not started because the run is halting. */
export function halted(p: Prepared, halt: Halt): ChannelResult {
  return markNotStarted(halt.status === 'skipped'
    ? { ...resultBase(p), problems: [], status: 'skipped', reason: halt.why }
    : failed(p, new ChannelError(p.channel.name, 'ledger', halt.why)));
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

/** The `remote` of a result from a receipt. */
export function remoteOf(receipt: Receipt | undefined): ChannelResult['remote'] {
  if (!receipt) return undefined;
  return receipt.url ? { id: receipt.id, url: receipt.url } : { id: receipt.id };
}
