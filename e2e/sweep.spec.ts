// The sweep view: a link opens a grid ready to run; it runs in a pool of workers beside the lab, fills
// in the phase diagram, opens a cell's runs in the lab, and cancelling leaves no worker behind.
import { expect, type Page, test } from '@playwright/test';
import { collectErrors, TINY } from './helpers';

const sweepWorkers = (page: Page) =>
  page.evaluate(() => (window as unknown as { grokLab: { sweepWorkers: () => number } }).grokLab.sweepWorkers());

test('a sweep link runs its grid in workers, draws it, and opens a cell in the lab', async ({ page }) => {
  const errors = collectErrors(page);
  const grid = encodeURIComponent('wd=0,0.1 seed=0,1');
  await page.goto(`?${TINY}&steps=30&eval=10&backend=wasm&sweep=${grid}&sweepStop=5`);
  await expect(page.getByTestId('status')).toHaveText('paused');
  const sweep = page.getByRole('region', { name: 'Sweep' });
  await expect(sweep.getByLabel('key 1')).toHaveValue('wd');
  await expect(sweep.getByLabel('values 1')).toHaveValue('0,0.1');
  await expect(sweep.getByLabel('key 2')).toHaveValue('seed');
  await expect(sweep.getByLabel('values 2')).toHaveValue('0,1');
  await expect(sweep.getByLabel('Stop after grokking')).toHaveValue('5');

  await sweep.getByLabel('Workers').fill('2');
  await sweep.getByRole('button', { name: 'Run sweep' }).click();
  await expect(page.getByTestId('sweep-status')).toContainText('4/4 ended', { timeout: 60_000 });
  await expect(page.getByTestId('sweep-status')).toContainText('done');
  expect(await sweepWorkers(page)).toBe(0);

  // One key (the seeds go into each cell): a strip of two cells and the line.
  const cells = sweep.locator('.phase-cell');
  await expect(cells).toHaveCount(2);
  await expect(cells.first()).toHaveAttribute('aria-label', /^wd 0: .*seed 0: .*seed 1: /);
  await expect(sweep.locator('.phase-line svg')).toBeVisible();
  await expect(sweep.getByRole('button', { name: 'Export PNG' })).toBeEnabled();

  // A cell's runs join the runs list with their metrics, drawn on the charts.
  await expect(page.getByTestId('run-row')).toHaveCount(1);
  await cells.nth(1).click();
  await expect(sweep.getByText('Opened 2 runs in the runs list')).toBeVisible();
  await expect(page.getByTestId('run-row')).toHaveCount(3);
  await expect(page.getByTestId('accuracy-chart').locator('[data-overlay^="Sweep wd=0.1"]')).toHaveCount(2);
  expect(errors).toEqual([]);
});

test('a bad grid is refused by name; cancelling stops every worker', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(`?${TINY}&steps=1000000&eval=10&backend=wasm`);
  await expect(page.getByTestId('status')).toHaveText('paused');
  const sweep = page.getByRole('region', { name: 'Sweep' });
  // The default grid's first key is weight decay; a bad value of it is named and nothing runs.
  await expect(sweep.getByLabel('key 1')).toHaveValue('wd');
  await sweep.getByLabel('values 1').fill('-1,0.1');
  await sweep.getByRole('button', { name: 'Run sweep' }).click();
  await expect(page.getByTestId('sweep-errors')).toContainText('wd: "-1" is out of range');
  expect(await sweepWorkers(page)).toBe(0);

  // Picked from the schema's keys: the learning rate, three values, one seed.
  await sweep.getByLabel('key 1').selectOption('lr');
  await sweep.getByLabel('values 1').fill('0.001,0.003,0.01');
  await sweep.getByRole('button', { name: 'remove row 2' }).click();
  await expect(sweep.locator('code').filter({ hasText: 'npm run sweep' })).toHaveText(
    "npm run sweep -- --grid 'lr=0.001,0.003,0.01'",
  );
  await sweep.getByLabel('Workers').fill('2');
  await sweep.getByRole('button', { name: 'Run sweep' }).click();
  await expect(page.getByTestId('sweep-errors')).toHaveCount(0);
  await expect(page.getByTestId('sweep-status')).toContainText('2 running', { timeout: 30_000 });
  expect(await sweepWorkers(page)).toBe(2);
  await sweep.getByRole('button', { name: 'Cancel sweep' }).click();
  await expect(page.getByTestId('sweep-status')).toContainText('cancelled, workers stopped');
  expect(await sweepWorkers(page)).toBe(0);
  // Cancelled runs are drawn as stopped: not as "none grokked by the budget" (—), nor still running (…).
  const cells = sweep.locator('.phase-cell');
  await expect(cells).toHaveCount(3);
  await expect(cells.filter({ hasText: /^(—|…)$/ })).toHaveCount(0);
  await expect(cells.filter({ hasText: 'stopped' }).first()).toBeVisible();
  // The lab itself is untouched and still trains.
  await page.getByRole('button', { name: 'Step ×1', exact: true }).click();
  await expect(page.getByTestId('step')).toHaveText('1');
  expect(errors).toEqual([]);
});
