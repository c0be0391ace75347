// The generator worker's interface, shared by the worker and the UI's bridge (types only).
import type { ShareState } from '../src/state/fragment';
import type { ModelManifest } from '../src/state/manifest';

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

export interface ModelEntry {
  id: string;
  name: string;
  path: string;
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

export interface PngImage {
  state: ShareState;
  /** A greyscale PNG carrying the given text entries (provenance). */
  png: Uint8Array;
  ms: number;
}

export interface GeneratorApi {
  /** Picks a backend, reads the model index and loads `modelId` (or the default). */
  load(options: { modelsUrl: string; modelId?: string; backend: BackendPreference }): Promise<LoadResult>;
  render(request: FrameRequest): Promise<Frame>;
  /** Draws `state` and encodes it as a PNG here, off the page's thread (exports). */
  renderPng(state: ShareState, text: Record<string, string>): Promise<PngImage>;
  /** Packs files into a ZIP here, off the page's thread (a 1,000-image set is ~13 MB). */
  zip(files: { name: string; data: Uint8Array }[]): Promise<Uint8Array>;
  /** A text file of model `modelId`'s package, e.g. its model card; fails if another model is loaded. */
  modelText(modelId: string, path: string): Promise<string>;
  numTensors(): number;
  /** Whether the model `id` is in this device's cache with the expected checksums. */
  isCached(id: string): Promise<boolean>;
}
