import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import type { Config } from '../../src/config/index.js';
import { registry } from './registry.js';
import { useTempDir } from './setup.js';

const tmp = useTempDir();

const VALID = `# A newsroom's channels
timezone: Europe/Kyiv
language: en
state: .publish/ledger.db
article:
  strip:
    - '^Babel needs your support'
    - '^Підтримайте\\s'
  keep:
    - '^Photo exhibition'
  clean: on
channels:
  site:
    type: wordpress
    url: https://example.org
    username: \${WP_USERNAME}
    password: \${WP_APP_PASSWORD}
    status: draft
  telegram-en:
    type: telegram
    token: \${TELEGRAM_BOT_TOKEN}
    chat: '@example_channel'
    languages: [en]
    hashtags: 3
    template: "{title}\\n\\n{url}"
    retry: { attempts: 3, base_delay: 250ms, max_delay: 1m, budget: 1h30m }
    timeout: 90s
  2024:
    type: youtube
    enabled: false
    client_id: \${YT_ID}
    client_secret: \${YT_SECRET}
    refresh_token: \${YT_REFRESH}
    delay: 2h
`;

const ENV = {
  WP_USERNAME: 'editor',
  WP_APP_PASSWORD: 'abcd efgh ijkl',
  TELEGRAM_BOT_TOKEN: '123:ABC',
  YT_ID: 'client.apps',
  YT_SECRET: 'shh-secret',
  YT_REFRESH: '1//refresh',
};

const DEFAULT_RETRY = { attempts: 5, baseDelayMs: 500, maxDelayMs: 30_000, budgetMs: 120_000 };

describe('loadConfig with a valid file', () => {
  it('returns the whole Config, channels in file order, defaults filled in', async () => {
    tmp.write('channels.yaml', VALID);
    const config = await loadConfig('channels.yaml', { env: ENV, registry });
    const dir = tmp.dir();
    const expected: Config = {
      file: join(dir, 'channels.yaml'),
      dir,
      timezone: 'Europe/Kyiv',
      language: 'en',
      state: join(dir, '.publish', 'ledger.db'),
      strip: [/^Babel needs your support/u, /^Підтримайте\s/u],
      keep: [/^Photo exhibition/u],
      clean: true,
      channels: [
        {
          name: 'site',
          type: 'wordpress',
          options: {
            url: 'https://example.org',
            username: 'editor',
            password: 'abcd efgh ijkl',
            status: 'draft',
            embed_hosts: [],
          },
          enabled: true,
          languages: undefined,
          delayMs: undefined,
          template: undefined,
          hashtags: undefined,
          retry: DEFAULT_RETRY,
          timeoutMs: 30_000,
          missing: [],
          variables: { username: 'WP_USERNAME', password: 'WP_APP_PASSWORD' },
        },
        {
          name: 'telegram-en',
          type: 'telegram',
          options: {
            token: '123:ABC',
            chat: '@example_channel',
            api_root: 'https://api.telegram.org',
            disable_preview: false,
          },
          enabled: true,
          languages: ['en'],
          delayMs: undefined,
          template: '{title}\n\n{url}',
          hashtags: 3,
          retry: { attempts: 3, baseDelayMs: 250, maxDelayMs: 60_000, budgetMs: 5_400_000 },
          timeoutMs: 90_000,
          missing: [],
          variables: { token: 'TELEGRAM_BOT_TOKEN' },
        },
        {
          name: '2024',
          type: 'youtube',
          options: {
            client_id: 'client.apps',
            client_secret: 'shh-secret',
            refresh_token: '1//refresh',
            root_url: 'https://youtube.googleapis.com/',
          },
          enabled: false,
          languages: undefined,
          delayMs: 7_200_000,
          template: undefined,
          hashtags: undefined,
          retry: DEFAULT_RETRY,
          timeoutMs: 30_000,
          missing: [],
          variables: { client_id: 'YT_ID', client_secret: 'YT_SECRET', refresh_token: 'YT_REFRESH' },
        },
      ],
      warnings: [],
      locate: expect.any(Function),
    };
    expect(config).toEqual(expected);
    expect(config.strip.map((r) => r.flags)).toEqual(['u', 'u']);
  });

  it('defaults timezone to the system zone, language to undefined, state beside the file', async () => {
    tmp.write('channels.yaml', 'channels:\n  tg: { type: telegram, token: "${T}", chat: "@c" }\n');
    const config = await loadConfig('channels.yaml', { env: { T: 'x' }, registry });
    expect(config.timezone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(config.language).toBeUndefined();
    expect(config.state).toBe(join(tmp.dir(), '.publish', 'state.db'));
    expect(config.strip).toEqual([]);
    expect(config.keep).toEqual([]);
    expect(config.clean).toBe(true);
  });

  it('article.clean: off (or false) turns recognition off', async () => {
    for (const value of ['off', 'false', "'off'"]) {
      tmp.write('channels.yaml', `article:\n  clean: ${value}\nchannels:\n  tg: { type: telegram, token: "\${T}", chat: "@c" }\n`);
      const config = await loadConfig('channels.yaml', { env: { T: 'x' }, registry });
      expect(config.clean, value).toBe(false);
    }
  });

  it('resolves a relative state path against the file, not the process directory', async () => {
    tmp.write('site/config/channels.yaml', 'state: ../var/state.db\nchannels:\n  tg: { type: telegram, token: "${T}", chat: "@c" }\n');
    const config = await loadConfig('site/config/channels.yaml', { env: { T: 'x' }, registry });
    expect(config.file).toBe(join(tmp.dir(), 'site', 'config', 'channels.yaml'));
    expect(config.dir).toBe(join(tmp.dir(), 'site', 'config'));
    expect(config.state).toBe(join(tmp.dir(), 'site', 'var', 'state.db'));
  });

  it('keeps a postgres URL (from the environment) as it is', async () => {
    tmp.write('channels.yaml', 'state: ${DATABASE_URL}\nchannels:\n  tg: { type: telegram, token: t, chat: "@c" }\n');
    const url = 'postgresql://publish:pw@db.internal:5432/publish';
    const config = await loadConfig('channels.yaml', { env: { DATABASE_URL: url }, registry });
    expect(config.state).toBe(url);
    tmp.write('channels.yaml', 'state: postgres://db/publish\nchannels:\n  tg: { type: telegram, token: t, chat: "@c" }\n');
    expect((await loadConfig('channels.yaml', { env: {}, registry })).state).toBe('postgres://db/publish');
  });

  it('takes `languages: uk` as a one-item list', async () => {
    tmp.write('channels.yaml', 'channels:\n  tg:\n    type: telegram\n    token: t\n    chat: "@c"\n    languages: uk\n');
    const config = await loadConfig('channels.yaml', { env: {}, registry });
    expect(config.channels[0]?.languages).toEqual(['uk']);
  });

  it('uses the default registry from src/channels/index.ts when none is given', async () => {
    const { channelTypes } = await import('../../src/channels/index.js');
    tmp.write('channels.yaml', 'channels:\n  x:\n    type: no-such-type\n');
    const known = channelTypes.map((t) => t.type).join(', ') || 'none are registered';
    await expect(loadConfig('channels.yaml', { env: {} })).rejects.toMatchObject({
      problems: [`channels.yaml:3:11 channels.x.type: unknown type \`no-such-type\`; known types: ${known}`],
    });
  });
});
