import type {} from '../src/app/debug-hook-types'; // window.kneeStudio
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { defaultManifest, defaultWeightsPrefix, waitForFrame, waitForFrameWith } from './helpers';

const caseList = (page: Page) => page.getByRole('list', { name: 'Saved cases list' });

async function saveCase(page: Page, name: string) {
  await page.getByLabel('Case name').fill(name);
  await page.getByRole('button', { name: 'Save case' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Saved "${name}".` })).toBeVisible();
}

test.describe('saved cases', () => {
  test('save, rename, reopen after a reload, delete and undo', async ({ page }) => {
    const id = defaultManifest().id;
    await page.goto(`./#v1&m=${id}&s=7&kl=4&t=0.7`);
    await waitForFrameWith(page, { seed: 7, kl: 4 });
    await saveCase(page, 'Severe knee');
    await expect(caseList(page).getByRole('button', { name: /^Severe knee/ })).toContainText('KL 4 · seed 7');

    await page.getByRole('button', { name: 'Rename Severe knee' }).click();
    const input = page.getByLabel('New name for Severe knee');
    await input.fill('Teaching case 1');
    await input.press('Enter');
    await expect(caseList(page).getByRole('listitem')).toHaveCount(1);
    await expect(caseList(page)).toContainText('Teaching case 1');

    // Another knee on screen, a reload: the case is still on the device and opens its state.
    await page.goto(`./#v1&m=${id}&s=99&kl=0&t=0.7`);
    await page.reload();
    await waitForFrameWith(page, { seed: 99, kl: 0 });
    await caseList(page)
      .getByRole('button', { name: /^Teaching case 1/ })
      .click();
    await waitForFrameWith(page, { seed: 7, kl: 4 });
    // The case names the exact weights it was saved with.
    await expect(page).toHaveURL(new RegExp(`#v1&m=${id}&w=${defaultWeightsPrefix()}&s=7&kl=4&t=0.7$`));

    await page.getByRole('button', { name: 'Delete Teaching case 1' }).click();
    await expect(caseList(page)).toBeHidden();
    await page.getByRole('button', { name: 'Undo delete' }).click();
    await expect(caseList(page).getByRole('listitem')).toHaveCount(1);
    await page.reload();
    await expect(caseList(page)).toContainText('Teaching case 1');
  });

  test('export to JSON, import on a clean device; a bad file changes nothing', async ({ page, browser }) => {
    await page.goto('./');
    await waitForFrame(page);
    await saveCase(page, 'First');
    await page.getByRole('slider', { name: 'KL grade' }).focus();
    await page.keyboard.press('End');
    await waitForFrameWith(page, { kl: 4 });
    await saveCase(page, 'Second, "quoted"');

    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export cases' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^knee-oa-studio_cases_\d{4}-\d\d-\d\d\.json$/);
    const path = await download.path();
    const file = JSON.parse(readFileSync(path, 'utf8'));
    expect(file.format).toBe('knee-oa-studio/cases@1');
    expect(file.notice).toMatch(/not for diagnosis/);
    expect(file.cases.map((c: { name: string }) => c.name)).toEqual(['First', 'Second, "quoted"']);
    expect(file.cases[1].link).toMatch(/&kl=4&/);

    // A fresh browser profile has no cases; importing the file brings both.
    const other = await browser.newContext();
    const fresh = await other.newPage();
    await fresh.goto('./');
    await waitForFrame(fresh);
    await expect(fresh.getByText('No saved cases yet.')).toBeVisible();
    await fresh.getByLabel('Cases file to import').setInputFiles(path);
    await expect(fresh.getByRole('status').filter({ hasText: /Imported 2 cases/ })).toBeVisible();
    await expect(caseList(fresh).getByRole('listitem')).toHaveCount(2);
    // Importing the same file again adds nothing.
    await fresh.getByLabel('Cases file to import').setInputFiles(path);
    await expect(fresh.getByRole('status').filter({ hasText: /Imported 0 cases.*2 already saved/ })).toBeVisible();

    // Not a cases file: a clear message, the saved cases untouched.
    await fresh.getByLabel('Cases file to import').setInputFiles({
      name: 'notes.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"hello": 1}'),
    });
    await expect(
      fresh
        .getByRole('status')
        .filter({ hasText: /Could not import notes.json: the file is not a Knee OA Studio cases file/ }),
    ).toBeVisible();
    await expect(caseList(fresh).getByRole('listitem')).toHaveCount(2);
    await fresh
      .getByLabel('Cases file to import')
      .setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"format": ') });
    await expect(
      fresh.getByRole('status').filter({ hasText: 'Could not import broken.json: the file is not JSON' }),
    ).toBeVisible();
    await fresh.reload();
    await expect(caseList(fresh).getByRole('listitem')).toHaveCount(2);
    await other.close();
  });
});
