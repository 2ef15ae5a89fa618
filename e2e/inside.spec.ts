// Inside the model: every view renders from the worker's data and changes while training; the grid
// picks the pair whose attention is shown; the views go into the run's export.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { collectErrors, ON_WEBGPU, TINY } from './helpers';

const VIEWS = ['answer-grid', 'fourier-spectrum', 'embedding-pca', 'attention-map'] as const;

test('each inside view renders and changes while training; a grid cell picks the attention pair', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(`?${TINY}&p=7&steps=100000&${ON_WEBGPU}`);
  await expect(page.getByTestId('status')).toHaveText('paused');
  // Views start with training (one costs about an evaluation; none holds up a fresh run).
  await expect(page.getByTestId('inside-empty')).toBeVisible();
  await page.getByRole('button', { name: 'Step ×1', exact: true }).click();
  for (const id of VIEWS) await expect(page.getByTestId(id)).toHaveAttribute('data-step', '1');
  const before = {
    spectrum: await page.getByTestId('fourier-spectrum').locator('svg').innerHTML(),
    pca: await page.getByTestId('embedding-pca').locator('svg').innerHTML(),
    attention: await page.getByTestId('attention-map').locator('svg').first().innerHTML(),
    grid: await page.getByTestId('answer-grid').locator('canvas').getAttribute('aria-label'),
  };

  // Training until the grid's answers change (its label counts the right ones).
  await page.getByRole('button', { name: 'Play' }).click();
  await expect
    .poll(() => page.getByTestId('answer-grid').locator('canvas').getAttribute('aria-label'))
    .not.toBe(before.grid);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('status')).toHaveText('paused');
  // The view taken where training stopped is the run's step.
  const step = await page.getByTestId('step').textContent();
  for (const id of VIEWS) await expect(page.getByTestId(id)).toHaveAttribute('data-step', step ?? '');
  expect(await page.getByTestId('fourier-spectrum').locator('svg').innerHTML()).not.toBe(before.spectrum);
  expect(await page.getByTestId('embedding-pca').locator('svg').innerHTML()).not.toBe(before.pca);
  expect(await page.getByTestId('attention-map').locator('svg').first().innerHTML()).not.toBe(before.attention);
  await expect(page.getByTestId('weight-norm-chart').getByTestId('weight-norm-line')).not.toHaveAttribute(
    'data-points',
    '0',
  );
  await expect(page.getByTestId('sparsity-chart').getByTestId('sparsity-line')).not.toHaveAttribute('data-points', '0');

  // Hover names the cell; a click shows its attention (row a = 4, column b = 5 of the 7 × 7 grid).
  const canvas = page.getByTestId('answer-grid').locator('canvas');
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  if (!box) throw new Error('the answer grid has no box');
  await page.mouse.move(box.x + (5.5 / 7) * box.width, box.y + (4.5 / 7) * box.height);
  await expect(page.getByTestId('answer-grid')).toContainText('a = 4, b = 5: answer 2');
  await page.mouse.click(box.x + (5.5 / 7) * box.width, box.y + (4.5 / 7) * box.height);
  await expect(page.getByTestId('attention-map')).toHaveAttribute('data-pair', '4,5');
  // A bad pair is refused with a message, and the pair shown stays.
  await page.getByLabel('attention pair a').fill('9');
  await page.getByLabel('attention pair a').press('Enter');
  await expect(page.getByTestId('attention-map')).toContainText(
    'a: "9" is not valid; expected a whole number from 0 to 6',
  );
  await expect(page.getByTestId('attention-map')).toHaveAttribute('data-pair', '4,5');
  // The other axes of the embedding picture.
  await page.getByRole('button', { name: 'strongest frequency' }).click();
  await expect(page.getByTestId('embedding-pca')).toHaveAttribute('data-axes', 'plane');

  const row = page.getByTestId('run-row').first();
  const [file] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: 'JSON' }).click()]);
  const exported = JSON.parse(readFileSync(await file.path(), 'utf8')) as {
    inside: { step: number; split: number[] };
    sparsity: unknown[];
  };
  expect(exported.inside.step).toBe(Number(step));
  expect(exported.inside.split).toHaveLength(49);
  expect(exported.sparsity.length).toBeGreaterThanOrEqual(2);
  expect(errors).toEqual([]);
});

test('for a · b⁻¹, and a · b on a table without b = 0, the attention pair cannot have b = 0, and the refusal says why; the operator token is ÷', async ({
  page,
}) => {
  const errors = collectErrors(page);
  await page.goto(`?${TINY.replace('op=add', 'op=div')}&p=7&steps=100000&${ON_WEBGPU}`);
  await expect(page.getByTestId('status')).toHaveText('paused');
  await page.getByRole('button', { name: 'Step ×1', exact: true }).click();
  const map = page.getByTestId('attention-map');
  await expect(map).toHaveAttribute('data-step', '1');
  await expect(map.locator('svg').first()).toHaveAttribute('aria-label', /% to ÷/);
  await page.getByLabel('attention pair b').fill('0');
  await page.getByLabel('attention pair b').press('Enter');
  await expect(map).toContainText('b: "0" is not valid; expected a whole number from 1 to 6 (b⁻¹ needs b ≠ 0)');
  await expect(map).toHaveAttribute('data-pair', '1,2');

  // a · b on the Grokfast code's table (bzero=exclude) has no b = 0 either; here on wasm.
  await page.goto(`?${TINY.replace('op=add', 'op=mul')}&p=7&bzero=exclude&steps=100000`);
  await expect(page.getByTestId('status')).toHaveText('paused');
  await page.getByRole('button', { name: 'Step ×1', exact: true }).click();
  await expect(map).toHaveAttribute('data-step', '1');
  await page.getByLabel('attention pair b').fill('0');
  await page.getByLabel('attention pair b').press('Enter');
  await expect(map).toContainText(
    'b: "0" is not valid; expected a whole number from 1 to 6 (this run’s table leaves out',
  );
  await expect(map).toHaveAttribute('data-pair', '1,2');
  expect(errors).toEqual([]);
});

test('on S5 the views speak in permutations, and the Fourier views say they do not apply', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('?op=s5&frac=0.1&layers=1&dim=16&heads=2&batch=64&eval=1&steps=100000&backend=wasm');
  await expect(page.locator('.lede code')).toHaveText('a ∘ b in S5');
  await expect(page.getByTestId('status')).toHaveText('paused');
  await page.getByRole('button', { name: 'Step ×1', exact: true }).click();
  await expect(page.getByTestId('answer-grid')).toHaveAttribute('data-step', '1');
  for (const id of ['fourier-spectrum', 'sparsity-chart', 'progress-chart']) {
    await expect(page.getByTestId(id)).toHaveAttribute('data-applies', 'no');
    await expect(page.getByTestId(id)).toContainText('no Fourier frequencies');
  }
  await expect(page.getByTestId('embedding-pca')).toContainText('the 120 permutations');
  await expect(page.getByRole('button', { name: 'strongest frequency' })).toHaveCount(0);
  // The pair (1, 2) is 01243 ∘ 01324.
  await expect(page.getByTestId('attention-map')).toContainText('for the pair a = 01243, b = 01324');
  expect(errors).toEqual([]);
});

test('the progress measures are charted with the key frequencies, for a · b over the logarithms; a² + b² has none', async ({
  page,
}) => {
  const errors = collectErrors(page);
  await page.goto(`?${TINY.replace('op=add', 'op=mul')}&p=7&steps=100000&${ON_WEBGPU}`);
  await expect(page.getByTestId('status')).toHaveText('paused');
  await page.getByRole('button', { name: 'Step ×1', exact: true }).click();
  const chart = page.getByTestId('progress-chart');
  await expect(chart.getByTestId('progress-line')).toHaveAttribute('data-points', '1');
  // 1…6 by their logarithm to 3: a group of order 6, frequencies k = 1, 2, 3, all of them key.
  await expect(chart).toHaveAttribute('data-key-frequencies', /^[123] [123] [123]$/);
  await expect(page.getByTestId('key-frequencies')).toContainText('over the logarithms of 1…p−1');
  await expect(page.getByTestId('fourier-spectrum')).toContainText('ordered by log₃');

  await page.goto(`?${TINY.replace('op=add', 'op=x2y2')}&p=7&steps=100000&${ON_WEBGPU}`);
  await expect(page.getByTestId('status')).toHaveText('paused');
  await page.getByRole('button', { name: 'Step ×1', exact: true }).click();
  await expect(page.getByTestId('answer-grid')).toHaveAttribute('data-step', '1');
  for (const id of ['fourier-spectrum', 'sparsity-chart', 'progress-chart']) {
    await expect(page.getByTestId(id)).toHaveAttribute('data-applies', 'no');
    await expect(page.getByTestId(id)).toContainText('is not a group operation');
  }
  expect(errors).toEqual([]);
});
