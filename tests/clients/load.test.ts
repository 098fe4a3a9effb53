/** The platform clients load from dist/vendor with V8's stored code, or from node_modules. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadClient, loadedClients } from '../../src/clients/load.js';
import { ROOT } from '../helpers/cli.js';

function vendorDir(files: Record<string, string> = {}): URL {
  const dir = mkdtempSync(join(tmpdir(), 'publish-vendor-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return pathToFileURL(`${dir}/`);
}

/** Stores V8's code for a bundle the way the build does. */
function storeCode(dir: URL, name: string): void {
  const run = spawnSync(process.execPath, [join(ROOT, 'scripts/code-cache.cjs'), new URL(name, dir).pathname], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
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

describe('dist/vendor', () => {
  it('holds each client with stored code a plain node accepts, exporting what the channels use', () => {
    const check = `
      const { readFileSync } = require('node:fs');
      const Module = require('node:module');
      const { dirname } = require('node:path');
      const { Script } = require('node:vm');
      const out = {};
      for (const name of ['telegraf', 'youtube', 'got']) {
        const file = ${JSON.stringify(join(ROOT, 'dist/vendor'))} + '/' + name + '.cjs';
        const script = new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData: readFileSync(file + '.cache') });
        const module = { exports: {} };
        script.runInThisContext().call(module.exports, module.exports, Module.createRequire(file), module, file, dirname(file));
        out[name] = { rejected: script.cachedDataRejected, exports: Object.keys(module.exports).sort() };
      }
      console.log(JSON.stringify(out));`;
    const run = spawnSync(process.execPath, ['-e', check], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      telegraf: { rejected: false, exports: ['Input', 'Telegram'] },
      youtube: { rejected: false, exports: ['auth', 'youtube'] },
      got: { rejected: false, exports: ['got'] },
    });
  });
});
