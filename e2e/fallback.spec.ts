// With WebGPU switched off the page must pick another backend, say why in plain words, and train.
import { expect, test } from '@playwright/test';
import { CHROMIUM_PATH, NO_WEBGPU_ARGS } from './chromium';
import { collectErrors, TINY } from './helpers';

test.use({ launchOptions: { executablePath: CHROMIUM_PATH, args: NO_WEBGPU_ARGS } });

test('without WebGPU the page falls back to another backend, says so, and still trains', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(`?${TINY}&steps=5&autoplay=1`);
  await expect(page.getByTestId('backend')).not.toHaveText(/webgpu|starting/);
  await expect(page.getByTestId('backend-fallback')).toContainText('Why not WebGPU: ');
  await expect(page.getByTestId('status')).toHaveText(/^finished/);
  await expect(page.getByTestId('step')).toHaveText('5');
  expect(errors).toEqual([]);
});
