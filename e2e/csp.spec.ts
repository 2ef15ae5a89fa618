// The built site's Content-Security-Policy (vite.config.ts): training on wasm (its threaded build,
// whose threads start from Blob URLs) and on WebGPU breaks none of it, and the policy is in force.
import { expect, type Page, test } from '@playwright/test';
import { collectErrors, ON_WEBGPU, stepOf, TINY } from './helpers';

/** Records every CSP violation the page reports, from its first script on. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push(`${e.violatedDirective} blocked ${e.blockedURI}`),
    );
  });
  return () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
}

/** The policy is in force: an inline script the page did not ship is refused (and reported). */
async function expectPolicyInForce(page: Page, violations: () => Promise<string[]>): Promise<void> {
  const before = (await violations()).length;
  const ran = await page.evaluate(async () => {
    const w = window as unknown as { inlineRan?: boolean };
    const script = document.createElement('script');
    script.textContent = 'window.inlineRan = true';
    document.head.append(script);
    await new Promise((resolve) => setTimeout(resolve, 100));
    return w.inlineRan === true;
  });
  expect(ran).toBe(false);
  // One report per policy that refused it: the header's and the <meta>'s.
  const reported = (await violations()).slice(before);
  expect(reported.length).toBeGreaterThan(0);
  for (const v of reported) expect(v).toBe('script-src-elem blocked inline');
}

test('trains on wasm, its threaded build, with no policy violation', async ({ page }) => {
  const errors = collectErrors(page);
  const violations = await watchViolations(page);
  const response = await page.goto(`?${TINY}&steps=100000&autoplay=1&backend=wasm`);
  expect(response?.headers()['content-security-policy']).toContain("worker-src 'self' blob:");
  await expect(page.getByTestId('backend')).toHaveText('wasm');
  await expect(page.getByTestId('threads')).toHaveText(/^\d+ threads? \(tfjs-wasm uses half/);
  await expect.poll(() => stepOf(page)).toBeGreaterThanOrEqual(30);
  expect(await violations()).toEqual([]);
  expect(errors).toEqual([]);
  await expectPolicyInForce(page, violations);
});

test('trains on WebGPU with no policy violation', async ({ page }) => {
  const errors = collectErrors(page);
  const violations = await watchViolations(page);
  await page.goto(`?${TINY}&steps=100000&autoplay=1&${ON_WEBGPU}`);
  await expect(page.getByTestId('backend')).toHaveText('webgpu');
  await expect.poll(() => stepOf(page)).toBeGreaterThanOrEqual(3);
  expect(await violations()).toEqual([]);
  expect(errors).toEqual([]);
  await expectPolicyInForce(page, violations);
});
