// WCAG 2.1 A/AA checks (axe-core) of the app's main views, as a user meets them: the editor with
// its panels open and a comparison running, and the quiz before and after an answer.
import type {} from '../src/app/debug-hook-types'; // window.kneeStudio
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { waitForFrame } from './helpers';

const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

async function violations(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(WCAG_AA).analyze();
  // One line per problem and element, so a failure says what to fix.
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} — ${n.failureSummary}`));
}

test.describe('accessibility (axe-core, WCAG 2.1 A and AA)', () => {
  test('the editor, with a comparison and the measurement on', async ({ page }) => {
    await page.goto('./');
    await waitForFrame(page);
    expect(await violations(page)).toEqual([]);
    await page.getByRole('button', { name: /Pin as A/ }).click();
    await page.getByRole('button', { name: /Measure JSW/ }).click();
    await waitForFrame(page);
    expect(await violations(page)).toEqual([]);
  });

  test('the quiz, before and after an answer; the pressed mode button has enough contrast', async ({ page }) => {
    await page.goto('./');
    await waitForFrame(page);
    await page.getByRole('button', { name: 'Quiz', exact: true }).click();
    await expect(page.getByRole('button', { name: 'KL 0', exact: true })).toBeEnabled();
    expect(await violations(page)).toEqual([]);
    await page.getByRole('button', { name: 'KL 2', exact: true }).click();
    expect(await violations(page)).toEqual([]);
    // The colour-contrast rule above covers it; this names the fix the review asked for.
    const pressed = page.getByRole('button', { name: 'Quiz', exact: true });
    await expect(pressed).toHaveAttribute('aria-pressed', 'true');
    await expect(pressed).toHaveCSS('background-color', 'rgb(35, 90, 142)');
  });
});
