/**
 * Bundles src/ledger for plain `node` child processes (no TypeScript loader at run time):
 * one ESM file per entry, better-sqlite3 left external and imported by absolute path so
 * the bundle works from a temp directory.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('../../', import.meta.url));

/** Writes `open.mjs` and `sqlite.mjs` (plus shared chunks) into `outdir`. */
export async function bundleLedger(outdir: string): Promise<void> {
  const betterSqlite = require.resolve('better-sqlite3');
  await build({
    entryPoints: { open: `${root}src/ledger/open.ts`, sqlite: `${root}src/ledger/sqlite.ts` },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'silent',
    plugins: [
      {
        name: 'absolute-better-sqlite3',
        setup(b) {
          b.onResolve({ filter: /^better-sqlite3$/ }, () => ({ path: betterSqlite, external: true }));
          // pg is CommonJS that requires node built-ins: leave it to Node, as the real build does.
          b.onResolve({ filter: /^pg$/ }, () => ({ path: require.resolve('pg'), external: true }));
        },
      },
    ],
  });
}
