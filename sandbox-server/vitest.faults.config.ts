import { defineConfig } from 'vitest/config';

// Tests that break the host for everyone (the registry mirror stopped, the
// host's dockerd restarted): run alone, after the rest of the suite.
export default defineConfig({
  test: {
    include: ['test/**/*.fault.test.ts'],
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 240_000,
  },
});
