// npm run screenshot: docs/screenshot.png of the built app (run `npm run build` first), and
// docs/screenshot-cases-dataset.png: the controls panel with saved cases and a dataset export running.
import { chromium } from '@playwright/test';
import { startPreview } from './preview-server.mjs';

const PORT = 4175;
const URL_BASE = `http://localhost:${PORT}/shot/`;
const server = await startPreview(PORT, '/shot/');
async function shootCasesAndDataset(browser) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, deviceScaleFactor: 1 });
  await page.goto(`${URL_BASE}#v1&s=7&kl=4&t=0.7`);
  await page.waitForFunction(() => (window.kneeStudio?.frameCount() ?? 0) > 0, null, { timeout: 120_000 });
  for (const [name, fragment] of [
    ['Severe OA, seed 7', '#v1&s=7&kl=4&t=0.7'],
    ['Same knee, healthy', '#v1&s=7&kl=0&t=0.7'],
  ]) {
    await page.evaluate((hash) => (location.hash = hash), fragment);
    await page.waitForTimeout(400);
    await page.getByLabel('Case name').fill(name);
    await page.getByRole('button', { name: 'Save case' }).click();
  }
  await page.getByText('Synthetic dataset export').click();
  await page.getByLabel('Images per grade').fill('200');
  await page.getByRole('button', { name: 'Export dataset (ZIP)' }).click();
  await page.waitForFunction(() => Number(document.querySelector('progress')?.value ?? 0) >= 150, null, {
    timeout: 120_000,
  });
  const panel = page.getByRole('complementary', { name: 'Image controls' });
  await panel.evaluate((element) => (element.scrollTop = element.scrollHeight));
  await panel.screenshot({ path: 'docs/screenshot-cases-dataset.png' });
  await page.getByRole('button', { name: 'Cancel dataset export' }).click();
  await page.close();
  console.log('wrote docs/screenshot-cases-dataset.png');
}

try {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-first-run'] });
  const page = await browser.newPage({ viewport: { width: 1280, height: 760 }, deviceScaleFactor: 1 });
  await page.goto(`${URL_BASE}#v1&s=${process.env.SHOT_SEED ?? 42}&kl=${process.env.SHOT_KL ?? 2.5}&t=0.7`);
  await page.waitForFunction(() => (window.kneeStudio?.frameCount() ?? 0) > 0, null, { timeout: 120_000 });
  await page.waitForTimeout(500);
  await page.screenshot({ path: 'docs/screenshot.png' });
  console.log('wrote docs/screenshot.png');
  await shootCasesAndDataset(browser);
  await browser.close();
} finally {
  server.kill();
}
