/**
 * channels.yaml written to hurt or by mistake: alias bombs, JavaScript's reserved keys,
 * malformed `${…}`, endpoints that are not web addresses, values of the wrong shape. Each is a
 * problem with its line:col and what to do, never a crash or a value taken literally.
 */
import { describe, expect, it } from 'vitest';
import { channelTypes } from '../../src/channels/index.js';
import { loadConfig } from '../../src/config/index.js';
import { problemsOf, useTempDir } from './setup.js';

const tmp = useTempDir();
const load = (env: Record<string, string> = {}) => loadConfig('channels.yaml', { env, registry: channelTypes });
const write = (lines: string[]) => tmp.write('channels.yaml', `${lines.join('\n')}\n`);
const telegram = ['  tg:', '    type: telegram', "    chat: '@babel_news'"];

describe('channels.yaml: hostile and malformed input', () => {
  it('an alias bomb is one problem at its first alias, not a crash', async () => {
    write([
      'timezone: UTC',
      'a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
      'channels:',
      ...telegram,
    ]);
    const problems = await problemsOf(load());
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^channels\.yaml:3:\d+: these aliases \(\*name\) expand to too many copies \(more than 100\); write the values out/);
  });

  it('a few aliases are fine', async () => {
    write(['timezone: UTC', 'retry: &retry { attempts: 3 }', 'channels:', ...telegram, '    retry: *retry']);
    await expect(load()).rejects.toThrow(/retry: unknown key `retry`/); // the top-level key itself is unknown…
    write(['timezone: UTC', 'channels:', ...telegram, '    retry: &retry { attempts: 3 }', '  tg2:', '    type: telegram', "    chat: '@babel_news_uk'", '    retry: *retry']);
    const config = await load();
    expect(config.channels.map((c) => c.retry.attempts)).toEqual([3, 3]); // …the alias works
  });

  it('__proto__, constructor and prototype keys are reported wherever they are, not ignored', async () => {
    write([
      '__proto__: { timezone: UTC }',
      'channels:',
      '  constructor: { type: telegram }',
      ...telegram,
      '    __proto__: { token: abc }',
      '    retry: { prototype: 1 }',
    ]);
    const why = 'cannot be a key (JavaScript reserves the name; it would be ignored or change how the file is read): rename or remove it';
    expect(await problemsOf(load())).toEqual([
      `channels.yaml:1:1 __proto__: \`__proto__\` ${why}`,
      `channels.yaml:3:3 channels.constructor: \`constructor\` ${why}`,
      `channels.yaml:7:5 channels.tg.__proto__: \`__proto__\` ${why}`,
      `channels.yaml:8:14 channels.tg.retry.prototype: \`prototype\` ${why}`,
    ]);
  });

  it('a duplicate key deep in the file is still found (in one pass, not by yaml)', async () => {
    write(['timezone: UTC', 'channels:', ...telegram, '    retry: { attempts: 2, attempts: 3 }']);
    expect(await problemsOf(load())).toEqual(['channels.yaml:6:27: Map keys must be unique']);
  });

  it('${WP-USER}, ${1BAD}, ${ WP_USERNAME } and an unclosed ${ are errors naming the key, not literals', async () => {
    write([
      'state: ${STATE-DIR}/state.db',
      'channels:',
      '  site:',
      '    type: wordpress',
      '    url: https://babel.example.org',
      '    username: ${ WP_USERNAME }',
      '    password: ${1BAD}',
      '  tg:',
      '    type: telegram',
      '    chat: "@babel_news"',
      '    token: ${WP-USER}',
      '  hook:',
      '    type: webhook',
      '    url: https://hooks.example.org/${HOOK',
      '    secret: pa${ss',
    ]);
    const rule = 'a variable name has letters, digits and _ only and starts with a letter or _';
    expect(await problemsOf(load({ WP_USERNAME: 'editor', HOOK: 'x' }))).toEqual([
      `channels.yaml:1:8 state: \`\${STATE-DIR}\` is not a valid variable reference: ${rule}: did you mean \`\${STATE_DIR}\`? (write $$ for a literal $)`,
      `channels.yaml:6:15 channels.site.username: \`\${ WP_USERNAME }\` is not a valid variable reference: ${rule}: did you mean \`\${WP_USERNAME}\`? (write $$ for a literal $)`,
      `channels.yaml:7:15 channels.site.password: \`\${1BAD}\` is not a valid variable reference: ${rule}, e.g. \`\${TELEGRAM_BOT_TOKEN}\` (write $$ for a literal $)`,
      `channels.yaml:11:12 channels.tg.token: \`\${WP-USER}\` is not a valid variable reference: ${rule}: did you mean \`\${WP_USER}\`? (write $$ for a literal $)`,
      `channels.yaml:14:10 channels.hook.url: \`\${HOOK\` is not a valid variable reference: close it with }; ${rule}: did you mean \`\${HOOK}\`? (write $$ for a literal $)`,
      // Inside a secret, `${` may be part of the secret: it is not shown.
      `channels.yaml:15:13 channels.hook.secret: a \`\${\` that is not a valid variable reference: close it with }; ${rule}, e.g. \`\${TELEGRAM_BOT_TOKEN}\` (write $$ for a literal $)`,
    ]);
  });

  it('$${NAME} is a literal ${NAME}, and ${NAME:-default} still works', async () => {
    write(['channels:', '  hook:', '    type: webhook', '    url: ${HOOK_URL:-https://hooks.example.org/a}', '    secret: $${NOT_A_VARIABLE}']);
    const config = await load();
    expect(config.channels[0]?.options).toMatchObject({ url: 'https://hooks.example.org/a', secret: '${NOT_A_VARIABLE}' });
  });

  it.each([
    ['telegram', 'api_root', "    chat: '@babel_news'"],
    ['youtube', 'root_url', ''],
    ['youtube', 'token_url', ''],
    ['tiktok', 'base_url', ''],
    ['wordpress', 'url', ''],
    ['webhook', 'url', ''],
    ['static', 'base_url', '    dir: site'],
  ])('%s %s with a scheme other than http or https fails', async (type, key, extra) => {
    for (const [address, shown] of [['htp://example.org', 'htp:'], ['ftp://example.org/', 'ftp:'], ['file:///etc/passwd', 'file:'], ['javascript:alert(1)', 'javascript:']]) {
      write(['channels:', '  c:', `    type: ${type}`, `    ${key}: "${address}"`, ...(extra ? [extra] : [])]);
      const problems = (await problemsOf(load())).filter((p) => p.includes(`channels.c.${key}:`));
      expect(problems).toEqual([`channels.yaml:4:${key.length + 7} channels.c.${key}: \`${shown}\` is not a web address scheme; write an http:// or https:// address, e.g. https://example.org`]);
    }
  });

  it('chat: [a, b] says what a chat is', async () => {
    write(['channels:', '  tg:', '    type: telegram', '    chat: [a, b]']);
    expect(await problemsOf(load())).toEqual([
      "channels.yaml:4:11 channels.tg.chat: expected one chat: @channel_name or the channel's -100… id; got a list",
    ]);
  });
});
