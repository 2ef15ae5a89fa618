// The live lab page: training, controls, live changes and charts, in the production build.
import { expect, test } from '@playwright/test';
import { collectErrors, ON_WEBGPU, pastFirstCheckpoint, stepOf, TINY } from './helpers';

const pointsOf = async (page: import('@playwright/test').Page) =>
  Number(await page.getByTestId('accuracy-chart').getAttribute('data-points'));

test('play, pause, resume, step and reset; the step counter and the charts advance', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(`?${TINY}&steps=100000&${ON_WEBGPU}`);
  await expect(page.getByTestId('backend')).toHaveText('webgpu');
  await expect(page.getByTestId('status')).toHaveText('paused');

  await page.keyboard.press('Space');
  await expect(page.getByTestId('status')).toHaveText('running');
  await expect.poll(() => stepOf(page)).toBeGreaterThanOrEqual(3);
  const points = await pointsOf(page);
  expect(points).toBeGreaterThan(0);
  await expect.poll(() => pointsOf(page)).toBeGreaterThan(points);
  await expect(page.getByTestId('steps-per-sec')).not.toHaveText('0.00');

  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('status')).toHaveText('paused');
  const paused = await stepOf(page);
  await page.waitForTimeout(1500);
  expect(await stepOf(page)).toBe(paused);

  await page.getByRole('button', { name: 'Step ×1', exact: true }).click();
  await expect.poll(() => stepOf(page)).toBe(paused + 1);

  await page.getByRole('button', { name: 'Play' }).click();
  await expect.poll(() => stepOf(page)).toBeGreaterThan(paused + 1);

  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(page.getByTestId('status')).toHaveText('paused');
  await expect(page.getByTestId('step')).toHaveText('0');
  await expect(page.getByTestId('train-acc')).toHaveText('–');
  expect(errors).toEqual([]);
});

test('alpha and lambda change mid-run without a reset and leave markers; other keys ask first', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(`?${TINY}&steps=100000&autoplay=1`);
  await expect.poll(() => stepOf(page)).toBeGreaterThanOrEqual(3);

  await page.getByLabel('alpha').fill('0.9');
  await page.getByLabel('alpha').press('Enter');
  await page.getByLabel('lambda').fill('5');
  await page.getByLabel('lambda').press('Enter');
  const after = await stepOf(page);
  await expect(page.getByTestId('accuracy-chart')).toContainText('α=0.9');
  await expect(page.getByTestId('accuracy-chart')).toContainText('λ=5');
  await expect.poll(() => stepOf(page)).toBeGreaterThan(after); // still the same run, still going
  await expect(page).toHaveURL(/alpha=0\.9/);
  await expect(page).toHaveURL(/lambda=5/);

  // The slider works from the keyboard and commits when the key is let go.
  await page.getByLabel('λ slider').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByLabel('lambda')).toHaveValue('5.1');
  await expect(page.getByTestId('accuracy-chart')).toContainText('λ=5.1');

  // α's slider spreads the useful values (0.9 to 0.999) over its track: five key presses from 0.9
  // move it by about a hundredth, where a linear track would cross most of 0–1.
  await page.getByLabel('α slider').focus();
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
  await expect.poll(async () => Number(await page.getByLabel('alpha').inputValue())).toBeGreaterThan(0.9);
  expect(Number(await page.getByLabel('alpha').inputValue())).toBeLessThan(0.93);

  // A bad value is refused with a message and changes nothing.
  await page.getByLabel('weight decay').fill('-1');
  await page.getByLabel('weight decay').press('Enter');
  await expect(page.getByText('wd: "-1" is out of range; expected a number from 0 to 10')).toBeVisible();

  // A key that defines the run asks before discarding it.
  const before = await stepOf(page);
  await page.getByLabel('width').fill('32');
  await page.getByLabel('width').press('Enter');
  const dialog = page.getByRole('alertdialog', { name: 'Start a new run?' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Keep current run' }).click();
  await expect(dialog).toBeHidden();
  expect(await stepOf(page)).toBeGreaterThanOrEqual(before);

  await page.getByLabel('width').fill('32');
  await page.getByLabel('width').press('Enter');
  await dialog.getByRole('button', { name: 'Start new run' }).click();
  await expect(page.getByTestId('step')).toHaveText('0');
  await expect(page).toHaveURL(/dim=32/);
  expect(errors).toEqual([]);
});

test('a lost GPU device pauses the run, moves it to another backend and keeps its metrics', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(`?${TINY}&steps=100000&autoplay=1&${ON_WEBGPU}`);
  await expect(page.getByTestId('backend')).toHaveText('webgpu');
  await pastFirstCheckpoint(page);
  await page.evaluate(() => (window as unknown as { grokLab: { loseDevice: () => void } }).grokLab.loseDevice());

  await expect(page.getByTestId('status')).toContainText('paused: the GPU device was lost');
  await expect(page.getByTestId('backend')).not.toHaveText('webgpu');
  await expect(page.getByTestId('backend-fallback')).toContainText('the GPU device was lost');
  const resumedAt = await stepOf(page);
  expect(resumedAt).toBeGreaterThan(0);
  await expect(page.getByTestId('train-acc')).toHaveText(/^\d+\.\d%$/);
  expect(Number(await page.getByTestId('accuracy-chart').getAttribute('data-points'))).toBeGreaterThan(0);

  await page.getByRole('button', { name: 'Play' }).click();
  await expect.poll(() => stepOf(page)).toBeGreaterThan(resumedAt);
  expect(errors).toEqual([]);
});

test('with the filter off, moving λ turns Grokfast-EMA on: one marker names both changes', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(`?${TINY}&steps=100000&filter=none&autoplay=1`);
  await expect.poll(() => stepOf(page)).toBeGreaterThanOrEqual(3);
  // The sliders say so in place before anything moves.
  await expect(page.getByTestId('lambda-off')).toHaveText('The filter is off: changing this turns ema on.');
  await expect(page.getByTestId('alpha-off')).toBeVisible();
  await expect(page.getByTestId('window-off')).toBeVisible();

  await page.getByLabel('λ slider').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByLabel('lambda')).toHaveValue('2.1');
  await expect(page.getByRole('combobox', { name: /^filter/ })).toHaveValue('ema');
  await expect(page.getByTestId('accuracy-chart')).toContainText('filter=ema, λ=2.1');
  await expect(page.getByTestId('lambda-off')).toHaveCount(0);
  const after = await stepOf(page);
  await expect.poll(() => stepOf(page)).toBeGreaterThan(after); // the same run goes on, now filtered
  await expect(page).toHaveURL(/lambda=2\.1/);
  await expect(page).not.toHaveURL(/filter=none/);
  expect(errors).toEqual([]);
});

test('while training before the first evaluation, the charts say when it comes, not "press play"', async ({ page }) => {
  await page.goto(`?${TINY.replace('eval=1', 'eval=5000')}&steps=200000&autoplay=1`);
  await expect(page.getByTestId('status')).toHaveText('running');
  await expect(page.getByTestId('charts-empty')).toHaveText(
    'Training: the first evaluation comes at step 5,000, then the curves start',
  );
});

test('arrow key presses close together are one change, and each press moves α one visible step', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(`?${TINY}&steps=100000&autoplay=1`);
  await expect.poll(() => stepOf(page)).toBeGreaterThanOrEqual(3);
  const labels = page.getByTestId('accuracy-chart').locator('svg.metric-labels text');

  await page.getByLabel('λ slider').focus();
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
  await expect(page.getByLabel('lambda')).toHaveValue('2.5');
  await expect(labels.filter({ hasText: 'λ=2.5' })).toHaveCount(1);
  expect(await labels.filter({ hasText: 'λ=' }).count()).toBe(1);

  // From 0.98, thirty presses to the left: 1 − α goes 0.020, 0.021, … 0.050.
  await page.getByLabel('α slider').focus();
  for (let i = 0; i < 30; i++) await page.keyboard.press('ArrowLeft');
  await expect(page.getByLabel('alpha')).toHaveValue('0.95');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByLabel('alpha')).toHaveValue('0.951');
  await expect(page).toHaveURL(/alpha=0\.951/);
  expect(errors).toEqual([]);
});

test('the first evaluation is drawn at once, as a dot, not after the second', async ({ page }) => {
  await page.goto(`?${TINY}&steps=100000`);
  await expect(page.getByTestId('status')).toHaveText('paused');
  await page.getByRole('button', { name: 'Step ×1', exact: true }).click();
  const chart = page.getByTestId('accuracy-chart');
  await expect(chart).toHaveAttribute('data-points', '1');
  const inked = () =>
    chart.locator('canvas.metric-lines').evaluate((c: HTMLCanvasElement) => {
      const ctx = c.getContext('2d');
      if (!ctx) return 0;
      const pixels = ctx.getImageData(0, 0, c.width, c.height).data;
      let count = 0;
      for (let i = 3; i < pixels.length; i += 4) if ((pixels[i] ?? 0) > 0) count++;
      return count;
    });
  await expect.poll(inked).toBeGreaterThan(20);
});
