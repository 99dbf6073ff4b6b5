import { defineConfig } from 'vitest/config';

// `npm run mutation` (Stryker): the unit tests, which call lib/ directly; the generator and golden
// tests run the built CLI, which a mutant of lib/ does not reach.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    testTimeout: 120_000,
  },
});
