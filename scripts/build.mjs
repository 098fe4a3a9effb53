// Bundles the CLI into dist/ with esbuild: one file starts much faster than many modules.
// Platform clients stay external and are loaded lazily by the code that needs them.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

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
  logLevel: 'warning',
  // CommonJS dependencies inside an ES module bundle need a real `require`.
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  chunkNames: 'chunks/[name]-[hash]',
};

rmSync('dist', { recursive: true, force: true });
await build({ ...common, entryPoints: { main: 'src/main.ts' }, outdir: 'dist' });
if (process.argv.includes('--bench')) {
  await build({ ...common, entryPoints: { bench: 'bench/run.ts' }, outdir: 'dist/bench' });
}
