/// <reference types="vite/client" />
/// <reference types="@webgpu/types" />
// The two forward passes scripts/bench-ort.mjs compares, behind one interface. "tfjs" is the app's
// own path, not a copy: the worker's backend choice (workers/backend.ts, single-threaded SIMD wasm)
// and its Renderer (generate → toGrey8 → await data()). "ort" is ONNX Runtime Web on the exporter's
// .onnx of the same package (training/knee_gan/onnx_export.py), quantised to 8 bits the same way.
// Bench only: nothing under src/ or workers/ imports onnxruntime-web.
import * as tf from '@tensorflow/tfjs';
import type * as Ort from 'onnxruntime-web';
import type { ModelManifest } from '../../core/state/manifest';
import { seedToLatent } from '../../core/state/latent';
import { chooseBackend } from '../../workers/backend';
import { createGenerator, toGrey8, type ImageGenerator } from '../../workers/model/create';
import { directionOffsets } from '../../workers/model/offset';
import { Renderer } from '../../workers/renderer';

export type BackendName = 'wasm' | 'webgpu';

export interface BenchState {
  seed: number;
  kl: number;
  truncation: number;
  directions: Record<string, number>;
}

export interface Output {
  /** 8-bit grey, what the app puts on screen. */
  pixels: Uint8Array;
  /** The unclamped [-1, 1] image before quantisation (only when asked for: it costs a copy). */
  values?: Float32Array;
}

export interface Engine {
  readonly label: string;
  frame(state: BenchState, withValues?: boolean): Promise<Output>;
  dispose(): void;
}

export interface ModelFiles {
  manifest: ModelManifest;
  weights: ArrayBuffer;
}

async function fetchOk(url: string): Promise<Response> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response;
}

export async function fetchPackage(packageUrl: string): Promise<ModelFiles> {
  const manifest = (await (await fetchOk(`${packageUrl}manifest.json`)).json()) as ModelManifest;
  const paths = manifest.weights.manifest.flatMap((group) => group.paths);
  const parts = await Promise.all(paths.map(async (p) => (await fetchOk(`${packageUrl}${p}`)).arrayBuffer()));
  const weights = new Uint8Array(parts.reduce((n, part) => n + part.byteLength, 0));
  parts.reduce((offset, part) => (weights.set(new Uint8Array(part), offset), offset + part.byteLength), 0);
  return { manifest, weights: weights.buffer };
}

/** The rounding of workers/model/create.ts toGrey8: clip to [-1, 1], (v + 1)·127.5, round half to even (tf.round). */
export function grey8(values: Float32Array): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const x = (Math.min(1, Math.max(-1, values[i])) + 1) * 127.5;
    const r = Math.round(x);
    out[i] = r - x === 0.5 && r % 2 === 1 ? r - 1 : r;
  }
  return out;
}

export class TfjsEngine implements Engine {
  private constructor(
    readonly label: string,
    private readonly generator: ImageGenerator,
    private readonly renderer: Renderer,
    private readonly manifest: ModelManifest,
  ) {}

  /** Starts the backend as the app's worker does (a named backend: software adapters allowed). */
  static async start(backend: BackendName, files: ModelFiles): Promise<TfjsEngine> {
    const info = await chooseBackend(backend);
    if (info.name !== backend) throw new Error(`tfjs fell back to ${info.name}: ${info.skipped[0]?.reason}`);
    const generator = createGenerator(files.manifest, files.weights);
    return new TfjsEngine(`tfjs ${info.label}`, generator, new Renderer(files.manifest, generator), files.manifest);
  }

  async frame(state: BenchState, withValues = false): Promise<Output> {
    const pixels = await this.renderer.render({ model: this.manifest.id, ...state });
    if (!withValues) return { pixels };
    const image = this.generator.generate({
      z: seedToLatent(state.seed, this.generator.zDim),
      kl: state.kl,
      truncation: state.truncation,
      ...directionOffsets(this.manifest, state.directions),
    });
    const values = (await image.data()) as Float32Array;
    image.dispose();
    return { pixels, values };
  }

  /** tf.profile of one frame: the kernels it ran, summed by name (time as the backend reports it). */
  async profile(state: BenchState): Promise<{
    kernels: { name: string; count: number; ms: number }[];
    convs: { input: number[]; filter: number[]; ms: number }[];
    wallMs: number;
  }> {
    const t0 = performance.now();
    const info = await tf.profile(async () => {
      const grey = tf.tidy(() =>
        toGrey8(
          this.generator.generate({
            z: seedToLatent(state.seed, this.generator.zDim),
            kl: state.kl,
            truncation: state.truncation,
            ...directionOffsets(this.manifest, state.directions),
          }),
        ),
      );
      await grey.data();
      grey.dispose();
    });
    const wallMs = performance.now() - t0;
    const byName = new Map<string, { name: string; count: number; ms: number }>();
    for (const k of info.kernels) {
      const entry = byName.get(k.name) ?? { name: k.name, count: 0, ms: 0 };
      entry.count++;
      entry.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : NaN;
      byName.set(k.name, entry);
    }
    const convs = info.kernels
      .filter((k) => k.name === 'Conv2D' || k.name === 'FusedConv2D')
      .map((k) => ({ input: k.inputShapes[0] ?? [], filter: k.inputShapes[1] ?? [], ms: Number(k.kernelTimeMs) }));
    return { kernels: [...byName.values()].sort((a, b) => b.ms - a.ms), convs, wallMs };
  }

  numTensors(): number {
    return tf.memory().numTensors;
  }

  dispose(): void {
    this.renderer.dispose();
  }
}

export class OrtEngine implements Engine {
  private latentSeed = -1;
  private latent: Float32Array = new Float32Array(0);

  private constructor(
    readonly label: string,
    private readonly ort: typeof Ort,
    private readonly session: Ort.InferenceSession,
    private readonly manifest: ModelManifest,
  ) {}

  /** The ORT build for the backend: the plain wasm build, or the WebGPU build. Loaded before timing starts. */
  static async runtime(backend: BackendName, threads: number): Promise<typeof Ort> {
    const ort = backend === 'webgpu' ? await import('onnxruntime-web/webgpu') : await import('onnxruntime-web/wasm');
    ort.env.wasm.wasmPaths = new URL('/ort/', location.href).href; // served locally, never a CDN
    ort.env.wasm.numThreads = threads;
    ort.env.wasm.proxy = false; // run on the calling thread, as tfjs does here
    return ort;
  }

  static async start(
    ort: typeof Ort,
    backend: BackendName,
    onnxUrl: string,
    manifest: ModelManifest,
  ): Promise<OrtEngine> {
    const bytes = new Uint8Array(await (await fetchOk(onnxUrl)).arrayBuffer());
    const session = await ort.InferenceSession.create(bytes, {
      executionProviders: [backend],
      graphOptimizationLevel: 'all',
    });
    const threads = backend === 'wasm' ? `, ${ort.env.wasm.numThreads} thread(s)` : '';
    return new OrtEngine(`ORT ${ort.env.versions.web} ${backend}${threads}`, ort, session, manifest);
  }

  async frame(state: BenchState, withValues = false): Promise<Output> {
    const arch = this.manifest.architecture;
    if (state.seed !== this.latentSeed) {
      this.latent = seedToLatent(state.seed, arch.z_dim); // once per knee, as the app's Renderer does
      this.latentSeed = state.seed;
    }
    const offsets = directionOffsets(this.manifest, state.directions);
    const { Tensor } = this.ort;
    const feeds = {
      z: new Tensor('float32', this.latent, [1, arch.z_dim]),
      kl: new Tensor('float32', Float32Array.of(state.kl), [1]),
      truncation: new Tensor('float32', Float32Array.of(state.truncation), [1]),
      w_offset: new Tensor('float32', offsets.wOffset ?? new Float32Array(arch.w_dim), [1, arch.w_dim]),
      grade_offset: new Tensor('float32', offsets.gradeOffset ?? new Float32Array(arch.grade_dim), [1, arch.grade_dim]),
    };
    const { image } = await this.session.run(feeds);
    const values = (await image.getData()) as Float32Array;
    image.dispose();
    return withValues ? { pixels: grey8(values), values: Float32Array.from(values) } : { pixels: grey8(values) };
  }

  dispose(): void {
    void this.session.release();
  }
}
