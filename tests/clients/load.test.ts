/** The platform clients load from dist/vendor with V8's stored code, or from node_modules. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runBundle } from '../../src/run-bundle.js';
import { loadClient, loadedClients } from '../../src/clients/load.js';
import { ROOT } from '../helpers/cli.js';

function vendorDir(files: Record<string, string> = {}): URL {
  const dir = mkdtempSync(join(tmpdir(), 'publish-vendor-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return pathToFileURL(`${dir}/`);
}

/** Stores V8's code for a bundle the way the build does (scripts/code-cache.mjs). */
function storeCode(dir: URL, name: string): void {
  const file = new URL(name, dir).pathname;
  writeFileSync(`${file}.cache`, runBundle(file, { storedCode: false }).script.createCachedData());
}

const BUNDLE = 'exports.got = function got() { return "bundled"; }; exports.where = __filename;';

describe('loadClient', () => {
  it('imports from node_modules when there is no bundle (tests running from src/)', async () => {
    const module = await loadClient('got', async () => ({ got: () => 'imported' }), vendorDir());
    expect(module.got()).toBe('imported');
    expect(loadedClients().get('got')).toEqual({ cache: 'none' });
  });

  it('runs the bundle, with its stored code when the build made it', async () => {
    const dir = vendorDir({ 'got.cjs': BUNDLE });
    const plain = await loadClient<{ got(): string; where: string }>('got', () => Promise.reject(new Error('no fallback')), dir);
    expect(plain.got()).toBe('bundled');
    expect(plain.where).toBe(new URL('got.cjs', dir).pathname);
    expect(loadedClients().get('got')?.cache).toBe('none');

    storeCode(dir, 'got.cjs');
    const cached = await loadClient<{ got(): string }>('got', () => Promise.reject(new Error('no fallback')), dir);
    expect(cached.got()).toBe('bundled');
    expect(loadedClients().get('got')?.cache).toBe('accepted');
  });

  it('compiles as usual when the stored code does not fit (another Node, a changed bundle)', async () => {
    const dir = vendorDir({ 'got.cjs': BUNDLE, 'got.cjs.cache': 'not V8 code at all' });
    const module = await loadClient<{ got(): string }>('got', () => Promise.reject(new Error('no fallback')), dir);
    expect(module.got()).toBe('bundled');
    expect(loadedClients().get('got')?.cache).toBe('rejected');
  });
});

describe('runBundle', () => {
  it('does not use stored code older than its bundle (V8 would take it for a bundle of the same length)', async () => {
    const dir = vendorDir({ 'got.cjs': BUNDLE });
    storeCode(dir, 'got.cjs');
    const file = new URL('got.cjs', dir).pathname;
    writeFileSync(file, BUNDLE.replace('"bundled"', '"replaced"'));
    const later = new Date(Date.now() + 5000);
    utimesSync(file, later, later);
    const { exports, cache } = runBundle<{ got(): string }>(file);
    expect(cache).toBe('stale');
    expect(exports.got()).toBe('replaced');
  });
});

describe('dist', () => {
  it('holds the CLI and each client with stored code a plain node accepts, exporting what is used', () => {
    const check = `
      import { runBundle } from ${JSON.stringify(pathToFileURL(join(ROOT, 'dist/run-bundle.mjs')).href)};
      const out = {};
      for (const name of ['main.cjs', 'vendor/telegraf.cjs', 'vendor/youtube.cjs', 'vendor/got.cjs', 'vendor/dom.cjs', 'vendor/docx.cjs']) {
        const { cache, exports } = runBundle(${JSON.stringify(join(ROOT, 'dist'))} + '/' + name);
        out[name] = { cache, exports: Object.keys(exports).sort() };
      }
      console.log(JSON.stringify(out));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', check], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      'main.cjs': { cache: 'accepted', exports: ['main'] },
      'vendor/telegraf.cjs': { cache: 'accepted', exports: ['Input', 'Telegram'] },
      'vendor/youtube.cjs': { cache: 'accepted', exports: ['auth', 'youtube'] },
      'vendor/got.cjs': { cache: 'accepted', exports: ['got'] },
      'vendor/dom.cjs': { cache: 'accepted', exports: ['Parser', 'Readability', 'parseHTML'] },
      'vendor/docx.cjs': { cache: 'accepted', exports: ['mammoth'] },
    });
  });

  it('stack traces name the files as they are in dist/, not the build directory', () => {
    const check = `
      import { runBundle } from ${JSON.stringify(pathToFileURL(join(ROOT, 'dist/run-bundle.mjs')).href)};
      const { exports } = runBundle(${JSON.stringify(join(ROOT, 'dist/vendor/telegraf.cjs'))});
      try { exports.Input.fromURLStream(null); } catch (e) { console.log(e.stack); }`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', check], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    expect(run.stdout).toContain(join(ROOT, 'dist/vendor/telegraf.cjs'));
    expect(run.stdout).not.toMatch(/dist\.\d+/);
  });
});
