import { expect, test, type Page } from '@playwright/test';
import { posix } from 'node:path';
import { defaultManifest, radiograph, waitForFrame, waitForFrameWith } from './helpers';

function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

test('a foreign fragment gives a short message and the default knee', async ({ page }) => {
  const errors = collectPageErrors(page);
  await page.goto('./#section-2');
  await expect(page.getByRole('status').filter({ hasText: 'not a Knee OA Studio v1 link' })).toBeVisible();
  await waitForFrameWith(page, { seed: 42 });
  await expect(page).toHaveURL(/#v1&m=.*&s=42&/);
  expect(errors).toEqual([]);
});

test('a partly broken link keeps what it can and says what it dropped', async ({ page }) => {
  const errors = collectPageErrors(page);
  await page.goto('./#v1&m=no-such-model&s=123&kl=9&t=abc&d=osteophytes:zz,nope:1&x=1');
  const notice = page.getByRole('status').filter({ hasText: 'Part of the link could not be used' });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('no model "no-such-model"');
  const frame = await waitForFrameWith(page, { seed: 123, kl: 4 });
  expect(frame.state.seed).toBe(123);
  await expect(radiograph(page)).toBeVisible();
  await page.getByRole('button', { name: 'Dismiss message' }).click();
  await expect(notice).toBeHidden();
  expect(errors).toEqual([]);
});

test('pasting a new link into an open tab applies it', async ({ page }) => {
  await page.goto('./');
  await waitForFrame(page);
  await page.evaluate(() => (location.hash = '#v1&s=99&kl=3'));
  await waitForFrameWith(page, { seed: 99, kl: 3 });
});

test('a corrupt weights file is refused with a message, not a crash', async ({ page }) => {
  const errors = collectPageErrors(page);
  await page.route('**/weights.bin', async (route) => {
    const response = await route.fetch();
    const body = Buffer.from(await response.body());
    for (let i = 100; i < body.length; i += 997) body[i] ^= 0xff;
    await route.fulfill({ response, body });
  });
  await page.goto('./');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('The generator could not start');
  await expect(alert).toContainText(/weights\.bin is damaged: its SHA-256 does not match/);
  await expect(alert.getByRole('button', { name: 'Try again' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('a missing model file is named, a weights file read from another package too', async ({ page }) => {
  const manifest = defaultManifest();
  // The default may read its generator from another kept package (../<id>/weights.bin) before its own file.
  for (const path of manifest.weights.manifest.flatMap((group) => group.paths)) {
    const url = `**/${posix.normalize(`models/${manifest.id}/${path}`)}`;
    await page.route(url, (route) => route.fulfill({ status: 404, body: 'not found' }));
    await page.goto('./');
    await expect(page.getByRole('alert')).toContainText(`model file missing: ${path}`);
    await page.unroute(url);
  }
});
