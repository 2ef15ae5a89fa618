// The runs list: earlier runs are kept, export → import gives the same run, bad files change nothing.
import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { collectErrors, stepOf, TINY } from './helpers';

async function exportJson(page: Page, row: ReturnType<Page['getByTestId']>): Promise<Record<string, unknown>> {
  const [file] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: 'JSON' }).click()]);
  return JSON.parse(readFileSync(await file.path(), 'utf8')) as Record<string, unknown>;
}

test('runs are kept; an exported run imports as the same run, once; delete can be undone; a malformed file is refused', async ({
  page,
}) => {
  const errors = collectErrors(page);
  await page.goto(`?${TINY}&steps=4&autoplay=1`);
  await expect(page.getByTestId('status')).toHaveText(/^finished/);
  await page.getByRole('button', { name: 'Reset', exact: true }).click();
  const rows = page.getByTestId('run-row');
  await expect(rows).toHaveCount(2);

  const first = page.locator('[data-testid="run-row"][data-run-id="1"]');
  const exported = await exportJson(page, first);
  expect(exported).toMatchObject({ format: 'grok-lab-run', version: 1, name: 'Run 1', backend: 'wasm' });
  expect((exported.records as unknown[]).length).toBe(4);
  const file = { name: 'run-1.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(exported)) };

  // The same run twice is refused, naming the row it already is.
  const input = page.getByLabel(/^Import a run/);
  // The file picker offers the page's run files and `npm run train`'s JSON lines (a sweep's runs).
  await expect(input).toHaveAttribute('accept', '.json,.jsonl,application/json');
  await input.setInputFiles(file);
  await expect(page.getByTestId('import-error')).toHaveText(
    'run-1.json: this run is already in the list, as “Run 1”. Nothing was changed.',
  );
  await expect(rows).toHaveCount(2);

  // Delete, then undo: the run is back; delete again and the file brings it back the same.
  await page.getByRole('button', { name: 'delete Run 1' }).click();
  await expect(rows).toHaveCount(1);
  await expect(page.getByTestId('undo-delete')).toContainText('Deleted “Run 1”.');
  await page.getByTestId('undo-delete').getByRole('button', { name: 'Undo' }).click();
  await expect(rows).toHaveCount(2);
  await expect(page.getByLabel('name of Run 1')).toHaveValue('Run 1');
  await expect(page.getByTestId('undo-delete')).toHaveCount(0);
  await page.getByRole('button', { name: 'delete Run 1' }).click();
  await input.setInputFiles(file);
  await expect(rows).toHaveCount(2);
  const imported = rows.nth(1); // newest first, after the current run
  const again = await exportJson(page, imported);
  for (const key of ['name', 'config', 'records', 'events', 'backend']) expect(again[key]).toEqual(exported[key]);

  await input.setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"format": "grok-lab-run", "version": 1'),
  });
  await expect(page.getByTestId('import-error')).toHaveText(
    'broken.json: not a Grok Lab run file: it is not JSON. Nothing was changed.',
  );
  await expect(rows).toHaveCount(2);

  // Compared with the imported run, the current run has the same settings.
  await imported.getByRole('radio').check();
  await expect(rows.nth(0).locator('.diff')).toHaveText('same settings');
  await expect(imported.locator('.diff')).toHaveText('(reference)');

  // An earlier run drawn with the current one, named in the legend.
  await imported.getByRole('checkbox').check();
  await expect(page.getByTestId('accuracy-chart').locator('[data-overlay="Run 1"]')).toBeVisible();
  await imported.getByRole('checkbox').uncheck();
  await expect(page.getByTestId('accuracy-chart').locator('[data-overlay="Run 1"]')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('runs survive a reload', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(`?${TINY}&steps=3&autoplay=1`);
  await expect(page.getByTestId('status')).toHaveText(/^finished/);
  await page.getByLabel('name of Run 1').fill('before the reload');
  await page.getByLabel('name of Run 1').press('Enter');
  await page.waitForTimeout(1500); // saved a second after the last change
  await page.reload();
  const kept = page.getByTestId('run-row').filter({ has: page.locator('input[value="before the reload"]') });
  await expect(kept).toHaveCount(1);
  await expect(kept.locator('td').nth(3)).toHaveText('finished');
  await expect(page.getByTestId('storage-error')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('the runs list keeps true state: a stopped run, names past a reload, the reference', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(`?${TINY}&steps=100000&autoplay=1`);
  await expect.poll(() => stepOf(page)).toBeGreaterThanOrEqual(3);
  // Loading a preset stops the run in play: it is listed as paused, not running.
  await page.locator('[data-preset="classroom"]').click();
  await page
    .getByRole('alertdialog', { name: 'Start a new run?' })
    .getByRole('button', { name: 'Start new run' })
    .click();
  const rows = page.getByTestId('run-row');
  const stopped = rows.filter({ has: page.locator('input[value="Run 1"]') });
  await expect(stopped.locator('td').nth(3)).toHaveText('paused');
  await stopped.getByRole('radio').check();
  await page.waitForTimeout(1500); // saved a second after the last change

  await page.reload();
  const kept = rows.filter({ has: page.locator('input[value="Run 1"]') });
  await expect(kept).toHaveCount(1);
  const names = await rows
    .locator('input.run-name')
    .evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
  expect(names).toContain('Run 1');
  expect(new Set(names).size).toBe(names.length); // no two rows named alike after the reload
  await expect(kept.getByRole('radio')).toBeChecked();
  await expect(kept.locator('td').nth(3)).toHaveText('paused');
  expect(errors).toEqual([]);
});

test('the charts save as a PNG', async ({ page }) => {
  await page.goto(`?${TINY}&steps=3&autoplay=1`);
  await expect(page.getByTestId('status')).toHaveText(/^finished/);
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Save charts as PNG' }).click(),
  ]);
  expect(file.suggestedFilename()).toBe('run-1-charts.png');
  const png = readFileSync(await file.path());
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(png.length).toBeGreaterThan(5000);
});
