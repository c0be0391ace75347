// npm run screenshot: docs/screenshot.png of the built app (run `npm run build` first).
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';

const PORT = 4175;
const URL_BASE = `http://localhost:${PORT}/shot/`;
const server = spawn(
  process.execPath,
  ['node_modules/vite/bin/vite.js', 'preview', '--base', '/shot/', '--port', String(PORT), '--strictPort'],
  {
    stdio: 'ignore',
  },
);
try {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(URL_BASE)).ok) break;
    } catch {
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-first-run'] });
  const page = await browser.newPage({ viewport: { width: 1280, height: 760 }, deviceScaleFactor: 1 });
  await page.goto(`${URL_BASE}#v1&s=${process.env.SHOT_SEED ?? 42}&kl=${process.env.SHOT_KL ?? 2.5}&t=0.7`);
  await page.waitForFunction(() => (window.kneeStudio?.frameCount() ?? 0) > 0, null, { timeout: 120_000 });
  await page.waitForTimeout(500);
  await page.screenshot({ path: 'docs/screenshot.png' });
  await browser.close();
  console.log('wrote docs/screenshot.png');
} finally {
  server.kill();
}
