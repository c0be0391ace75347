// npm run bench: the built app (dist/) in headless Debian Chromium, once per tfjs backend.
// Prints and writes bench/results.json: model load (cold = empty device cache, cached = reload),
// first image, ms per frame (p50/p95 over FRAMES frames), slider-to-pixels latency while a slider
// is dragged, and the tensor count before and after. On a machine without a GPU, "webgpu" and
// "webgl" run on SwiftShader, a CPU renderer: those are CPU numbers, not GPU numbers.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { startPreview } from './preview-server.mjs';
import { percentile, round, launchChromium } from './bench-common.mjs';

const PORT = 4174;
const BASE = `http://localhost:${PORT}/bench/`;
const FRAMES = Number(process.env.BENCH_FRAMES ?? 100);
const FRAME_BUDGET_MS = Number(process.env.BENCH_BUDGET_MS ?? 90_000);
const DRAG_MS = 3000;
const BACKENDS = (process.env.BENCH_BACKENDS ?? 'webgpu,webgl,wasm,cpu').split(',');
// Slider values held during the frames, e.g. BENCH_DIRECTIONS=osteophytes:3 (a masked direction
// costs a few more operations per block than the plain offset).
const DIRECTIONS = Object.fromEntries(
  (process.env.BENCH_DIRECTIONS ?? '')
    .split(',')
    .filter(Boolean)
    .map((pair) => [pair.split(':')[0], Number(pair.split(':')[1])]),
);

async function firstFrame(page) {
  await page.waitForFunction(
    () => (window.kneeStudio?.frameCount() ?? 0) > 0 || window.kneeStudio?.phase() === 'failed',
    null,
    {
      timeout: 300_000,
    },
  );
  return page.evaluate(() => {
    const hook = window.kneeStudio;
    const log = hook.frameLog();
    return { phase: hook.phase(), backend: hook.backend(), load: hook.load(), firstImageMs: log[0]?.arrivedAt ?? null };
  });
}

async function benchBackend(browser, backend) {
  const context = await browser.newContext(); // fresh profile: empty IndexedDB and no service worker
  const page = await context.newPage();
  const url = `${BASE}?backend=${backend}#v1&s=42&kl=0`;
  await page.goto(url);
  const cold = await firstFrame(page);
  if (cold.phase === 'failed' || cold.backend !== backend) {
    await context.close();
    return {
      backend,
      available: false,
      note: cold.phase === 'failed' ? 'failed to start' : `fell back to ${cold.backend}`,
    };
  }
  const label = await page.getByTestId('backend').textContent();
  await page.reload();
  const cached = await firstFrame(page);
  const frame = await page.evaluate(() => window.kneeStudio.lastFrame());
  const tensorsBefore = await page.evaluate(() => window.kneeStudio.numTensors());

  // Frames one after another, as when a slider is released at a new value each time.
  const workerMs = [];
  const roundTripMs = [];
  const started = Date.now();
  for (let i = 0; i < FRAMES && Date.now() - started < FRAME_BUDGET_MS; i++) {
    const kl = Math.round(((i % 79) + 1) * 5) / 100; // 0.05 … 3.95, never the same twice in a row
    const result = await page.evaluate(
      ([k, directions]) => window.kneeStudio.show({ kl: k, directions }),
      [kl, DIRECTIONS],
    );
    workerMs.push(result.ms);
    roundTripMs.push(result.roundTripMs);
  }

  // Dragging: the KL slider moves every 16 ms (60 Hz) for DRAG_MS; latest-wins drops stale values.
  const drag = await page.evaluate(async (duration) => {
    const slider = document.getElementById('kl');
    const logStart = window.kneeStudio.frameLog().length;
    const statsBefore = window.kneeStudio.stats();
    const t0 = performance.now();
    let step = 0;
    await new Promise((resolve) => {
      const timer = setInterval(() => {
        step++;
        slider.value = String(Math.round((2 + 1.5 * Math.sin(step / 10)) * 20) / 20);
        slider.dispatchEvent(new Event('input', { bubbles: true }));
        if (performance.now() - t0 > duration) {
          clearInterval(timer);
          resolve();
        }
      }, 16);
    });
    // Let the last requested frame arrive.
    while (window.kneeStudio.busy()) await new Promise((r) => setTimeout(r, 50));
    const frames = window.kneeStudio.frameLog().slice(logStart);
    const statsAfter = window.kneeStudio.stats();
    return {
      inputs: step,
      latencies: frames.map((f) => f.arrivedAt - f.requestedAt),
      framesShown: frames.length,
      dropped: statsAfter.dropped - statsBefore.dropped,
    };
  }, DRAG_MS);
  // Counted when no frame is being drawn, like the count before.
  const tensorsAfter = await page.evaluate(() => window.kneeStudio.numTensors());
  await context.close();
  return {
    backend,
    available: true,
    label,
    software: /software, no GPU/.test(label ?? ''),
    resolution: [frame.height, frame.width],
    load: {
      coldMs: round(cold.load.loadMs),
      coldFirstImageMs: round(cold.firstImageMs),
      cachedMs: round(cached.load.loadMs),
      cachedFirstImageMs: round(cached.firstImageMs),
      cachedFromDevice: cached.load.fromCache,
    },
    frames: {
      count: workerMs.length,
      workerP50Ms: round(percentile(workerMs, 50)),
      workerP95Ms: round(percentile(workerMs, 95)),
      roundTripP50Ms: round(percentile(roundTripMs, 50)),
      roundTripP95Ms: round(percentile(roundTripMs, 95)),
    },
    drag: {
      inputs: drag.inputs,
      framesShown: drag.framesShown,
      dropped: drag.dropped,
      latencyP50Ms: round(percentile(drag.latencies, 50)),
      latencyP95Ms: round(percentile(drag.latencies, 95)),
    },
    tensors: { before: tensorsBefore, after: tensorsAfter },
  };
}

function table(results) {
  const rows = [
    [
      'backend',
      'load cold',
      'first img cached',
      'ms/frame p50',
      'p95',
      'drag latency p50',
      'p95',
      'tensors before→after',
    ],
  ];
  for (const r of results) {
    if (!r.available) {
      rows.push([r.backend, `unavailable (${r.note})`, '', '', '', '', '', '']);
      continue;
    }
    rows.push([
      r.software ? `${r.backend} (SwiftShader, CPU)` : r.backend,
      `${r.load.coldMs} ms`,
      `${r.load.cachedFirstImageMs} ms`,
      `${r.frames.workerP50Ms}`,
      `${r.frames.workerP95Ms}`,
      `${r.drag.latencyP50Ms} ms`,
      `${r.drag.latencyP95Ms} ms`,
      `${r.tensors.before}→${r.tensors.after}`,
    ]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => String(row[c]).length)));
  return rows.map((row) => row.map((cell, c) => String(cell).padEnd(widths[c])).join(' | ')).join('\n');
}

const server = await startPreview(PORT, '/bench/');
const browser = await launchChromium();
const chromiumVersion = browser.version();
const results = [];
try {
  for (const backend of BACKENDS) {
    process.stderr.write(`bench: ${backend}…\n`);
    results.push(await benchBackend(browser, backend));
  }
} finally {
  await browser.close();
  server.kill();
}
const report = {
  date: new Date().toISOString(),
  chromium: chromiumVersion,
  machine: {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    loadAverage1m: os.loadavg()[0],
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  },
  framesPerBackend: FRAMES,
  directions: DIRECTIONS,
  results,
};
mkdirSync('bench', { recursive: true });
writeFileSync('bench/results.json', `${JSON.stringify(report, null, 2)}\n`);
console.log(table(results));
console.log(
  `\n${os.cpus().length} CPU cores, 1-min load average ${os.loadavg()[0].toFixed(2)}; written to bench/results.json`,
);
