// npm run bench:ui — main-thread cost of one live chart update, with a long run's history behind it.
// Drives the chart benchmark page (bench/charts.tsx, built into dist-bench/) in headless Chromium and
// reads Chromium's own task-time counter before and after each update. Numbers only; nothing asserted.
import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH, WEBGPU_ARGS } from '../e2e/chromium';

const PORT = 4179;
const UPDATES = 30;
/** Records of history: eval every 10 steps, so 1,000 records = 10,000 steps. */
const HISTORY = [100, 1000, 10000];

async function main(): Promise<void> {
  const server = spawn('npx', ['vite', 'preview', '--config', 'vite.bench.config.ts', '--port', String(PORT), '--strictPort'], { stdio: 'ignore' });
  try {
    await new Promise((r) => setTimeout(r, 2500));
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: WEBGPU_ARGS });
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    await page.goto(`http://127.0.0.1:${PORT}/charts.html`);
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
    server.kill();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
