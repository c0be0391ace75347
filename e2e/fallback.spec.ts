import type {} from '../src/app/debug-hook-types'; // window.kneeStudio
import { expect, test } from '@playwright/test';
import { standardDeviation, waitForFrame } from './helpers';

// This file runs in the "chromium-without-webgpu" project: Chromium without --enable-unsafe-webgpu.
test('without WebGPU the app falls back to another backend and says why', async ({ page }) => {
  await page.goto('./');
  const frame = await waitForFrame(page);
  expect(standardDeviation(frame.pixels)).toBeGreaterThan(10);
  const backend = page.getByTestId('backend');
  await expect(backend).toHaveText(
    /^(WebGL|wasm|cpu).* — WebGPU (has no adapter on this device|not available in this browser)/,
  );
  expect(await page.evaluate(() => window.kneeStudio!.backend())).not.toBe('webgpu');
});

test('the backend can be chosen by hand; wasm is served by the app itself', async ({ page, baseURL }) => {
  const wasm: string[] = [];
  page.on('request', (request) => request.url().endsWith('.wasm') && wasm.push(request.url()));
  await page.goto('./');
  await waitForFrame(page);
  await page.getByRole('combobox', { name: 'Backend' }).selectOption('wasm');
  await expect(page.getByTestId('backend')).toHaveText(/^wasm/);
  await expect(page).toHaveURL(/\?backend=wasm#v1/);
  await expect.poll(() => page.evaluate(() => window.kneeStudio!.backend())).toBe('wasm');
  await waitForFrame(page, 2);
  expect(wasm.length).toBeGreaterThan(0);
  // The app's own assets folder (baseURL is http://localhost:<E2E_PORT>/sub/path/).
  const assets = new URL('assets/', baseURL).href;
  expect(assets).toMatch(/^http:\/\/localhost:\d+\/sub\/path\/assets\/$/);
  for (const url of wasm) expect(url.startsWith(assets), url).toBe(true);
});
