// The generator worker: the only place that touches tensors and model files. The UI talks to it
// through comlink (src/worker-bridge/bridge.ts), which sends at most one frame request at a time.
import * as tf from '@tensorflow/tfjs';
import * as Comlink from 'comlink';
import { get, set } from 'idb-keyval';
import type { Frame, FrameRequest, GeneratorApi, LoadResult } from './api';
import { chooseBackend } from './backend';
import { isPackageCached, loadIndex, loadPackage, type PackageStore } from './package-loader';
import { Renderer } from './renderer';

const store: PackageStore = { get, set };
const fetcher = (url: string) => fetch(url, { cache: 'no-cache' });
let renderer: Renderer | null = null;
let backendReady: ReturnType<typeof chooseBackend> | null = null;

const api: GeneratorApi = {
  async load({ modelsUrl, modelId, backend }): Promise<LoadResult> {
    const started = performance.now();
    backendReady ??= chooseBackend(backend);
    const backendInfo = await backendReady;
    const index = await loadIndex(fetcher, store, modelsUrl);
    // An unknown id (e.g. from an old link) falls back to the default; the UI says so.
    const entry = index.models.find((m) => m.id === modelId) ?? index.models.find((m) => m.id === index.default)!;
    const pkg = await loadPackage(fetcher, store, modelsUrl, entry);
    renderer?.dispose();
    renderer = null;
    renderer = Renderer.fromWeights(pkg.manifest, pkg.weights);
    return {
      backend: backendInfo,
      models: index.models,
      defaultModel: index.default,
      manifest: pkg.manifest,
      fromCache: pkg.fromCache,
      loadMs: performance.now() - started,
    };
  },

  async render({ id, state }: FrameRequest): Promise<Frame> {
    if (!renderer) throw new Error('no model is loaded');
    if (state.model !== renderer.manifest.id) throw new Error(`model "${state.model}" is not the one loaded`);
    const started = performance.now();
    const pixels = await renderer.render(state);
    const frame: Frame = {
      id,
      state,
      ...renderer.size,
      pixels,
      ms: performance.now() - started,
      numTensors: tf.memory().numTensors,
    };
    return Comlink.transfer(frame, [pixels.buffer]);
  },

  numTensors: () => tf.memory().numTensors,

  isCached: (id) => isPackageCached(store, id),
};

Comlink.expose(api);
