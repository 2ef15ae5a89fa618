// The race: one click trains the settings in force and their baseline (filter none, all else equal)
// side by side, on the same charts, with the speed-up read off them; afterwards both are runs.
import { expect, test } from '@playwright/test';
import { collectErrors, ON_WEBGPU, pastFirstCheckpoint, TINY } from './helpers';

test('one click races the baseline; both train on the same charts and end as two runs in the list', async ({
  page,
}) => {
  const errors = collectErrors(page);
  await page.goto(`?${TINY}&steps=100000&filter=none`);
  await expect(page.getByTestId('status')).toHaveText('paused');
  // With the filter off there is nothing to race.
  await expect(page.getByTestId('race')).toBeDisabled();
  await expect(page.getByTestId('race')).toHaveAttribute('title', /filter is off/);
  await page.getByRole('combobox', { name: /^filter/ }).selectOption('ema');

  await page.getByTestId('race').click();
  const rows = page.getByTestId('race-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('Grokfast-EMA');
  await expect(rows.nth(1)).toContainText('baseline: filter none');
  await expect(page.getByTestId('speedup').first()).toHaveText('neither has grokked yet');
  // Both train: the baseline's lines join the charts, named in the legend.
  await expect.poll(async () => Number(await rows.nth(1).locator('td').nth(2).textContent())).toBeGreaterThanOrEqual(3);
  await expect(page.getByTestId('accuracy-chart').locator('[data-overlay$="(baseline)"]')).toBeVisible();
  await expect(page.getByTestId('loss-chart').locator('[data-overlay$="(baseline)"]')).toBeVisible();
  // Both are in the runs list while they race, the baseline as the reference.
  const listed = page.getByTestId('run-row');
  await expect(listed).toHaveCount(2);
  await expect(listed.nth(0).locator('.diff')).toHaveText('filter=ema');
  await expect(listed.nth(1).locator('.diff')).toHaveText('(reference)');

  // Pause stops both, in step with each other.
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('status')).toHaveText('paused');
  await expect(rows.nth(1).locator('td').nth(7)).toHaveText('paused');
  const step = await page.getByTestId('step').textContent();
  await expect(rows.nth(1).locator('td').nth(2)).toHaveText(step ?? '');

  // A live change mid-race, then both runs step on together (which run each change goes to is held
  // by test/store.test.ts).
  await page.getByLabel('learning rate').fill('0.002');
  await page.getByLabel('learning rate').press('Enter');
  await page.getByRole('button', { name: 'Step ×1', exact: true }).click();
  await expect(page.getByTestId('step')).toHaveText(String(Number(step) + 1));
  await expect(rows.nth(1).locator('td').nth(2)).toHaveText(String(Number(step) + 1));

  // Ending the race keeps the baseline as an ordinary run; the current run goes on alone.
  await page.getByTestId('end-race').click();
  await expect(rows).toHaveCount(0);
  await expect(listed).toHaveCount(2);
  const baseline = listed.nth(1);
  await expect(baseline.locator('input.run-name')).toHaveValue(/\(baseline\)/);
  await expect(baseline.getByRole('button', { name: /^delete/ })).toBeVisible();
  await expect(page.getByTestId('race')).toBeEnabled();
  await page.getByRole('button', { name: 'Step ×1', exact: true }).click();
  await expect(page.getByTestId('step')).toHaveText(String(Number(step) + 2));
  expect(errors).toEqual([]);
});

test('a lost GPU device mid-race moves both runs to another backend, in step, from their checkpoints', async ({
  page,
}) => {
  const errors = collectErrors(page);
  await page.goto(`?${TINY}&steps=100000&${ON_WEBGPU}`);
  await expect(page.getByTestId('backend')).toHaveText('webgpu');
  await page.getByTestId('race').click();
  await pastFirstCheckpoint(page);
  await page.evaluate(() => (window as unknown as { grokLab: { loseDevice: () => void } }).grokLab.loseDevice());

  await expect(page.getByTestId('status')).toContainText('paused: the GPU device was lost');
  await expect(page.getByTestId('backend')).not.toHaveText('webgpu');
  const rows = page.getByTestId('race-row');
  const stepOfRow = async (i: number) =>
    Number((await rows.nth(i).locator('td').nth(2).textContent())?.replace(/,/g, ''));
  await expect(rows.nth(1).locator('td').nth(7)).toHaveText('paused');
  const resumedAt = await stepOfRow(0);
  expect(resumedAt).toBeGreaterThan(0);
  expect(await stepOfRow(1)).toBe(resumedAt);

  await page.getByRole('button', { name: 'Play' }).click();
  await expect.poll(() => stepOfRow(1)).toBeGreaterThan(resumedAt);
  await expect.poll(() => stepOfRow(0)).toBeGreaterThan(resumedAt);
  expect(errors).toEqual([]);
});

test('the bare address opens the classroom race, ready to play; its link (race=1) opens the race again', async ({
  page,
}) => {
  const errors = collectErrors(page);
  await page.goto('./');
  const rows = page.getByTestId('race-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('Grokfast-EMA');
  await expect(rows.nth(1)).toContainText('baseline: filter none');
  await expect(page.getByTestId('status')).toHaveText('paused');
  await expect(page.locator('[data-preset="classroom-race"]')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('preset-description')).toContainText('Watch the baseline');
  await expect(page).toHaveURL(/[?&]race=1/);
  await expect(page.getByTestId('charts-empty')).toHaveText('No evaluations yet: press play');

  // Playing, the charts say what each run is doing and what comes next.
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(page.getByTestId('run-story')).toContainText(/memoris/);
  await expect(page.getByTestId('baseline-story')).toContainText(/^baseline: memoris/);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('status')).toHaveText('paused');

  const link = page.url();
  const other = await page.context().newPage();
  await other.goto(link);
  await expect(other.getByTestId('race-row')).toHaveCount(2);
  await expect(other).toHaveURL(link);
  await other.close();
  expect(errors).toEqual([]);
});
