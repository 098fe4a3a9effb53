/**
 * The contract every ledger backend passes. A backend's test file calls
 * `testLedger(name, open)`; `open()` must give a new `Ledger` on the same store each time
 * it is called within one test (two calls = two connections, as two processes would
 * have), and that store must be empty when each test starts. Ledgers opened through
 * `open` are closed after each test.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LedgerError } from '../../src/errors.js';
import type { Ledger, NewScheduledPost, ScheduledPost } from '../../src/ledger/types.js';

/** Lets the wall clock move on, so rows written next get a later `updatedAt`. */
function tick(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 3));
}

const base = Date.parse('2030-01-01T00:00:00Z');
const at = (minutes: number) => new Date(base + minutes * 60_000);

function queued(article: string, channel: string, dueInMinutes: number, extra: Partial<NewScheduledPost> = {}): NewScheduledPost {
  return {
    article,
    channel,
    source: `/news/${article}.md`,
    inline: undefined,
    sourceHash: `src-${article}`,
    config: '/news/channels.yaml',
    dueAt: at(dueInMinutes),
    publishAt: undefined,
    ...extra,
  };
}

const ids = (rows: ScheduledPost[]) => rows.map((r) => r.id);

export function testLedger(name: string, open: () => Promise<Ledger>): void {
  describe(`ledger contract: ${name}`, () => {
    let opened: Ledger[] = [];
    let ledger: Ledger;
    const connect = async () => {
      const l = await open();
      opened.push(l);
      return l;
    };

    beforeEach(async () => {
      opened = [];
      ledger = await connect();
    });
    afterEach(async () => {
      for (const l of opened) await l.close();
    });

    describe('posts', () => {
      it('starts empty', async () => {
        expect(await ledger.get('a', 'tg')).toBeUndefined();
        expect(await ledger.list()).toEqual([]);
      });

      it('begin writes an in-flight row with one attempt', async () => {
        expect(await ledger.begin('a', 'tg', 'h1')).toEqual({ ok: true, previous: undefined });
        const row = await ledger.get('a', 'tg');
        expect(row).toMatchObject({ article: 'a', channel: 'tg', status: 'in_flight', contentHash: 'h1', attempts: 1 });
        expect(row?.receipt).toBeUndefined();
        expect(row?.sentAt).toBeUndefined();
        expect(typeof row?.host).toBe('string');
        expect(row?.host.length).toBeGreaterThan(0);
        expect(Number.isInteger(row?.pid)).toBe(true);
        expect(row?.createdAt).toBeInstanceOf(Date);
      });

      it('settle sent stores the receipt, hash and time', async () => {
        await ledger.begin('a', 'tg', 'h1');
        await ledger.settle('a', 'tg', {
          status: 'sent',
          contentHash: 'h1',
          receipt: { id: '7301234567890123456', url: 'https://t.me/c/42', extra: { second: 43 } },
        });
        const row = await ledger.get('a', 'tg');
        expect(row).toMatchObject({ status: 'sent', contentHash: 'h1', attempts: 1, lastError: undefined });
        expect(row?.receipt).toEqual({ id: '7301234567890123456', url: 'https://t.me/c/42', extra: { second: 43 } });
        expect(row?.sentAt).toBeInstanceOf(Date);
      });

      it('a receipt without url or extra comes back without them', async () => {
        await ledger.begin('a', 'tg', 'h1');
        await ledger.settle('a', 'tg', { status: 'sent', contentHash: 'h1', receipt: { id: '1' } });
        expect((await ledger.get('a', 'tg'))?.receipt).toEqual({ id: '1' });
      });

      it('settle failed records the error and the next begin counts a second attempt', async () => {
        await ledger.begin('a', 'tg', 'h1');
        await ledger.settle('a', 'tg', { status: 'failed', error: 'Telegram said 400: chat not found' });
        const failed = await ledger.get('a', 'tg');
        expect(failed).toMatchObject({ status: 'failed', lastError: 'Telegram said 400: chat not found', attempts: 1 });
        expect(failed?.receipt).toBeUndefined();

        const again = await ledger.begin('a', 'tg', 'h1');
        expect(again).toMatchObject({ ok: true, previous: { status: 'failed', attempts: 1 } });
        expect(await ledger.get('a', 'tg')).toMatchObject({ status: 'in_flight', attempts: 2 });
        await ledger.settle('a', 'tg', { status: 'sent', contentHash: 'h1', receipt: { id: '9' } });
        expect(await ledger.get('a', 'tg')).toMatchObject({ status: 'sent', attempts: 2, lastError: undefined });
      });

      it('refuses a second begin while in flight and names the holder', async () => {
        await ledger.begin('a', 'tg', 'h1');
        const other = await connect();
        const refused = await other.begin('a', 'tg', 'h2');
        expect(refused.ok).toBe(false);
        if (refused.ok) return;
        expect(refused.holder).toMatchObject({ status: 'in_flight', contentHash: 'h1', attempts: 1 });
        // The refusal changed nothing.
        expect(await ledger.get('a', 'tg')).toMatchObject({ status: 'in_flight', contentHash: 'h1', attempts: 1 });
      });

      it('begin on a sent row (--update, --force) returns it as previous', async () => {
        await ledger.begin('a', 'tg', 'h1');
        await ledger.settle('a', 'tg', { status: 'sent', contentHash: 'h1', receipt: { id: '1', url: 'https://x/1' } });
        const update = await ledger.begin('a', 'tg', 'h2');
        expect(update).toMatchObject({
          ok: true,
          previous: { status: 'sent', contentHash: 'h1', receipt: { id: '1', url: 'https://x/1' } },
        });
        expect(await ledger.get('a', 'tg')).toMatchObject({ status: 'in_flight', contentHash: 'h2', attempts: 2 });
        await ledger.settle('a', 'tg', { status: 'sent', contentHash: 'h2', receipt: { id: '1', url: 'https://x/1?v2' } });
        expect(await ledger.get('a', 'tg')).toMatchObject({ status: 'sent', contentHash: 'h2', receipt: { id: '1', url: 'https://x/1?v2' } });
      });

      it('a failed update keeps the original receipt, hash and send time', async () => {
        await ledger.begin('a', 'tg', 'h1');
        await ledger.settle('a', 'tg', { status: 'sent', contentHash: 'h1', receipt: { id: '1', url: 'https://x/1', extra: { k: 'v' } } });
        const sentAt = (await ledger.get('a', 'tg'))?.sentAt;
        await ledger.begin('a', 'tg', 'h2');
        await ledger.settle('a', 'tg', { status: 'failed', error: 'message to edit not found' });
        const row = await ledger.get('a', 'tg');
        expect(row).toMatchObject({ status: 'failed', lastError: 'message to edit not found', contentHash: 'h1', attempts: 2 });
        expect(row?.receipt).toEqual({ id: '1', url: 'https://x/1', extra: { k: 'v' } });
        expect(row?.sentAt).toEqual(sentAt);

        // A later update that works replaces it all.
        await ledger.begin('a', 'tg', 'h3');
        await ledger.settle('a', 'tg', { status: 'sent', contentHash: 'h3', receipt: { id: '1', url: 'https://x/1' } });
        expect(await ledger.get('a', 'tg')).toMatchObject({ status: 'sent', contentHash: 'h3', lastError: undefined, attempts: 3 });
      });

      it('released on a first send removes the claim', async () => {
        await ledger.begin('a', 'tg', 'h1');
        await ledger.settle('a', 'tg', { status: 'released' });
        expect(await ledger.get('a', 'tg')).toBeUndefined();
        expect(await ledger.begin('a', 'tg', 'h1')).toEqual({ ok: true, previous: undefined });
      });

      it('released after a send puts the sent row back as it was', async () => {
        await ledger.begin('a', 'tg', 'h1');
        await ledger.settle('a', 'tg', { status: 'sent', contentHash: 'h1', receipt: { id: '1', url: 'https://x/1' } });
        await ledger.begin('a', 'tg', 'h2');
        await ledger.settle('a', 'tg', { status: 'released' });
        const row = await ledger.get('a', 'tg');
        expect(row).toMatchObject({ status: 'sent', contentHash: 'h1', attempts: 1, receipt: { id: '1', url: 'https://x/1' } });
      });

      it('released after a failure keeps the failure', async () => {
        await ledger.begin('a', 'tg', 'h1');
        await ledger.settle('a', 'tg', { status: 'failed', error: 'boom' });
        await ledger.begin('a', 'tg', 'h2');
        await ledger.settle('a', 'tg', { status: 'released' });
        expect(await ledger.get('a', 'tg')).toMatchObject({ status: 'failed', lastError: 'boom', contentHash: 'h1', attempts: 1 });
      });

      it('released on a row that is not in flight changes nothing', async () => {
        await ledger.settle('a', 'tg', { status: 'released' });
        expect(await ledger.get('a', 'tg')).toBeUndefined();
        await ledger.begin('a', 'tg', 'h1');
        await ledger.settle('a', 'tg', { status: 'sent', contentHash: 'h1', receipt: { id: '1' } });
        await ledger.settle('a', 'tg', { status: 'released' });
        expect(await ledger.get('a', 'tg')).toMatchObject({ status: 'sent', receipt: { id: '1' } });
      });

      it('a receipt settled without a begin is still recorded', async () => {
        await ledger.settle('a', 'tg', { status: 'sent', contentHash: 'h1', receipt: { id: '5' } });
        expect(await ledger.get('a', 'tg')).toMatchObject({ status: 'sent', receipt: { id: '5' }, contentHash: 'h1' });
      });

      it('takeOver replaces a stale holder only when updatedAt matches (compare-and-swap)', async () => {
        await ledger.begin('a', 'tg', 'h1');
        const holder = await ledger.get('a', 'tg');
        if (!holder) throw new Error('no holder');
        const other = await connect();

        const wrong = await other.begin('a', 'tg', 'h2', { updatedAt: new Date(holder.updatedAt.getTime() - 1) });
        expect(wrong).toMatchObject({ ok: false, holder: { status: 'in_flight', contentHash: 'h1' } });

        const taken = await other.begin('a', 'tg', 'h2', { updatedAt: holder.updatedAt });
        expect(taken).toMatchObject({ ok: true, previous: { status: 'in_flight', contentHash: 'h1', attempts: 1 } });
        const now = await ledger.get('a', 'tg');
        expect(now).toMatchObject({ status: 'in_flight', contentHash: 'h2', attempts: 2 });
        expect(now?.updatedAt.getTime()).toBeGreaterThan(holder.updatedAt.getTime());

        // A third run that saw the first holder cannot take over again.
        const third = await connect();
        expect((await third.begin('a', 'tg', 'h3', { updatedAt: holder.updatedAt })).ok).toBe(false);
      });

      it('taking over then releasing restores the last settled state, not the stale claim', async () => {
        await ledger.begin('a', 'tg', 'h1');
        await ledger.settle('a', 'tg', { status: 'sent', contentHash: 'h1', receipt: { id: '1' } });
        await ledger.begin('a', 'tg', 'h2'); // then "killed"
        const stale = await ledger.get('a', 'tg');
        if (!stale) throw new Error('no row');
        const taken = await ledger.begin('a', 'tg', 'h3', { updatedAt: stale.updatedAt });
        expect(taken).toMatchObject({ ok: true, previous: { status: 'in_flight', receipt: { id: '1' } } });
        await ledger.settle('a', 'tg', { status: 'released' });
        expect(await ledger.get('a', 'tg')).toMatchObject({ status: 'sent', contentHash: 'h1', receipt: { id: '1' } });
      });

      it('takeOver of a row no longer in flight is an ordinary begin', async () => {
        await ledger.begin('a', 'tg', 'h1');
        const holder = await ledger.get('a', 'tg');
        await ledger.settle('a', 'tg', { status: 'sent', contentHash: 'h1', receipt: { id: '1' } });
        const result = await ledger.begin('a', 'tg', 'h1', { updatedAt: holder!.updatedAt });
        expect(result).toMatchObject({ ok: true, previous: { status: 'sent', receipt: { id: '1' } } });
      });

      it('keeps a history of each send, edit, failure, cancel and retract, oldest first', async () => {
        await ledger.begin('h', 'web', 'h1');
        await ledger.settle('h', 'web', { status: 'sent', receipt: { id: '7', url: 'https://x/7' }, contentHash: 'h1' });
        await tick();
        await ledger.begin('h', 'web', 'h2');
        await ledger.settle('h', 'web', { status: 'sent', receipt: { id: '7', url: 'https://x/7' }, contentHash: 'h2', action: 'update' });
        await tick();
        await ledger.begin('h', 'web', 'h2');
        await ledger.settle('h', 'web', { status: 'failed', error: 'site down', action: 'retract' });
        await tick();
        await ledger.begin('h', 'web', 'h2');
        await ledger.settle('h', 'web', { status: 'retracted', detail: 'moved post 7 to the trash', outcome: 'ok' });
        await tick();
        await ledger.addHistory({ article: 'h', channel: 'tg', action: 'cancel', outcome: 'ok', contentHash: undefined, remote: undefined, detail: 'dropped from the queue' });
        await ledger.begin('other', 'web', 'x');
        await ledger.settle('other', 'web', { status: 'sent', receipt: { id: '8' }, contentHash: 'x' });

        const row = await ledger.get('h', 'web');
        expect(row).toMatchObject({ status: 'retracted', receipt: { id: '7', url: 'https://x/7' }, contentHash: 'h2' });
        const history = await ledger.history('h');
        expect(history.map((e) => `${e.channel} ${e.action} ${e.outcome}`)).toEqual([
          'web send ok', 'web update ok', 'web retract failed', 'web retract ok', 'tg cancel ok',
        ]);
        expect(history[0]).toMatchObject({ contentHash: 'h1', remote: 'https://x/7', detail: undefined });
        expect(history[1]!.contentHash).toBe('h2');
        expect(history[2]!.detail).toBe('site down');
        expect(history[3]!.detail).toBe('moved post 7 to the trash');
        expect(history.every((e) => e.host && e.at instanceof Date)).toBe(true);
        expect(await ledger.history('nothing')).toEqual([]);
      });

      it('a cancelled row keeps the draft\'s receipt; releasing a claim on it puts it back', async () => {
        await ledger.begin('c', 'web', 'h');
        await ledger.settle('c', 'web', { status: 'sent', receipt: { id: '9', extra: { status: 'future' } }, contentHash: 'h' });
        await ledger.begin('c', 'web', 'h');
        await ledger.settle('c', 'web', { status: 'cancelled', receipt: { id: '9', extra: { status: 'draft', unscheduled: true } }, detail: 'made a draft again' });
        expect(await ledger.get('c', 'web')).toMatchObject({ status: 'cancelled', receipt: { id: '9', extra: { status: 'draft', unscheduled: true } } });
        await ledger.begin('c', 'web', 'h');
        await ledger.settle('c', 'web', { status: 'released' });
        expect((await ledger.get('c', 'web'))?.status).toBe('cancelled');
        expect((await ledger.history('c')).map((e) => e.action)).toEqual(['send', 'cancel']);
      });

      it('lists rows newest first, and one article on request', async () => {
        await ledger.begin('a', 'tg', 'h');
        await tick();
        await ledger.begin('b', 'tg', 'h');
        await tick();
        await ledger.begin('a', 'site', 'h');
        await tick();
        await ledger.settle('a', 'tg', { status: 'sent', contentHash: 'h', receipt: { id: '1' } });
        expect((await ledger.list()).map((r) => `${r.article}/${r.channel}`)).toEqual(['a/tg', 'a/site', 'b/tg']);
        expect((await ledger.list('a')).map((r) => r.channel)).toEqual(['tg', 'site']);
        expect(await ledger.list('nothing')).toEqual([]);
      });
    });

    describe('schedule queue', () => {
      it('schedule stores every field and returns the rows with string ids', async () => {
        const rows = await ledger.schedule([
          queued('a', 'tg', 10, { publishAt: at(5) }),
          queued('b', 'tt', 20, { inline: '---\ntitle: Stdin\n---\nBody', source: '-' }),
        ]);
        expect(rows).toHaveLength(2);
        const [first, second] = rows;
        expect(typeof first?.id).toBe('string');
        expect(first?.id).not.toBe(second?.id);
        expect(first).toMatchObject({
          article: 'a', channel: 'tg', source: '/news/a.md', inline: undefined, sourceHash: 'src-a',
          config: '/news/channels.yaml', dueAt: at(10), publishAt: at(5), status: 'scheduled',
          claimedBy: undefined, claimedAt: undefined, lastError: undefined,
        });
        expect(first?.createdAt).toBeInstanceOf(Date);
        expect(second).toMatchObject({ inline: '---\ntitle: Stdin\n---\nBody', source: '-', publishAt: undefined });
        expect(await ledger.listScheduled()).toEqual(rows);
        expect(await ledger.schedule([])).toEqual([]);
      });

      it('claimDue takes only due rows, oldest first, up to the limit', async () => {
        const [late, early, future, middle] = await ledger.schedule([
          queued('a', 'tg', 3), queued('b', 'tg', 1), queued('c', 'tg', 60), queued('d', 'tg', 2),
        ]);
        const claimed = await ledger.claimDue(at(10), 'run-1', 2);
        expect(ids(claimed)).toEqual([early!.id, middle!.id]);
        expect(claimed[0]).toMatchObject({ status: 'claimed', claimedBy: 'run-1', claimedAt: at(10) });

        expect(ids(await ledger.claimDue(at(10), 'run-2', 10))).toEqual([late!.id]);
        expect(await ledger.claimDue(at(10), 'run-3', 10)).toEqual([]);
        const day = 24 * 3600_000; // so the claims above are not stale yet
        expect(await ledger.claimDue(at(60), 'run-3', 0, day)).toEqual([]);
        expect(ids(await ledger.claimDue(at(60), 'run-3', 10, day))).toEqual([future!.id]);
      });

      it('a row due exactly now is due', async () => {
        const [row] = await ledger.schedule([queued('a', 'tg', 5)]);
        expect(ids(await ledger.claimDue(at(5), 'w', 1))).toEqual([row!.id]);
      });

      it('offers a stale claim again, and only a stale one', async () => {
        const [row] = await ledger.schedule([queued('a', 'tg', 0)]);
        await ledger.claimDue(at(1), 'killed-run', 10);
        expect(await ledger.claimDue(at(10), 'run-2', 10, 15 * 60_000)).toEqual([]);
        expect(await ledger.claimDue(at(15), 'run-2', 10)).toEqual([]); // default 15 min, not yet older
        const again = await ledger.claimDue(at(17), 'run-2', 10);
        expect(again).toHaveLength(1);
        expect(again[0]).toMatchObject({ id: row!.id, status: 'claimed', claimedBy: 'run-2', claimedAt: at(17) });
        expect(ids(await ledger.claimDue(at(18), 'run-3', 10, 30_000))).toEqual([row!.id]);
      });

      it('two ledgers claiming at once never take the same row', async () => {
        const rows = await ledger.schedule(Array.from({ length: 40 }, (_, i) => queued(`a${i}`, 'tg', i % 7)));
        const other = await connect();
        const drain = async (l: Ledger, worker: string) => {
          const got: string[] = [];
          for (;;) {
            const batch = await l.claimDue(at(10), worker, 3);
            if (batch.length === 0) return got;
            got.push(...ids(batch));
          }
        };
        const [one, two] = await Promise.all([drain(ledger, 'w1'), drain(other, 'w2')]);
        const all = [...one, ...two];
        expect(new Set(all).size).toBe(all.length);
        expect([...all].sort()).toEqual(ids(rows).sort());
      });

      it('claims whole articles: every due row of the oldest articles, at most `limit` rows', async () => {
        const rows = await ledger.schedule([
          queued('x', 'site', 1), queued('x', 'tg', 1), queued('x', 'yt', 1),
          queued('y', 'site', 2), queued('y', 'tg', 2),
          queued('z', 'site', 3), queued('z', 'tg', 30), // z's tg is not due yet
        ]);
        const [xs, xt, xy, ys, yt, zs] = rows;
        expect(ids(await ledger.claimDue(at(10), 'w1', 100, undefined, { articles: 2 }))).toEqual([xs!.id, xt!.id, xy!.id, ys!.id, yt!.id]);
        expect(ids(await ledger.claimDue(at(10), 'w2', 100, undefined, { articles: 5 }))).toEqual([zs!.id]);
        expect(await ledger.claimDue(at(10), 'w3', 100, undefined, { articles: 5 })).toEqual([]);
        const limited = await ledger.schedule([queued('p', 'site', 1), queued('p', 'tg', 1), queued('q', 'site', 1)]);
        expect(ids(await ledger.claimDue(at(10), 'w4', 1, undefined, { articles: 2 }))).toEqual([limited[0]!.id]);
      });

      it('leaves the rows of `except` channels for later, and claims no article for them alone', async () => {
        const [xs, xt, ys] = await ledger.schedule([queued('x', 'site', 1), queued('x', 'tg', 1), queued('y', 'tg', 1), queued('z', 'site', 2)].slice(0, 3));
        const claimed = await ledger.claimDue(at(10), 'w', 100, undefined, { articles: 10, except: ['tg'] });
        expect(ids(claimed)).toEqual([xs!.id]);
        expect(ids(await ledger.claimDue(at(10), 'w', 100, undefined, { articles: 10 }))).toEqual([xt!.id, ys!.id]);
      });

      it('two ledgers claiming whole articles at once never split or share one', async () => {
        const rows = await ledger.schedule(Array.from({ length: 30 }, (_, i) => ['site', 'tg', 'yt'].map((c) => queued(`a${i}`, c, i % 5))).flat());
        const other = await connect();
        const drain = async (l: Ledger, worker: string) => {
          const got: ScheduledPost[] = [];
          for (;;) {
            const batch = await l.claimDue(at(10), worker, 1000, undefined, { articles: 2 });
            if (batch.length === 0) return got;
            got.push(...batch);
          }
        };
        const [one, two] = await Promise.all([drain(ledger, 'w1'), drain(other, 'w2')]);
        const all = [...one, ...two];
        expect(new Set(ids(all)).size).toBe(rows.length);
        const owners = new Map<string, Set<string>>();
        for (const r of all) owners.set(r.article, (owners.get(r.article) ?? new Set()).add(r.claimedBy ?? ''));
        expect([...owners.values()].every((w) => w.size === 1)).toBe(true);
      });

      it('releaseClaimed puts claimed rows back to scheduled, and only claimed ones', async () => {
        const [a, b] = await ledger.schedule([queued('a', 'tg', 0), queued('b', 'tg', 0)]);
        await ledger.claimDue(at(1), 'w', 10);
        await ledger.finishScheduled(b!.id, 'done');
        expect(await ledger.releaseClaimed([a!.id, b!.id, '999999'])).toBe(1);
        const listed = await ledger.listScheduled();
        expect(listed.find((r) => r.id === a!.id)).toMatchObject({ status: 'scheduled', claimedBy: undefined, claimedAt: undefined });
        expect(listed.find((r) => r.id === b!.id)?.status).toBe('done');
        expect(ids(await ledger.claimDue(at(2), 'w2', 10))).toEqual([a!.id]);
      });

      it('finishScheduled ends a claimed row as done or failed', async () => {
        const [a, b] = await ledger.schedule([queued('a', 'tg', 0), queued('b', 'tg', 0)]);
        await ledger.claimDue(at(1), 'w', 10);
        await ledger.finishScheduled(a!.id, 'done');
        await ledger.finishScheduled(b!.id, 'failed', 'Telegram said 403: bot was kicked');
        const list = await ledger.listScheduled();
        expect(list.find((r) => r.id === a!.id)).toMatchObject({ status: 'done', lastError: undefined });
        expect(list.find((r) => r.id === b!.id)).toMatchObject({ status: 'failed', lastError: 'Telegram said 403: bot was kicked' });
        // Ended rows are never claimed again.
        expect(await ledger.claimDue(at(100), 'w', 10, 0)).toEqual([]);
      });

      it('finishScheduled of an unknown id is an error', async () => {
        await expect(ledger.finishScheduled('999999', 'done')).rejects.toBeInstanceOf(LedgerError);
        await expect(ledger.finishScheduled('not-an-id', 'done')).rejects.toBeInstanceOf(LedgerError);
      });

      it('cancel drops scheduled rows only, by article or by article and channel', async () => {
        await ledger.schedule([queued('a', 'tg', 0), queued('a', 'tt', 5), queued('a', 'yt', 6), queued('b', 'tg', 5)]);
        const [claimed] = await ledger.claimDue(at(1), 'w', 1); // a/tg is being sent: not cancellable
        expect(claimed?.channel).toBe('tg');

        expect(await ledger.cancel('a', 'tt')).toBe(1);
        expect(await ledger.cancel('a', 'tt')).toBe(0);
        expect(await ledger.cancel('a')).toBe(1); // yt; tg is claimed
        expect(await ledger.cancel('nothing')).toBe(0);

        const byKey = Object.fromEntries((await ledger.listScheduled()).map((r) => [`${r.article}/${r.channel}`, r.status]));
        expect(byKey).toEqual({ 'a/tg': 'claimed', 'a/tt': 'cancelled', 'a/yt': 'cancelled', 'b/tg': 'scheduled' });
        expect(ids(await ledger.claimDue(at(10), 'w', 10))).toHaveLength(1); // only b/tg
      });

      it('listScheduled shows open rows and the last 50 ended ones, by due time', async () => {
        const ended = await ledger.schedule(Array.from({ length: 55 }, (_, i) => queued(`old${i}`, 'tg', 100 + i)));
        for (const row of ended) await ledger.cancel(row.article);
        const open = await ledger.schedule([queued('x', 'tg', 300), queued('y', 'tg', 1)]);
        const list = await ledger.listScheduled();
        expect(list).toHaveLength(52);
        const dues = list.map((r) => r.dueAt.getTime());
        expect(dues).toEqual([...dues].sort((p, q) => p - q));
        expect(ids(list)).toEqual(expect.arrayContaining(ids(open)));
        // The five cancelled first are the ones left out.
        expect(list.some((r) => ['old0', 'old4'].includes(r.article))).toBe(false);
        expect(list.some((r) => r.article === 'old5')).toBe(true);

        expect((await ledger.listScheduled('x')).map((r) => r.article)).toEqual(['x']);
        expect((await ledger.listScheduled('old54')).map((r) => r.status)).toEqual(['cancelled']);
      });
    });

    describe('tokens', () => {
      it('get, set and overwrite', async () => {
        expect(await ledger.getToken('tiktok:refresh')).toBeUndefined();
        await ledger.setToken('tiktok:refresh', 'rt.one');
        expect(await ledger.getToken('tiktok:refresh')).toBe('rt.one');
        await ledger.setToken('tiktok:refresh', 'rt.two');
        await ledger.setToken('other', 'x');
        expect(await ledger.getToken('tiktok:refresh')).toBe('rt.two');
        expect(await ledger.getToken('other')).toBe('x');
      });

      it('a token survives close and reopen', async () => {
        await ledger.setToken('tiktok:refresh', 'rt.kept');
        await ledger.close();
        const reopened = await connect();
        expect(await reopened.getToken('tiktok:refresh')).toBe('rt.kept');
      });
    });

    describe('close', () => {
      it('can be called twice; later use is a LedgerError', async () => {
        await ledger.close();
        await ledger.close();
        await expect(ledger.get('a', 'tg')).rejects.toBeInstanceOf(LedgerError);
        await expect(ledger.setToken('k', 'v')).rejects.toBeInstanceOf(LedgerError);
      });

      it('location names the store without a password', async () => {
        expect(typeof ledger.location).toBe('string');
        expect(ledger.location).not.toMatch(/:[^/@:]+@/);
      });
    });
  });
}
