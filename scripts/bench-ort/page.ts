// The bench page scripts/bench-ort.mjs drives (window.ortBench): tfjs (the app's path) and ONNX Runtime
// Web on one model package, in one page, on one backend at a time. A fresh page per first-frame
// measurement, so neither engine finds the other's warm caches.
import {
  fetchPackage,
  OrtEngine,
  TfjsEngine,
  type BackendName,
  type BenchState,
  type Engine,
  type ModelFiles,
} from './engines';

export type EngineName = 'tfjs' | 'ort';

interface Reference {
  states: BenchState[];
  pixels: string[];
}

const params = new URLSearchParams(location.search);
const MODEL = params.get('model') ?? 'knee-cpu128';
const PACKAGE_URL = `/models/${MODEL}/`;
const ONNX_URL = `/onnx/${MODEL}.onnx`;

const engines = new Map<EngineName, Engine>();
let files: ModelFiles | null = null;

async function startEngine(name: EngineName, backend: BackendName, threads: number): Promise<Engine> {
  let engine: Engine;
  if (name === 'tfjs') {
    files ??= await fetchPackage(PACKAGE_URL);
    engine = await TfjsEngine.start(backend, files);
  } else {
    const ort = await OrtEngine.runtime(backend, threads);
    files ??= await fetchPackage(PACKAGE_URL);
    engine = await OrtEngine.start(ort, backend, ONNX_URL, files.manifest);
  }
  engines.set(name, engine);
  return engine;
}

function engine(name: EngineName): Engine {
  const found = engines.get(name);
  if (!found) throw new Error(`${name} is not started on this page`);
  return found;
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`sizes differ: ${a.length} vs ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

const base64Bytes = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

const api = {
  model: MODEL,

  isolated: () => globalThis.crossOriginIsolated === true,

  /** The WebGPU adapter's description, or null where there is none. */
  async adapter(): Promise<string | null> {
    const adapter = await navigator.gpu?.requestAdapter({ powerPreference: 'high-performance' }).catch(() => null);
    if (!adapter) return null;
    const info = (adapter as GPUAdapter & { info?: GPUAdapterInfo }).info; // newer than these type definitions
    return [info?.vendor, info?.architecture, info?.description].filter(Boolean).join(' ') || 'unknown adapter';
  },

  /**
   * Model load to first pixels, on a fresh page: fetch the model files, start the backend, build the
   * network or session, draw one frame. ORT's JavaScript module is loaded before the clock starts,
   * as tfjs's is (it is part of this page's bundle).
   */
  async firstFrame(name: EngineName, backend: BackendName, threads: number, state: BenchState) {
    if (name === 'ort') await OrtEngine.runtime(backend, threads);
    const t0 = performance.now();
    const started = await startEngine(name, backend, threads);
    const t1 = performance.now();
    await started.frame(state);
    const t2 = performance.now();
    return { label: started.label, totalMs: t2 - t0, loadMs: t1 - t0, firstRunMs: t2 - t1 };
  },

  async start(names: EngineName[], backend: BackendName, threads: number): Promise<string[]> {
    const labels: string[] = [];
    for (const name of names) labels.push((await startEngine(name, backend, threads)).label);
    return labels;
  },

  /**
   * Frames on the same states, engines alternating (the order swaps every frame so neither always
   * runs second). Warm-up first, untimed, for at least `warmupMs` and 3 frames each: V8 runs new
   * wasm code from its baseline compiler until the hot functions are recompiled optimised in the
   * background, and on a busy machine that took ORT's larger binary about 50 frames (2.5 s).
   * ms = state in → 8-bit pixels readable on the CPU.
   */
  async frames(names: EngineName[], states: BenchState[], warmupMs: number, budgetMs: number) {
    const warmupStarted = performance.now();
    for (let i = 0; i < 3 || performance.now() - warmupStarted < warmupMs; i++)
      for (const name of names) await engine(name).frame(states[i % states.length]);
    const ms: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
    const started = performance.now();
    for (let i = 0; i < states.length && performance.now() - started < budgetMs; i++) {
      const order = i % 2 === 0 ? names : [...names].reverse();
      for (const name of order) {
        const t0 = performance.now();
        await engine(name).frame(states[i]);
        ms[name].push(performance.now() - t0);
      }
    }
    return ms;
  },

  /**
   * tfjs against ORT on `states` (max |Δ| of the unclamped values and of the 8-bit pixels), and both
   * against PyTorch's 8-bit pixels in the package's reference.json where the state is one of those.
   */
  async agreement(states: BenchState[]) {
    const reference = (await (await fetch(`${PACKAGE_URL}reference.json`)).json()) as Reference;
    const rows: { state: BenchState; torch: Uint8Array | null }[] = [
      ...reference.states.map((state, i) => ({ state, torch: base64Bytes(reference.pixels[i]) })),
      ...states.map((state) => ({ state, torch: null })),
    ];
    const out = [];
    for (const { state, torch } of rows) {
      const a = await engine('tfjs').frame(state, true);
      const b = await engine('ort').frame(state, true);
      out.push({
        state,
        maxAbs: maxDiff(a.values!, b.values!),
        max8bit: maxDiff(a.pixels, b.pixels),
        tfjsVsTorch8bit: torch ? maxDiff(a.pixels, torch) : null,
        ortVsTorch8bit: torch ? maxDiff(b.pixels, torch) : null,
      });
    }
    return out;
  },

  /** tf.profile of one tfjs frame, kernels summed by name. */
  async profile(state: BenchState) {
    const tfjs = engine('tfjs');
    if (!(tfjs instanceof TfjsEngine)) throw new Error('tfjs is not started');
    return tfjs.profile(state);
  },

  numTensors(): number {
    const tfjs = engines.get('tfjs');
    return tfjs instanceof TfjsEngine ? tfjs.numTensors() : 0;
  },
};

declare global {
  interface Window {
    ortBench: typeof api;
  }
}
window.ortBench = api;
document.body.dataset.ready = 'true';
