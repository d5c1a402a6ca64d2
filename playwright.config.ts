import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from './tests/support/chromium';

/** Port of the app + PeerServer started for the tests (`npm run test:e2e` builds first). */
const PORT = Number(process.env.E2E_PORT) || 4317;
const BASE_URL = `http://localhost:${PORT}`;
/** The built app to serve: several people can run e2e side by side, each with their own build. */
const DIST = process.env.E2E_DIST ? ` --dist "${process.env.E2E_DIST}"` : '';

export default defineConfig({
  testDir: 'tests/e2e',
  // The journeys need a test build (`vite build --mode test`): says so when dist/ is not one.
  globalSetup: './tests/support/require-test-build.ts',
  outputDir: 'test-results',
  // Two cores: one worker unless told otherwise (PLAYWRIGHT_WORKERS=2, or --workers).
  workers: Number(process.env.PLAYWRIGHT_WORKERS) || 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  // One line per test and a plain summary at the end; never opens a browser or serves a report.
  reporter: [['list', { printSteps: false }]],
  use: {
    baseURL: BASE_URL,
    browserName: 'chromium',
    headless: true,
    // A failed test keeps its trace (actions, DOM snapshots, console, network). No screencast:
    // filming every kiosk page of a sync journey costs the two cores more than the test itself.
    trace: { mode: 'retain-on-failure', screenshots: false },
    screenshot: 'only-on-failure',
    serviceWorkers: 'allow',
    launchOptions: {
      // The system Chromium (Debian's package), never `playwright install`.
      executablePath: chromiumPath(),
      args: [...CHROMIUM_ARGS],
    },
  },
  projects: [{ name: 'chromium' }],
  webServer: {
    // Serves the existing dist/ (a test build, made by the test:e2e script) plus the PeerServer.
    // Its CSP lets kiosks reach the second PeerServer of sync.spec.ts (on PORT + 50) too, as a
    // venue would name it.
    command: `npx tsx server/main.ts --port ${PORT} --quiet${DIST} --allow-peer-server http://localhost:${PORT + 50}`,
    url: BASE_URL,
    reuseExistingServer: !process.env.CI,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
  },
});
