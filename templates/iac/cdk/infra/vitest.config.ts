import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Synthesizing a stack with cdk-nag takes seconds, in beforeAll: more on a busy CI runner.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
