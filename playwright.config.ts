import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';
import { CHROMIUM_PATH, WEBGPU_ARGS } from './e2e/chromium';

// End-to-end tests drive the app in headless Chromium with WebGPU on, as users run it: the production
// build (`vite build && vite preview`, every spec) and the dev server (`npm run dev`, the specs named
// *.dev.spec.ts). Playwright's own browser download is not used: CI installs Debian's chromium (see
// .ci/run). E2E_PORT and E2E_DEV_PORT let two checkouts on one machine run their tests at once.
const PORT = Number(process.env.E2E_PORT ?? 4173);
const DEV_PORT = Number(process.env.E2E_DEV_PORT ?? 5174);
const DEV_SPECS = /\.dev\.spec\.ts$/;
// The built site is built here first, unless E2E_DIST_BUILT=1 says dist/ was just built from this tree:
// `npm test` sets it, since `npm run size` has built the site a moment before (one build, not two).
const BUILD = process.env.E2E_DIST_BUILT === '1' ? '' : 'npx vite build --logLevel warn && ';
if (!BUILD && !existsSync('dist/index.html'))
  throw new Error(
    'E2E_DIST_BUILT=1, but there is no dist/index.html: build the site first (vite build, or npm run size)',
  );

export default defineConfig({
  testDir: 'e2e',
  timeout: 180_000,
  expect: { timeout: 120_000 },
  // One spec file at a time. Two at a time took 4.7 min on the quiet 2-core machine, but beside a
  // CPU-heavy process it saved little (13.8 min for all of .ci/run against 14.0) and two tests failed
  // there (a 168 ms main-thread task, a stored run not listed in 120 s).
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: {
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: WEBGPU_ARGS,
    },
  },
  projects: [
    { name: 'built', testIgnore: DEV_SPECS, use: { baseURL: `http://127.0.0.1:${PORT}/` } },
    { name: 'dev', testMatch: DEV_SPECS, use: { baseURL: `http://127.0.0.1:${DEV_PORT}/` } },
  ],
  webServer: [
    {
      command: `${BUILD}npx vite preview --port ${PORT} --strictPort`,
      url: `http://127.0.0.1:${PORT}/`,
      timeout: 180_000,
      reuseExistingServer: false,
    },
    {
      command: `npx vite --port ${DEV_PORT} --strictPort --logLevel warn`,
      url: `http://127.0.0.1:${DEV_PORT}/`,
      timeout: 180_000,
      reuseExistingServer: false,
    },
  ],
});
