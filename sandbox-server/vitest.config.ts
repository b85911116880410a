import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Host faults (registry down, host dockerd restarted) run on their own, last: vitest.faults.config.ts.
    exclude: ['**/node_modules/**', 'test/**/*.fault.test.ts'],
    // Service tests start real engines; on two cores they run one file at a time.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
