// npm run bench:ui — what the page costs, in headless Chromium. Numbers only; nothing asserted.
// 1. Main-thread time of one live chart update with a long run's history behind it: drives the chart
//    benchmark page (bench/charts.tsx, built into dist-bench/) and reads Chromium's own task-time
//    counter before and after each update.
// 2. Training speed of the page's worker against the engine alone in Node, same backend (wasm) and
//    config (the small preset), both timed by the wall clock with evaluations included.
import { chromium } from 'playwright-core';
import { SMALL_GROKKING_CONFIG } from '../src/config/presets';
import { configToQuery } from '../src/config/url';
import { Trainer } from '../src/engine/trainer';
import { useNodeBackend } from '../src/node/backends';
import { CHROMIUM_PATH, WASM_ONLY_ARGS, WEBGPU_ARGS } from '../e2e/chromium';
import { startPreview } from '../e2e/preview';

const PORT = 4179;
const SITE_PORT = 4180;
const SPEED_STEPS = 1500;
const UPDATES = 30;
/** Records of history: eval every 10 steps, so 1,000 records = 10,000 steps. */
const HISTORY = [100, 1000, 10000];

async function charts(): Promise<void> {
  const server = await startPreview(PORT, 'vite.bench.config.ts');
  try {
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: WEBGPU_ARGS });
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    await page.goto(`${server.url}charts.html`);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const taskMs = async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      return 1000 * (metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0);
    };
    const settle = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 30)))));
    let have = 0;
    console.log('history (steps at eval 10) | median ms per update | max ms | updates');
    for (const size of HISTORY) {
      await page.evaluate((n) => (window as unknown as { benchAppend: (n: number) => void }).benchAppend(n), size - have);
      have = size;
      await settle();
      const costs: number[] = [];
      for (let i = 0; i < UPDATES; i++) {
        const before = await taskMs();
        await page.evaluate(() => (window as unknown as { benchAppend: (n: number) => void }).benchAppend(1));
        await settle();
        costs.push((await taskMs()) - before);
        have += 1;
      }
      costs.sort((a, b) => a - b);
      const median = costs[Math.floor(costs.length / 2)] ?? 0;
      console.log(`${(size * 10).toLocaleString('en-US')} | ${median.toFixed(1)} | ${(costs.at(-1) ?? 0).toFixed(1)} | ${UPDATES}`);
    }
    await browser.close();
  } finally {
    server.stop();
  }
}

interface PageProgress {
  step: number;
  status: string;
  backend: string | undefined;
}

/** Steps per second of the page's worker on wasm, over SPEED_STEPS steps after a warm-up. */
async function pageSpeed(): Promise<number> {
  const server = await startPreview(SITE_PORT);
  try {
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: WASM_ONLY_ARGS });
    const page = await browser.newPage();
    await page.goto(`${server.url}?${configToQuery(SMALL_GROKKING_CONFIG)}&autoplay=1`);
    const progress = () => page.evaluate(() => (window as unknown as { grokLab: { progress: () => PageProgress } }).grokLab.progress());
    const waitFor = async (step: number) => {
      for (;;) {
        const p = await progress();
        if (p.step >= step) return p;
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const warm = await waitFor(200);
    if (warm.backend !== 'wasm') throw new Error(`the page trains on ${warm.backend}, not wasm`);
    const t0 = performance.now();
    const s0 = (await progress()).step;
    const end = await waitFor(s0 + SPEED_STEPS);
    const rate = (1000 * (end.step - s0)) / (performance.now() - t0);
    await browser.close();
    return rate;
  } finally {
    server.stop();
  }
}

/** Steps per second of the engine alone in Node on wasm, chunked as the CLI does. */
async function engineSpeed(): Promise<number> {
  await useNodeBackend('wasm');
  const t = new Trainer(SMALL_GROKKING_CONFIG);
  await t.advance(200);
  const t0 = performance.now();
  for (let done = 0; done < SPEED_STEPS; done += 100) await t.advance(100);
  const rate = (1000 * SPEED_STEPS) / (performance.now() - t0);
  t.dispose();
  return rate;
}

async function main(): Promise<void> {
  await charts();
  const inPage = await pageSpeed();
  const alone = await engineSpeed();
  console.log('\ntraining speed, small preset on wasm, evaluations included (steps/s)');
  console.log(`page worker ${inPage.toFixed(1)} | engine in Node ${alone.toFixed(1)} | page/engine ${(inPage / alone).toFixed(2)}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
