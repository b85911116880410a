// Playwright against the real server (built sandbox-server + web) and real
// engines, in Debian's Chromium: downloading a browser is not possible here.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 4555);
// Fixed, not random: Playwright evaluates this file in several processes, and
// the teardown must find the server's state (a rerun adopts a crashed run's).
const stateDir = process.env.E2E_STATE ?? join(tmpdir(), `dockyard-e2e-${port}`);
process.env.E2E_STATE = stateDir;

export default defineConfig({
  testDir: 'tests',
  globalTeardown: './teardown.ts',
  outputDir: 'test-results',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  // Each test starts engines; two cores run one test file at a time.
  workers: 1,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1280, height: 720 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: {
    command: 'node ../sandbox-server/dist/main.js',
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      DOCKYARD_STATE: stateDir,
      DOCKYARD_SESSION_DISK_GB: '4',
      DOCKYARD_POOL_SIZE: '1',
      // The instructor's secret, so workshop tests can sign in.
      DOCKYARD_INSTRUCTOR_SECRET: 'e2e-instructor-secret',
    },
  },
});
