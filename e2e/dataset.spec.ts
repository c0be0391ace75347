import type {} from '../src/app/debug-hook-types'; // window.kneeStudio
import { expect, test, type Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readGreyPng } from '../core/formats/testing/png-reader';
import { defaultManifest, maxAbsDiff, waitForFrame, waitForFrameWith } from './helpers';

async function openDatasetForm(page: Page) {
  const details = page.locator('details', { hasText: 'Synthetic dataset export' });
  if (!(await details.evaluate((element: HTMLDetailsElement) => element.open)))
    await page.getByText('Synthetic dataset export').click();
  return page.getByRole('group', { name: 'Grades' });
}

/** KL 0 and 4, three knees each from seed 100. */
async function chooseSixImages(page: Page) {
  const grades = await openDatasetForm(page);
  for (const kl of [1, 2, 3]) await grades.getByLabel(`KL ${kl}`).uncheck();
  await page.getByLabel('Images per grade').fill('3');
  await page.getByLabel('First seed').fill('100');
  await page.getByLabel('Dataset truncation').fill('0.7');
  await expect(page.getByText(/^6 images/)).toBeVisible();
}

async function exportZip(page: Page): Promise<{ name: string; bytes: Uint8Array }> {
  const downloading = page.waitForEvent('download', { timeout: 120_000 });
  await page.getByRole('button', { name: 'Export dataset (ZIP)' }).click();
  const download = await downloading;
  return { name: download.suggestedFilename(), bytes: new Uint8Array(readFileSync(await download.path())) };
}

test.describe('synthetic dataset export', () => {
  test('a ZIP with N labelled PNGs, labels.csv and the model card; the same options give the same bytes', async ({
    page,
  }) => {
    const manifest = defaultManifest();
    await page.goto('./');
    await waitForFrame(page);
    await chooseSixImages(page);
    const first = await exportZip(page);
    expect(first.name).toBe(`knee-oa-studio_SYNTHETIC_dataset_${manifest.id}_6images_seed100.zip`);
    await expect(page.getByRole('status').filter({ hasText: /Saved .*6 images/ })).toBeVisible();
    const files = unzipSync(first.bytes);
    const pngs = Object.keys(files).filter((name) => name.endsWith('.png'));
    expect(pngs).toHaveLength(6);
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining(['README.txt', 'labels.csv', 'MODEL_CARD.md', 'provenance.json']),
    );
    expect(new TextDecoder().decode(files['MODEL_CARD.md'])).toBe(
      readFileSync(`public/models/${manifest.id}/model-card.md`, 'utf8'),
    );

    const rows = new TextDecoder().decode(files['labels.csv']).trimEnd().split('\r\n');
    expect(rows).toHaveLength(7);
    const header = rows[0].split(',');
    expect(header.slice(0, 4)).toEqual(['file', 'seed', 'kl', 'truncation']);
    for (const d of manifest.directions) expect(header).toContain(`direction_${d.id}`);
    const records = rows.slice(1).map((row) => Object.fromEntries(row.split(',').map((cell, i) => [header[i], cell])));
    expect(records.map((r) => r.file).sort()).toEqual([...pngs].sort());
    expect(records.map((r) => `${r.kl}/${r.seed}`)).toEqual(['0/100', '0/101', '0/102', '4/100', '4/101', '4/102']);
    for (const r of records) expect(r.model_id).toBe(manifest.id);

    // Each PNG is the image the editor draws for its row, and says it is synthetic.
    const row = records[4];
    const png = readGreyPng(files[row.file]);
    expect([png.width, png.height]).toEqual(manifest.resolution);
    expect(png.text.Disclaimer).toMatch(/not for diagnosis/);
    expect(JSON.parse(png.text.Comment).state).toBe(row.link.slice(1));
    await page.goto(`./${row.link}`);
    const live = await waitForFrameWith(page, { seed: 101, kl: 4 });
    expect(maxAbsDiff(png.pixels, live.pixels)).toBe(0);

    // A browser decodes the file to the same pixels (the PNG is standard, not only readable by our reader).
    const decoded = await page.evaluate(async (bytes) => {
      const bitmap = await createImageBitmap(new Blob([Uint8Array.from(bytes)], { type: 'image/png' }));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const context = canvas.getContext('2d')!;
      context.drawImage(bitmap, 0, 0);
      const data = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
      return Array.from({ length: data.length / 4 }, (_, i) => data[4 * i]);
    }, Array.from(files[row.file]));
    expect(maxAbsDiff(decoded, png.pixels)).toBe(0);

    // Again from a fresh page (now showing another knee): the same options give the same file.
    await page.reload();
    await waitForFrame(page);
    await chooseSixImages(page);
    const second = await exportZip(page);
    const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
    expect(sha(second.bytes)).toBe(sha(first.bytes));
  });

  test('1,000 images: the editor stays live, progress and ETA show, cancel saves nothing', async ({ page }) => {
    await page.goto('./');
    await waitForFrame(page);
    await openDatasetForm(page);
    await page.getByLabel('Images per grade').fill('200');
    await expect(page.getByText(/^1000 images/)).toBeVisible();
    let downloads = 0;
    page.on('download', () => downloads++);
    await page.getByRole('button', { name: 'Export dataset (ZIP)' }).click();
    const bar = page.getByRole('progressbar', { name: /Dataset export/ });
    await expect(bar).toBeVisible();
    await expect
      .poll(async () => Number(await bar.getAttribute('value')), { timeout: 60_000 })
      .toBeGreaterThanOrEqual(5);
    await expect(page.getByText(/about \d+ (s|min) left/)).toBeVisible();

    // While it runs, a slider edit is drawn (the worker serves the editor between export images).
    const slider = page.getByRole('slider', { name: 'KL grade' });
    await slider.focus();
    await page.keyboard.press('End');
    await waitForFrameWith(page, { kl: 4 });
    expect(Number(await bar.getAttribute('value'))).toBeLessThan(1000);

    await page.getByRole('button', { name: 'Cancel dataset export' }).click();
    await expect(bar).toBeHidden();
    await expect(page.getByText('Export cancelled; nothing was saved.')).toBeVisible();
    await page.waitForTimeout(500);
    expect(downloads).toBe(0);
  });
});

test('changing the backend during an export ends the export with a reason, and a new one runs', async ({ page }) => {
  await page.goto('./');
  await waitForFrame(page);
  await openDatasetForm(page);
  await page.getByLabel('Images per grade').fill('200');
  await page.getByRole('button', { name: 'Export dataset (ZIP)' }).click();
  const bar = page.getByRole('progressbar', { name: /Dataset export/ });
  await expect.poll(async () => Number(await bar.getAttribute('value'))).toBeGreaterThanOrEqual(3);
  await page.getByLabel('Backend').selectOption('cpu');
  await expect(
    page.getByRole('alert').filter({ hasText: /Dataset export failed: the generator was restarted/ }),
  ).toBeVisible();
  await expect(bar).toBeHidden();
  await waitForFrameWith(page, { seed: 42 });
  await chooseSixImages(page);
  const zip = await exportZip(page);
  expect(Object.keys(unzipSync(zip.bytes)).filter((name) => name.endsWith('.png'))).toHaveLength(6);
});
