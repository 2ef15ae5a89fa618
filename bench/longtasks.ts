// npm run bench:longtasks — the main thread while the page trains (issue 25, item 9): drives the built
// page in headless Chromium, trains the small preset on wasm (the backend a machine without a GPU
// trains on) for half a minute and prints every long task (over 50 ms) Chromium reported meanwhile.
// Numbers only; nothing asserted. Quiet the machine first: other work shows up as long tasks.
import { chromium } from 'playwright-core';
import { SMALL_GROKFAST_CONFIG } from '../src/config/presets';
import { configToQuery } from '../src/config/url';
import { CHROMIUM_PATH, WEBGPU_ARGS } from '../e2e/chromium';
import { startPreview } from '../e2e/preview';

const PORT = 4182;
const TRAIN_MS = 30_000;
const ROUNDS = Number(process.argv[2] ?? 3);

interface LongTasks {
  durations: number[];
  steps: number;
}

async function round(url: string): Promise<LongTasks> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: WEBGPU_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    // Recorded from the page's first script on; only those while training are counted.
    await page.addInitScript(() => {
      const seen: { start: number; duration: number }[] = [];
      Object.assign(window, { longTasks: seen });
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) seen.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(url);
    await page.getByTestId('status').filter({ hasText: 'paused' }).waitFor({ timeout: 120_000 });
    const from = await page.evaluate(() => performance.now());
    await page.keyboard.press('Space');
    await page.waitForTimeout(TRAIN_MS);
    return await page.evaluate((t0) => {
      const w = window as unknown as {
        longTasks: { start: number; duration: number }[];
        grokLab: { progress: () => { step: number } };
      };
      return {
        durations: w.longTasks.filter((e) => e.start >= t0).map((e) => Math.round(e.duration)),
        steps: w.grokLab.progress().step,
      };
    }, from);
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const server = await startPreview(PORT);
  // A long step budget so the run does not finish within the half minute.
  const url = `${server.url}?${configToQuery({ ...SMALL_GROKFAST_CONFIG, steps: 100_000 }, {}, 'wasm')}`;
  try {
    console.log(`small preset on wasm, ${TRAIN_MS / 1000} s of training per round, 1366×768`);
    console.log('round | steps trained | long tasks (ms)');
    for (let i = 1; i <= ROUNDS; i++) {
      const { durations, steps } = await round(url);
      console.log(`${i} | ${steps} | ${durations.length === 0 ? 'none' : durations.join(', ')}`);
    }
  } finally {
    server.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
