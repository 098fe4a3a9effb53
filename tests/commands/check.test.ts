import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getChannelType } from '../../src/channels/index.js';
import type { ChannelType, DeliverContext } from '../../src/channels/types.js';
import { checkCommand } from '../../src/commands/check.js';
import type { Io } from '../../src/engine/context.js';
import { ArticleError, ChannelError, ConfigError } from '../../src/errors.js';
import { fakeIo } from '../helpers/io.js';
import { clearSecrets } from '../../src/scrub.js';


const CONFIG = `timezone: UTC
language: en
channels:
  site:
    type: static
    dir: site/content
    base_url: https://example.org/news
  telegram-en:
    type: telegram
    token: \${TG_TOKEN}
    chat: '@example_news'
    languages: [en]
  hook:
    type: webhook
    url: http://127.0.0.1:9/hook
    secret: \${HOOK_SECRET}
  old:
    type: telegram
    enabled: false
    chat: '@old_news'
`;

const ARTICLE = `---
id: fine
title: A fine story
lead: Everything fits.
url: https://example.org/news/fine/
tags: [one, two]
---

Body text.
`;

const TOO_LONG = `---
id: too-long
title: A story the editor overwrote
lead: The Telegram text below is longer than Telegram allows.
url: https://example.org/news/too-long/
channels:
  telegram-en: { text: "${'word '.repeat(900)}{url}" }
---

Body.
`;

let dir = '';
beforeEach(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'publish-check-')));
  writeFileSync(join(dir, 'channels.yaml'), CONFIG);
  writeFileSync(join(dir, 'fine.md'), ARTICLE);
  writeFileSync(join(dir, 'too-long.md'), TOO_LONG);
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  clearSecrets();
});

async function check(opts: Record<string, unknown>, env: Record<string, string | undefined> = {}) {
  const world = fakeIo(dir, env);
  const ctx = world.context(Boolean(opts.json));
  const result = await checkCommand({ config: join(dir, 'channels.yaml'), ...opts }, ctx);
  ctx.report.check(result);
  return { code: result.ok ? 0 : 1, out: world.out(), err: world.err() };
}

describe('publish check (offline)', () => {
  it('a valid channels.yaml: exit 0, one line per channel with what sending still needs', async () => {
    const { code, out } = await check({});
    expect(code).toBe(0);
    expect(out).toContain('✓ site: static · site/content');
    expect(out).toContain('✓ telegram-en: telegram · @example_news · languages en · to send, set TG_TOKEN');
    expect(out).toContain('✓ hook: webhook · http://127.0.0.1:9/hook · to send, set HOOK_SECRET');
    expect(out).toContain('✓ old: telegram, disabled (enabled: false)');
  });

  it('--json: {ok, config, warnings, channels, articles}', async () => {
    const { code, out } = await check({ json: true, articles: ['fine.md'] });
    expect(code).toBe(0);
    const doc = JSON.parse(out);
    expect(Object.keys(doc)).toEqual(['ok', 'config', 'warnings', 'online', 'channels', 'articles']);
    expect(doc.ok).toBe(true);
    // Named as the user would type it from the working directory.
    expect(doc.config).toBe('channels.yaml');
    expect(doc.channels[1]).toEqual({ channel: 'telegram-en', type: 'telegram', ok: true, checked: false, message: 'telegram · @example_news · languages en · to send, set TG_TOKEN' });
    expect(doc.articles[0].id).toBe('fine');
    expect(doc.articles[0].results.map((r: { channel: string; status: string }) => [r.channel, r.status])).toEqual([
      ['site', 'valid'],
      ['telegram-en', 'valid'],
      ['hook', 'valid'],
    ]);
    // Same shape as the dry-run's JSON: no human-only measures.
    expect(doc.articles[0].results[1].measures).toBeUndefined();
    expect(doc.articles[0].results[1].output.parse_mode).toBe('HTML');
  });

  it('every problem in channels.yaml comes back at once as a ConfigError (main prints them, exit 2)', async () => {
    writeFileSync(join(dir, 'channels.yaml'), 'channels:\n  a:\n    type: telegram\n  b:\n    type: nope\n');
    const error = await check({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.length).toBeGreaterThanOrEqual(2);
    expect((error as ConfigError).problems.join('\n')).toMatch(/channels\.a\.chat/);
    expect((error as ConfigError).problems.join('\n')).toMatch(/channels\.b\.type/);
  });

  it('prints the config warnings (an inline secret) and keeps them in --json', async () => {
    writeFileSync(join(dir, 'channels.yaml'), CONFIG.replace('${HOOK_SECRET}', 'inline-secret-value'));
    const human = await check({});
    expect(human.err).toMatch(/^warning: .*channels\.hook\.secret/m);
    expect(human.out).not.toContain('inline-secret-value');
    const json = await check({ json: true });
    expect(JSON.parse(json.out).warnings.join('\n')).toMatch(/channels\.hook\.secret/);
  });

  it('an article that breaks a rule: exit 1, its problem printed under the channel', async () => {
    const { code, out } = await check({ articles: ['fine.md', 'too-long.md'] });
    expect(code).toBe(1);
    expect(out).toMatch(/too-long {2}too-long\.md/);
    expect(out).toMatch(/✗ telegram-en \(telegram\) +invalid {2}text 4\d{3}\/4096/);
    expect(out).toMatch(/error too_long: the text is 4\d{3} UTF-16 units, over the limit of 4096/);
  });

  it('--json with a bad article: ok false, the problem in the article results', async () => {
    const { code, out } = await check({ json: true, articles: ['too-long.md'] });
    expect(code).toBe(1);
    const doc = JSON.parse(out);
    expect(doc.ok).toBe(false);
    const telegram = doc.articles[0].results.find((r: { channel: string }) => r.channel === 'telegram-en');
    expect(telegram.status).toBe('invalid');
    expect(telegram.problems.map((p: { code: string }) => p.code)).toContain('too_long');
  });

  it('an unreadable article is an ArticleError naming it (exit 2)', async () => {
    const error = await check({ articles: ['missing.md'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArticleError);
    expect((error as Error).message).toContain('missing.md');
  });
});

describe('online', () => {
  /** Runs `fn` with `verify` of a registered type replaced (or removed), restoring it after. */
  async function withVerify<T>(typeName: string, verify: ChannelType['verify'], fn: () => Promise<T>): Promise<T> {
    const type = getChannelType(typeName) as ChannelType;
    const had = Object.prototype.hasOwnProperty.call(type, 'verify');
    const saved = type.verify;
    if (verify) type.verify = verify;
    else delete type.verify;
    try {
      return await fn();
    } finally {
      if (had) type.verify = saved;
      else delete type.verify;
    }
  }
  const none = undefined;

  it('a missing secret is a failed line naming the variable and where to put it, not a crash', async () => {
    const { code, out } = await withVerify('telegram', none, () => withVerify('webhook', none, () => check({ online: true }, { HOOK_SECRET: 'hook-secret-1' })));
    expect(code).toBe(1);
    expect(out).toContain('✗ telegram-en: environment variable TG_TOKEN is not set (add it to the environment or to .env beside channels.yaml)');
  });

  it('several missing secrets of one channel make one line', async () => {
    writeFileSync(join(dir, 'channels.yaml'), CONFIG.replace('secret: ${HOOK_SECRET}', 'secret: ${HOOK_SECRET}\n    headers: { Authorization: "Bearer ${HOOK_TOKEN}" }'));
    const { out } = await withVerify('webhook', none, () => check({ online: true }));
    expect(out).toContain('✗ hook: environment variables HOOK_SECRET, HOOK_TOKEN are not set (add them to the environment or to .env beside channels.yaml)');
  });

  it('a type without verify says so and does not fail the check; disabled channels are not asked', async () => {
    const { code, out } = await withVerify('static', none, () =>
      withVerify('telegram', none, () => withVerify('webhook', none, () => check({ online: true }, { TG_TOKEN: '123456:secret-token', HOOK_SECRET: 'hook-secret-1' }))));
    expect(code).toBe(0);
    expect(out).toContain('– site: online check not available for static');
    expect(out).toContain('– telegram-en: online check not available for telegram');
    expect(out).toContain('– hook: online check not available for webhook');
    expect(out).toContain('– old: disabled (enabled: false): not asked');
  });

  it('calls verify with a DeliverContext for the channel: its answer is the line; a ChannelError is a failed line', async () => {
    const seen: DeliverContext[] = [];
    const verify = async (ctx: DeliverContext) => {
      seen.push(ctx);
      // The context works as sending's does: the retry wrapper runs requests, the token store keeps tokens.
      expect(await ctx.attempt('x', async () => 42)).toBe(42);
      await ctx.tokens.set('refresh', `new-${ctx.channel.name}`);
      expect(await ctx.tokens.get('refresh')).toBe(`new-${ctx.channel.name}`);
      expect(ctx.signal.aborted).toBe(false);
      if (ctx.channel.name === 'hook') throw new ChannelError('hook', 'unauthorized', 'the receiver refused the signature made with hook-secret-1: check HOOK_SECRET');
      return { ok: true, message: `bot @example_bot can post in ${String((ctx.channel.options as { chat: string }).chat)}` };
    };
    const { code, out } = await withVerify('static', none, () =>
      withVerify('telegram', verify, () => withVerify('webhook', verify, () =>
        check({ online: true }, { TG_TOKEN: '123456:secret-token', HOOK_SECRET: 'hook-secret-1' }))));
    expect(code).toBe(1);
    expect(out).toContain('✓ telegram-en: bot @example_bot can post in @example_news');
    expect(out).toContain('✗ hook: the receiver refused the signature made with ***: check HOOK_SECRET');
    expect(out).not.toContain('hook-secret-1');
    expect(seen.map((c) => c.channel.name).sort()).toEqual(['hook', 'telegram-en']);
  });

  it('--json lists each channel with ok and message', async () => {
    const { code, out } = await withVerify('static', none, () => withVerify('telegram', none, () => withVerify('webhook', none, () =>
      check({ online: true, json: true }, { HOOK_SECRET: 'hook-secret-1' }))));
    expect(code).toBe(1);
    const doc = JSON.parse(out);
    expect(doc.online).toBe(true);
    expect(doc.channels.find((c: { channel: string }) => c.channel === 'telegram-en')).toEqual({
      channel: 'telegram-en', type: 'telegram', ok: false, checked: false,
      message: 'environment variable TG_TOKEN is not set (add it to the environment or to .env beside channels.yaml)',
      // Where the channel is written, for CI annotations (--format github).
      source: { file: expect.stringMatching(/channels\.yaml$/), line: expect.any(Number), column: 3 },
    });
  });

  // More cases arrive with each type's verify (issue 8): one `it` per "what to fix" message,
  // against the local fakes in tests/fakes (Telegram bot not admin, YouTube invalid_grant,
  // TikTok creator_info refusal, WordPress rest_not_logged_in).
});
