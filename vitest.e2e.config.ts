import { defineConfig } from 'vitest/config';

// `npm run test:e2e`: generated workspaces checked by the real tools (cargo, cargo-lambda, npm,
// tsc, cdk, actionlint). Slow: files run one after another, sharing one CARGO_TARGET_DIR.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 30 * 60_000,
    hookTimeout: 30 * 60_000,
    fileParallelism: false,
    // The matrix's workspaces, two at a time (test/e2e/matrix.test.ts); no other file runs tests concurrently.
    maxConcurrency: 2,
    reporters: ['verbose'],
  },
});
