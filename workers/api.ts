// The generator worker's interface, shared by the worker and the UI's bridge (types only).
import type { ShareState } from '../core/state/fragment';
import type { ModelManifest } from '../core/state/manifest';
import type { ModelResolution, ModelStatus } from '../core/state/model-version';
import type { DatasetOptions } from '../core/dataset/plan';
import type { OnImage } from './dataset-export';
import type { CachedPackageInfo } from './package-cache';

export type { CachedPackageInfo };

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export type BackendPreference = BackendName | 'auto';
export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export interface BackendInfo {
  name: BackendName;
  /** What the status line shows, e.g. "WebGPU · nvidia ampere" or "wasm — WebGPU not available in this browser". */
  label: string;
  /** True when the "GPU" is a software renderer (SwiftShader): its timings are CPU timings. */
  software: boolean;
  /** Why each backend before the chosen one was not used. */
  skipped: { name: BackendName; reason: string }[];
}

/** One entry of models/index.json. The version fields are newer: an older index lacks them. */
export interface ModelEntry {
  id: string;
  name: string;
  path: string;
  /** The full SHA-256 of the package's weights file. */
  weights_sha256?: string;
  /** The date the package was added (YYYY-MM-DD). */
  added?: string;
  /** "current": the default; "earlier": a former default, kept so old links still work. */
  status?: ModelStatus;
  superseded_by?: string;
}

export interface LoadResult {
  backend: BackendInfo;
  models: ModelEntry[];
  defaultModel: string;
  manifest: ModelManifest;
  /** True when the weights came from this device's cache (IndexedDB), not the network. */
  fromCache: boolean;
  /** Milliseconds from the start of load() to a generator ready to draw. */
  loadMs: number;
  /** Whether the model and weights asked for are the ones loaded, and if not, why. */
  resolution: ModelResolution;
}

export interface LoadOptions {
  modelsUrl: string;
  /** The model a link names; undefined for the default. */
  modelId?: string;
  /** The link's weights prefix (w=); undefined accepts the weights served for `modelId`. */
  weightsPrefix?: string;
  backend: BackendPreference;
}

export interface FrameRequest {
  id: number;
  state: ShareState;
}

export interface Frame {
  id: number;
  state: ShareState;
  width: number;
  height: number;
  /** 8-bit greyscale, one byte per pixel, row-major. */
  pixels: Uint8Array;
  /** Milliseconds the worker spent on this frame, readback included. */
  ms: number;
  numTensors: number;
}

export interface GeneratorApi {
  /** Picks a backend, reads the model index and loads the model asked for (see open-model.ts). */
  load(options: LoadOptions): Promise<LoadResult>;
  render(request: FrameRequest): Promise<Frame>;
  /**
   * The ZIP of a dataset of model `modelId`, drawn, encoded and packed here, off the page's thread
   * (a 1,000-image set is ~13 MB). `onImage` is a comlink proxy; null when it stopped the job.
   */
  exportDataset(modelId: string, options: DatasetOptions, onImage: OnImage): Promise<Uint8Array | null>;
  numTensors(): number;
  /** Whether model `id` with these weights is in this device's cache with the expected sizes. */
  isCached(id: string, sha256: string): Promise<boolean>;
  /** The model packages kept on this device. */
  listCached(): Promise<CachedPackageInfo[]>;
  /** Deletes every kept model package; the loaded model keeps working. Returns how many went. */
  clearCached(): Promise<number>;
}
