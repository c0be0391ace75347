// Reads the model index and a model package: network first for the small JSON files (the service
// worker answers them offline), this device's cache first for the weights. Every weights file is
// checked against the manifest's SHA-256 before it is used and before it is cached.
import { validateManifest, type ModelManifest } from '../src/state/manifest';
import type { ModelEntry } from './api';
import { fetchJson, fetchModelFile, ModelFileError, type Fetcher } from './fetch-file';
import { integrityProblem } from './integrity';

/** The subset of idb-keyval the loader needs; tests pass a Map-backed one. */
export interface PackageStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

export interface ModelIndex {
  default: string;
  models: ModelEntry[];
}

interface CachedPackage {
  manifest: ModelManifest;
  files: Record<string, ArrayBuffer>;
}

export interface LoadedPackage {
  manifest: ModelManifest;
  /** The weights files, concatenated in manifest order (one tfjs weights buffer). */
  weights: ArrayBuffer;
  fromCache: boolean;
  /** Set when the package could not be written to the cache (it still works for this visit). */
  cacheProblem: string | null;
}

const INDEX_KEY = 'models-index';
const packageKey = (id: string) => `model-package:${id}`;

function isOffline(error: unknown): boolean {
  return error instanceof ModelFileError && error.message.includes('network is unavailable');
}

async function safeGet(store: PackageStore, key: string): Promise<unknown> {
  try {
    return await store.get(key);
  } catch {
    return undefined; // storage disabled (e.g. some private modes): behave as an empty cache
  }
}

export function parseIndex(json: unknown): ModelIndex {
  const index = json as Partial<ModelIndex> | null;
  const models = Array.isArray(index?.models) ? index.models : [];
  const valid = models.every(
    (m) =>
      typeof m?.id === 'string' && typeof m?.name === 'string' && typeof m?.path === 'string' && !m.path.includes('..'),
  );
  if (!index || typeof index.default !== 'string' || models.length === 0 || !valid)
    throw new ModelFileError('models/index.json is not a valid model index');
  if (!models.some((m) => m.id === index.default))
    throw new ModelFileError(`models/index.json names default "${index.default}" but lists no such model`);
  return { default: index.default, models };
}

export async function loadIndex(fetcher: Fetcher, store: PackageStore, modelsUrl: string): Promise<ModelIndex> {
  try {
    const index = parseIndex(await fetchJson(fetcher, modelsUrl, 'index.json'));
    await store.set(INDEX_KEY, index).catch(() => undefined);
    return index;
  } catch (error) {
    const cached = isOffline(error) ? await safeGet(store, INDEX_KEY) : undefined;
    if (cached) return parseIndex(cached);
    throw error;
  }
}

export function packageUrl(modelsUrl: string, entry: ModelEntry): string {
  const path = entry.path.endsWith('/') ? entry.path : `${entry.path}/`;
  return new URL(path, modelsUrl).href;
}

async function loadManifest(
  fetcher: Fetcher,
  baseUrl: string,
  cached: CachedPackage | undefined,
): Promise<ModelManifest> {
  let json: unknown;
  try {
    json = await fetchJson(fetcher, baseUrl, 'manifest.json');
  } catch (error) {
    if (cached && isOffline(error)) return cached.manifest;
    throw error;
  }
  const result = validateManifest(json);
  if (!result.ok)
    throw new ModelFileError(`the model's manifest.json is not valid: ${result.errors.slice(0, 3).join('; ')}`);
  return result.manifest;
}

function concat(buffers: ArrayBuffer[]): ArrayBuffer {
  if (buffers.length === 1) return buffers[0];
  const out = new Uint8Array(buffers.reduce((n, b) => n + b.byteLength, 0));
  let offset = 0;
  for (const b of buffers) {
    out.set(new Uint8Array(b), offset);
    offset += b.byteLength;
  }
  return out.buffer;
}

export async function loadPackage(
  fetcher: Fetcher,
  store: PackageStore,
  modelsUrl: string,
  entry: ModelEntry,
): Promise<LoadedPackage> {
  const baseUrl = packageUrl(modelsUrl, entry);
  const cached = (await safeGet(store, packageKey(entry.id))) as CachedPackage | undefined;
  const manifest = await loadManifest(fetcher, baseUrl, cached);
  if (manifest.id !== entry.id)
    throw new ModelFileError(`models/index.json lists "${entry.id}" but its manifest says "${manifest.id}"`);

  const files: Record<string, ArrayBuffer> = {};
  let fromCache = true;
  for (const path of manifest.weights.manifest.flatMap((group) => group.paths)) {
    const file = manifest.files.find((f) => f.path === path);
    if (!file) throw new ModelFileError(`model file ${path} has no checksum in the manifest`);
    const stored = cached?.files?.[path];
    if (stored instanceof ArrayBuffer && (await integrityProblem(file, stored)) === null) {
      files[path] = stored;
      continue;
    }
    fromCache = false;
    const bytes = await (await fetchModelFile(fetcher, baseUrl, path)).arrayBuffer();
    const problem = await integrityProblem(file, bytes);
    if (problem) throw new ModelFileError(`${problem}; it was not used`);
    files[path] = bytes;
  }

  let cacheProblem: string | null = null;
  if (!fromCache || !cached) {
    try {
      await store.set(packageKey(entry.id), { manifest, files } satisfies CachedPackage);
    } catch (error) {
      cacheProblem = `could not keep the model on this device: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  const weights = concat(manifest.weights.manifest.flatMap((group) => group.paths).map((path) => files[path]));
  return { manifest, weights, fromCache, cacheProblem };
}

/** Whether the package `id` is on this device with weights of the expected sizes. */
export async function isPackageCached(store: PackageStore, id: string): Promise<boolean> {
  const cached = (await safeGet(store, packageKey(id))) as CachedPackage | undefined;
  if (!cached?.manifest?.files || !cached.files) return false;
  return cached.manifest.weights.manifest
    .flatMap((group) => group.paths)
    .every((path) => cached.files[path]?.byteLength === cached.manifest.files.find((f) => f.path === path)?.bytes);
}
