// Offline and installable: after one visit the built site reloads and trains with its server gone
// (public/site-sw.js caches the build), and Chromium finds nothing that stops its installation.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test } from '@playwright/test';
import { CHROMIUM_PATH, WASM_ONLY_ARGS } from './chromium';
import { collectErrors, stepOf, TINY } from './helpers';
import { plainServer } from './static-server';

test.use({ launchOptions: { executablePath: CHROMIUM_PATH, args: WASM_ONLY_ARGS } });

test('after one visit the lab reloads and trains with the server gone', async ({ page }) => {
  const errors = collectErrors(page);
  const { url, server } = await plainServer();
  try {
    await page.goto(`${url}?${TINY}&steps=100000`);
    await expect(page.getByTestId('status')).toHaveText('paused');
    // The service worker has cached the whole build (precache.json) once it is active.
    await page.evaluate(() => navigator.serviceWorker.ready);
    const files = await page.evaluate(async () => (await fetch('./precache.json')).json() as Promise<string[]>);
    await expect
      .poll(() => page.evaluate(async () => (await (await caches.open('grok-lab')).keys()).length))
      .toBeGreaterThan(files.length);
  } finally {
    server.close();
    server.closeAllConnections();
  }
  await page.reload();
  await expect(page.getByTestId('status')).toHaveText('paused');
  await expect(page.getByTestId('backend')).toHaveText('wasm');
  await page.getByRole('button', { name: 'Play' }).click();
  await expect.poll(() => stepOf(page)).toBeGreaterThanOrEqual(20);
  expect(errors).toEqual([]);
});

test('is installable: Chromium finds nothing that stops it (a profile on disk: incognito never installs)', async () => {
  const profile = mkdtempSync(join(tmpdir(), 'grok-lab-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: WASM_ONLY_ARGS,
  });
  const { url, server } = await plainServer();
  try {
    const page = await context.newPage();
    await page.goto(`${url}?${TINY}`);
    await expect(page.getByTestId('status')).toHaveText('paused');
    const manifest = await page.evaluate(async () => {
      const link = document.querySelector('link[rel="manifest"]')?.getAttribute('href') ?? '';
      return (await fetch(link)).json() as Promise<Record<string, unknown>>;
    });
    expect(manifest).toMatchObject({ short_name: 'Grok Lab', start_url: './', display: 'standalone' });
    await page.evaluate(() => navigator.serviceWorker.ready);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);
  } finally {
    await context.close();
    server.close();
    server.closeAllConnections();
    rmSync(profile, { recursive: true, force: true });
  }
});
