import { defineConfig } from 'vitest/config';

/** Tests against real services (WordPress, PostgreSQL, Chromium); `.ci/run` starts them. */
export default defineConfig({
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
