import type {} from '../src/app/debug-hook-types'; // window.kneeStudio
import { expect, test, type Page } from '@playwright/test';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeServiceWorker } from '../build/service-worker-plugin.ts';
import { APP_PATH } from '../playwright.config';
import { maxAbsDiff, waitForFrameWith, type ModelIndex } from './helpers';
import { startSwappableServer, type SwappableServer } from './static-server';

// Two versions of the app deployed one after the other at the same address: build A is dist/,
// build B is a copy with a new default model added (the former default becomes "earlier").
const ADDED_ID = 'e2e-added-default';
const ADDED_NAME = 'E2E added default';
const distA = resolve(import.meta.dirname, '..', process.env.E2E_DIST ?? 'dist');
let distB: string;
let server: SwappableServer;
let former: ModelIndex['models'][number];

function writeJson(path: string, value: unknown) {
  writeFileSync(path, JSON.stringify(value, null, 1));
}

/** B = A + a new default model (a copy of A's default under another id) and a new sw.js. */
function makeBuildB(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'knee-oa-studio-build-b-')), 'dist');
  cpSync(distA, dir, { recursive: true });
  const indexPath = join(dir, 'models', 'index.json');
  const index = JSON.parse(readFileSync(indexPath, 'utf8')) as ModelIndex & { models: Record<string, unknown>[] };
  former = index.models.find((m) => m.id === index.default)!;
  const addedDir = join(dir, 'models', ADDED_ID);
  cpSync(join(dir, 'models', former.path), addedDir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(addedDir, 'manifest.json'), 'utf8'));
  writeJson(join(addedDir, 'manifest.json'), { ...manifest, id: ADDED_ID, name: ADDED_NAME });
  const formerEntry = index.models.find((m) => m.id === former.id)!;
  Object.assign(formerEntry, { status: 'earlier', superseded_by: ADDED_ID });
  index.models.unshift({ ...formerEntry, id: ADDED_ID, name: ADDED_NAME, path: `${ADDED_ID}/`, status: 'current' });
  delete index.models[0].superseded_by;
  index.default = ADDED_ID;
  writeJson(indexPath, index);
  writeServiceWorker(dir); // a new precache version, as a real build would make
  return dir;
}

const prompt = (page: Page) => page.getByTestId('update');
const addedOption = (page: Page) => page.locator('option', { hasText: ADDED_NAME });

test.beforeAll(async () => {
  distB = makeBuildB();
  server = await startSwappableServer(APP_PATH, distA);
});

test.afterAll(async () => {
  await server?.close();
  if (distB) rmSync(resolve(distB, '..'), { recursive: true, force: true });
});

test('a link made on one version reproduces its pixels on the next; the update waits for Reload, offline too', async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const context = await browser.newContext();
  const page = await context.newPage();

  // Version A: make a link and keep its pixels.
  await page.goto(`${server.url}#v1&s=5&kl=1.5`);
  const onA = await waitForFrameWith(page, { seed: 5, kl: 1.5 });
  await expect(page).toHaveURL(new RegExp(`#v1&m=${former.id}&w=[0-9a-f]{8}&s=5&kl=1\\.5&`));
  const link = page.url();
  await expect(page.getByTestId('offline')).toHaveText('Available offline', { timeout: 60_000 });
  await expect(prompt(page)).toHaveText('');

  // Version B is deployed. The open app learns of it but keeps running A until the visitor says so.
  server.serve(distB);
  await page.reload();
  await expect(prompt(page)).toContainText('A new version is ready.', { timeout: 60_000 });
  const stillA = await waitForFrameWith(page, { seed: 5, kl: 1.5 });
  expect(maxAbsDiff(stillA.pixels, onA.pixels)).toBe(0);
  await expect(addedOption(page)).toHaveCount(0);

  // Offline before reloading: still version A, whole and working.
  await context.setOffline(true);
  await page.reload();
  const offlineA = await waitForFrameWith(page, { seed: 5, kl: 1.5 });
  expect(maxAbsDiff(offlineA.pixels, onA.pixels)).toBe(0);
  await expect(addedOption(page)).toHaveCount(0);
  await expect(prompt(page)).toContainText('A new version is ready.');
  await page.getByRole('slider', { name: 'KL grade' }).fill('3');
  await waitForFrameWith(page, { kl: 3 });
  await page.getByRole('slider', { name: 'KL grade' }).fill('1.5');
  await waitForFrameWith(page, { kl: 1.5 });
  await context.setOffline(false);

  // Reload: version B, and the link made on A still shows A's pixels, no notice.
  await prompt(page).getByRole('button', { name: 'Reload' }).click();
  await expect(addedOption(page)).toHaveCount(1, { timeout: 60_000 });
  await expect(page.locator('option', { hasText: `${former.name} (earlier version)` })).toHaveCount(1);
  const onB = await waitForFrameWith(page, { seed: 5, kl: 1.5 });
  expect(onB.state.model).toBe(former.id);
  expect(maxAbsDiff(onB.pixels, onA.pixels)).toBe(0);
  await expect(prompt(page)).toHaveText('');
  await expect(page.getByRole('status').filter({ hasText: /link|model/ })).toHaveCount(0);
  await context.close();

  // A visitor who never saw A opens the same link on B: the same pixels, from the server.
  const fresh = await browser.newContext({ serviceWorkers: 'block' });
  const other = await fresh.newPage();
  await other.goto(link);
  const freshB = await waitForFrameWith(other, { seed: 5, kl: 1.5 });
  expect(await other.evaluate(() => window.kneeStudio!.load()!.fromCache)).toBe(false);
  expect(maxAbsDiff(freshB.pixels, onA.pixels)).toBe(0);
  await expect(addedOption(other)).toHaveCount(1);
  await fresh.close();
});
