import { defineConfig } from '@playwright/test';
import { CHROMIUM_PATH, WEBGPU_ARGS } from './e2e/chromium';

// End-to-end tests drive the production build in headless Chromium with WebGPU on. Playwright's own
// browser download is not used: CI installs Debian's chromium (see .ci/run).
// E2E_PORT lets two checkouts on one machine run their end-to-end tests at once.
const PORT = Number(process.env.E2E_PORT ?? 4173);

export default defineConfig({
  testDir: 'e2e',
  timeout: 180_000,
  expect: { timeout: 120_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: WEBGPU_ARGS,
    },
  },
  webServer: {
    command: `npx vite build --logLevel warn && npx vite preview --port ${PORT} --strictPort`,
    url: `http://127.0.0.1:${PORT}/`,
    timeout: 180_000,
    reuseExistingServer: false,
  },
});
