import type { Page } from '@playwright/test';

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

/** The step counter as a number. */
export async function stepOf(page: Page): Promise<number> {
  return Number(await page.getByTestId('step').textContent());
}
