// Accessibility: an axe scan of the page (WCAG 2 A and AA rules) finds nothing serious, in the lab
// view with a run going and in classroom mode, and the dialogs are native modal <dialog>s that keep
// the keyboard inside them.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { collectErrors, stepOf, TINY } from './helpers';

async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('the lab, with a run going, and classroom mode have no serious accessibility violation', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(`?${TINY}&steps=40&autoplay=1&backend=wasm`);
  await expect(page.getByTestId('status')).toHaveText(/^finished/);
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Classroom mode' }).click();
  await expect(page.locator('main.present')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
});

test('the keyboard reaches the run controls, the presets and the Grokfast knobs, in page order', async ({ page }) => {
  await page.goto(`?${TINY}&steps=100000&backend=wasm`);
  await expect(page.getByTestId('status')).toHaveText('paused');
  const reached: string[] = [];
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    reached.push(
      await page.evaluate(() => {
        const e = document.activeElement as HTMLElement | null;
        if (!e) return '';
        const label = e.id ? document.querySelector(`label[for="${e.id}"]`)?.textContent : null;
        return (e.getAttribute('aria-label') ?? label ?? e.textContent).trim();
      }),
    );
  }
  for (const name of ['Play', 'Classroom demo', 'alpha', 'lambda', 'Keyboard shortcuts']) {
    expect(
      reached.some((r) => r.startsWith(name)),
      `${name} in ${JSON.stringify(reached)}`,
    ).toBe(true);
  }
  expect(reached.indexOf(reached.find((r) => r.startsWith('Play')) ?? '')).toBeLessThan(
    reached.indexOf(reached.find((r) => r.startsWith('alpha')) ?? ''),
  );
});

test('the dialogs are modal: focus stays inside, Escape closes them and gives focus back', async ({ page }) => {
  await page.goto(`?${TINY}&steps=100000&backend=wasm`);
  await expect(page.getByTestId('status')).toHaveText('paused');
  const helpButton = page.getByRole('button', { name: 'Keyboard shortcuts' });
  await helpButton.focus();
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press('Tab');
    expect(await help.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  await expect(helpButton).toBeFocused();

  // A change that needs a new run asks in a modal; Escape keeps the current run.
  await page.getByRole('button', { name: 'Step ×1', exact: true }).click();
  await expect.poll(() => stepOf(page)).toBe(1);
  await page.getByLabel('width').fill('32');
  await page.getByLabel('width').press('Enter');
  const ask = page.getByRole('alertdialog', { name: 'Start a new run?' });
  await expect(ask).toBeVisible();
  await page.keyboard.press('Tab');
  expect(await ask.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  await page.keyboard.press('Escape');
  await expect(ask).toBeHidden();
  expect(await stepOf(page)).toBe(1);
});
