// The generator worker: the only place that touches tensors and model files. The UI talks to it
// through comlink (src/worker-bridge/bridge.ts), which sends at most one frame request at a time.
import * as tf from '@tensorflow/tfjs';
import * as Comlink from 'comlink';
import { get, set } from 'idb-keyval';
import { encodeGreyPng } from '../src/formats/png';
import { zipFiles } from '../src/formats/zip';
import type { Frame, FrameRequest, GeneratorApi, LoadResult, ModelEntry, PngImage } from './api';
import { chooseBackend } from './backend';
import { fetchModelFile } from './fetch-file';
import { isPackageCached, loadIndex, loadPackage, packageUrl, type PackageStore } from './package-loader';
import { Renderer } from './renderer';

const store: PackageStore = { get, set };
const fetcher = (url: string) => fetch(url, { cache: 'no-cache' });
let renderer: Renderer | null = null;
let backendReady: ReturnType<typeof chooseBackend> | null = null;
/** Where the loaded package lives, for its text files (model card). */
let loadedFrom: { modelsUrl: string; entry: ModelEntry } | null = null;

function loadedRenderer(model: string): Renderer {
  if (!renderer) throw new Error('no model is loaded');
  if (model !== renderer.manifest.id) throw new Error(`model "${model}" is not the one loaded`);
  return renderer;
}

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
    loadedFrom = { modelsUrl, entry };
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
    const started = performance.now();
    const loaded = loadedRenderer(state.model);
    const pixels = await loaded.render(state);
    const frame: Frame = {
      id,
      state,
      ...loaded.size,
      pixels,
      ms: performance.now() - started,
      numTensors: tf.memory().numTensors,
    };
    return Comlink.transfer(frame, [pixels.buffer]);
  },

  async renderPng(state, text): Promise<PngImage> {
    const started = performance.now();
    const loaded = loadedRenderer(state.model);
    const pixels = await loaded.render(state);
    const png = encodeGreyPng(pixels, loaded.size.width, loaded.size.height, text);
    return Comlink.transfer({ state, png, ms: performance.now() - started }, [png.buffer]);
  },

  async zip(files) {
    const bytes = zipFiles(files);
    return Comlink.transfer(bytes, [bytes.buffer]);
  },

  async modelText(modelId, path) {
    if (!loadedFrom) throw new Error('no model is loaded');
    if (loadedFrom.entry.id !== modelId) throw new Error(`model "${modelId}" is not the one loaded`);
    const response = await fetchModelFile(fetcher, packageUrl(loadedFrom.modelsUrl, loadedFrom.entry), path);
    return response.text();
  },

  numTensors: () => tf.memory().numTensors,

  isCached: (id) => isPackageCached(store, id),
};

Comlink.expose(api);
