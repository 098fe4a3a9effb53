import { describe, expect, it } from 'vitest';
import { loadConfig, missingSecretsProblems } from '../../src/config/index.js';
import { registry } from './registry.js';
import { problemsOf, useTempDir } from './setup.js';

const tmp = useTempDir();
const load = (env: Record<string, string | undefined> = {}) => loadConfig('channels.yaml', { env, registry });

const TWO_CHANNELS = [
  'channels:',
  '  site:',
  '    type: wordpress',
  '    url: https://${WP_HOST:-example.org}/news',
  '    username: ${WP_USERNAME}',
  '    password: ${WP_APP_PASSWORD}',
  '  telegram:',
  '    type: telegram',
  '    token: ${TELEGRAM_BOT_TOKEN}',
  '    chat: ${TELEGRAM_CHAT:-@newsroom}',
  '  archive:',
  '    type: telegram',
  '    enabled: false',
  '    token: ${ARCHIVE_TOKEN}',
  '    chat: "@archive"',
  '',
].join('\n');

describe('environment variables in channels.yaml', () => {
  it('reads .env beside the file; the process environment wins over it', async () => {
    tmp.write('channels.yaml', TWO_CHANNELS);
    tmp.write(
      '.env',
      'WP_USERNAME=from-dotenv\nWP_APP_PASSWORD="dotenv pass"\nTELEGRAM_BOT_TOKEN=dotenv-token\nARCHIVE_TOKEN=a\n',
    );
    const config = await load({ WP_USERNAME: 'from-process', TELEGRAM_BOT_TOKEN: undefined });
    const [site, telegram] = config.channels;
    expect(site?.options).toMatchObject({ url: 'https://example.org/news', username: 'from-process', password: 'dotenv pass' });
    expect(telegram?.options).toMatchObject({ token: 'dotenv-token', chat: '@newsroom' });
    expect(config.warnings).toEqual([]);
  });

  it('reads .env beside the file even when the process runs elsewhere', async () => {
    tmp.write('deploy/channels.yaml', TWO_CHANNELS);
    tmp.write('deploy/.env', 'WP_HOST=news.example.com\n');
    tmp.write('.env', 'WP_HOST=wrong.example.com\n');
    const config = await loadConfig('deploy/channels.yaml', { env: {}, registry });
    expect(config.channels[0]?.options['url']).toBe('https://news.example.com/news');
  });

  it('records unset variables in `missing` without failing, and never leaves the placeholder in options', async () => {
    tmp.write('channels.yaml', TWO_CHANNELS);
    const config = await load({ WP_USERNAME: 'editor' });
    expect(config.channels.map((c) => c.missing)).toEqual([
      [{ key: 'channels.site.password', variable: 'WP_APP_PASSWORD' }],
      [{ key: 'channels.telegram.token', variable: 'TELEGRAM_BOT_TOKEN' }],
      [{ key: 'channels.archive.token', variable: 'ARCHIVE_TOKEN' }],
    ]);
    expect(config.channels[0]?.options).toEqual({
      url: 'https://example.org/news',
      username: 'editor',
      password: '',
      status: 'publish',
      embed_hosts: [],
    });
    expect(config.channels[1]?.options['token']).toBe('');
    expect(JSON.stringify(config)).not.toContain('__missing__');
  });

  it('turns missing variables into problems for the channels a command will use', async () => {
    tmp.write('channels.yaml', TWO_CHANNELS);
    const config = await load({ WP_USERNAME: 'editor' });
    const hint = '(add it to the environment or to .env beside channels.yaml)';
    expect(missingSecretsProblems(config)).toEqual([
      `channels.yaml: channels.site.password: environment variable WP_APP_PASSWORD is not set ${hint}`,
      `channels.yaml: channels.telegram.token: environment variable TELEGRAM_BOT_TOKEN is not set ${hint}`,
    ]);
    expect(missingSecretsProblems(config, ['telegram', 'archive'])).toEqual([
      `channels.yaml: channels.telegram.token: environment variable TELEGRAM_BOT_TOKEN is not set ${hint}`,
      `channels.yaml: channels.archive.token: environment variable ARCHIVE_TOKEN is not set ${hint}`,
    ]);
    const full = await load({ WP_USERNAME: 'u', WP_APP_PASSWORD: 'p', TELEGRAM_BOT_TOKEN: 't' });
    expect(missingSecretsProblems(full)).toEqual([]);
  });

  it('names a missing variable in a nested option by its full key', async () => {
    tmp.write(
      'channels.yaml',
      'channels:\n  hook:\n    type: webhook\n    url: https://h.example\n    signing_key: k-123456789012\n    headers:\n      authorization: Bearer ${HOOK_TOKEN}\n',
    );
    const config = await load();
    expect(config.channels[0]?.missing).toEqual([{ key: 'channels.hook.headers.authorization', variable: 'HOOK_TOKEN' }]);
    expect(config.channels[0]?.options['headers']).toEqual({ authorization: 'Bearer ' });
  });
});

describe('secrets written inline', () => {
  const INLINE = [
    'channels:', // 1
    '  tg:', // 2
    '    type: telegram', // 3
    '    token: 987654:SECRET-TOKEN-VALUE', // 4
    '    chat: "@c"', // 5
    '  yt:', // 6
    '    type: youtube', // 7
    '    client_id: visible-client-id', // 8
    '    client_secret: "gOcSpX-inline-secret"', // 9
    '    refresh_token: ${YT_REFRESH}', // 10
    '    api_key: AIza-inline-api-key', // 11
    '',
  ].join('\n');

  it('warns with the line:col of the value and a variable to use, and uses the value', async () => {
    tmp.write('channels.yaml', INLINE);
    const config = await load();
    expect(config.warnings).toEqual([
      'channels.yaml:4:12 channels.tg.token: secret written inline; move it to the environment (${TG_TOKEN})',
      'channels.yaml:9:20 channels.yt.client_secret: secret written inline; move it to the environment (${YT_CLIENT_SECRET})',
      'channels.yaml:11:14 channels.yt.api_key: secret written inline; move it to the environment (${YT_API_KEY})',
    ]);
    expect(config.channels[0]?.options['token']).toBe('987654:SECRET-TOKEN-VALUE');
    for (const secret of ['SECRET-TOKEN-VALUE', 'gOcSpX', 'AIza']) {
      expect(config.warnings.join('\n')).not.toContain(secret);
    }
  });

  it('never shows a secret in a problem, even when a type echoes the value in its message', async () => {
    tmp.write(
      'channels.yaml',
      [
        'channels:',
        '  hook:',
        '    type: webhook',
        '    url: https://h.example',
        '    signing_key: s3cr3t-k',
        '  hook2:',
        '    type: webhook',
        '    url: https://h.example',
        '    signing_key: ${HOOK_KEY}',
        '',
      ].join('\n'),
    );
    const problems = await problemsOf(load({ HOOK_KEY: 'env-k3y' }));
    expect(problems).toEqual([
      'channels.yaml:5:18 channels.hook.signing_key: key *** is too short',
      'channels.yaml:9:18 channels.hook2.signing_key: key *** is too short',
    ]);
  });
});
