import { expect, test } from '@playwright/test';
import { collectErrors, ON_WEBGPU, TINY } from './helpers';

test('the page trains a tiny config on WebGPU in a worker, to the end of its budget', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(`?${TINY}&steps=3&autoplay=1&${ON_WEBGPU}`);
  await expect(page.getByTestId('backend')).toHaveText('webgpu');
  await expect(page.getByTestId('status')).toHaveText(/^finished/);
  await expect(page.getByTestId('step')).toHaveText('3');
  await expect(page.getByTestId('train-acc')).toHaveText(/^\d+\.\d%$/);
  expect(errors).toEqual([]);
});

test('a bad share link names the bad key and loads the rest', async ({ page }) => {
  await page.goto('?p=100&op=sub&foo=1');
  await expect(page.getByTestId('url-notice')).toContainText('p: "100" is not valid; expected a prime from 3 to 113');
  await expect(page.getByTestId('url-notice')).toContainText('unknown key foo');
  await expect(page.getByText('a − b mod 97')).toBeVisible();
});
