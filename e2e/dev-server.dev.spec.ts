// The dev server (`npm run dev`, the README's first command) trains, on every backend. Vite serves
// the worker's modules unbundled there, pre-bundling tfjs on its own terms, so what the built app
// proves says nothing about it: it once failed at start with "Cannot evaluate flag 'DEBUG'".
import { expect, type Page, test } from '@playwright/test';
import { collectErrors, stepOf, TINY } from './helpers';

async function playAndSeeSteps(page: Page, atLeast: number): Promise<void> {
  await page.getByRole('button', { name: 'Play' }).click();
  await expect.poll(() => stepOf(page)).toBeGreaterThanOrEqual(atLeast);
  await expect(page.getByTestId('status')).not.toContainText('error');
}

test('the bare address trains: play, and the step count moves', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('');
  await expect(page.getByTestId('status')).not.toHaveText(/starting/);
  await playAndSeeSteps(page, 10);
  await page.getByRole('button', { name: 'Pause' }).click();
  expect(errors).toEqual([]);
});

for (const backend of ['wasm', 'webgpu', 'webgl', 'cpu']) {
  test(`a run pinned to ${backend} trains`, async ({ page }) => {
    const errors = collectErrors(page);
    await page.goto(`?${TINY}&steps=100000&backend=${backend}`);
    await expect(page.getByTestId('backend')).toHaveText(backend);
    await playAndSeeSteps(page, 3);
    expect(errors).toEqual([]);
  });
}
