// Bundles the CLI into dist/ with esbuild: one file starts much faster than many modules.
// The platform clients (telegraf, googleapis, got) are bundled apart, one CommonJS file each
// in dist/vendor with V8's compiled code beside it (see src/clients/load.ts); the CLI bundle
// keeps them external and loads them only when a channel sends: a dry-run loads none.
// Native and optional packages stay external.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { renameSync, rmSync } from 'node:fs';

const clients = ['telegraf', '@googleapis/youtube', 'google-auth-library', 'googleapis-common', 'got'];
const external = [
  ...clients,
  'better-sqlite3', 'pg', 'sanitize-html', 'playwright-core', 'fast-check', 'vitest',
];
/**
 * An esbuild plugin that gives the modules `filter` matches, when a package whose path
 * matches `from` imports them, the source `contents(path)` instead: an inert or lazy stand-in
 * for something publish never uses. `key` maps the import to the stand-in's name.
 */
function replaceImports(name, { filter, from, contents, key = (path) => path }) {
  return {
    name,
    setup(b) {
      b.onResolve({ filter }, (args) =>
        args.namespace !== name && from.test(args.importer) ? { path: key(args.path), namespace: name } : undefined,
      );
      b.onLoad({ filter: /.*/, namespace: name }, (args) => ({ contents: contents(args.path), loader: 'js' }));
    },
  };
}

/** A module that loads the built-in `path` when one of its exports is first touched. */
function lazyBuiltin(path) {
  return (
    `let m; const load = () => (m ??= require('node:${path.replace(/^node:/, '')}'));\n` +
    'module.exports = new Proxy({}, { get: (_, key) => load()[key], has: (_, key) => key in load(), ownKeys: () => Reflect.ownKeys(load()), getOwnPropertyDescriptor: (_, key) => Object.getOwnPropertyDescriptor(load(), key) });'
  );
}

// zod's namespace re-exports every locale (and JSON Schema import) we never use; the
// bundler cannot drop them from `z`, so they are replaced by nothing. English stays: the
// schemas import it directly.
const zodStubs = {
  // every locale but English (which the schemas import directly)
  'locales/index.js': 'export {};',
  // JSON Schema import/export and the schema compiler: never called by publish
  'from-json-schema.js': "export function fromJSONSchema() { throw new Error('not bundled'); }",
  'compile.js': [
    "const no = () => { throw new Error('zod compile is not bundled'); };",
    'export const compile = no, withParser = no, compileFn = no;',
    "export const INVALID = Symbol.for('zod.compile.invalid');",
    'export class ZodCompileAsyncError extends Error {}',
    'export class ZodCompileUnsupportedError extends Error {}',
  ].join('\n'),
};
const zodTrim = replaceImports('zod-trim', {
  filter: /(locales\/index|from-json-schema|compile)\.js$/,
  from: /node_modules[\\/]zod[\\/]v4[\\/]/,
  key: (path) => Object.keys(zodStubs).find((k) => path.endsWith(k)),
  contents: (key) => zodStubs[key],
});

// commander loads child_process at start-up only for executable subcommands, which we do
// not use; loading it when first touched saves that cost on every run.
const lazyChildProcess = replaceImports('lazy-child-process', {
  filter: /^(node:)?child_process$/,
  from: /node_modules[\\/]commander[\\/]/,
  contents: lazyBuiltin,
});

// markdown-it always builds a linkify-it matcher (big regexes, ~8 ms) even with
// `linkify: false`, which is how src/article/markdown.ts creates it: give it an inert one.
const noLinkify = replaceImports('no-linkify', {
  filter: /^linkify-it$/,
  from: /node_modules[\\/]markdown-it[\\/]/,
  contents: () =>
    [
      'export default class LinkifyOff {',
      '  test() { return false; }',
      '  pretest() { return false; }',
      '  testSchemaAt() { return 0; }',
      '  match() { return null; }',
      '  matchAtStart() { return null; }',
      '  tlds() { return this; }',
      '  add() { return this; }',
      '  set() { return this; }',
      '}',
    ].join('\n'),
});

// got imports http2-wrapper (with node:http2), cacheable-request (with keyv) and
// cacheable-lookup for its `http2`, `cache` and `dnsCache` options, which publish never
// sets: the first send should not pay for loading them. Each stub fails loudly if used.
const gotStubs = {
  'http2-wrapper':
    "const off = () => { throw new Error('HTTP/2 is not bundled: publish never asks got for it'); };\n" +
    'export default { get auto() { return off(); }, get globalAgent() { return off(); } };',
  'cacheable-request':
    "export default class CacheableRequest { constructor() { throw new Error('got caching is not bundled'); } }\n" +
    'export class CacheError extends Error {}',
  'cacheable-lookup':
    "export default class CacheableLookup { constructor() { throw new Error('got dnsCache is not bundled'); } }",
};
const gotTrim = replaceImports('got-trim', {
  filter: /^(http2-wrapper|cacheable-request|cacheable-lookup)$/,
  from: /node_modules[\\/]got[\\/]/,
  contents: (path) => gotStubs[path],
});

// node-fetch 2 (telegraf's) loads whatwg-url and its Unicode tables only as a fallback for
// a missing global URL; Node has one.
const noWhatwgUrl = replaceImports('no-whatwg-url', {
  filter: /^whatwg-url$/,
  from: /node_modules[\\/]node-fetch[\\/]/,
  contents: () => 'module.exports = { URL: globalThis.URL, URLSearchParams: globalThis.URLSearchParams };',
});

// googleapis-common's HTTP/2 transport (the `http2: true` option, which publish never sets)
// loads node:http2 at start-up; it is replaced by one that fails loudly if used.
const noGoogleHttp2 = replaceImports('no-google-http2', {
  filter: /^\.\/http2$/,
  from: /node_modules[\\/]googleapis-common[\\/]build[\\/]src[\\/]/,
  contents: () =>
    [
      'exports.sessions = {};',
      "exports.request = () => { throw new Error('googleapis over HTTP/2 is not bundled: publish never asks for it'); };",
      'exports.closeSession = async () => undefined;',
    ].join('\n'),
});

// Built-in modules the clients load at start-up for options publish never uses (HTTP/2,
// child processes, workers): loaded when first touched instead.
const lazyBuiltins = replaceImports('lazy-builtins', {
  filter: /^(node:)?(http2|child_process|worker_threads)$/,
  from: /(?:)/,
  contents: lazyBuiltin,
});

const shared = {
  plugins: [zodTrim, lazyChildProcess, noLinkify],
  bundle: true,
  platform: 'node',
  target: 'node20',
  external,
  sourcemap: false,
  minify: !process.env.PUBLISH_NO_MINIFY,
  legalComments: 'none',
  logLevel: 'warning',
};

// Build beside dist and swap it in, so a CLI started meanwhile never sees half a build.
const tmp = `dist.${process.pid}`;
rmSync(tmp, { recursive: true, force: true });

// The CLI: one CommonJS file, so bin/run-bundle.js can run it with V8's stored code (Node 20
// offers stored code for scripts, not for ES modules). Modules imported lazily in src/ stay
// lazy: esbuild runs their top level only when first imported.
await build({
  ...shared,
  entryPoints: ['src/main.ts'],
  outfile: `${tmp}/main.cjs`,
  format: 'cjs',
  banner: { js: "const __import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__import_meta_url' },
});
// The platform clients, one CommonJS file each, loaded only when a channel sends.
await build({
  ...shared,
  entryPoints: { telegraf: 'src/clients/telegraf.ts', youtube: 'src/clients/youtube.ts', got: 'src/clients/got.ts' },
  outdir: `${tmp}/vendor`,
  outExtension: { '.js': '.cjs' },
  plugins: [gotTrim, noWhatwgUrl, noGoogleHttp2, lazyBuiltins],
  external: [],
  format: 'cjs',
  // the libraries' own bundling notes (optional requires in try/catch) are theirs, not ours
  logLevel: 'error',
});
// V8's compiled code for each bundle, made in a plain `node` (stored code is accepted only
// by the same Node with the same flags, which is how the CLI runs).
const stored = spawnSync(process.execPath, ['scripts/code-cache.mjs', tmp, 'dist'], { stdio: 'inherit', env: { ...process.env, NODE_OPTIONS: '' } });
if (stored.status !== 0) throw new Error('scripts/code-cache.mjs failed: publish would start without its compiled code');
if (process.argv.includes('--bench')) {
  // The benchmarks (with the fakes they start) as an ES module bundle.
  await build({
    ...shared,
    entryPoints: { bench: 'bench/run.ts' },
    outdir: `${tmp}/bench`,
    format: 'esm',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
}
// Several test runs may build at once: whoever renames last wins, nobody sees half a dist.
const old = `dist.old.${process.pid}`;
try {
  renameSync('dist', old);
} catch {
  // no dist yet
}
try {
  renameSync(tmp, 'dist');
} catch {
  rmSync(tmp, { recursive: true, force: true }); // another build put its dist in place first
}
rmSync(old, { recursive: true, force: true });
