import type {} from '../src/app/debug-hook-types'; // window.kneeStudio
import { expect, test } from '@playwright/test';
import { unzipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { maxAbsDiff, waitForFrame, waitForFrameWith } from './helpers';

test('after the first visit the app needs no network: cached model, offline reload', async ({ page, context }) => {
  await page.goto('./#v1&s=5&kl=1.5');
  const online = await waitForFrameWith(page, { seed: 5, kl: 1.5 });
  await expect(page.getByTestId('offline')).toHaveText('Available offline', { timeout: 60_000 });
  expect(await page.evaluate(() => window.kneeStudio!.load()!.fromCache)).toBe(false);

  // Second visit: everything comes from the service worker or the device cache.
  const fromNetwork: string[] = [];
  page.on('requestfinished', async (request) => {
    const response = await request.response();
    if (response && !response.fromServiceWorker()) fromNetwork.push(request.url());
  });
  await page.reload();
  await waitForFrameWith(page, { seed: 5, kl: 1.5 });
  expect(await page.evaluate(() => window.kneeStudio!.load()!.fromCache)).toBe(true);
  expect(fromNetwork.filter((url) => !url.startsWith('blob:'))).toEqual([]);

  await context.setOffline(true);
  await page.reload();
  const offline = await waitForFrameWith(page, { seed: 5, kl: 1.5 });
  expect(maxAbsDiff(offline.pixels, online.pixels)).toBe(0);
  await page.getByRole('slider', { name: 'KL grade' }).fill('3');
  await waitForFrameWith(page, { kl: 3 });

  // Exports work offline too: a one-image dataset, model card included (from the service worker).
  await page.getByText('Synthetic dataset export').click();
  for (const kl of [1, 2, 3, 4]) await page.getByRole('group', { name: 'Grades' }).getByLabel(`KL ${kl}`).uncheck();
  await page.getByLabel('Images per grade').fill('1');
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export dataset (ZIP)' }).click();
  const files = unzipSync(new Uint8Array(readFileSync(await (await downloading).path())));
  expect(Object.keys(files)).toHaveLength(5);
  expect(new TextDecoder().decode(files['MODEL_CARD.md'])).toMatch(/^# /);
  await context.setOffline(false);
});

test('a visit without a service worker still caches the model on the device', async ({ browser }) => {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.goto('./');
  await waitForFrame(page);
  await expect.poll(() => page.evaluate(() => window.kneeStudio!.load()?.fromCache)).toBe(false);
  await page.reload();
  await waitForFrame(page);
  expect(await page.evaluate(() => window.kneeStudio!.load()!.fromCache)).toBe(true);
  await context.close();
});
