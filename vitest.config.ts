import { defineConfig } from 'vitest/config';

// `npm test`: unit and generator tests (seconds). The real-tool end-to-end tests have their own
// config (vitest.e2e.config.ts, `npm run test:e2e`).
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/generator/**/*.test.ts', 'test/golden/**/*.test.ts'],
    testTimeout: 30_000,
    // The run's temporary folders under one, removed at the end (test/helpers/temp-root.ts).
    globalSetup: ['test/helpers/temp-root.ts'],
  },
});
