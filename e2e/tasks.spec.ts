// The task switch: a link opens a reasoning task with its own keys, three curves and its views of
// facts; switching the task in the page asks first, then shows the new task's keys.
import { expect, test } from '@playwright/test';
import { collectErrors } from './helpers';

const SMALL = 'entities=20&relations=4&degree=2&ood=0.3&phi=2&attributes=2&values=4&layers=1&dim=16&heads=2&batch=64';

test('a composition link trains with three curves and its own keys; switching to comparison asks first', async ({
  page,
}) => {
  const errors = collectErrors(page);
  await page.goto(`?task=compose&${SMALL}&eval=1&steps=100000&backend=wasm`);
  await expect(page.getByTestId('status')).toHaveText('paused');
  await expect(page.locator('.lede code')).toHaveText('two-hop facts about 20 entities (composition)');
  // Its keys, not the arithmetic task's.
  await expect(page.getByLabel('relations per entity')).toHaveValue('2');
  await expect(page.getByLabel('modulus p')).toHaveCount(0);
  await expect(page.getByLabel('attributes')).toHaveCount(0);

  await page.getByRole('button', { name: 'Step ×1', exact: true }).click();
  await expect(page.getByTestId('step')).toHaveText('1');
  const legend = page.getByTestId('accuracy-chart').locator('.metric-legend');
  await expect(legend).toHaveText(/train.*test-ID.*test-OOD/);
  await expect(page.getByTestId('ood-acc')).toHaveText(/^\d+\.\d%$/);
  // The inside views of facts: each split answered, and a fact's attention, picked by a click.
  for (const split of ['train', 'test-ID', 'test-OOD']) {
    await expect(page.getByTestId(`facts-${split}`)).toHaveAttribute('data-step', '1');
  }
  await expect(page.getByTestId('attention-map')).toHaveAttribute('data-fact', '2,0');
  await page.getByTestId('facts-test-ID').locator('button.fact').nth(1).click();
  await expect(page.getByTestId('attention-map')).toHaveAttribute('data-fact', '1,1');
  const picked = page.getByTestId('facts-test-ID').locator('button.fact').nth(1);
  await expect(picked).toHaveAttribute('aria-pressed', 'true');
  await expect(picked).not.toHaveCSS('color', 'rgb(255, 255, 255)'); // readable on its light background
  // Nanda et al.'s progress measures read the arithmetic table: here they say they do not apply.
  await expect(page.getByTestId('progress-chart')).toHaveAttribute('data-applies', 'no');
  await expect(page.getByTestId('progress-chart')).toContainText('the reasoning tasks have none');
  // The logit lens: per layer (embeddings, block 1) and position, test-ID and test-OOD side by side.
  await expect(page.getByTestId('bridge-lens')).toHaveAttribute('data-step', '1');
  for (const split of ['test-ID', 'test-OOD']) {
    await expect(page.getByTestId(`lens-${split}`).locator('td')).toHaveCount(2 * 4);
    await expect(page.getByTestId(`lens-${split}`).locator('td').first()).toHaveText(/^\d+\.\d%$/);
  }
  await expect(page.getByTestId('bridge-chart')).toBeVisible();

  await page.getByRole('combobox', { name: /^task/ }).selectOption('compare');
  const dialog = page.getByRole('alertdialog', { name: 'Start a new run?' });
  await dialog.getByRole('button', { name: 'Start new run' }).click();
  await expect(page.getByTestId('step')).toHaveText('0');
  await expect(page).toHaveURL(/task=compare/);
  await expect(page.locator('.lede code')).toHaveText("comparisons of 20 entities' attributes");
  await expect(page.getByLabel('values per attribute')).toHaveValue('4');
  await expect(page.getByLabel('relations per entity')).toHaveCount(0);
  await page.getByRole('button', { name: 'Step ×1', exact: true }).click();
  await expect(page.getByTestId('step')).toHaveText('1');
  // A comparison has no bridge entity: the lens says so in its place.
  await expect(page.getByTestId('bridge-lens')).toHaveAttribute('data-applies', 'no');
  await expect(page.getByTestId('bridge-lens')).toContainText('has no bridge entity');
  expect(errors).toEqual([]);
});
