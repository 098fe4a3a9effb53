import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { ConfigError } from '../../src/errors.js';
import { registry } from './registry.js';
import { problemsOf, useTempDir } from './setup.js';

const tmp = useTempDir();
const load = (env: Record<string, string> = {}) => loadConfig('channels.yaml', { env, registry });

describe('loadConfig reports every problem at once', () => {
  it('lists each problem with the line:col of the offending node, in file order', async () => {
    tmp.write(
      'channels.yaml',
      [
        'timezone: Mars/Olympus_Mons', // 1
        'chanels: {}', // 2
        'article:', // 3
        "  strip: ['^Support us', '(unclosed']", // 4
        'channels:', // 5
        '  site:', // 6
        '    type: wordpres', // 7
        '  tg:', // 8
        '    type: telegram', // 9
        '    chat: 42', // 10
        '    colour: blue', // 11
        '    delay: soon', // 12
        '    enabled: yes', // 13
        '  wp:', // 14
        '    type: wordpress', // 15
        '    url: not a url', // 16
        '    username: editor', // 17
        '    password: ${WP_PASSWORD}', // 18
        '    status: later', // 19
        '    retry: { attempts: 0, base_delay: 1x, jitter: 3 }', // 20
        '    hashtags: -1', // 21
        '    tempalte: "{title}"', // 22
        '  bare:', // 23
        '    chat: "@x"', // 24
        '',
      ].join('\n'),
    );
    const problems = await problemsOf(load());
    expect(problems).toEqual([
      'channels.yaml:1:11 timezone: unknown time zone `Mars/Olympus_Mons`; use an IANA name such as Europe/Kyiv',
      'channels.yaml:2:1 chanels: unknown key `chanels`: did you mean `channels`?',
      'channels.yaml:4:26 article.strip[1]: not a valid regular expression (Unterminated group); patterns are JavaScript regexes with the `u` flag',
      'channels.yaml:7:11 channels.site.type: unknown type `wordpres`; did you mean `wordpress`? known types: telegram, wordpress, youtube, webhook',
      'channels.yaml:8:3 channels.tg.token: required; add `token:`',
      'channels.yaml:10:11 channels.tg.chat: expected text, got a whole number',
      'channels.yaml:11:5 channels.tg.colour: unknown key `colour`; remove it (known keys: token, chat, api_root, disable_preview, type, enabled, languages, delay, template, hashtags, retry, timeout, per_minute)',
      'channels.yaml:12:12 channels.tg.delay: not a duration; write a number with a unit: `500ms`, `90s`, `15m`, `2h`, `1d` or `1h30m`',
      'channels.yaml:13:14 channels.tg.enabled: expected true or false, got text',
      'channels.yaml:16:10 channels.wp.url: not a valid URL; write it with its scheme, e.g. https://example.org',
      'channels.yaml:19:13 channels.wp.status: expected one of: publish, draft, future',
      'channels.yaml:20:24 channels.wp.retry.attempts: must be at least 1',
      'channels.yaml:20:39 channels.wp.retry.base_delay: not a duration; write a number with a unit: `500ms`, `90s`, `15m`, `2h`, `1d` or `1h30m`',
      'channels.yaml:20:43 channels.wp.retry.jitter: unknown key `jitter`; remove it (known keys: attempts, base_delay, max_delay, budget)',
      'channels.yaml:21:15 channels.wp.hashtags: must be at least 0',
      'channels.yaml:22:5 channels.wp.tempalte: unknown key `tempalte`: did you mean `template`?',
      'channels.yaml:23:3 channels.bare.type: required; add `type:` with one of: telegram, wordpress, youtube, webhook',
    ]);
  });

  it('throws a ConfigError (exit 2) whose message is the problems, one per line', async () => {
    tmp.write('channels.yaml', 'channels:\n  tg:\n    type: telegram\n    chat: "@c"\n');
    const error = await load().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).exitCode).toBe(2);
    expect((error as ConfigError).message).toBe('channels.yaml:2:3 channels.tg.token: required; add `token:`');
  });

  it('requires a channels mapping with at least one channel', async () => {
    tmp.write('channels.yaml', 'timezone: UTC\n');
    expect(await problemsOf(load())).toEqual([
      'channels.yaml:1:1 channels: required; add a `channels:` mapping with at least one channel (see `publish init`)',
    ]);
    tmp.write('channels.yaml', 'timezone: UTC\nchannels:\n');
    expect(await problemsOf(load())).toEqual([
      'channels.yaml:2:1 channels: no channels; add at least one, e.g. `site: { type: wordpress, url: … }`',
    ]);
    tmp.write('channels.yaml', 'channels: [site, telegram]\n');
    expect(await problemsOf(load())).toEqual([
      'channels.yaml:1:11 channels: expected a mapping of channel names to their settings, got a list',
    ]);
  });

  it('reports a channel that is not a mapping and a top level that is not one', async () => {
    tmp.write('channels.yaml', 'channels:\n  tg: telegram\n');
    expect(await problemsOf(load())).toEqual([
      'channels.yaml:2:7 channels.tg: expected a mapping with at least `type:`, got text',
    ]);
    tmp.write('channels.yaml', '- telegram\n- site\n');
    expect(await problemsOf(load())).toEqual([
      'channels.yaml:1:1: expected a mapping of keys (`timezone`, `channels`, …), got a list',
    ]);
  });

  it('reports unknown keys in nested objects of a strict type schema, and missing keys inside them', async () => {
    tmp.write(
      'channels.yaml',
      [
        'channels:',
        '  hook:',
        '    type: webhook',
        '    url: https://hooks.example.org/in',
        '    signing_key: ${HOOK_KEY}',
        '    headers:',
        '      authorisation: Bearer',
        '',
      ].join('\n'),
    );
    expect(await problemsOf(load({ HOOK_KEY: 'long-enough-key' }))).toEqual([
      'channels.yaml:6:5 channels.hook.headers.authorization: required; add `authorization:`',
      'channels.yaml:7:7 channels.hook.headers.authorisation: unknown key `authorisation`: did you mean `authorization`?',
    ]);
  });

  it('reports an unset variable outside channel options as a problem', async () => {
    tmp.write('channels.yaml', 'state: ${DATABASE_URL}\nchannels:\n  tg: { type: telegram, token: t, chat: "@c", delay: "${DELAY}" }\n');
    expect(await problemsOf(load())).toEqual([
      'channels.yaml:1:8 state: environment variable DATABASE_URL is not set (add it to the environment or to .env beside channels.yaml)',
      'channels.yaml:3:54 channels.tg.delay: environment variable DELAY is not set (add it to the environment or to .env beside channels.yaml)',
    ]);
  });
});

describe('article: settings', () => {
  it('reports a bad article.keep pattern and a bad article.clean value with their positions', async () => {
    tmp.write(
      'channels.yaml',
      [
        'article:', // 1
        "  keep: ['^Photo exhibition', '[unclosed']", // 2
        '  clean: sometimes', // 3
        '  trim: yes', // 4
        'channels:', // 5
        '  tg: { type: telegram, token: x, chat: "@c" }', // 6
        '',
      ].join('\n'),
    );
    const problems = await problemsOf(load());
    expect(problems).toEqual([
      'channels.yaml:2:31 article.keep[1]: not a valid regular expression (Unterminated character class); patterns are JavaScript regexes with the `u` flag',
      'channels.yaml:3:10 article.clean: expected one of: on, off',
      'channels.yaml:4:3 article.trim: unknown key `trim`; remove it (known keys: strip, keep, clean)',
    ]);
  });
});
