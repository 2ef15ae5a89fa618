// Cross-origin isolation, so tfjs-wasm can run its multi-threaded build: the preview server sends the
// headers; a static server that sends none gets them from the service worker (one reload); where
// neither works, the page still trains and says why it runs on one thread.
import { expect, test } from '@playwright/test';
import { CHROMIUM_PATH, WASM_ONLY_ARGS } from './chromium';
import { collectErrors, TINY } from './helpers';
import { plainServer } from './static-server';

test.use({ launchOptions: { executablePath: CHROMIUM_PATH, args: WASM_ONLY_ARGS } });

test('the preview server isolates the page: wasm runs its threaded build and the page says how many threads', async ({
  page,
}) => {
  const errors = collectErrors(page);
  const wasmFiles: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('.wasm')) wasmFiles.push(r.url());
  });
  await page.goto(`?${TINY}&steps=5&autoplay=1`);
  await expect(page.getByTestId('status')).toHaveText(/^finished/);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  expect(wasmFiles.some((f) => f.includes('threaded-simd'))).toBe(true);
  await expect(page.getByTestId('threads')).toHaveText(
    /^\d+ threads? \(tfjs-wasm uses half of the \d+ logical cores\)$/,
  );
  expect(errors).toEqual([]);
});

test('on a static host without the headers the service worker isolates the page after one reload', async ({ page }) => {
  const { url, server } = await plainServer();
  try {
    const errors = collectErrors(page);
    await page.goto(`${url}?${TINY}&steps=5&autoplay=1`);
    await expect(page.getByTestId('status')).toHaveText(/^finished/);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await expect(page.getByTestId('threads')).not.toContainText('isolated page');
    // The settings survived the reload.
    await expect(page.getByTestId('step')).toHaveText('5');
    expect(errors).toEqual([]);
  } finally {
    server.close();
  }
});

test("a first visit to a static host shows the lab's frame and what is happening, never a blank page", async ({
  page,
}) => {
  const { url, server } = await plainServer();
  try {
    // The page's script held back (it registers the service worker, then reloads): what shows
    // meanwhile is the page's own frame.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/assets\/index-[^/]+\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${url}?${TINY}&steps=5&autoplay=1`, { waitUntil: 'commit' });
    await expect(page.getByRole('heading', { name: 'Grok Lab' })).toBeVisible();
    await expect(page.getByTestId('boot-note')).toHaveText(/Loading the lab… .*reload the page once/);
    release();
    await expect(page.getByTestId('status')).toHaveText(/^finished/);
    await expect(page.getByTestId('boot-note')).toHaveCount(0);
  } finally {
    server.close();
  }
});

test.describe('without service workers', () => {
  test.use({ serviceWorkers: 'block' });

  test('the page still trains on one thread and says why', async ({ page }) => {
    const { url, server } = await plainServer();
    try {
      await page.goto(`${url}?${TINY}&steps=5&autoplay=1`);
      await expect(page.getByTestId('status')).toHaveText(/^finished/);
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
      await expect(page.getByTestId('threads')).toHaveText(
        /^1 thread \(WebAssembly threads need a cross-origin isolated page: .+\)$/,
      );
    } finally {
      server.close();
    }
  });
});
