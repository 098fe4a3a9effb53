import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Article } from '../../src/article/types.js';
import type { ChannelType, Post, Receipt } from '../../src/channels/types.js';
import type { ChannelConfig, Config } from '../../src/config/types.js';
import type { Reporter } from '../../src/engine/context.js';
import { placeholderArticle } from '../../src/engine/deliver-context.js';
import {
  advance, claim, decide, deliverOne, delivery, fail, look, pace, send, settle,
  type Delivery, type DeliveryState,
} from '../../src/engine/deliver-one.js';
import { Pacers } from '../../src/engine/pace.js';
import type { Prepared } from '../../src/engine/plan.js';
import { newRunState, thisHost, wasNotStarted, type DeliverDeps } from '../../src/engine/session.js';
import { ChannelError, LedgerError } from '../../src/errors.js';
import { openLedger } from '../../src/ledger/open.js';
import type { Ledger } from '../../src/ledger/types.js';

/** A channel type whose sending the test decides; it records what it was asked. */
function fakeType(over: Partial<ChannelType> = {}): ChannelType & { sent: string[] } {
  const sent: string[] = [];
  return {
    type: 'fake',
    platform: 'a fake platform',
    example: {},
    schema: undefined as never,
    secretKeys: [],
    supportsUpdate: true,
    render: () => { throw new Error('not rendered here'); },
    check: () => [],
    deliver: async (_post, ctx) => {
      sent.push(ctx.mode);
      return { id: `${ctx.mode}-1`, url: `https://example.org/${ctx.mode}` };
    },
    ...over,
    sent,
  };
}

const channel: ChannelConfig = {
  name: 'site', type: 'fake', options: {}, enabled: true, languages: undefined, delayMs: undefined, template: undefined,
  hashtags: undefined, retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1, budgetMs: 5_000 }, timeoutMs: 5_000, missing: [],
};

let dir = '';
let ledger: Ledger;
let config: Config;
const article: Article = placeholderArticle('story', 'story.md', '/tmp');
const quiet: Reporter = { note: () => undefined, warn: () => undefined, plan: () => undefined, progress: () => undefined };

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'publish-deliver-one-'));
  ledger = await openLedger(join(dir, 'state.db'), { host: thisHost() });
  config = { file: join(dir, 'channels.yaml'), dir, timezone: 'UTC', language: undefined, state: join(dir, 'state.db'), strip: [], keep: [], clean: true, channels: [channel], warnings: [] };
});
afterEach(async () => {
  await ledger.close();
  rmSync(dir, { recursive: true, force: true });
});

function prepared(type: ChannelType, output: Record<string, unknown> = { text: 'hello' }): Prepared {
  const post: Post = { channel: channel.name, type: channel.type, output, measures: [] };
  return { channel, type, post, problems: [], ctx: { channel, config, link: undefined, linkPredicted: false, now: new Date() } };
}

function deps(over: Partial<DeliverDeps> = {}): DeliverDeps {
  return { ledger, config, report: quiet, host: thisHost(), update: false, force: false, run: newRunState(), ...over };
}

/** Records a post as sent, as an earlier run would have. */
async function sentBefore(d: Delivery, receipt: Receipt = { id: 'old', url: 'https://example.org/old' }, hash = d.hash): Promise<void> {
  await ledger.begin(d.article.id, d.p.channel.name, hash);
  await ledger.settle(d.article.id, d.p.channel.name, { status: 'sent', receipt, contentHash: hash });
}

describe('deliver-one: each transition alone', () => {
  it('look → decide with the row; → done (skipped, not started) after Ctrl-C', async () => {
    const d = delivery(article, prepared(fakeType()), deps());
    expect(await look(d)).toEqual({ at: 'decide', row: undefined });
    const stop = new AbortController();
    stop.abort();
    const stopped = await look(delivery(article, prepared(fakeType()), deps({ stop: stop.signal })));
    expect(stopped).toMatchObject({ at: 'done', result: { status: 'skipped', reason: 'not sent: publish was stopped (Ctrl-C)' } });
    if (stopped.at === 'done') expect(wasNotStarted(stopped.result)).toBe(true);
  });

  it('look → done (failed, ledger) once the ledger failed earlier in the run', async () => {
    const run = newRunState();
    run.ledgerError = new LedgerError('disk full');
    const next = await look(delivery(article, prepared(fakeType()), deps({ run })));
    expect(next).toMatchObject({ at: 'done', result: { status: 'failed', error: { code: 'ledger' } } });
  });

  it('decide: no row → create; a sent row → unchanged; changed → unchanged with the hint; --force → create', async () => {
    const d = delivery(article, prepared(fakeType()), deps());
    expect(decide(d, undefined)).toEqual({ at: 'pace', row: undefined, mode: 'create' });
    await sentBefore(d);
    const row = await ledger.get(article.id, channel.name);
    expect(decide(d, row)).toMatchObject({ at: 'done', result: { status: 'unchanged', reason: 'sent before', remote: { id: 'old' } } });
    const changed = delivery(article, prepared(fakeType(), { text: 'edited' }), deps());
    expect(decide(changed, row)).toMatchObject({ at: 'done', result: { status: 'unchanged', reason: expect.stringContaining('use --update') } });
    expect(decide(delivery(article, prepared(fakeType()), deps({ force: true })), row)).toMatchObject({ at: 'pace', mode: 'create' });
  });

  it('decide with --update: same hash → unchanged; changed → update; a type that cannot edit → skipped with its reason', async () => {
    const d = delivery(article, prepared(fakeType()), deps({ update: true }));
    await sentBefore(d);
    const row = await ledger.get(article.id, channel.name);
    expect(decide(d, row)).toMatchObject({ at: 'done', result: { status: 'unchanged', reason: 'already up to date' } });
    const changed = delivery(article, prepared(fakeType(), { text: 'edited' }), deps({ update: true }));
    expect(decide(changed, row)).toMatchObject({ at: 'pace', mode: 'update' });
    const fixed = delivery(article, prepared(fakeType({ supportsUpdate: 'captions cannot be edited' }), { text: 'edited' }), deps({ update: true }));
    expect(decide(fixed, row)).toMatchObject({ at: 'done', result: { status: 'skipped', reason: 'captions cannot be edited' } });
  });

  it('decide: a retracted row → skipped ("retracted; --force publishes it again"); --force → create', async () => {
    const d = delivery(article, prepared(fakeType()), deps());
    await sentBefore(d);
    await ledger.begin(article.id, channel.name, d.hash);
    await ledger.settle(article.id, channel.name, { status: 'retracted', detail: 'taken down', outcome: 'ok' });
    const row = await ledger.get(article.id, channel.name);
    expect(decide(d, row)).toMatchObject({ at: 'done', result: { status: 'skipped', reason: 'retracted; --force publishes it again', remote: { id: 'old' } } });
    expect(decide(delivery(article, prepared(fakeType()), deps({ force: true })), row)).toMatchObject({ at: 'pace', mode: 'create' });
  });

  it('decide: a cancelled row (a draft again) → update where the type edits, else create', async () => {
    const d = delivery(article, prepared(fakeType()), deps());
    await sentBefore(d);
    await ledger.begin(article.id, channel.name, d.hash);
    await ledger.settle(article.id, channel.name, { status: 'cancelled', receipt: { id: 'old' }, detail: 'draft' });
    const row = await ledger.get(article.id, channel.name);
    expect(decide(d, row)).toMatchObject({ at: 'pace', mode: 'update' });
    expect(decide(delivery(article, prepared(fakeType({ supportsUpdate: false })), deps()), row)).toMatchObject({ at: 'pace', mode: 'create' });
  });

  it('send: a post the platform holds until later (heldUntil) is scheduled with its time, not published', async () => {
    const until = new Date(Date.now() + 3600_000);
    const type = fakeType({ heldUntil: (r) => (r.id === 'create-1' ? until : undefined) });
    const next = await send(delivery(article, prepared(type), deps()), { mode: 'create', previous: undefined, reconcile: false });
    expect(next).toMatchObject({ at: 'settle', sent: { result: { status: 'scheduled', at: until.toISOString(), remote: { id: 'create-1' } } } });
    const past = fakeType({ heldUntil: () => new Date(Date.now() - 1000) });
    expect(await send(delivery(article, prepared(past), deps()), { mode: 'create', previous: undefined, reconcile: false })).toMatchObject({ at: 'settle', sent: { result: { status: 'published' } } });
  });

  it('pace → claim when the channel has room; → done (halted) when Ctrl-C comes while waiting', async () => {
    const d = delivery(article, prepared(fakeType()), deps({ pacers: new Pacers() }));
    expect(await pace(d, undefined, 'create')).toEqual({ at: 'claim', row: undefined, mode: 'create' });
    const stop = new AbortController();
    const paced = { ...channel, perMinute: 1 };
    const p = { ...prepared(fakeType()), channel: paced };
    const slow = delivery(article, p, deps({ pacers: new Pacers(), stop: stop.signal }));
    expect(await pace(slow, undefined, 'create')).toMatchObject({ at: 'claim' }); // the first post of the minute
    const waiting = pace(slow, undefined, 'create');
    stop.abort();
    expect(await waiting).toMatchObject({ at: 'done', result: { status: 'skipped' } });
  });

  it('claim → send holding the row in flight; a second claim by this process → skipped (in flight)', async () => {
    const d = delivery(article, prepared(fakeType()), deps());
    expect(await claim(d, undefined, 'create')).toEqual({ at: 'send', claim: { mode: 'create', previous: undefined, reconcile: false } });
    expect((await ledger.get(article.id, channel.name))?.status).toBe('in_flight');
    expect(await claim(d, undefined, 'create')).toMatchObject({ at: 'done', result: { status: 'skipped', reason: expect.stringContaining('in flight since') } });
  });

  it('claim of a row a stopped run held: outcome unknown without lookup; reconcile with lookup', async () => {
    const d = delivery(article, prepared(fakeType()), deps());
    await ledger.begin(article.id, channel.name, d.hash);
    const gone = vi.spyOn(process, 'kill').mockImplementation(() => { throw Object.assign(new Error('no such process'), { code: 'ESRCH' }); });
    // The row is this host's, written by another (dead) process.
    const row = await ledger.get(article.id, channel.name);
    vi.spyOn(ledger, 'begin').mockResolvedValueOnce({ ok: false, holder: { ...row!, pid: process.pid + 1 } });
    expect(await claim(d, row, 'create')).toMatchObject({ at: 'done', result: { status: 'failed', error: { code: 'outcome_unknown' } } });
    const withLookup = delivery(article, prepared(fakeType({ lookup: async () => undefined })), deps());
    vi.spyOn(ledger, 'begin').mockResolvedValueOnce({ ok: false, holder: { ...row!, pid: process.pid + 1 } });
    expect(await claim(withLookup, row, 'create')).toMatchObject({ at: 'send', claim: { reconcile: true } });
    gone.mockRestore();
  });

  it('send → settle with the receipt; a reconciling send that finds the post makes none', async () => {
    const type = fakeType({ lookup: async () => ({ id: 'found', url: 'https://example.org/found' }) });
    const d = delivery(article, prepared(type), deps());
    const made = await send(d, { mode: 'create', previous: undefined, reconcile: false });
    expect(made).toMatchObject({ at: 'settle', sent: { receipt: { id: 'create-1' }, result: { status: 'published' } } });
    const found = await send(d, { mode: 'create', previous: undefined, reconcile: true });
    expect(found).toMatchObject({ at: 'settle', sent: { receipt: { id: 'found' }, result: { reason: 'found the post a stopped run had made' } } });
    expect(type.sent).toEqual(['create']);
    expect(d.deps.run?.active).toBe(0);
  });

  it('send → fail with what the platform threw; an edit that changed nothing is unchanged', async () => {
    const refused = new ChannelError('site', 'forbidden', 'no rights');
    const d = delivery(article, prepared(fakeType({ deliver: async () => { throw refused; } })), deps());
    expect(await send(d, { mode: 'create', previous: undefined, reconcile: false })).toEqual({ at: 'fail', error: refused });
    const same = delivery(article, prepared(fakeType({ deliver: async () => ({ id: 'x', unchanged: true }) })), deps());
    expect(await send(same, { mode: 'update', previous: { id: 'x' }, reconcile: false })).toMatchObject({
      at: 'settle', sent: { receipt: { id: 'x' }, result: { status: 'unchanged', reason: 'fake already shows this' } },
    });
  });

  it('settle → done with the row sent; a ledger that cannot record it → not_recorded, the run stops', async () => {
    const d = delivery(article, prepared(fakeType()), deps());
    await claim(d, undefined, 'create');
    const sent = { receipt: { id: '1', url: 'https://example.org/1' }, result: { channel: 'site', type: 'fake', status: 'published' as const, problems: [] } };
    expect(await settle(d, sent)).toEqual({ at: 'done', result: sent.result });
    expect((await ledger.get(article.id, channel.name))?.status).toBe('sent');
    vi.spyOn(ledger, 'settle').mockRejectedValueOnce(new LedgerError('disk full'));
    const lost = await settle(d, sent);
    expect(lost).toMatchObject({ at: 'done', result: { status: 'published', error: { code: 'not_recorded' } } });
    expect(d.deps.run?.ledgerError?.message).toBe('disk full');
  });

  it('fail: Ctrl-C before sending releases the row; no answer keeps it in flight; a refusal fails it', async () => {
    const d = delivery(article, prepared(fakeType()), deps());
    await claim(d, undefined, 'create');
    expect(await fail(d, new ChannelError('site', 'interrupted', 'stopped'))).toMatchObject({ at: 'done', result: { status: 'skipped' } });
    expect((await ledger.get(article.id, channel.name))?.status).not.toBe('in_flight');

    await claim(d, undefined, 'create');
    const unknown = await fail(d, new ChannelError('site', 'outcome_unknown', 'no answer'));
    expect(unknown).toMatchObject({ at: 'done', result: { status: 'failed', error: { code: 'outcome_unknown', message: expect.stringContaining('rerun with --force') } } });
    expect((await ledger.get(article.id, channel.name))?.status).toBe('in_flight');

    await ledger.settle(article.id, channel.name, { status: 'released' });
    await claim(d, undefined, 'create');
    expect(await fail(d, new ChannelError('site', 'forbidden', 'no rights'))).toMatchObject({ at: 'done', result: { status: 'failed', error: { code: 'forbidden' } } });
    expect(await ledger.get(article.id, channel.name)).toMatchObject({ status: 'failed', lastError: 'no rights' });
  });

  it('before the claim, a ledger failure ends the delivery as not started and stops the run', async () => {
    const d = delivery(article, prepared(fakeType()), deps());
    vi.spyOn(ledger, 'get').mockRejectedValueOnce(new LedgerError('database is locked'));
    const next = await advance({ at: 'look' }, d);
    expect(next).toMatchObject({ at: 'done', result: { status: 'failed', error: { code: 'ledger', message: 'not sent: database is locked' } } });
    if (next.at === 'done') expect(wasNotStarted(next.result)).toBe(true);
    expect(d.deps.run?.ledgerError).toBeDefined();
  });
});

describe('deliver-one: the whole machine', () => {
  it('walks look → decide → pace → claim → send → settle → done, and a rerun stops at decide', async () => {
    const type = fakeType();
    const p = prepared(type);
    const d = delivery(article, p, deps());
    const path: DeliveryState['at'][] = [];
    let state: DeliveryState = { at: 'look' };
    while (state.at !== 'done') {
      path.push(state.at);
      state = await advance(state, d);
    }
    expect(path).toEqual(['look', 'decide', 'pace', 'claim', 'send', 'settle']);
    expect(state.result).toMatchObject({ status: 'published', remote: { id: 'create-1' } });
    expect(await deliverOne(article, p, deps())).toMatchObject({ status: 'unchanged', reason: 'sent before' });
    expect(type.sent).toEqual(['create']);
  });
});
