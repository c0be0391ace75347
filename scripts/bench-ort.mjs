// npm run bench (third part): the app's tfjs forward pass against ONNX Runtime Web on the same model
// package, in one headless Chromium page per backend (issue 12). Steps:
//   1. training/knee_gan/onnx_export.py writes the package's generator to bench/onnx/<id>.onnx;
//   2. Vite bundles the bench page scripts/bench-ort/ (the app's workers/backend.ts + Renderer, and
//      onnxruntime-web, which the app never imports) into bench/ort-dist/;
//   3. a local server (cross-origin isolated, ORT's wasm files from node_modules: no CDN) serves it;
//   4. per backend: first frame (model load to first pixels, fresh page each, median of FIRST_RUNS),
//      ms per frame with the engines alternating on the same states, and the outputs' agreement.
// Prints a table and writes bench/ort.json. Agreement over 2/255 (8-bit) fails the run: then the
// speed comparison does not count. Without a GPU, webgpu is SwiftShader: CPU numbers, not GPU ones.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { resolve } from 'node:path';
import { build } from 'vite';
import { serveStatic } from './isolated-static-server.mjs';
import { percentile, round, launchChromium } from './bench-common.mjs';

const PORT = 4179;
const FRAMES = Number(process.env.BENCH_FRAMES ?? 100);
const BUDGET_MS = Number(process.env.BENCH_ORT_BUDGET_MS ?? 120_000); // per backend, both engines
const FIRST_RUNS = Number(process.env.BENCH_ORT_FIRST_RUNS ?? 3);
const WARMUP_MS = Number(process.env.BENCH_ORT_WARMUP_MS ?? 10_000); // untimed, until wasm tier-up
const BACKENDS = (process.env.BENCH_ORT_BACKENDS ?? 'wasm,webgpu').split(',');
const TWO_THREADS = process.env.BENCH_ORT_TWO_THREADS !== '0'; // the optional 2-thread ORT row
const MAX_8BIT_DIFF = 2;

const median = (values) => percentile(values, 50);

// The app's default model unless BENCH_MODEL names another; BENCH_MODELS_DIR: another models folder.
const MODELS_DIR = resolve(process.env.BENCH_MODELS_DIR ?? 'public/models');
const index = JSON.parse(readFileSync(resolve(MODELS_DIR, 'index.json'), 'utf8'));
const modelId = process.env.BENCH_MODEL ?? index.default;
const entry = index.models.find((m) => m.id === modelId);
if (!entry) throw new Error(`${MODELS_DIR}/index.json lists no model '${modelId}'`);
const packageDir = resolve(MODELS_DIR, entry.path);
const manifest = JSON.parse(readFileSync(resolve(packageDir, 'manifest.json'), 'utf8'));

// 1. The ONNX file, always from the package as it is now.
mkdirSync('bench/onnx', { recursive: true });
const exported = spawnSync(
  '/usr/bin/python3',
  ['-m', 'knee_gan.onnx_export', '--package', packageDir, '--out', resolve(`bench/onnx/${modelId}.onnx`)],
  { cwd: 'training', encoding: 'utf8' },
);
if (exported.status !== 0) throw new Error(`onnx_export failed:\n${exported.stdout}${exported.stderr}`);
process.stderr.write(exported.stdout);

// 2. The bench page: a separate bundle, never part of dist/.
await build({
  configFile: false,
  root: resolve('scripts/bench-ort'),
  base: '/',
  logLevel: 'warn',
  worker: { format: 'es' },
  build: { outDir: resolve('bench/ort-dist'), emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 1e5 },
});

// The same frame states for both engines: the KL slider moving over one knee, as in scripts/bench.mjs.
const truncation = manifest.latent?.truncation?.default ?? 0.7;
const frameStates = Array.from({ length: FRAMES }, (_, i) => ({
  seed: 42,
  kl: Math.round(((i % 79) + 1) * 5) / 100,
  truncation,
  directions: {},
}));
// Agreement: the package's reference states (PyTorch's pixels) plus truncation and direction extremes.
const dirs = manifest.directions ?? [];
const agreementStates = [
  { seed: 11, kl: 3.7, truncation: 0.5, directions: {} },
  { seed: 12, kl: 0.4, truncation: manifest.latent?.truncation?.max ?? 1.5, directions: {} },
  ...dirs.slice(0, 3).map((d, i) => ({ seed: 20 + i, kl: 1 + i, truncation: 0.7, directions: { [d.id]: d.range[1] } })),
  ...(dirs.length
    ? [{ seed: 30, kl: 2.2, truncation: 0.9, directions: Object.fromEntries(dirs.map((d) => [d.id, d.range[0]])) }]
    : []),
];

async function onFreshPage(browser, fn) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    page.on('pageerror', (e) => process.stderr.write(`page error: ${e.message}\n`));
    await page.goto(`http://localhost:${PORT}/?model=${modelId}`);
    await page.waitForFunction(() => document.body.dataset.ready === 'true');
    return await fn(page);
  } finally {
    await context.close();
  }
}

async function firstFrames(browser, name, backend, threads) {
  const runs = [];
  for (let i = 0; i < FIRST_RUNS; i++)
    runs.push(
      await onFreshPage(browser, (page) =>
        page.evaluate(
          ([n, b, t, s]) => window.ortBench.firstFrame(n, b, t, s),
          [name, backend, threads, frameStates[0]],
        ),
      ),
    );
  return {
    label: runs[0].label,
    totalMs: round(median(runs.map((r) => r.totalMs))),
    firstRunMs: round(median(runs.map((r) => r.firstRunMs))),
    runsMs: runs.map((r) => round(r.totalMs)),
  };
}

function frameStats(ms) {
  return {
    count: ms.length,
    p50Ms: round(percentile(ms, 50)),
    p95Ms: round(percentile(ms, 95)),
    ms: ms.map((v) => Math.round(v * 100) / 100),
  };
}

async function benchBackend(browser, backend) {
  let adapter = null;
  if (backend === 'webgpu') {
    adapter = await onFreshPage(browser, (page) => page.evaluate(() => window.ortBench.adapter()));
    if (!adapter) return { backend, available: false, note: 'no WebGPU adapter' };
  }
  const software = /swiftshader|llvmpipe|software/i.test(adapter ?? '');
  process.stderr.write(`bench-ort: ${backend}: first frames…\n`);
  const first = {
    tfjs: await firstFrames(browser, 'tfjs', backend, 1),
    ort: await firstFrames(browser, 'ort', backend, 1),
  };
  process.stderr.write(`bench-ort: ${backend}: agreement and frames…\n`);
  const main = await onFreshPage(browser, async (page) => {
    const labels = await page.evaluate(([b]) => window.ortBench.start(['tfjs', 'ort'], b, 1), [backend]);
    const agreement = await page.evaluate((s) => window.ortBench.agreement(s), agreementStates);
    const tensorsBefore = await page.evaluate(() => window.ortBench.numTensors());
    const ms = await page.evaluate(
      ([s, w, budget]) => window.ortBench.frames(['tfjs', 'ort'], s, w, budget),
      [frameStates, WARMUP_MS, BUDGET_MS],
    );
    const tensorsAfter = await page.evaluate(() => window.ortBench.numTensors());
    const profile = await page.evaluate((s) => window.ortBench.profile(s), frameStates[1]);
    return { labels, agreement, ms, tensors: { before: tensorsBefore, after: tensorsAfter }, profile };
  });
  const result = {
    backend,
    available: true,
    adapter,
    software,
    labels: main.labels,
    first,
    frames: { tfjs: frameStats(main.ms.tfjs), ort: frameStats(main.ms.ort) },
    agreement: main.agreement,
    max8bit: Math.max(...main.agreement.map((a) => a.max8bit)),
    maxAbs: Math.max(...main.agreement.map((a) => a.maxAbs)),
    tensors: main.tensors,
    tfjsProfile: {
      wallMs: round(main.profile.wallMs),
      kernels: main.profile.kernels.slice(0, 15),
      convs: main.profile.convs.map((c) => ({ ...c, ms: round(c.ms) })),
    },
  };
  // Optional: ORT with 2 wasm threads, only where the page is cross-origin isolated. Alone on its page.
  if (
    backend === 'wasm' &&
    TWO_THREADS &&
    (await onFreshPage(browser, (page) => page.evaluate(() => window.ortBench.isolated())))
  ) {
    process.stderr.write('bench-ort: wasm: ORT with 2 threads…\n');
    const first2 = await firstFrames(browser, 'ort', 'wasm', 2);
    const ms2 = await onFreshPage(browser, async (page) => {
      await page.evaluate(() => window.ortBench.start(['ort'], 'wasm', 2));
      return page.evaluate(
        ([s, w, b]) => window.ortBench.frames(['ort'], s, w, b),
        [frameStates, WARMUP_MS, BUDGET_MS],
      );
    });
    result.ort2Threads = { first: first2, frames: frameStats(ms2.ort) };
  }
  return result;
}

function table(results) {
  const rows = [['engine · backend', 'first frame (load → pixels)', 'ms/frame p50', 'p95', 'frames', 'max 8-bit Δ']];
  for (const r of results) {
    if (!r.available) {
      rows.push([`${r.backend}: unavailable (${r.note})`, '', '', '', '', '']);
      continue;
    }
    const tag = r.software ? ' (SwiftShader = CPU, not GPU numbers)' : '';
    for (const [name, label] of [
      ['tfjs', `tfjs-${r.backend}${tag}`],
      ['ort', `ORT-${r.backend}${r.backend === 'wasm' ? ' 1 thread' : ''}${tag}`],
    ])
      rows.push([
        label,
        `${r.first[name].totalMs} ms`,
        r.frames[name].p50Ms,
        r.frames[name].p95Ms,
        r.frames[name].count,
        r.max8bit,
      ]);
    if (r.ort2Threads) {
      const t = r.ort2Threads;
      rows.push(['ORT-wasm 2 threads', `${t.first.totalMs} ms`, t.frames.p50Ms, t.frames.p95Ms, t.frames.count, '']);
    }
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => String(row[c]).length)));
  return rows.map((row) => row.map((cell, c) => String(cell).padEnd(widths[c])).join(' | ')).join('\n');
}

const loadBefore = os.loadavg();
const server = await serveStatic(PORT, {
  '/': 'bench/ort-dist',
  '/ort/': 'node_modules/onnxruntime-web/dist',
  '/models/': MODELS_DIR,
  '/onnx/': 'bench/onnx',
});
const browser = await launchChromium();
const results = [];
try {
  for (const backend of BACKENDS) {
    try {
      results.push(await benchBackend(browser, backend));
    } catch (error) {
      // Seen: SwiftShader's WebGPU losing the page on the 224-px model. The other rows still count.
      const note = `failed: ${String(error instanceof Error ? error.message : error).split('\n')[0]}`;
      process.stderr.write(`bench-ort: ${backend}: ${note}\n`);
      results.push({ backend, available: false, note });
    }
  }
} finally {
  await browser.close();
  server.close();
}
const ortVersion = JSON.parse(readFileSync('node_modules/onnxruntime-web/package.json', 'utf8')).version;
const report = {
  date: new Date().toISOString(),
  chromium: browser.version(),
  onnxruntimeWeb: ortVersion,
  model: { id: modelId, architecture: manifest.architecture.type, resolution: manifest.resolution },
  machine: {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    loadAverageBefore: loadBefore,
    loadAverageAfter: os.loadavg(),
  },
  frames: FRAMES,
  results,
};
mkdirSync('bench', { recursive: true });
writeFileSync('bench/ort.json', `${JSON.stringify(report, null, 2)}\n`);

console.log(
  `\n${modelId} (${manifest.architecture.type}, ${manifest.resolution.join(' × ')}), onnxruntime-web ${ortVersion}`,
);
console.log(table(results));
for (const r of results.filter((x) => x.available)) {
  console.log(`\n${r.backend}: agreement tfjs vs ORT on ${r.agreement.length} states:`);
  for (const a of r.agreement)
    console.log(
      `  seed ${a.state.seed} kl ${a.state.kl} ψ ${a.state.truncation} dirs ${JSON.stringify(a.state.directions)}: ` +
        `max |Δ| ${a.maxAbs.toExponential(2)}, 8-bit Δ ${a.max8bit}` +
        (a.tfjsVsTorch8bit === null ? '' : ` (vs PyTorch: tfjs ${a.tfjsVsTorch8bit}, ORT ${a.ortVsTorch8bit})`),
    );
  console.log(`  tfjs tf.profile of one frame (${r.tfjsProfile.wallMs} ms wall), kernels by time:`);
  for (const k of r.tfjsProfile.kernels.slice(0, 8)) console.log(`    ${k.name} ×${k.count}: ${round(k.ms)} ms`);
}
const [l1, l5] = os.loadavg();
console.log(
  `\n${os.cpus().length} CPU cores, load average ${loadBefore[0].toFixed(2)} before, ${l1.toFixed(2)} (5-min ${l5.toFixed(2)}) after; Chromium ${report.chromium}; written to bench/ort.json`,
);
const failed = results.filter((r) => r.available && r.max8bit > MAX_8BIT_DIFF);
if (failed.length) {
  console.log(
    `AGREEMENT FAILED on ${failed.map((r) => r.backend).join(', ')}: outputs differ by more than ${MAX_8BIT_DIFF}/255, so the speed comparison does not count.`,
  );
  process.exitCode = 1;
} else console.log(`Agreement: tfjs and ORT within ${MAX_8BIT_DIFF}/255 on every state and backend measured.`);
