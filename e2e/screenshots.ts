// npm run screenshots — the README's pictures of the real build, mid-run: the first screen (the bare
// address: the classroom race) on a 1366×768 laptop and on a 390×844 phone, taken once the race is decided; a race of it against its baseline,
// taken when both have grokked; the inside views just after memorising and after grokking; and a
// reasoning preset trained in the page; the sweep view with a command-line sweep's summary.
// Writes docs/*.png.
import { mkdirSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { presetById, SMALL_GROKFAST_CONFIG } from '../src/config/presets';
import { configToQuery, sweepToQuery } from '../src/config/url';
import { SWEEP_PRESETS, type SweepPreset } from '../src/sweep/presets';
import { CHROMIUM_PATH, WEBGPU_ARGS } from './chromium';
import { startPreview } from './preview';

// Another port with SCREENSHOTS_PORT, for a second checkout or a test server already on this one.
const PORT = Number(process.env.SCREENSHOTS_PORT ?? 4181);

/** The README's reasoning picture: this preset, trained this far. */
const REASONING_SHOT = { preset: 'compose-small', steps: 9500 } as const;

/** Waits until a race is decided (both runs grokked): it pauses itself there. */
async function raceDecided(page: Page): Promise<void> {
  await page
    .getByTestId('speedup')
    .first()
    .filter({ hasText: /× fewer|× more|same steps/ })
    .filter({ hasNotText: 'at least' })
    .waitFor({ timeout: 900_000 });
  await page.getByTestId('status').filter({ hasText: 'paused' }).waitFor();
}

/** The race: started with one click, pictured when both runs have grokked (the race pauses there). */
async function raceShot(browser: Browser, url: string): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1180 } });
  await page.goto(url);
  await page.getByTestId('status').filter({ hasText: 'paused' }).waitFor();
  await page.getByTestId('race').click();
  await raceDecided(page);
  await page.locator('.race-board').scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollTo(0, (document.querySelector('.presets') as HTMLElement).offsetTop - 8));
  await page.screenshot({ path: 'docs/screenshot-race.png' });
  console.log('docs/screenshot-race.png', await page.getByTestId('speedup').first().textContent());
  await page.close();
}

/** The inside views before grokking (just memorised) and after, as one picture each. */
async function insideShots(browser: Browser, url: string): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 960 } });
  await page.goto(url);
  const views = page.locator('.inside-views');
  for (const [name, target] of [
    ['before', 900],
    ['after', 3500],
  ] as const) {
    await page.waitForFunction(
      (n) => (window as unknown as { grokLab: { progress: () => { step: number } } }).grokLab.progress().step >= n,
      target,
      { timeout: 600_000, polling: 200 },
    );
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByTestId('status').filter({ hasText: 'paused' }).waitFor();
    // The views taken where training stopped.
    await page.waitForFunction(() => {
      const step = document.querySelector('[data-testid="step"]')?.textContent;
      return document.querySelector('[data-testid="answer-grid"]')?.getAttribute('data-step') === step;
    });
    await page.getByRole('button', { name: 'strongest frequency' }).click();
    await views.scrollIntoViewIfNeeded();
    await views.screenshot({ path: `docs/inside-${name}.png` });
    console.log(`docs/inside-${name}.png`);
    await page.getByRole('button', { name: 'Play' }).click();
  }
  await page.close();
}

/** The README's progress-measures pictures: a run paused at a step well after it grokked. */
const PROGRESS_SHOTS = {
  // The small preset (Grokfast-EMA).
  progress: { steps: 6000, path: 'docs/progress-measures.png' },
  // The paper's own task (x·y mod 97, Grokfast-EMA, the code's model): seed 1, which grokked at 950
  // in the seed table (seed 0, the preset's, had not begun to memorise by 650).
  'paper-progress': { steps: 1200, path: 'docs/progress-measures-paper.png' },
} as const;

/** The inside charts (weight norm, sparsity, progress measures) of a run paused well after it grokked. */
async function progressShot(
  browser: Browser,
  url: string,
  { steps, path }: { steps: number; path: string },
): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(url);
  await page.waitForFunction(
    (n) => (window as unknown as { grokLab: { progress: () => { step: number } } }).grokLab.progress().step >= n,
    steps,
    { timeout: 3_600_000, polling: 500 },
  );
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.getByTestId('status').filter({ hasText: 'paused' }).waitFor();
  // The charts move with the views: wait for the one at the step where training stopped.
  await page.waitForFunction(() => {
    const step = document.querySelector('[data-testid="step"]')?.textContent;
    return document.querySelector('[data-testid="answer-grid"]')?.getAttribute('data-step') === step;
  });
  const charts = page.locator('.inside-charts');
  await charts.scrollIntoViewIfNeeded();
  await charts.screenshot({ path });
  console.log(path, await page.getByTestId('key-frequencies').textContent());
  console.log(await page.getByTestId('progress-line').getAttribute('aria-label'));
  await page.close();
}

/** A reasoning preset trained in the page to `steps`, then paused: its three curves and markers. */
async function reasoningShot(browser: Browser, url: string, steps: number): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 829 } });
  await page.goto(url);
  await page.waitForFunction(
    (n) => (window as unknown as { grokLab: { progress: () => { step: number } } }).grokLab.progress().step >= n,
    steps,
    { timeout: 7_200_000, polling: 500 },
  );
  await page.keyboard.press('Space');
  await page.getByTestId('status').filter({ hasText: 'paused' }).waitFor();
  // From the run bar down (the readouts and both charts); the preset's own text is in the README.
  await page.evaluate(() => window.scrollTo(0, (document.querySelector('.runbar') as HTMLElement).offsetTop - 8));
  await page.screenshot({ path: 'docs/screenshot-reasoning.png' });
  console.log('docs/screenshot-reasoning.png');
  await page.close();
}

/**
 * The sweep view showing a command-line sweep measured here (README "Sweeps"): its settings and grid
 * from the preset, its results imported from the summary the command wrote.
 */
const SWEEP_SHOT = { preset: 'alpha-lambda-wd', summary: 'docs/runs/sweeps/alpha-lambda-wd/summary.json' } as const;

async function sweepShot(browser: Browser, serverUrl: string, pin: 'webgpu' | 'auto'): Promise<void> {
  const preset = SWEEP_PRESETS.find((p) => p.id === SWEEP_SHOT.preset) as SweepPreset;
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(
    `${serverUrl}?${sweepToQuery(preset.base, { grid: preset.grid, stopAfterGrok: preset.stopAfterGrok }, pin)}`,
  );
  const sweep = page.getByRole('region', { name: 'Sweep' });
  await sweep.locator('input[type="file"]').setInputFiles(SWEEP_SHOT.summary);
  await sweep.getByTestId('sweep-status').filter({ hasText: 'runs from' }).waitFor();
  await sweep.screenshot({ path: 'docs/screenshot-sweep.png' });
  console.log('docs/screenshot-sweep.png');
  await page.close();
}

/** `npm run screenshots` takes every picture; `npm run screenshots -- race inside` only those. */
const SHOTS = ['desktop', 'phone', 'race', 'inside', 'progress', 'paper-progress', 'reasoning', 'sweep'] as const;

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const bad = wanted.filter((w) => !(SHOTS as readonly string[]).includes(w));
  if (bad.length > 0) throw new Error(`unknown picture ${bad.join(', ')}; expected some of ${SHOTS.join(', ')}`);
  const take = (name: (typeof SHOTS)[number]) => wanted.length === 0 || wanted.includes(name);
  mkdirSync('docs', { recursive: true });
  const server = await startPreview(PORT);
  // No GPU on the machines we build on: WebGPU there is a software rasteriser far slower than wasm,
  // so the page picks wasm and says why; GROK_LAB_WEBGPU=1 pins WebGPU instead.
  const pin = process.env.GROK_LAB_WEBGPU === '1' ? 'webgpu' : 'auto';
  const url = `${server.url}?${configToQuery(SMALL_GROKFAST_CONFIG, {}, pin)}&autoplay=1`;
  try {
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: WEBGPU_ARGS });
    for (const { name, viewport } of [
      // The most common laptop screen: the first screen, as it is, no scrolling (issue 25).
      { name: 'desktop', viewport: { width: 1366, height: 768 } },
      { name: 'phone', viewport: { width: 390, height: 844 } },
    ] as const) {
      if (!take(name)) continue;
      // The first view: the bare address, which opens the classroom race; pictured once it is decided.
      const page = await browser.newPage({ viewport, deviceScaleFactor: name === 'phone' ? 2 : 1 });
      await page.goto(`${server.url}?autoplay=1${pin === 'webgpu' ? '&backend=webgpu' : ''}`);
      await raceDecided(page);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: `docs/screenshot-${name}.png` });
      console.log(`docs/screenshot-${name}.png`);
      await page.close();
    }
    if (take('race')) await raceShot(browser, `${server.url}?${configToQuery(SMALL_GROKFAST_CONFIG, {}, pin)}`);
    if (take('inside')) await insideShots(browser, url);
    if (take('progress')) await progressShot(browser, url, PROGRESS_SHOTS.progress);
    if (take('paper-progress')) {
      const paper = { ...presetById('paper-ema').config, seed: 1 };
      await progressShot(
        browser,
        `${server.url}?${configToQuery(paper, {}, pin)}&autoplay=1`,
        PROGRESS_SHOTS['paper-progress'],
      );
    }
    if (take('reasoning')) {
      const preset = presetById(REASONING_SHOT.preset).config;
      await reasoningShot(browser, `${server.url}?${configToQuery(preset, {}, pin)}&autoplay=1`, REASONING_SHOT.steps);
    }
    if (take('sweep')) await sweepShot(browser, server.url, pin);
    await browser.close();
  } finally {
    server.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
