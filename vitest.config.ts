import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'tests/**/*.test.ts',
      'web/src/**/*.test.{ts,tsx}',
      'src/**/*.test.ts',
      'providers/**/*.test.ts',
      'workers/**/*.test.ts',
    ],
    globalSetup: ['tests/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two cores: a few files at a time keeps the services responsive.
    maxWorkers: 4,
  },
});
