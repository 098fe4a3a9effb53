// Bundles the CLI into dist/ with esbuild: one file starts much faster than many modules.
// The platform clients (telegraf, googleapis, got) are bundled apart, one CommonJS file each
// in dist/vendor with V8's compiled code beside it (see src/clients/load.ts); the CLI bundle
// keeps them external and loads them only when a channel sends: a dry-run loads none. Which
// clients there are is read from src/clients/bundles.json, the channel registry's `clients`
// as plain data (tests/channels/contract.ts keeps the two equal); the build fails when the
// CLI loads a client entry that file does not name, or it names one the CLI never loads.
// Native and optional packages stay external. Parts of dependencies publish never uses are
// replaced by stand-ins (scripts/stand-ins.mjs), checked after each bundle; every bundle has
// a size budget (scripts/budgets.mjs). Either check failing fails the build and leaves dist/
// as it was.
//
//   node scripts/build.mjs [--bench] [--without=<stand-in>,…] [--out=<dir>]
//
// --without and --out build a variant elsewhere, to measure what a stand-in saves
// (bench/stand-ins.sh): the budgets are then reported, not enforced.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { relative, resolve, sep } from 'node:path';
import { budgetProblems } from './budgets.mjs';
import { STAND_INS, standInPlugin } from './stand-ins.mjs';

const option = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const without = (option('without') ?? '').split(',').filter(Boolean);
const out = option('out') ?? 'dist';
// Build beside dist and swap it in, so a CLI started meanwhile never sees half a build.
const tmp = `${out}.${process.pid}`;
for (const name of without) if (!STAND_INS.some((s) => s.name === name)) fail([`--without=${name}: no such stand-in (${STAND_INS.map((s) => s.name).join(', ')})`]);
const variant = without.length > 0 || out !== 'dist';
const standIns = (bundle) => standInPlugin(STAND_INS.filter((s) => s.bundle === bundle && !without.includes(s.name)));

/** Ends the build with one line per problem (no stack trace) and no change to dist/. */
function fail(problems) {
  for (const p of problems) process.stderr.write(`build failed: ${p}\n`);
  rmSync(tmp, { recursive: true, force: true });
  process.exit(1);
}

/** esbuild's build; its errors (printed by esbuild above) end the build like the checks'. */
async function bundle(options) {
  try {
    return await build(options);
  } catch {
    return fail([`esbuild could not bundle ${JSON.stringify(options.entryPoints)} (its errors are above)`]);
  }
}

// The client bundles: name -> entry (src/clients/<name>.ts).
// The article readers for HTML and Word documents are bundled apart the same way: a run of
// Markdown articles never loads them.
const bundlesJson = JSON.parse(readFileSync('src/clients/bundles.json', 'utf8'));
const clients = { ...bundlesJson.bundles, ...bundlesJson.readers };
const clientEntries = new Set(Object.values(clients));
const external = ['better-sqlite3', 'pg', 'sanitize-html', 'playwright-core', 'fast-check', 'vitest'];

/**
 * In the CLI bundle, the packages a client entry imports stay external: the CLI loads them
 * from dist/vendor (or, without it, from node_modules), never from its own bundle.
 */
const clientsExternal = {
  name: 'clients-external',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      clientEntries.has(relative(process.cwd(), args.importer).split(sep).join('/')) ? { path: args.path, external: true } : undefined,
    );
  },
};

/**
 * The client entries the CLI bundle reaches (a channel's deliver.ts loads each through
 * src/clients/load.ts) must be exactly those of src/clients/bundles.json: an entry missing
 * there would load from node_modules without its bundle and stored code, silently.
 */
function clientProblems(metafile) {
  const reached = Object.keys(metafile.inputs).filter((f) => /^src\/clients\/(?!load\.ts$)[^/]+\.ts$/.test(f));
  const problems = [];
  for (const entry of reached) {
    if (!clientEntries.has(entry)) problems.push(`the CLI loads ${entry}, but src/clients/bundles.json has no bundle for it: add it there and to the \`clients\` of the channel types that load it`);
  }
  for (const [name, entry] of Object.entries(clients)) {
    if (!reached.includes(entry)) problems.push(`src/clients/bundles.json names the client bundle ${name} (${entry}), but the CLI never loads it: remove it there and from the channel types' \`clients\``);
  }
  return problems;
}

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

const shared = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  external,
  sourcemap: false,
  minify: !process.env.PUBLISH_NO_MINIFY,
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
};

rmSync(tmp, { recursive: true, force: true });

// The runner of the bundles below (src/run-bundle.ts), as the ES module bin/publish.js imports.
await bundle({ ...shared, entryPoints: ['src/run-bundle.ts'], outfile: `${tmp}/run-bundle.mjs`, format: 'esm', minify: false, metafile: false });
// The CLI: one CommonJS file, so src/run-bundle.ts can run it with V8's stored code (Node 20
// offers stored code for scripts, not for ES modules). Modules imported lazily in src/ stay
// lazy: esbuild runs their top level only when first imported.
const cliStandIns = standIns('cli');
const cli = await bundle({
  ...shared,
  plugins: [clientsExternal, cliStandIns.plugin],
  entryPoints: ['src/main.ts'],
  outfile: `${tmp}/main.cjs`,
  format: 'cjs',
  banner: { js: "const __import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
  // src/version.ts: `publish --version` without reading package.json at start-up.
  define: { 'import.meta.url': '__import_meta_url', __PUBLISH_VERSION__: JSON.stringify(version) },
});
// channels.yaml's JSON Schema, from the zod schemas the loader validates with
// (src/config/json-schema.ts): shipped as dist/channels.schema.json for editors.
await bundle({ ...shared, entryPoints: ['src/config/json-schema.ts'], outfile: `${tmp}/json-schema.cjs`,
  format: 'cjs',
  minify: false,
  metafile: false,
  banner: { js: "const __import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__import_meta_url', __PUBLISH_VERSION__: JSON.stringify(version) },
});
const { channelsJsonSchema } = createRequire(import.meta.url)(resolve(`${tmp}/json-schema.cjs`));
writeFileSync(`${tmp}/channels.schema.json`, `${JSON.stringify(channelsJsonSchema(), null, 2)}\n`);
rmSync(`${tmp}/json-schema.cjs`);
// The platform clients, one CommonJS file each, loaded only when a channel sends.
const clientStandIns = standIns('clients');
const vendor = await bundle({
  ...shared,
  plugins: [clientStandIns.plugin],
  entryPoints: clients,
  outdir: `${tmp}/vendor`,
  outExtension: { '.js': '.cjs' },
  external: [],
  format: 'cjs',
  // the libraries' own bundling notes (optional requires in try/catch) are theirs, not ours
  logLevel: 'error',
});
const problems = [
  ...clientProblems(cli.metafile),
  ...(await cliStandIns.verify()),
  ...(await clientStandIns.verify()),
  ...overBudget({ ...cli.metafile.outputs, ...vendor.metafile.outputs }),
];
if (problems.length > 0) fail(problems);

// V8's compiled code for each bundle, made in a plain `node` (stored code is accepted only
// by the same Node with the same flags, which is how the CLI runs).
const stored = spawnSync(process.execPath, ['scripts/code-cache.mjs', tmp, out], { stdio: 'inherit', env: { ...process.env, NODE_OPTIONS: '' } });
if (stored.status !== 0) fail(['scripts/code-cache.mjs failed: publish would start without its compiled code']);
if (process.argv.includes('--bench')) {
  // The benchmarks (with the fakes they start) as an ES module bundle.
  await bundle({
    ...shared,
    plugins: [clientsExternal, standIns('cli').plugin],
    entryPoints: { bench: 'bench/run.ts' },
    define: { __PUBLISH_VERSION__: JSON.stringify(version) },
    outdir: `${tmp}/bench`,
    format: 'esm',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    metafile: false,
  });
}
// Several test runs may build at once: whoever renames last wins, nobody sees half a dist.
const old = `${out}.old.${process.pid}`;
try {
  renameSync(out, old);
} catch {
  // no dist yet
}
try {
  renameSync(tmp, out);
} catch {
  rmSync(tmp, { recursive: true, force: true }); // another build put its dist in place first
}
rmSync(old, { recursive: true, force: true });

/**
 * One problem per bundle over its budget (scripts/budgets.mjs), naming what grew most.
 * Reported, not enforced, for variants and unminified builds.
 */
function overBudget(outputs) {
  const bundles = {};
  for (const [path, output] of Object.entries(outputs)) {
    const inputs = Object.fromEntries(Object.entries(output.inputs).map(([file, { bytesInOutput }]) => [file, bytesInOutput]));
    bundles[relative(tmp, path).split(sep).join('/')] = { size: statSync(path).size, inputs };
  }
  const problems = budgetProblems(bundles);
  if (variant || process.env.PUBLISH_NO_MINIFY) {
    for (const p of problems) process.stderr.write(`build: (not enforced for this build) ${p}\n`);
    return [];
  }
  return problems;
}
