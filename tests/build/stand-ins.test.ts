/**
 * The build's checks on its stand-ins (scripts/stand-ins.mjs), run against fake dependency
 * layouts: a stand-in that replaces nothing, or whose module's exports changed, fails the
 * build with the stand-in's name. (The real layout is checked by every build.)
 */
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STAND_INS, exportsOf, inert, packageOf, standInPlugin, type StandIn } from '../../scripts/stand-ins.mjs';

/** A folder with `files` (path → text) and an entry importing `imports`. */
function layout(files: Record<string, string>, imports: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'publish-stand-ins-test-'));
  for (const [path, text] of Object.entries({ ...files, 'entry.mjs': imports.map((m, i) => `import * as m${i} from '${m}'; console.log(m${i});`).join('\n') })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const pkg = (name: string, main: string, type: 'module' | 'commonjs' = 'module') => JSON.stringify({ name, version: '1.0.0', type, main });

/** Bundles the layout's entry with the stand-ins, as scripts/build.mjs does; returns verify()'s problems. */
async function problems(dir: string, standIns: readonly StandIn[]): Promise<string[]> {
  const { plugin, verify } = standInPlugin(standIns);
  await build({ entryPoints: [join(dir, 'entry.mjs')], bundle: true, platform: 'node', format: 'cjs', write: false, plugins: [plugin], logLevel: 'silent' });
  return verify();
}

const standIn = (name: string): StandIn => {
  const found = STAND_INS.find((s) => s.name === name);
  if (!found) throw new Error(`no stand-in ${name}`);
  return found;
};

const LINKIFY_METHODS = ['add', 'match', 'matchAtStart', 'normalize', 'onCompile', 'pretest', 'set', 'test', 'testSchemaAt', 'tlds'];
const LINKIFY = ['default', ...LINKIFY_METHODS.map((m) => `default.prototype.${m}`)];

/** A stand-in as scripts/stand-ins.mjs declares them: markdown-it without linkify-it 5. */
const NO_LINKIFY: StandIn = {
  name: 'no-linkify',
  bundle: 'cli',
  replaces: [{ module: 'linkify-it', importer: 'markdown-it', exports: LINKIFY, contents: inert('esm', LINKIFY, 'linkify is off') }],
};

/** linkify-it as markdown-it imports it: a default-exported class with these methods. */
function linkify(methods = LINKIFY_METHODS): string {
  return `export default class LinkifyIt { ${methods.map((m) => `${m}() {}`).join(' ')} }`;
}

const MARKDOWN_IT = {
  'node_modules/markdown-it/package.json': pkg('markdown-it', 'index.js'),
  'node_modules/markdown-it/index.js': "import LinkifyIt from 'linkify-it'; export default function md() { return new LinkifyIt(); }",
  'node_modules/linkify-it/package.json': pkg('linkify-it', 'index.mjs'),
};

describe('stand-ins', () => {
  it('pass when each declared module is replaced and its exports are the recorded ones', async () => {
    const dir = layout({ ...MARKDOWN_IT, 'node_modules/linkify-it/index.mjs': linkify() }, ['markdown-it']);
    expect(await problems(dir, [NO_LINKIFY])).toEqual([]);
  });

  it('fail, naming the stand-in, when the dependency no longer imports the module', async () => {
    const dir = layout(
      {
        ...MARKDOWN_IT,
        'node_modules/markdown-it/index.js': 'export default function md() { return {}; }',
        'node_modules/linkify-it/index.mjs': linkify(),
      },
      ['markdown-it'],
    );
    expect(await problems(dir, [NO_LINKIFY])).toEqual([expect.stringMatching(/^stand-in "no-linkify" replaced nothing: markdown-it's import of linkify-it is gone/)]);

    // The real no-whatwg-url, after a node-fetch that no longer falls back to whatwg-url.
    const fetch = layout(
      {
        'node_modules/node-fetch/package.json': pkg('node-fetch', 'lib/index.js', 'commonjs'),
        'node_modules/node-fetch/lib/index.js': "const { URL } = require('url'); module.exports = { URL };",
      },
      ['node-fetch'],
    );
    expect(await problems(fetch, [standIn('no-whatwg-url')])).toEqual([expect.stringMatching(/^stand-in "no-whatwg-url" replaced nothing: node-fetch's import of whatwg-url is gone/)]);
  });

  it('fail when a replaced file moved inside its package', async () => {
    // zod's schema compiler moved into a folder: core/compile.js is no longer what zod imports.
    const dir = layout(
      {
        'node_modules/zod/package.json': pkg('zod', 'v4/classic/external.js'),
        'node_modules/zod/v4/classic/external.js':
          "export * as locales from '../locales/index.js'; export { fromJSONSchema } from './from-json-schema.js'; export * from '../core/compile/index.js';",
        'node_modules/zod/v4/locales/index.js': 'export { default as en } from "./en.js";',
        'node_modules/zod/v4/locales/en.js': 'export default function en() {}',
        'node_modules/zod/v4/classic/from-json-schema.js': 'export function fromJSONSchema() {}',
        'node_modules/zod/v4/core/compile/index.js': 'export function compile() {}',
      },
      ['zod'],
    );
    const found = await problems(dir, [standIn('zod-trim')]);
    expect(found).toContainEqual(expect.stringMatching(/^stand-in "zod-trim" replaced nothing: zod\/v4\/core\/compile\.js \(imported by zod\) is gone/));
    // The other two were replaced; the locales' exports differ from zod 4's (one locale here).
    expect(found).toContainEqual(expect.stringMatching(/^stand-in "zod-trim": the exports of node_modules\/zod\/v4\/locales\/index\.js changed .*no longer ar, az/));
    expect(found.filter((p) => p.includes('from-json-schema'))).toEqual([]);
  });

  it('fail, naming the stand-in and the names, when an upgrade adds or renames an export', async () => {
    const added = layout({ ...MARKDOWN_IT, 'node_modules/linkify-it/index.mjs': linkify([...LINKIFY_METHODS, 'matchAll']) }, ['markdown-it']);
    expect(await problems(added, [NO_LINKIFY])).toEqual([
      expect.stringMatching(/^stand-in "no-linkify": the exports of node_modules\/linkify-it\/index\.mjs changed since the stand-in was written \(now also default\.prototype\.matchAll\)/),
    ]);

    // got's http2-wrapper (CommonJS, passing on node:http2's exports) with `auto` renamed:
    // the stand-in's name and the two names, none of node:http2's.
    const recorded = standIn('got-no-http2').replaces[0]!.exports;
    const renamed = recorded.map((n) => (n === 'auto' ? 'automatic' : n));
    const wrapper = inert('cjs', renamed, 'fake').replace('module.exports = {', "module.exports = { ...require('node:http2'),");
    const dir = layout(
      {
        'node_modules/got/package.json': pkg('got', 'index.js'),
        'node_modules/got/index.js': "import http2wrapper from 'http2-wrapper'; export default http2wrapper;",
        'node_modules/http2-wrapper/package.json': pkg('http2-wrapper', 'source/index.js', 'commonjs'),
        'node_modules/http2-wrapper/source/index.js': wrapper,
      },
      ['got'],
    );
    expect(await problems(dir, [standIn('got-no-http2')])).toEqual([
      'stand-in "got-no-http2": the exports of node_modules/http2-wrapper/source/index.js changed since the stand-in was written (now also automatic; no longer auto). ' +
        'Check that it still covers what got uses, then update its `exports` (and contents) in scripts/stand-ins.mjs.',
    ]);
  });

  it('fail when a matcher is wrong (it replaces nothing) and when a stand-in does not export what it records', async () => {
    const dir = layout({ ...MARKDOWN_IT, 'node_modules/linkify-it/index.mjs': linkify() }, ['markdown-it']);
    const target = NO_LINKIFY.replaces[0]!;
    const misspelt: StandIn = { ...NO_LINKIFY, name: 'misspelt', replaces: [{ ...target, importer: 'markdown_it' }] };
    expect(await problems(dir, [misspelt])).toEqual([expect.stringMatching(/^stand-in "misspelt" replaced nothing/)]);

    const short: StandIn = { ...NO_LINKIFY, name: 'short', replaces: [{ ...target, contents: 'export default class LinkifyOff { test() { return false; } }' }] };
    expect(await problems(dir, [short])).toEqual([expect.stringMatching(/^stand-in "short" does not export what linkify-it exports \(it lacks default\.prototype\.add, /)]);
  });
});

describe('the checks’ parts', () => {
  it('an inert module has the recorded shape and fails when used', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'publish-inert-'));
    const names = ['Agent', 'Agent.prototype.request', 'auto', 'default', 'default.prototype.lookup'];
    writeFileSync(join(dir, 'm.mjs'), inert('esm', names, 'not bundled'));
    writeFileSync(join(dir, 'm.cjs'), inert('cjs', names.filter((n) => !n.startsWith('default')), 'not bundled'));
    expect(await exportsOf(join(dir, 'm.mjs'))).toEqual(names);
    expect(await exportsOf(join(dir, 'm.cjs'))).toEqual(['Agent', 'Agent.prototype.request', 'auto']);
    const m = await import(join(dir, 'm.mjs'));
    expect(() => m.auto()).toThrow('not bundled');
    expect(() => new m.default()).toThrow('not bundled');
    expect({} instanceof m.auto).toBe(false);
  });

  it('names the package of a file by its last node_modules folder', () => {
    expect(packageOf('/a/node_modules/telegraf/node_modules/node-fetch/lib/index.js')).toBe('node-fetch');
    expect(packageOf('/a/node_modules/@googleapis/youtube/build/index.js')).toBe('@googleapis/youtube');
    expect(packageOf('/a/src/main.ts')).toBeUndefined();
  });
});
