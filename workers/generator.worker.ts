// The generator worker: the only place that touches tensors and model files. The UI talks to it
// through comlink (src/worker-bridge/bridge.ts), which sends at most one frame request at a time.
import * as tf from '@tensorflow/tfjs';
import * as Comlink from 'comlink';
import { del, get, keys, set } from 'idb-keyval';
import type { Frame, FrameRequest, GeneratorApi, LoadResult, ModelEntry } from './api';
import { chooseBackend } from './backend';
import { datasetZip, whileCurrent, type OnImage } from './dataset-export';
import { fetchModelFile } from './fetch-file';
import { openModel } from './open-model';
import { clearCachedPackages, isPackageCached, listCachedPackages, type PackageStore } from './package-cache';
import { loadIndex, packageUrl } from './package-loader';
import { Renderer } from './renderer';

const store: PackageStore = { get, set, del, keys: () => keys() };
const fetcher = (url: string) => fetch(url, { cache: 'no-cache' });
let renderer: Renderer | null = null;
let backendReady: ReturnType<typeof chooseBackend> | null = null;
/** Where the loaded package lives, for its text files (model card); `texts` were kept with it. */
let loadedFrom: { modelsUrl: string; id: string; entry: ModelEntry | null; texts: Record<string, string> } | null =
  null;

function loadedRenderer(model: string): Renderer {
  if (!renderer) throw new Error('no model is loaded');
  if (model !== renderer.manifest.id) throw new Error(`model "${model}" is not the one loaded`);
  return renderer;
}

/** A text file of the loaded package, e.g. its model card; fails if another model is loaded. */
async function modelText(modelId: string, path: string): Promise<string> {
  if (!loadedFrom) throw new Error('no model is loaded');
  if (loadedFrom.id !== modelId) throw new Error(`model "${modelId}" is not the one loaded`);
  const kept = loadedFrom.texts[path];
  if (kept !== undefined) return kept;
  if (!loadedFrom.entry) throw new Error(`${path} of this earlier model is not on this device`);
  const response = await fetchModelFile(fetcher, packageUrl(loadedFrom.modelsUrl, loadedFrom.entry), path);
  return response.text();
}

const api: GeneratorApi = {
  async load({ modelsUrl, modelId, weightsPrefix, backend }): Promise<LoadResult> {
    const started = performance.now();
    backendReady ??= chooseBackend(backend);
    const backendInfo = await backendReady;
    const index = await loadIndex(fetcher, store, modelsUrl);
    // An unknown id or other weights (e.g. from an old link) never fail: the resolution says what was used.
    const { pkg, entry, texts, resolution } = await openModel(fetcher, store, modelsUrl, index, {
      id: modelId,
      prefix: weightsPrefix,
    });
    renderer?.dispose();
    renderer = null;
    renderer = Renderer.fromWeights(pkg.manifest, pkg.weights);
    loadedFrom = { modelsUrl, id: pkg.manifest.id, entry, texts };
    return {
      backend: backendInfo,
      models: index.models,
      defaultModel: index.default,
      manifest: pkg.manifest,
      fromCache: pkg.fromCache,
      loadMs: performance.now() - started,
      resolution,
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

  async exportDataset(modelId, options, onImage) {
    try {
      const loaded = loadedRenderer(modelId);
      const cardPath = loaded.manifest.model_card;
      // The model card first: if it cannot be read, no image has been drawn in vain.
      const card = cardPath ? await modelText(modelId, cardPath) : null;
      const source = whileCurrent(loaded, () => renderer === loaded);
      const bytes = await datasetZip(source, options, card, onImage);
      return bytes && Comlink.transfer(bytes, [bytes.buffer]);
    } finally {
      (onImage as unknown as Comlink.Remote<OnImage>)[Comlink.releaseProxy]();
    }
  },

  numTensors: () => tf.memory().numTensors,

  isCached: (id, sha256) => isPackageCached(store, id, sha256),

  listCached: () => listCachedPackages(store),

  // The renderer holds its own copy of the weights, so the loaded model keeps drawing.
  clearCached: () => clearCachedPackages(store),
};

Comlink.expose(api);
