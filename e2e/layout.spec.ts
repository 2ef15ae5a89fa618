// The chart is the page (issue 25): on the first screen, without scrolling, at common screen sizes.
// A laptop (1366×768, and 1280×900) shows Play, the race's headline, α, λ and the whole accuracy
// chart once Play is pressed on the bare address; a phone (390×844) shows Play and the accuracy chart
// and the race table whole; a projector in classroom mode shows both charts with every axis label.
import { expect, type Locator, type Page, test } from '@playwright/test';
import { presetById } from '../src/config/presets';
import { configToQuery } from '../src/config/url';
import { stepOf } from './helpers';

/** Presses Play on the page as it opened, lets the charts draw a few evaluations, back at the top. */
async function play(page: Page): Promise<void> {
  await expect(page.getByTestId('backend')).not.toHaveText(/starting|choosing/);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect.poll(() => stepOf(page)).toBeGreaterThanOrEqual(100);
  await expect(page.getByTestId('accuracy-chart')).toBeVisible();
  // Playwright may scroll to click; a user clicking Play on the first screen does not.
  await page.evaluate(() => window.scrollTo(0, 0));
}

/** Every tick label of a chart (both axes) lies wholly inside the window. */
async function ticksInWindow(chart: Locator): Promise<void> {
  const ticks = chart.locator('.metric-tick');
  await expect.poll(() => ticks.count()).toBeGreaterThan(4);
  const outside = await ticks.evaluateAll((all) =>
    all
      .map((t) => ({ text: t.textContent, r: t.getBoundingClientRect() }))
      .filter(({ r }) => r.top < 0 || r.left < 0 || r.bottom > window.innerHeight || r.right > window.innerWidth)
      .map(({ text, r }) => `${text} at ${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.bottom)}`),
  );
  expect(outside).toEqual([]);
}

for (const viewport of [
  { width: 1366, height: 768 },
  { width: 1280, height: 900 },
]) {
  test(`a laptop at ${viewport.width}×${viewport.height}: after Play on the bare address the accuracy chart, Play, the race's headline, α and λ are on the first screen`, async ({
    page,
  }) => {
    await page.setViewportSize(viewport);
    await page.goto('./');
    await play(page);
    await expect(page.getByTestId('accuracy-chart')).toBeInViewport({ ratio: 1 });
    await expect(page.getByRole('button', { name: 'Pause' })).toBeInViewport({ ratio: 1 });
    await expect(page.getByTestId('speedup').first()).toBeInViewport({ ratio: 1 });
    for (const label of ['alpha', 'lambda']) await expect(page.getByLabel(label)).toBeInViewport({ ratio: 1 });
    await ticksInWindow(page.getByTestId('accuracy-chart'));
  });
}

test('the backend is one line with its detail on demand; the presets are one row', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto('./');
  await expect(page.getByTestId('backend')).not.toHaveText(/starting|choosing/);
  const backend = page.locator('.backend');
  const line = await backend
    .locator('p')
    .first()
    .evaluate((p) => parseFloat(getComputedStyle(p).lineHeight));
  expect((await backend.boundingBox())?.height).toBeLessThan(2 * line);
  // How it was chosen: one click away.
  await expect(page.getByTestId('backend-choice')).toBeHidden();
  await backend.locator('summary').click();
  await expect(page.getByTestId('backend-choice')).toBeVisible();
  await expect(page.getByTestId('backend-choice')).toContainText('Chosen');

  // Every preset button on one row (the row scrolls sideways where they do not all fit).
  const tops = await page.locator('[data-preset]').evaluateAll((all) => all.map((b) => b.getBoundingClientRect().top));
  expect(tops.length).toBeGreaterThan(10);
  expect(new Set(tops).size).toBe(1);
});

test('a phone at 390×844: Play and the accuracy chart on the first screen; the race table whole', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('./');
  await play(page);
  await expect(page.getByTestId('accuracy-chart')).toBeInViewport({ ratio: 1 });
  await expect(page.getByRole('button', { name: 'Pause' })).toBeInViewport({ ratio: 1 });
  await ticksInWindow(page.getByTestId('accuracy-chart'));

  // The presets' row says there are more to scroll to.
  await expect(page.locator('.preset-row')).toHaveAttribute('data-more', 'right');

  // Each run's memorised, grokked and status are on the screen once the table is scrolled to: its
  // rows stack rather than run off the right edge.
  const rows = page.getByTestId('race-row');
  await expect(rows).toHaveCount(2);
  for (const row of await rows.all()) {
    await row.scrollIntoViewIfNeeded();
    for (const label of ['memorised', 'grokked', 'status']) {
      await expect(row.locator(`td[data-label="${label}"]`)).toBeInViewport({ ratio: 1 });
    }
  }
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});

for (const viewport of [
  { width: 1280, height: 720 },
  { width: 1280, height: 900 },
  { width: 1920, height: 1080 },
]) {
  test(`a projector at ${viewport.width}×${viewport.height}: classroom mode shows both charts with every axis label`, async ({
    page,
  }) => {
    await page.setViewportSize(viewport);
    await page.goto(`?${configToQuery(presetById('classroom-race').config)}&race=1&present=1`);
    await play(page);
    for (const chart of ['accuracy-chart', 'loss-chart']) {
      await expect(page.getByTestId(chart)).toBeInViewport({ ratio: 1 });
      await ticksInWindow(page.getByTestId(chart));
    }
    await expect(page.getByTestId('speedup').first()).toBeInViewport({ ratio: 1 });
  });
}
