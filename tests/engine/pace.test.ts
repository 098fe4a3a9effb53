/**
 * Pacing per channel (`per_minute:`): the platform's documented cap by default, `0` for
 * none; a paced channel's posts are spaced, and only that channel's posts wait.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { Pacer, Pacers, perMinute } from '../../src/engine/pace.js';
import { startWebhookFake, type WebhookFake } from '../fakes/webhook.js';
import { runPublish } from '../helpers/cli.js';

describe('per_minute', () => {
  it('defaults to the cap the platform documents (Telegram 20, TikTok 6), none elsewhere; 0 turns it off', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'publish-pace-'));
    const file = join(dir, 'channels.yaml');
    writeFileSync(file, [
      'channels:',
      '  tg: { type: telegram, chat: "@newsroom", token: t }',
      '  tg-fast: { type: telegram, chat: "@newsroom", token: t, per_minute: 0 }',
      '  tt: { type: tiktok, access_token: t }',
      '  tt-slow: { type: tiktok, access_token: t, per_minute: 2 }',
      '  site: { type: wordpress, url: "https://example.org", username: u, password: p }',
      '',
    ].join('\n'));
    const config = await loadConfig(file, { env: {} });
    expect(Object.fromEntries(config.channels.map((c) => [c.name, perMinute(c)]))).toEqual({ tg: 20, 'tg-fast': 0, tt: 6, 'tt-slow': 2, site: 0 });
  });

  it('a pacer spaces posts evenly: the first at once, then one every 60/N seconds', async () => {
    const pacer = new Pacer(600); // one every 100 ms
    const started = Date.now();
    const times: number[] = [];
    await Promise.all([0, 1, 2].map(async () => {
      await pacer.take();
      times.push(Date.now() - started);
    }));
    times.sort((a, b) => a - b);
    expect(times[0]).toBeLessThan(50);
    expect(times[1]).toBeGreaterThanOrEqual(95);
    expect(times[2]).toBeGreaterThanOrEqual(195);
    expect(new Pacer(0).intervalMs).toBe(0);
  });

  it('a busy channel is named so a run claims none of its rows meanwhile', async () => {
    const pacers = new Pacers();
    const paced = { name: 'tg', type: 'telegram', perMinute: 60 } as Parameters<Pacers['of']>[0];
    const free = { name: 'site', type: 'wordpress' } as Parameters<Pacers['of']>[0];
    expect(pacers.of(free)).toBeUndefined();
    await pacers.of(paced)!.take();
    expect(pacers.busyAt(Date.now() + 100)).toEqual(['tg']);
    expect(pacers.nextFree(Date.now())).toBeGreaterThan(Date.now() + 900);
  });
});

describe('publish run with a paced channel', () => {
  let fake: WebhookFake;
  let dir: string;
  beforeEach(async () => {
    fake = await startWebhookFake();
    dir = mkdtempSync(join(tmpdir(), 'publish-pace-run-'));
    writeFileSync(join(dir, 'channels.yaml'), `timezone: UTC\nchannels:\n  slow:\n    type: webhook\n    url: ${fake.url}slow\n    per_minute: 60\n  fast:\n    type: webhook\n    url: ${fake.url}fast\n`);
    for (let i = 0; i < 4; i++) writeFileSync(join(dir, `s${i}.md`), `---\nid: s${i}\nurl: https://example.org/s${i}/\n---\n# Story ${i}\n\nIts lead.\n`);
  });
  afterEach(async () => {
    await fake.close();
  });

  it('spaces the paced channel one a second while the other channel goes at once', async () => {
    expect((await runPublish(['s0.md', 's1.md', 's2.md', 's3.md', '--at', '+0s'], { cwd: dir })).code).toBe(0);
    const run = await runPublish(['run', '--json'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    const at = (path: string) => fake.accepted().filter((d) => d.path === path).map((d) => d.at).sort((a, b) => a - b);
    const slow = at('/slow');
    const fast = at('/fast');
    expect(slow).toHaveLength(4);
    expect(fast).toHaveLength(4);
    // Started a second apart (arrivals jitter by what happens between start and request).
    for (let i = 1; i < slow.length; i++) expect(slow[i]! - slow[i - 1]!).toBeGreaterThanOrEqual(750);
    expect(slow.at(-1)! - slow[0]!).toBeGreaterThanOrEqual(2800);
    // The unpaced posts did not wait for the paced ones.
    expect(fast.at(-1)! - fast[0]!).toBeLessThan(1000);
    expect(fast.at(-1)!).toBeLessThan(slow.at(-1)!);
  }, 30_000);
});
