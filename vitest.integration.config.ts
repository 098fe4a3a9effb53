import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/** Tests against real services (WordPress, PostgreSQL, Chromium); `.ci/run` starts them. */
export default defineConfig({
  // What scripts/build.mjs puts in: src/version.ts.
  define: { __PUBLISH_VERSION__: JSON.stringify(version) },
  test: {
    include: ['tests/integration/**/*.test.ts'],
    globalSetup: ['tests/setup/build.ts'],
    clearMocks: true,
    restoreMocks: true,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // The services are shared: one file at a time.
    fileParallelism: false,
  },
});
