// npm run bench (second part): exports in the built app (dist/), headless Debian Chromium,
// default backend choice. Progression GIF / WebM / PNG strip (41 frames, drawn fresh for each, so
// the time includes drawing) and a 1,000-image synthetic dataset. Prints and writes
// bench/export.json: times, sizes, and for the dataset the page's longest stall while it ran (the
// gap between 10 ms timer ticks on the page's thread: what a user dragging a slider would feel).
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { startPreview } from './preview-server.mjs';
import { launchChromium } from './bench-common.mjs';

const PORT = 4178;
const BASE = `http://localhost:${PORT}/bench/`;
const PER_GRADE = Number(process.env.BENCH_EXPORT_PER_GRADE ?? 200); // × 5 grades

const server = await startPreview(PORT, '/bench/');
const browser = await launchChromium();
let report;
try {
  const page = await browser.newPage();
  await page.goto(`${BASE}${process.env.BENCH_EXPORT_BACKEND ? `?backend=${process.env.BENCH_EXPORT_BACKEND}` : ''}`);
  await page.waitForFunction(() => (window.kneeStudio?.frameCount() ?? 0) > 0, null, { timeout: 300_000 });
  const backend = await page.getByTestId('backend').textContent();
  const progression = {};
  for (const [kind, button] of [
    ['gif', 'Export GIF'],
    ['webm', 'Export WebM'],
    ['strip', 'Export PNG strip'],
  ]) {
    // A new knee each time, so every export draws its frames (no cached frames).
    await page.evaluate((seed) => (location.hash = `#v1&s=${seed}&kl=2`), 1000 + Object.keys(progression).length);
    await page.waitForFunction(
      (seed) => window.kneeStudio.lastState()?.seed === seed,
      1000 + Object.keys(progression).length,
    );
    const t0 = Date.now();
    const saving = page.waitForEvent('download', { timeout: 600_000 });
    await page.getByRole('button', { name: button }).click();
    const file = await saving;
    progression[kind] = { seconds: (Date.now() - t0) / 1000, kB: Math.round(statSync(await file.path()).size / 1024) };
  }
  await page.getByText('Synthetic dataset export').click();
  await page.getByLabel('Images per grade').fill(String(PER_GRADE));
  await page.evaluate(() => {
    const monitor = { last: performance.now(), longest: 0 };
    window.__stall = monitor;
    setInterval(() => {
      const now = performance.now();
      monitor.longest = Math.max(monitor.longest, now - monitor.last);
      monitor.last = now;
    }, 10);
  });
  const started = Date.now();
  const downloading = page.waitForEvent('download', { timeout: 1_800_000 });
  await page.getByRole('button', { name: 'Export dataset (ZIP)' }).click();
  const download = await downloading;
  const seconds = (Date.now() - started) / 1000;
  const longestStallMs = await page.evaluate(() => window.__stall.longest);
  const images = PER_GRADE * 5;
  report = {
    date: new Date().toISOString(),
    chromium: browser.version(),
    backend,
    progression41Frames: progression,
    images,
    seconds: Math.round(seconds * 10) / 10,
    imagesPerSecond: Math.round((images / seconds) * 10) / 10,
    zipMB: Math.round(statSync(await download.path()).size / 1e5) / 10,
    longestStallMs: Math.round(longestStallMs),
    machine: { cpus: os.cpus().length, loadAverage1m: os.loadavg()[0] },
  };
} finally {
  await browser.close();
  server.kill();
}
mkdirSync('bench', { recursive: true });
writeFileSync('bench/export.json', `${JSON.stringify(report, null, 2)}\n`);
for (const [kind, r] of Object.entries(report.progression41Frames))
  console.log(`progression ${kind}: ${r.seconds.toFixed(1)} s, ${r.kB} KB`);
console.log(
  `dataset export: ${report.images} images in ${report.seconds} s (${report.imagesPerSecond}/s) on ${report.backend}, ` +
    `ZIP ${report.zipMB} MB, longest page stall ${report.longestStallMs} ms; written to bench/export.json`,
);
