/**
 * A Telegram request whose message is created but whose reply never comes, in a real
 * publish process that collects garbage every 10 ms (GC_OFTEN): the request's own timer
 * must still fire (on Node 20 an `AbortSignal.any` timeout is lost to gc and the request
 * ran until the channel's budget, was recorded `failed`, and a plain rerun posted again).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { DEFAULT_CHANNEL, startTelegramFake, type TelegramFake } from '../fakes/telegram.js';
import { GC_OFTEN, runPublish } from '../helpers/cli.js';

const CHAT = `@${DEFAULT_CHANNEL.username}`;

let fake: TelegramFake;
let dir: string;
beforeEach(async () => {
  fake = await startTelegramFake();
  dir = mkdtempSync(join(tmpdir(), 'publish-hung-'));
  writeFileSync(join(dir, 'story.md'), '---\nid: hung-story\ntitle: A hung reply\nlead: Its lead.\nurl: https://example.org/hung/\n---\n\nIts body.\n');
});
afterEach(async () => {
  await fake.close();
});

function configure(timeout: string, budget: string): void {
  writeFileSync(
    join(dir, 'channels.yaml'),
    stringify({
      timezone: 'UTC',
      channels: { tg: { type: 'telegram', token: '${TELEGRAM_BOT_TOKEN}', chat: CHAT, api_root: fake.url, photo: 'none', timeout, retry: { budget } } },
    }),
  );
}

const publish = (args: string[]) => runPublish(args, { cwd: dir, env: { TELEGRAM_BOT_TOKEN: fake.token }, nodeArgs: GC_OFTEN, timeoutMs: 90_000 });

interface Result {
  status: string;
  error?: { code: string; message: string };
}
const resultOf = (stdout: string): Result => (JSON.parse(stdout) as { articles: { results: Result[] }[] }).articles[0]!.results[0]!;

/** How long a publish process takes that sends nothing (start-up, config, ledger) on this machine now. */
async function idleRun(): Promise<number> {
  const started = Date.now();
  await publish(['status']);
  return Date.now() - started;
}

describe('a hung Telegram reply with garbage collection forced', () => {
  // Stand-ins for `timeout: 5s`, `12s` and `30s`: with gc every 10 ms the mechanism is the same.
  for (const [timeout, ms] of [['1s', 1000], ['2500ms', 2500], ['4s', 4000]] as const) {
    it(`timeout: ${timeout} cuts the request at ${ms / 1000} s; the outcome is unknown and a rerun does not post again`, async () => {
      configure(timeout, '2m');
      const idle = await idleRun();
      fake.failNext('sendMessage', { noReply: true });

      const started = Date.now();
      const first = await publish(['story.md', '--json']);
      const took = Date.now() - started;
      expect(first.code, first.stderr).toBe(1);
      expect(took).toBeGreaterThanOrEqual(ms);
      expect(took).toBeLessThan(ms + idle + 2000);
      const r = resultOf(first.stdout);
      expect(r.error?.code).toBe('outcome_unknown');
      expect(r.error?.message).toMatch(/no answer within .* s; it may have gone out; check tg \(@babel_test\), then rerun with --force/);
      expect(fake.messages(CHAT)).toHaveLength(1); // the message exists: only its reply was lost
      expect(fake.requestsTo('sendMessage')).toHaveLength(1); // not retried

      const status = await publish(['status', 'hung-story', '--json']);
      expect((JSON.parse(status.stdout) as { posts: { status: string }[] }).posts[0]?.status).toBe('in_flight');

      const rerun = await publish(['story.md', '--json']);
      expect(rerun.code).toBe(1);
      expect(resultOf(rerun.stdout).error?.message).toMatch(/outcome unknown since .*check tg and rerun with --force/);
      expect(fake.requestsTo('sendMessage')).toHaveLength(1);
      expect(fake.messages(CHAT)).toHaveLength(1);
    }, 60_000);
  }

  it("the channel's budget ends a send whose own timeout is longer, within 2 s", async () => {
    configure('30s', '2s');
    const idle = await idleRun();
    fake.failNext('sendMessage', { noReply: true });
    const started = Date.now();
    const first = await publish(['story.md', '--json']);
    const took = Date.now() - started;
    expect(first.code, first.stderr).toBe(1);
    expect(took).toBeGreaterThanOrEqual(2000 - 50);
    expect(took).toBeLessThan(2000 + idle + 2000);
    expect(resultOf(first.stdout).error?.code).toBe('outcome_unknown');
    expect(fake.messages(CHAT)).toHaveLength(1);
    const rerun = await publish(['story.md', '--json']);
    expect(rerun.code).toBe(1);
    expect(fake.requestsTo('sendMessage')).toHaveLength(1);
  }, 60_000);

  it('--force after checking posts again (the editor decided it was not there)', async () => {
    configure('1s', '2m');
    fake.failNext('sendMessage', { noReply: true });
    expect((await publish(['story.md'])).code).toBe(1);
    const forced = await publish(['story.md', '--force', '--json']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(resultOf(forced.stdout).status).toBe('published');
    expect(fake.messages(CHAT)).toHaveLength(2);
  }, 60_000);
});
