import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { interpolate, mergeEnv, parseDotEnv, readDotEnv } from '../../src/config/index.js';

describe('interpolate', () => {
  const env = { TOKEN: '123:abc', EMPTY: '', HOST: 'example.org' };

  it('replaces ${NAME} with the variable', () => {
    expect(interpolate('bot ${TOKEN} on ${HOST}', env)).toEqual({ value: 'bot 123:abc on example.org', missing: [] });
  });

  it('uses ${NAME:-default} when the variable is unset or empty', () => {
    expect(interpolate('https://${API_HOST:-api.telegram.org}/', env)).toEqual({ value: 'https://api.telegram.org/', missing: [] });
    expect(interpolate('${EMPTY:-fallback}', env)).toEqual({ value: 'fallback', missing: [] });
    expect(interpolate('${HOST:-other}', env)).toEqual({ value: 'example.org', missing: [] });
    expect(interpolate('${UNSET:-}', env)).toEqual({ value: '', missing: [] });
  });

  it('lists unset (and empty) variables once each, replacing them with "" or the given stand-in', () => {
    expect(interpolate('${A}-${B}-${A}-${EMPTY}', env)).toEqual({ value: '---', missing: ['A', 'B', 'EMPTY'] });
    expect(interpolate('x${A}y', env, { missingAs: '__missing__' })).toEqual({ value: 'x__missing__y', missing: ['A'] });
  });

  it('turns $$ into $ and leaves other dollars alone', () => {
    expect(interpolate('$$${HOST} costs $5, $$HOME and ${not valid} ${', env)).toEqual({
      value: '$example.org costs $5, $HOME and ${not valid} ${',
      missing: [],
    });
    expect(interpolate('$${TOKEN}', env)).toEqual({ value: '${TOKEN}', missing: [] });
  });
});

describe('.env files', () => {
  it('parses KEY=value, export, quotes, escapes and comments', () => {
    const text = [
      '# Telegram',
      'TELEGRAM_BOT_TOKEN=123:abc',
      'export WP_USERNAME=editor   # inline comment',
      'WP_APP_PASSWORD="abcd efgh # not a comment"',
      "SINGLE='no \\n escapes here'",
      'DOUBLE="line1\\nline2 \\"quoted\\""',
      'SPACED = padded value ',
      'HASH=abc#def',
      'EMPTY=',
      'MULTI="first',
      'second"',
      'not an assignment',
      '',
    ].join('\r\n');
    expect(parseDotEnv(text)).toEqual({
      TELEGRAM_BOT_TOKEN: '123:abc',
      WP_USERNAME: 'editor',
      WP_APP_PASSWORD: 'abcd efgh # not a comment',
      SINGLE: 'no \\n escapes here',
      DOUBLE: 'line1\nline2 "quoted"',
      SPACED: 'padded value',
      HASH: 'abc#def',
      EMPTY: '',
      MULTI: 'first\nsecond',
    });
  });

  it('reads .env from a directory, and a missing file is {}', () => {
    const dir = mkdtempSync(join(tmpdir(), 'publish-env-'));
    try {
      expect(readDotEnv(dir)).toEqual({});
      writeFileSync(join(dir, '.env'), 'A=1\nB="two"\n');
      expect(readDotEnv(dir)).toEqual({ A: '1', B: 'two' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lets the process environment win over .env, ignoring variables it does not set', () => {
    expect(mergeEnv({ A: 'file', B: 'file' }, { A: 'process', B: undefined, C: 'process' })).toEqual({
      A: 'process',
      B: 'file',
      C: 'process',
    });
  });
});
