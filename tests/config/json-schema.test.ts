/**
 * The JSON Schema of channels.yaml (editors' completion and typo checks) is made from the
 * zod schemas the loader validates with: every example and the `publish init` file pass it,
 * and it flags what the loader refuses (a typo'd key, a value out of range).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { schemaLine } from '../../src/commands/init.js';
import { channelsJsonSchema } from '../../src/config/json-schema.js';
import { ROOT } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inprocess.js';

const schema = channelsJsonSchema();
// `uri` is checked by the loader (http and https only); the schema only names it for editors.
const ajv = new Ajv2020({ allErrors: true, strict: true, formats: { uri: true } });
const validate = ajv.compile(schema);

function errors(yaml: string): string[] {
  validate(parse(yaml));
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}${e.params && 'additionalProperty' in e.params ? ` ${String(e.params.additionalProperty)}` : ''}`);
}

describe('channels.schema.json', () => {
  it('the build ships the schema `publish schema` prints', async () => {
    const built = JSON.parse(readFileSync(join(ROOT, 'dist/channels.schema.json'), 'utf8')) as unknown;
    expect(built).toEqual(schema);
    const run = await runInProcess(['schema'], { cwd: ROOT });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(schema);
    expect(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).files).toContain('dist');
  });

  it('every example channels.yaml passes', () => {
    for (const file of ['channels.yaml', 'tests/channels/golden/channels.yaml']) {
      expect(errors(readFileSync(join(ROOT, file), 'utf8')), file).toEqual([]);
    }
  });

  it('the file publish init writes passes, and its first line points editors at the schema', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'publish-schema-init-'));
    const run = await runInProcess(['init'], { cwd: dir });
    expect(run.code).toBe(0);
    const text = readFileSync(join(dir, 'channels.yaml'), 'utf8');
    const first = text.split('\n')[0]!;
    expect(first).toBe(`# yaml-language-server: $schema=${join(ROOT, 'dist/channels.schema.json')}`);
    expect(errors(text)).toEqual([]);
    // The loader reads the file with its first line as a comment.
    expect((await runInProcess(['check'], { cwd: dir })).code).toBe(0);
  });

  it('a package installed below channels.yaml (node_modules) is named relatively, so the line works on every machine', () => {
    expect(schemaLine('/srv/newsroom', '/srv/newsroom/node_modules/publish/dist/channels.schema.json'))
      .toBe('# yaml-language-server: $schema=./node_modules/publish/dist/channels.schema.json\n');
    expect(schemaLine('/srv/newsroom', '/usr/lib/node_modules/publish/dist/channels.schema.json'))
      .toBe('# yaml-language-server: $schema=/usr/lib/node_modules/publish/dist/channels.schema.json\n');
    expect(schemaLine('/srv/newsroom', undefined)).toBe('');
  });

  it('flags a typo in a key, a key of another type, a bad value, and an unknown type', () => {
    const base = 'channels:\n  tg:\n    type: telegram\n    chat: "@news"\n';
    expect(errors(`${base}    tokne: \${TELEGRAM_BOT_TOKEN}\n`)).toContain('/channels/tg must NOT have additional properties tokne');
    expect(errors(`${base}    max_length: 10\n`)).toContain('/channels/tg must NOT have additional properties max_length');
    expect(errors(`${base}    photo: captions\n`).some((e) => e.startsWith('/channels/tg/photo must be equal to one of the allowed values'))).toBe(true);
    expect(errors(`${base}    delay: soon\n`).some((e) => e.startsWith('/channels/tg/delay'))).toBe(true);
    expect(errors(`chanels:\n  tg: {type: telegram, chat: "@news"}\n`)).toContain(' must NOT have additional properties chanels');
    expect(errors('channels:\n  x:\n    type: mastodon\n').some((e) => e.startsWith('/channels/x/type must be equal to one of the allowed values'))).toBe(true);
  });

  it('takes what the loader takes: ${VAR} for a web address, languages: en, durations as text', () => {
    expect(errors('channels:\n  site:\n    type: wordpress\n    url: ${SITE_URL}\n    languages: en\n    delay: 1h30m\n    retry: {attempts: 3, budget: 2m}\n')).toEqual([]);
  });
});
