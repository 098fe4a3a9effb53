// Bundles the CLI into dist/ with esbuild: one file starts much faster than many modules.
// Platform clients stay external and are loaded lazily by the code that needs them.
import { build } from 'esbuild';
import { renameSync, rmSync } from 'node:fs';

const external = [
  'telegraf', '@googleapis/youtube', 'google-auth-library', 'googleapis-common', 'got',
  'better-sqlite3', 'pg', 'sanitize-html', 'playwright-core', 'fast-check', 'vitest',
];
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  splitting: true,
  external,
  sourcemap: false,
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  // CommonJS dependencies inside an ES module bundle need a real `require`.
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  chunkNames: 'chunks/[name]-[hash]',
};

// Build beside dist and swap it in, so a CLI started meanwhile never sees half a build.
const tmp = `dist.${process.pid}`;
rmSync(tmp, { recursive: true, force: true });
await build({ ...common, entryPoints: { main: 'src/main.ts' }, outdir: tmp });
if (process.argv.includes('--bench')) {
  await build({ ...common, entryPoints: { bench: 'bench/run.ts' }, outdir: `${tmp}/bench` });
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
