/** The cancel/retract state machine, each transition alone (src/engine/lifecycle.ts). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelType, Receipt } from '../../src/channels/types.js';
import type { ChannelConfig, Config } from '../../src/config/types.js';
import type { Reporter } from '../../src/engine/context.js';
import { act, claimChange, decideChange, failChange, retractArticle, type Change, type LifecycleDeps } from '../../src/engine/lifecycle.js';
import { thisHost } from '../../src/engine/session.js';
import { ChannelError } from '../../src/errors.js';
import { openLedger } from '../../src/ledger/open.js';
import type { Ledger, PostRecord } from '../../src/ledger/types.js';

const channel: ChannelConfig = {
  name: 'site', type: 'fake', options: {}, enabled: true, languages: undefined, delayMs: undefined, template: undefined,
  hashtags: undefined, retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1, budgetMs: 5_000 }, timeoutMs: 5_000, missing: [],
};
const quiet: Reporter = { note: () => undefined, warn: () => undefined, plan: () => undefined, progress: () => undefined };
const later = new Date(Date.now() + 3600_000);

function fakeType(over: Partial<ChannelType> = {}): ChannelType {
  return {
    type: 'fake', platform: 'Fake', example: {}, schema: undefined as never, secretKeys: [],
    render: () => { throw new Error('not rendered'); }, check: () => [], deliver: async () => ({ id: 'x' }),
    heldUntil: (r) => ((r.extra as { held?: boolean } | undefined)?.held ? later : undefined),
    unschedule: async (ctx) => ({ id: ctx.previous!.id, extra: { draft: true } }),
    retract: async () => ({ outcome: 'retracted', detail: 'gone' }),
    retractPlan: (r) => `remove ${r.id}`,
    ...over,
  };
}

let dir = '';
let ledger: Ledger;
let deps: LifecycleDeps;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'publish-lifecycle-unit-'));
  ledger = await openLedger(join(dir, 'state.db'), { host: thisHost() });
  const config: Config = { file: join(dir, 'channels.yaml'), dir, timezone: 'UTC', language: undefined, state: join(dir, 'state.db'), strip: [], keep: [], clean: true, channels: [channel], warnings: [] };
  deps = { ledger, config, report: quiet, host: thisHost() };
});
afterEach(async () => {
  await ledger.close();
  rmSync(dir, { recursive: true, force: true });
});

const change = (action: Change['action'], type = fakeType(), over: Partial<LifecycleDeps> = {}): Change => ({ action, article: 'a', channel, type, deps: { ...deps, ...over } });

async function sent(receipt: Receipt): Promise<PostRecord> {
  await ledger.begin('a', 'site', 'hash');
  await ledger.settle('a', 'site', { status: 'sent', receipt, contentHash: 'hash' });
  return (await ledger.get('a', 'site'))!;
}

describe('lifecycle: each transition alone', () => {
  it('decide (cancel): nothing held → nothing to do; held → claim; past its time → skipped; --dry-run → planned', async () => {
    expect(decideChange(change('unschedule'), await sent({ id: '1' }))).toEqual({ at: 'done', result: undefined });
    const held = await sent({ id: '1', extra: { held: true } });
    expect(decideChange(change('unschedule'), held)).toMatchObject({ at: 'claim' });
    expect(decideChange(change('unschedule', fakeType(), { now: new Date(later.getTime() + 1) }), held)).toMatchObject({ at: 'done', result: { status: 'skipped', reason: expect.stringContaining('went live at') } });
    expect(decideChange(change('unschedule', fakeType(), { dryRun: true }), held)).toMatchObject({ at: 'done', result: { status: 'planned' } });
  });

  it('decide (retract): never sent → skipped; no retract → skipped; --dry-run → the plan line', async () => {
    expect(decideChange(change('retract'), undefined)).toMatchObject({ at: 'done', result: { status: 'skipped', reason: 'never sent' } });
    const row = await sent({ id: '7' });
    expect(decideChange(change('retract', fakeType({ retract: undefined })), row)).toMatchObject({ at: 'done', result: { status: 'skipped', reason: 'publish cannot take fake posts down' } });
    expect(decideChange(change('retract', fakeType(), { dryRun: true }), row)).toMatchObject({ at: 'done', result: { status: 'planned', detail: 'remove 7' } });
  });

  it('claim: a row held by a live run is skipped; one retracted meanwhile is released as unchanged', async () => {
    const row = await sent({ id: '7' });
    await ledger.begin('a', 'site', 'hash');
    expect(await claimChange(change('retract'), row as PostRecord & { receipt: Receipt })).toMatchObject({ at: 'done', result: { status: 'skipped', reason: expect.stringContaining('another run') } });
    await ledger.settle('a', 'site', { status: 'retracted', detail: 'x', outcome: 'ok' });
    expect(await claimChange(change('retract'), row as PostRecord & { receipt: Receipt })).toMatchObject({ at: 'done', result: { status: 'unchanged' } });
    expect((await ledger.get('a', 'site'))?.status).toBe('retracted');
  });

  it('act → settle: cancelled with the draft receipt; manual stays manual', async () => {
    expect(await act(change('unschedule'), { id: '1', extra: { held: true } })).toMatchObject({
      at: 'settle', settlement: { status: 'cancelled', receipt: { id: '1', extra: { draft: true } } }, result: { status: 'unscheduled' },
    });
    const manual = fakeType({ retract: async () => ({ outcome: 'manual', detail: 'delete it in the app' }) });
    expect(await act(change('retract', manual), { id: '1' })).toMatchObject({ at: 'settle', settlement: { outcome: 'manual' }, result: { status: 'manual' } });
  });

  it('fail: a failed cancel names the post that may still go live, and the ledger keeps it', async () => {
    await sent({ id: '1', url: 'https://site/?p=1', extra: { held: true } });
    await ledger.begin('a', 'site', 'hash');
    const next = await failChange(change('unschedule'), { id: '1', url: 'https://site/?p=1', extra: { held: true } }, new ChannelError('site', 'network', 'connection refused'));
    expect(next).toMatchObject({ at: 'done', result: { status: 'failed', error: { message: expect.stringMatching(/https:\/\/site\/\?p=1 MAY STILL GO LIVE at /) } } });
    const row = await ledger.get('a', 'site');
    expect(row).toMatchObject({ status: 'failed', receipt: { id: '1' }, lastError: expect.stringContaining('MAY STILL GO LIVE') });
    expect((await ledger.history('a')).map((h) => `${h.action} ${h.outcome}`)).toEqual(['send ok', 'cancel failed']);
  });

  it('a post on a channel channels.yaml no longer has is named for a person to take down', async () => {
    await ledger.begin('a', 'gone', 'h');
    await ledger.settle('a', 'gone', { status: 'sent', receipt: { id: '5', url: 'https://old.example/5' }, contentHash: 'h' });
    const { posts, ok } = await retractArticle('a', undefined, deps);
    expect(ok).toBe(true);
    expect(posts).toEqual([{ channel: 'gone', type: 'unknown', status: 'manual', detail: 'no channel "gone" in channels.yaml any more: take https://old.example/5 down by hand' }]);
  });
});
