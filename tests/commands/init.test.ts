import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { envExample, referencedVariables, STARTER_CONFIG } from '../../src/commands/init.js';
import type { Io } from '../../src/engine/context.js';
import { loadConfig } from '../../src/config/load-config.js';
import { runInProcess } from '../helpers/inprocess.js';

/** A command's world: temp dir as cwd, captured stdout/stderr. */

let dir = '';
beforeEach(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'publish-init-')));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** `publish init` with these options, run as the command line runs it. */
async function init(opts: { config?: string; force?: boolean; json?: boolean } = {}, cwd = dir) {
  const args = ['init', ...(opts.config ? ['-c', opts.config] : []), ...(opts.force ? ['--force'] : []), ...(opts.json ? ['--json'] : [])];
  const { code, stdout, stderr } = await runInProcess(args, { cwd });
  return { code, out: stdout, err: stderr };
}

/** The starter file with its commented-out example channels switched on. */
function uncommentExamples(yaml: string): string {
  const lines = yaml.split('\n');
  let inBlock = false;
  return lines
    .map((line) => {
      if (/^ {2}# (static|newsroom-bot):$/.test(line)) inBlock = true;
      else if (!/^ {2}# {3}/.test(line)) inBlock = false;
      return inBlock ? line.replace(/^ {2}# /, '  ') : line;
    })
    .join('\n');
}

describe('publish init', () => {
  it('writes a channels.yaml that loads without problems or warnings, and a .env.example beside it', async () => {
    const { code, out } = await init();
    expect(code).toBe(0);
    expect(out).toContain('wrote channels.yaml and .env.example');
    const config = await loadConfig(join(dir, 'channels.yaml'), { env: {} });
    expect(config.warnings).toEqual([]);
    expect(config.channels.map((c) => [c.name, c.type])).toEqual([
      ['site', 'wordpress'],
      ['telegram-en', 'telegram'],
      ['youtube', 'youtube'],
      ['tiktok', 'tiktok'],
    ]);
    // No secret is written inline: every one is a ${VAR} the environment lacks here.
    const missing = config.channels.flatMap((c) => c.missing.map((m) => m.variable));
    expect(missing).toEqual(expect.arrayContaining(['WP_APP_PASSWORD', 'TELEGRAM_BOT_TOKEN', 'YOUTUBE_REFRESH_TOKEN', 'TIKTOK_CLIENT_SECRET']));
    expect(existsSync(join(dir, '.env.example'))).toBe(true);
  });

  it('shows all six channel types, the website alternative and the webhook commented out', async () => {
    await init();
    const yaml = readFileSync(join(dir, 'channels.yaml'), 'utf8');
    for (const type of ['wordpress', 'telegram', 'youtube', 'tiktok']) expect(yaml).toMatch(new RegExp(`^ {4}type: ${type}\\b`, 'm'));
    expect(yaml).toMatch(/^ {2}# {3}type: static$/m);
    expect(yaml).toMatch(/^ {2}# {3}type: webhook$/m);
  });

  it('its commented-out examples load too once switched on', async () => {
    await init();
    const yaml = uncommentExamples(readFileSync(join(dir, 'channels.yaml'), 'utf8'));
    writeFileSync(join(dir, 'channels.yaml'), yaml);
    const config = await loadConfig(join(dir, 'channels.yaml'), { env: {} });
    expect(config.channels.map((c) => c.type)).toEqual(['wordpress', 'static', 'telegram', 'youtube', 'tiktok', 'webhook']);
    expect(config.warnings).toEqual([]);
  });

  it('.env.example lists exactly the variables channels.yaml references', async () => {
    await init();
    const yaml = readFileSync(join(dir, 'channels.yaml'), 'utf8');
    const example = readFileSync(join(dir, '.env.example'), 'utf8');
    const referenced = [...new Set([...yaml.matchAll(/\$\{([A-Z_][A-Z0-9_]*)\}/g)].map((m) => m[1]))].filter((v) => v !== 'NAME');
    const listed = [...example.matchAll(/^(?:# )?([A-Z_][A-Z0-9_]*)=$/gm)].map((m) => m[1]);
    expect(listed.sort()).toEqual(referenced.sort());
    // A variable of a commented-out channel is itself commented out, so a copied .env stays quiet about it.
    expect(example).toMatch(/^# WEBHOOK_SECRET=$/m);
    expect(example).toMatch(/^TELEGRAM_BOT_TOKEN=$/m);
  });

  it('refuses to overwrite channels.yaml without --force (exit 2, one line naming the file)', async () => {
    writeFileSync(join(dir, 'channels.yaml'), 'mine: true\n');
    const { code, err } = await init();
    expect(code).toBe(2);
    expect(err.trim().split('\n')).toEqual(['error: channels.yaml already exists: publish init --force overwrites it']);
    expect(readFileSync(join(dir, 'channels.yaml'), 'utf8')).toBe('mine: true\n');
    expect(existsSync(join(dir, '.env.example'))).toBe(false);
  });

  it('refuses to overwrite .env.example without --force', async () => {
    writeFileSync(join(dir, '.env.example'), 'MINE=\n');
    const { code, err } = await init();
    expect(code).toBe(2);
    expect(err).toContain('.env.example already exists');
    expect(existsSync(join(dir, 'channels.yaml'))).toBe(false);
  });

  it('--force overwrites both', async () => {
    writeFileSync(join(dir, 'channels.yaml'), 'mine: true\n');
    writeFileSync(join(dir, '.env.example'), 'MINE=\n');
    const { code } = await init({ force: true });
    expect(code).toBe(0);
    expect(readFileSync(join(dir, 'channels.yaml'), 'utf8')).toContain('type: wordpress');
    expect(readFileSync(join(dir, '.env.example'), 'utf8')).toContain('WP_APP_PASSWORD=');
  });

  it('writes where -c points, creating the folder, with .env.example beside it', async () => {
    const { code } = await init({ config: 'newsroom/config/news.yaml' });
    expect(code).toBe(0);
    expect(existsSync(join(dir, 'newsroom/config/news.yaml'))).toBe(true);
    expect(readFileSync(join(dir, 'newsroom/config/.env.example'), 'utf8')).toContain('news.yaml');
    await expect(loadConfig(join(dir, 'newsroom/config/news.yaml'), { env: {} })).resolves.toBeDefined();
  });

  it('writes into its cwd whatever the depth of that folder against the process directory', async () => {
    // Deeper than the process directory and than the temp dir: a relative path taken from one
    // and resolved against the other lands elsewhere (a clone at another depth than $TMPDIR).
    const depth = process.cwd().split(sep).length + 2;
    const deep = join(dir, ...Array.from({ length: depth }, (_, i) => `d${i}`));
    mkdirSync(deep, { recursive: true });
    for (const config of [undefined, 'news.yaml', join('conf', 'news.yaml')]) {
      expect((await init({ ...(config ? { config } : {}), force: true }, deep)).code).toBe(0);
      const file = join(deep, config ?? 'channels.yaml');
      expect(readFileSync(file, 'utf8')).toContain('type: wordpress');
      expect(existsSync(join(dirname(file), '.env.example'))).toBe(true);
    }
  });

  it('--json prints one document naming the files', async () => {
    const { code, out } = await init({ json: true });
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual({ ok: true, files: [join(dir, 'channels.yaml'), join(dir, '.env.example')] });
  });
});

describe('referencedVariables / envExample', () => {
  it('groups variables by channel, once each, and skips the ${NAME} of the teaching comment', () => {
    const refs = referencedVariables(STARTER_CONFIG);
    expect(refs.find((r) => r.variable === 'TELEGRAM_BOT_TOKEN')).toEqual({ variable: 'TELEGRAM_BOT_TOKEN', channel: 'telegram-en', commented: false });
    expect(refs.find((r) => r.variable === 'WEBHOOK_SECRET')).toEqual({ variable: 'WEBHOOK_SECRET', channel: 'newsroom-bot', commented: true });
    expect(refs.some((r) => r.variable === 'NAME')).toBe(false);
    expect(envExample('channels:\n  a:\n    token: ${A_TOKEN}\n  b:\n    token: ${A_TOKEN}\n', 'x.yaml')).toMatch(/# a\nA_TOKEN=\n$/);
  });
});
