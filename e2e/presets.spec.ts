// Presets and share links: one click loads a preset, the address bar follows, and it copies.
import { expect, type Locator, test } from '@playwright/test';
import { PRESETS, presetById } from '../src/config/presets';
import { appliesTo, CONFIG_KEYS, DEFAULT_CONFIG, SCHEMA } from '../src/config/schema';
import { configToQuery } from '../src/config/url';
import { EVERY_KEY_CHANGED } from '../test/fixtures';
import { collectErrors, stepOf, TINY } from './helpers';

test('each preset loads with one click and the address bar holds it', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(`?${TINY}&steps=100000`);
  await expect(page.getByTestId('status')).toHaveText('paused');
  for (const preset of PRESETS) {
    await page.locator(`[data-preset="${preset.id}"]`).click();
    await expect(page.locator(`[data-preset="${preset.id}"]`)).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('preset-description')).toHaveText(preset.description);
    expect(new URL(page.url()).search).toBe(`?${configToQuery(preset.config, { race: preset.race ?? false })}`);
    await expect(page.getByTestId('status')).toHaveText('paused');
  }
  expect(errors).toEqual([]);
});

test('a preset asks before it replaces a run that has started', async ({ page }) => {
  await page.goto(`?${TINY}&steps=100000&autoplay=1`);
  await expect.poll(() => stepOf(page)).toBeGreaterThanOrEqual(2);
  await page.locator('[data-preset="classroom"]').click();
  const dialog = page.getByRole('alertdialog', { name: 'Start a new run?' });
  await expect(dialog).toContainText('Loading the preset “Classroom demo” needs a new run');
  await dialog.getByRole('button', { name: 'Keep current run' }).click();
  await expect(page).toHaveURL(/p=5/);
  await page.locator('[data-preset="classroom"]').click();
  await dialog.getByRole('button', { name: 'Start new run' }).click();
  await expect(page.getByTestId('step')).toHaveText('0');
  await expect(page).toHaveURL(/p=23/);
});

test('copy link puts the address with the settings in force on the clipboard', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(`?${TINY}&steps=100000`);
  await page.getByLabel('lambda').fill('4');
  await page.getByLabel('lambda').press('Enter');
  await expect(page).toHaveURL(/lambda=4/);
  await page.getByTestId('copy-link').click();
  await expect(page.getByText('Link copied')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(page.url());
});

test('a link with every key round-trips: the page shows each value and the address bar keeps them', async ({
  page,
}) => {
  const every = EVERY_KEY_CHANGED;
  for (const key of CONFIG_KEYS) expect(every[key], key).not.toBe(DEFAULT_CONFIG[key]);
  // With a pinned backend: the one key that is not a setting of the experiment.
  const query = configToQuery(every, {}, 'wasm');
  await page.goto(`?${query}`);
  await expect(page.getByTestId('status')).toHaveText('paused');
  expect(new URL(page.url()).search).toBe(`?${query}`);
  // The page shows the keys of the link's task; the address bar keeps the others too.
  for (const key of CONFIG_KEYS.filter((k) => appliesTo(k, every.task))) {
    await expect(page.getByLabel(SCHEMA[key].label, { exact: false }).first(), key).toHaveValue(String(every[key]));
  }
  await expect(page.getByLabel(SCHEMA.p.label, { exact: false })).toHaveCount(0);
  await expect(page.getByTestId('backend-pin')).toHaveValue('wasm');
  await expect(page.getByTestId('url-notice')).toHaveCount(0);
});

test('the paper setup, every value a default, is shared and reopens as itself, not as the small preset', async ({
  page,
}) => {
  const showsDefaults = async () => {
    await expect(page.getByTestId('status')).toHaveText('paused');
    for (const key of CONFIG_KEYS.filter((k) => appliesTo(k, 'mod'))) {
      await expect(page.getByLabel(SCHEMA[key].label, { exact: false }).first(), key).toHaveValue(
        String(DEFAULT_CONFIG[key]),
      );
    }
  };
  // A link that names one key at its default value: the schema defaults, which are the paper's setup.
  await page.goto('?steps=100000');
  await showsDefaults();
  const shared = page.url();
  expect(new URL(shared).search).toBe(`?${configToQuery(DEFAULT_CONFIG)}`);
  await page.goto(shared);
  await showsDefaults();
  // The paper's Grokfast-EMA preset with the step budget set back to its default is the same config
  // but for the three keys where the Grokfast code differs from the paper's text (issue 26).
  await page.locator('[data-preset="paper-ema"]').click();
  await page.getByLabel(SCHEMA.steps.label, { exact: false }).first().fill(String(DEFAULT_CONFIG.steps));
  await page.getByLabel(SCHEMA.steps.label, { exact: false }).first().press('Enter');
  const code = { ...DEFAULT_CONFIG, block: 'grokfast', bzero: 'exclude', firstlr: 'zero' } as const;
  expect(configToQuery(code)).toBe('bzero=exclude&block=grokfast&firstlr=zero');
  await expect(page).toHaveURL(new RegExp(`\\?${configToQuery(code)}$`));
  await page.goto(page.url());
  for (const key of ['bzero', 'block', 'firstlr'] as const)
    await expect(page.getByLabel(SCHEMA[key].label, { exact: false }).first(), key).toHaveValue(code[key]);
});

test('classroom mode shows only the essentials, in large type; shortcuts and explainer are there', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(`?${TINY}&steps=100000&present=1`);
  await expect(page.getByTestId('status')).toHaveText('paused');
  await expect(page.locator('main.present')).toBeVisible();
  for (const label of ['alpha', 'lambda']) await expect(page.getByLabel(label)).toBeVisible();
  for (const label of ['width', 'weight decay', 'learning rate', 'modulus p'])
    await expect(page.getByLabel(label)).toHaveCount(0);
  await expect(page.getByTestId('runs')).toHaveCount(0);
  await expect(page.locator('[data-preset="classroom"]')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  await expect(page.getByTestId('accuracy-chart').or(page.getByTestId('charts-empty'))).toBeVisible();

  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toContainText('play / pause');
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);

  await page.getByText('What does Grokfast do?').click();
  await expect(page.getByText(/adds λ times that slow part/)).toBeVisible();

  await page.getByRole('button', { name: 'Leave classroom mode' }).click();
  await expect(page.getByLabel('width')).toBeVisible();
  expect(new URL(page.url()).searchParams.get('present')).toBeNull();
  expect(errors).toEqual([]);
});

test('nothing moves under the cursor: leaving a preset or copying the link keeps the layout', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.setViewportSize({ width: 1280, height: 900 });
  const classroom = presetById('classroom');
  await page.goto(`?${configToQuery(classroom.config)}`);
  await expect(page.getByTestId('preset-description')).toHaveText(classroom.description);
  await expect(page.getByTestId('backend')).not.toHaveText(/starting|choosing/);
  // Where an element is on the page (not in the window: filling a field may scroll).
  const box = (at: Locator) =>
    at.evaluate((e) => {
      const r = e.getBoundingClientRect();
      return { x: Math.round(r.x + window.scrollX), y: Math.round(r.y + window.scrollY) };
    });
  const below = page.getByTestId('status');
  const before = await box(below);
  // A live change leaves the preset: its description gives way to a line of the same height.
  await page.getByLabel('lambda').fill('4');
  await page.getByLabel('lambda').press('Enter');
  await expect(page.getByTestId('preset-description')).toHaveText('Your own settings: no preset matches them.');
  expect(await box(below)).toEqual(before);

  // "Link copied" appears without pushing the buttons beside it.
  const mode = page.getByRole('button', { name: 'Classroom mode' });
  const modeBefore = await box(mode);
  await page.getByTestId('copy-link').click();
  await expect(page.getByText('Link copied')).toBeVisible();
  expect(await box(mode)).toEqual(modeBefore);
  expect(await box(below)).toEqual(before);
  // …and is drawn over nothing: not over the intro text under it.
  const said = await page.getByText('Link copied').boundingBox();
  const lede = await page.locator('.lede').boundingBox();
  expect(said && lede && (said.y + said.height <= lede.y || said.y >= lede.y + lede.height)).toBe(true);
});

test('on a phone, the question a preset asks shows where the eye is, in the viewport', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`?${TINY}&steps=100000&autoplay=1`);
  await expect.poll(() => stepOf(page)).toBeGreaterThanOrEqual(2);
  const preset = page.locator('[data-preset="compose-small"]');
  await preset.scrollIntoViewIfNeeded();
  await preset.click();
  const dialog = page.getByRole('alertdialog', { name: 'Start a new run?' });
  await expect(dialog).toBeInViewport({ ratio: 1 });
  await expect(dialog.getByRole('button', { name: 'Keep current run' })).toBeFocused();
  await dialog.getByRole('button', { name: 'Keep current run' }).click();
  await expect(dialog).toBeHidden();
});

test('classroom mode fits a projector: both charts on a 1280×900 screen, the backend said', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`?${configToQuery(presetById('classroom-race').config)}&race=1&present=1`);
  await page.getByRole('button', { name: 'Play' }).click();
  await expect.poll(() => stepOf(page)).toBeGreaterThanOrEqual(200);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('status')).toHaveText('paused');
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect(page.getByTestId('accuracy-chart')).toBeInViewport({ ratio: 1 });
  await expect(page.getByTestId('loss-chart')).toBeInViewport({ ratio: 1 });
  await expect(page.getByTestId('backend')).toHaveText(/wasm|webgpu|webgl|cpu/);
  await expect(page.getByTestId('race-board').or(page.locator('.race-board'))).toHaveCount(1);
});

test('a preset switch never hangs silently: the new run says what it waits for, and can start afresh', async ({
  page,
}) => {
  const errors = collectErrors(page);
  // A model big enough that one step on the cpu backend (plain JavaScript) takes tens of seconds. Not
  // the software WebGPU adapter: after its worker ends, its GPU process still finishes the queued
  // step, which took minutes on a loaded machine; a cpu step ends with its worker.
  await page.goto('?p=97&layers=2&dim=128&batch=2048&eval=1000&steps=100000&backend=cpu');
  await expect(page.getByTestId('status')).toHaveText('paused');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect(page.getByTestId('status')).toHaveText('running');
  await page.locator('[data-preset="classroom"]').click();
  await page
    .getByRole('alertdialog', { name: 'Start a new run?' })
    .getByRole('button', { name: 'Start new run' })
    .click();
  await expect(page.getByTestId('status')).toContainText(
    "starting: waiting for the previous run's training step on cpu to finish",
  );
  await page.getByTestId('stop-waiting').click();
  await expect(page.getByTestId('status')).toHaveText('paused');
  await expect(page.getByTestId('stop-waiting')).toHaveCount(0);
  await expect(page.getByTestId('backend')).toHaveText('cpu');
  await page.getByRole('button', { name: 'Step ×1', exact: true }).click();
  await expect.poll(() => stepOf(page)).toBe(1);
  expect(errors).toEqual([]);
});
