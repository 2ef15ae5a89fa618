// A real race, to the first verdict: the classroom preset against its baseline. It runs on wasm
// (WebGPU here is a software rasteriser, far too slow to grok), which takes about a minute and a half.
import { expect, test } from '@playwright/test';
import { presetById } from '../src/config/presets';
import { configToQuery } from '../src/config/url';
import { CHROMIUM_PATH, WASM_ONLY_ARGS } from './chromium';
import { collectErrors } from './helpers';

test.use({ launchOptions: { executablePath: CHROMIUM_PATH, args: WASM_ONLY_ARGS } });

test('racing the classroom preset gives a speed-up readout once Grokfast groks, and two runs', async ({ page }) => {
  test.setTimeout(420_000);
  const errors = collectErrors(page);
  await page.goto(`?${configToQuery(presetById('classroom').config)}`);
  await expect(page.getByTestId('status')).toHaveText('paused');
  await page.getByTestId('race').click();

  const verdict = page.locator('.race-headline').getByTestId('speedup');
  await expect(verdict).toHaveText(
    /^at least \d+\.\d× fewer steps to grok \(the baseline has not grokked by step [\d,]+\)$/,
    { timeout: 360_000 },
  );
  const rows = page.getByTestId('race-row');
  const grokked = (row: number) => rows.nth(row).locator('td').nth(6);
  await expect(grokked(0)).toHaveText(/^[\d,]+$/);
  await expect(grokked(1)).toHaveText('–');
  // The Grokfast run's grokked marker is drawn on the chart (a labelled line, not the caption above
  // it); the baseline, not grokked, has none.
  const markerLabels = page.getByTestId('accuracy-chart').locator('svg text');
  await expect(markerLabels.filter({ hasText: /^grokked$/ })).toHaveCount(1);
  await expect(markerLabels.filter({ hasText: /baseline.* grokked$/ })).toHaveCount(0);
  // Marker labels are drawn above the curves (their own layer, after the lines' canvas) and never
  // overlap one another.
  const layer = page.getByTestId('accuracy-chart').locator('svg.metric-labels');
  const labels = await layer.locator('text').evaluateAll((texts) =>
    texts.map((t) => {
      const r = t.getBoundingClientRect();
      return { text: t.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom };
    }),
  );
  expect(labels.map((l) => l.text)).toEqual(expect.arrayContaining(['memorised', 'baseline memorised', 'grokked']));
  for (const [i, a] of labels.entries())
    for (const b of labels.slice(i + 1)) {
      const apart = a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;
      expect(apart, `${a.text} and ${b.text} overlap`).toBe(true);
    }
  expect(
    await layer.evaluate((svg) => svg.previousElementSibling?.matches('canvas.metric-lines, .metric-lines') ?? false),
  ).toBe(true);

  await page.getByTestId('end-race').click();
  await page.getByRole('button', { name: 'Pause' }).click();
  const listed = page.getByTestId('run-row');
  await expect(listed).toHaveCount(2);
  await expect(listed.nth(0).locator('td').nth(5)).toHaveText(/^[\d,]+$/); // grokked
  await expect(listed.nth(1).locator('td').nth(5)).toHaveText('–');
  await expect(listed.nth(1).locator('.diff')).toHaveText('(reference)');
  expect(errors).toEqual([]);
});
