/** Channels start one by one as their code loads, the longest request chain first. */
import { describe, expect, it } from 'vitest';
import type { ChannelType } from '../../src/channels/types.js';
import { getChannelType } from '../../src/channels/index.js';
import { startInLoadOrder } from '../../src/engine/fan-out.js';
import type { Prepared } from '../../src/engine/plan.js';

function post(name: string, type: Partial<ChannelType>): Prepared {
  return { channel: { name }, type } as unknown as Prepared;
}

describe('startInLoadOrder', () => {
  it('loads and starts the longest chain first; each channel starts before the next one loads', async () => {
    const events: string[] = [];
    const channel = (name: string, requestsPerPost: number | undefined) =>
      post(name, {
        requestsPerPost,
        load: async () => {
          events.push(`load ${name}`);
        },
      });
    await startInLoadOrder([channel('telegram', 1), channel('youtube', 3), channel('static', undefined), channel('tiktok', 5)], async (p) => {
      events.push(`start ${p.channel.name}`);
      await new Promise((r) => setTimeout(r, 5));
      events.push(`done ${p.channel.name}`);
    });
    // Only loads and starts: on a loaded machine a 5 ms request may finish between two loads.
    expect(events.filter((e) => !e.startsWith('done'))).toEqual([
      'load tiktok', 'start tiktok',
      'load youtube', 'start youtube',
      'load telegram', 'start telegram',
      'load static', 'start static',
    ]);
    expect(events.filter((e) => e.startsWith('done'))).toHaveLength(4);
  });

  it('still starts a channel whose load failed: its delivery meets the error and reports it', async () => {
    const started: string[] = [];
    await startInLoadOrder(
      [post('broken', { load: () => Promise.reject(new Error('no such module')) }), post('fine', { load: async () => undefined })],
      async (p) => {
        started.push(p.channel.name);
      },
    );
    expect(started.sort()).toEqual(['broken', 'fine']);
  });

  it('orders the platform types by their requests per post: TikTok, WordPress, YouTube, Telegram', () => {
    const order = ['telegram', 'youtube', 'wordpress', 'tiktok'].sort(
      (a, b) => (getChannelType(b)?.requestsPerPost ?? 1) - (getChannelType(a)?.requestsPerPost ?? 1),
    );
    expect(order).toEqual(['tiktok', 'wordpress', 'youtube', 'telegram']);
    for (const t of order) expect(getChannelType(t)?.load).toBeTypeOf('function');
  });
});

describe('startInLoadOrder, when the run itself fails', () => {
  it('starts no further channel, lets the started ones finish, then throws', async () => {
    const events: string[] = [];
    const failing = startInLoadOrder(
      [post('first', { requestsPerPost: 3 }), post('second', { requestsPerPost: 2 }), post('third', { requestsPerPost: 1 })],
      async (p) => {
        events.push(`start ${p.channel.name}`);
        if (p.channel.name === 'first') {
          await new Promise((r) => setTimeout(r, 20));
          events.push('done first');
          return;
        }
        throw new Error('the ledger is locked');
      },
    );
    await expect(failing).rejects.toThrow('the ledger is locked');
    expect(events).toEqual(['start first', 'start second', 'done first']);
  });
});
