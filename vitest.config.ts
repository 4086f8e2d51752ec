import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Integration suites start real servers on fixed loopback ports: run files one at a time.
    fileParallelism: false,
  },
});
