import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Loading @pulumi/aws takes seconds: more on a busy CI runner.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
