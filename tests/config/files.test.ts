import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { registry } from './registry.js';
import { problemsOf, useTempDir } from './setup.js';

const tmp = useTempDir();

describe('loadConfig: reading and parsing the file', () => {
  it('says how to get a file when there is none, naming it as given', async () => {
    expect(await problemsOf(loadConfig('channels.yaml', { env: {}, registry }))).toEqual([
      'channels.yaml: no such file; run `publish init` to write a starter one, or pass -c <file>',
    ]);
    expect(await problemsOf(loadConfig('conf/news.yaml', { env: {}, registry }))).toEqual([
      'conf/news.yaml: no such file; run `publish init` to write a starter one, or pass -c <file>',
    ]);
  });

  it('reports an empty file (or one with only comments)', async () => {
    tmp.write('channels.yaml', '');
    const empty = ['channels.yaml: the file is empty; add a `channels:` section (`publish init` writes a starter file)'];
    expect(await problemsOf(loadConfig('channels.yaml', { env: {}, registry }))).toEqual(empty);
    tmp.write('channels.yaml', '# nothing yet\n\n');
    expect(await problemsOf(loadConfig('channels.yaml', { env: {}, registry }))).toEqual(empty);
  });

  it('reports YAML syntax errors with their line:col and the first line of the message', async () => {
    tmp.write(
      'channels.yaml',
      ['timezone: UTC', 'channels:', '  tg:', '    type: telegram', '    chat: "@c', '  site:', '    type: wordpress', ''].join('\n'),
    );
    expect(await problemsOf(loadConfig('channels.yaml', { env: {}, registry }))).toEqual([
      'channels.yaml:5:11: Missing closing "quote',
    ]);
  });

  it('reports every syntax error, e.g. a duplicate channel name and a bad indent', async () => {
    tmp.write(
      'channels.yaml',
      ['channels:', '  tg:', '    type: telegram', '  tg:', '    type: wordpress', '    tags: [a, b', 'timezone: UTC', ''].join('\n'),
    );
    expect(await problemsOf(loadConfig('channels.yaml', { env: {}, registry }))).toEqual([
      'channels.yaml:4:3: Map keys must be unique',
      'channels.yaml:7:1: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });

  it('names the file by its absolute path when given one', async () => {
    const file = tmp.write('channels.yaml', 'channels:\n  tg: { type: telegram, chat: "@c" }\n');
    expect(await problemsOf(loadConfig(file, { env: {}, registry }))).toEqual([
      `${file}:2:3 channels.tg.token: required; add \`token:\``,
    ]);
  });
});
