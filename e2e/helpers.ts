import { expect, type Page } from '@playwright/test';

/** A config small enough for WebGPU on SwiftShader (software), which manages a few steps a second. */
export const TINY = 'op=add&p=5&layers=1&dim=16&heads=2&batch=0&eval=1';

/**
 * Pins WebGPU. Headless Chromium's adapter is SwiftShader, a software one, which the page would
 * otherwise pass over for wasm; tests of WebGPU itself (its device, its loss) ask for it.
 */
export const ON_WEBGPU = 'backend=webgpu';

/** Console errors and uncaught exceptions of the page, collected as they happen. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/**
 * Waits until the worker has checkpointed the GPU run (the first time after 2 s of training,
 * FIRST_CHECKPOINT_MS): the training time shown is past 3 s and one more chunk has come after that
 * (the worker checkpoints after posting a chunk's progress). Not a window of times: a software GPU's
 * first step alone can take over 20 s.
 */
export async function pastFirstCheckpoint(page: Page): Promise<void> {
  const seconds = async () =>
    (await page.getByTestId('elapsed').textContent())?.split(':').reduce((s, part) => s * 60 + Number(part), 0) ?? 0;
  await expect.poll(seconds, { timeout: 120_000 }).toBeGreaterThanOrEqual(3);
  const step = await stepOf(page);
  await expect.poll(() => stepOf(page), { timeout: 120_000 }).toBeGreaterThan(step);
}

/** The step counter as a number. */
export async function stepOf(page: Page): Promise<number> {
  return Number(await page.getByTestId('step').textContent());
}
