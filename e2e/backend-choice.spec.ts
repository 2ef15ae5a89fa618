// The page picks the faster backend and says why; a user can pin one from the page, even mid-run.
// Headless Chromium offers WebGPU through SwiftShader, a software adapter: wasm is the right choice.
import { expect, test } from '@playwright/test';
import { collectErrors, stepOf, TINY } from './helpers';

test('a software WebGPU adapter is passed over for wasm, and the page says why', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(`?${TINY}&steps=20&autoplay=1`);
  await expect(page.getByTestId('backend')).toHaveText('wasm');
  await expect(page.getByTestId('backend-choice')).toContainText(
    'Chosen automatically: the WebGPU adapter is a software one',
  );
  await expect(page.getByTestId('backend-choice')).toContainText('swiftshader');
  await expect(page.getByTestId('backend-pin')).toHaveValue('auto');
  await expect(page.getByTestId('status')).toHaveText(/^finished/);
  expect(new URL(page.url()).searchParams.has('backend')).toBe(false);
  // The address bar keeps what the page was opened with, autoplay included.
  expect(new URL(page.url()).searchParams.get('autoplay')).toBe('1');
  expect(errors).toEqual([]);
});

test('pinning a backend mid-run moves the run there at the same step, and the link keeps the pin', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(`?${TINY}&steps=100000&autoplay=1`);
  await expect(page.getByTestId('backend')).toHaveText('wasm');
  await expect.poll(() => stepOf(page)).toBeGreaterThanOrEqual(30);
  await page.getByTestId('backend-pin').selectOption('webgpu');
  await expect(page.getByTestId('backend')).toHaveText('webgpu');
  // SwiftShader is no GPU, and the notice says so.
  await expect(page.locator('.backend')).toContainText('a software WebGPU adapter');
  await expect(page.getByTestId('status')).toContainText(
    'paused: training moved from wasm to webgpu and goes on from step',
  );
  const movedAt = await stepOf(page);
  await expect(page.getByTestId('status')).toContainText(`goes on from step ${movedAt}.`);
  await expect(page.getByTestId('backend-choice')).toContainText('Chosen by you');
  await expect(page).toHaveURL(/backend=webgpu/);
  // The metrics so far are kept, and training goes on from there.
  expect(Number(await page.getByTestId('accuracy-chart').getAttribute('data-points'))).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Play' }).click();
  await expect.poll(() => stepOf(page)).toBeGreaterThan(movedAt + 2);
  await page.getByRole('button', { name: 'Pause' }).click();
  // Back to auto: wasm again.
  await page.getByTestId('backend-pin').selectOption('auto');
  await expect(page.getByTestId('backend')).toHaveText('wasm');
  await expect(page).not.toHaveURL(/backend=/);
  expect(errors).toEqual([]);
});
