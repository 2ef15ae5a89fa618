// Nothing the user made is lost (issue 29): a run stored from a real run in the page comes back after
// a reload; a stored run that fails a check is kept, listed with what is wrong and exportable; a
// summary that would have blanked the page is refused with a message, and the lab goes on.
import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { collectErrors, ON_WEBGPU, TINY } from './helpers';

type Stored = Record<string, unknown> & { name: string; sparsity?: { step: number; value: number }[] };

/** The runs the page keeps in IndexedDB (idb-keyval's default store). */
async function storedRuns(page: Page): Promise<Stored[]> {
  return page.evaluate(
    () =>
      new Promise<Stored[]>((resolve, reject) => {
        const open = indexedDB.open('keyval-store');
        open.onerror = () => reject(new Error('no IndexedDB'));
        open.onsuccess = () => {
          const get = open.result.transaction('keyval').objectStore('keyval').get('grok-lab/runs');
          get.onsuccess = () => resolve((get.result ?? []) as Stored[]);
          get.onerror = () => reject(new Error('no stored runs'));
        };
      }),
  );
}

async function storeRuns(page: Page, runs: Stored[]): Promise<void> {
  await page.evaluate(
    (runs) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('keyval-store');
        open.onsuccess = () => {
          const tx = open.result.transaction('keyval', 'readwrite');
          tx.objectStore('keyval').put(runs, 'grok-lab/runs');
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(new Error('not stored'));
        };
      }),
    runs,
  );
}

test('a stored run from a real run survives reloads; one that fails a check is kept, shown and exportable', async ({
  page,
}) => {
  const errors = collectErrors(page);
  // p = 7: three frequencies, all among the five the sparsity counts (where it came out over 1).
  // Reloaded without autoplay: a run that trained after the reload would be stored too (Run 2).
  const reload = () => page.goto(`?${TINY}&p=7&steps=12`);
  await page.goto(`?${TINY}&p=7&steps=12&autoplay=1`);
  await expect(page.getByTestId('status')).toHaveText(/^finished/);
  await expect.poll(async () => (await storedRuns(page)).length, { timeout: 30_000 }).toBe(1);
  const [run] = await storedRuns(page);
  if (!run) throw new Error('no stored run');
  expect(run.sparsity?.length).toBeGreaterThan(0);
  for (const q of run.sparsity ?? []) expect(q.value).toBeLessThanOrEqual(1);

  // The same run as an older lab stored it (sparsity just over 1), and one edited by hand.
  const older: Stored = {
    ...run,
    name: 'stored by an older lab',
    sparsity: (run.sparsity ?? []).map((q, i, all) => (i === all.length - 1 ? { ...q, value: 1.0000000000000002 } : q)),
  };
  const records = run.records as Record<string, number>[];
  const edited: Stored = {
    ...run,
    name: 'edited by hand',
    records: [{ ...records[0], trainAcc: -1 }, ...records.slice(1)],
  };
  await storeRuns(page, [run, older, edited]);

  await reload();
  const rows = page.getByTestId('run-row');
  await expect(rows.filter({ has: page.locator('input[value="Run 1"]') })).toHaveCount(1);
  await expect(rows.filter({ has: page.locator('input[value="stored by an older lab"]') })).toHaveCount(1);
  const unreadable = page.getByTestId('unreadable-run');
  await expect(unreadable).toHaveCount(1);
  await expect(unreadable).toContainText(
    'edited by hand: run file: records[0].trainAcc: -1 is not a number from 0 to 1',
  );
  await expect(page.getByTestId('storage-error')).toHaveCount(0);

  // Exported as it was stored.
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    unreadable.getByRole('button', { name: 'export edited by hand as stored' }).click(),
  ]);
  expect(JSON.parse(readFileSync(await file.path(), 'utf8'))).toEqual(edited);

  // Saves after a change keep it, and so does the next reload.
  await page.getByLabel('name of stored by an older lab').fill('renamed');
  await page.getByLabel('name of stored by an older lab').press('Enter');
  await expect
    .poll(async () => (await storedRuns(page)).map((r) => r.name).sort())
    .toEqual(['Run 1', 'edited by hand', 'renamed']);
  await reload();
  await expect(page.getByTestId('unreadable-run')).toHaveCount(1);
  await expect(rows.filter({ has: page.locator('input[value="renamed"]') })).toHaveCount(1);
  expect(errors).toEqual([]);
});

test('a summary with an impossible result is refused with a message; the runs list and sweep stay', async ({
  page,
}) => {
  const errors = collectErrors(page);
  await page.goto(`?${TINY}&${ON_WEBGPU}`);
  const summary = JSON.parse(readFileSync('docs/runs/sweeps/small-seeds/summary.json', 'utf8')) as {
    runs: Record<string, unknown>[];
  };
  (summary.runs[0] as Record<string, unknown>).grokked = -1;
  const input = page.getByLabel('Import summary.json');
  await input.setInputFiles({
    name: 'summary.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(summary)),
  });
  await expect(page.locator('.sweep-note')).toContainText('runs[0].grokked: -1 is not a whole number');
  await expect(page.getByRole('region', { name: 'Runs' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Sweep' })).toBeVisible();
  await expect(page.getByTestId('section-error')).toHaveCount(0);

  // The project's own summary, from before the block key, imports.
  await input.setInputFiles('docs/runs/sweeps/small-seeds/summary.json');
  await expect(page.locator('.sweep-note')).toHaveText('Showing summary.json.');
  expect(errors).toEqual([]);
});
