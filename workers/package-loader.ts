// Reads the model index and a model package: network first for the small JSON files (the service
// worker answers them offline), this device's cache first for the weights. Every weights file is
// checked against the manifest's SHA-256 before it is used and before it is cached. The cache
// keeps each version (id + weights SHA-256) apart: see package-cache.ts.
import { validateManifest, type ModelManifest } from '../core/state/manifest';
import { weightsSha256, type ModelStatus } from '../core/state/model-version';
import type { ModelEntry } from './api';
import { fetchJson, fetchModelFile, ModelFileError, type Fetcher } from './fetch-file';
import { integrityProblem } from './integrity';
import { joinWeights as joinFiles, weightPaths } from './model/weights-files';
import {
  findCachedPackage,
  readCachedPackage,
  readStoredFile,
  safeGet,
  writeCachedPackage,
  type CachedPackage,
  type PackageStore,
} from './package-cache';

export type { PackageStore } from './package-cache';
export { isPackageCached } from './package-cache';

export interface ModelIndex {
  default: string;
  models: ModelEntry[];
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
const SHA256 = /^[0-9a-f]{64}$/;
const STATUSES: readonly ModelStatus[] = ['current', 'earlier', 'available'];

function isOffline(error: unknown): boolean {
  return error instanceof ModelFileError && error.message.includes('network is unavailable');
}

/** The version fields came later: an older index lacks them, and a malformed one is left out. */
function versionFields(m: Record<string, unknown>): Partial<ModelEntry> {
  const fields: Partial<ModelEntry> = {};
  if (typeof m.weights_sha256 === 'string' && SHA256.test(m.weights_sha256)) fields.weights_sha256 = m.weights_sha256;
  if (typeof m.added === 'string') fields.added = m.added;
  if (STATUSES.includes(m.status as ModelStatus)) fields.status = m.status as ModelStatus;
  if (typeof m.superseded_by === 'string') fields.superseded_by = m.superseded_by;
  return fields;
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
  const entries = models.map((m) => ({
    id: m.id,
    name: m.name,
    path: m.path,
    ...versionFields(m as unknown as Record<string, unknown>),
  }));
  return { default: index.default, models: entries };
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

/** The served manifest; offline, the one of the kept package (the index's weights if it names them). */
async function loadManifest(fetcher: Fetcher, store: PackageStore, baseUrl: string, entry: ModelEntry) {
  let json: unknown;
  try {
    json = await fetchJson(fetcher, baseUrl, 'manifest.json');
  } catch (error) {
    const cached = isOffline(error) ? await findCachedPackage(store, entry.id, entry.weights_sha256) : undefined;
    if (cached) return cached.manifest;
    throw error;
  }
  const result = validateManifest(json);
  if (!result.ok)
    throw new ModelFileError(`the model's manifest.json is not valid: ${result.errors.slice(0, 3).join('; ')}`);
  return result.manifest;
}

/** The weights buffer; files that do not fit their manifest are a model file problem. */
function joinWeights(manifest: ModelManifest, files: Record<string, ArrayBuffer>): ArrayBuffer {
  try {
    return joinFiles(manifest, files);
  } catch (error) {
    throw new ModelFileError(error instanceof Error ? error.message : String(error));
  }
}

export async function loadPackage(
  fetcher: Fetcher,
  store: PackageStore,
  modelsUrl: string,
  entry: ModelEntry,
): Promise<LoadedPackage> {
  const baseUrl = packageUrl(modelsUrl, entry);
  const manifest = await loadManifest(fetcher, store, baseUrl, entry);
  if (manifest.id !== entry.id)
    throw new ModelFileError(`models/index.json lists "${entry.id}" but its manifest says "${manifest.id}"`);
  const sha = weightsSha256(manifest);
  const cached = sha ? await readCachedPackage(store, entry.id, sha) : undefined;

  const files: Record<string, ArrayBuffer> = {};
  let fromCache = true;
  for (const path of weightPaths(manifest)) {
    const file = manifest.files.find((f) => f.path === path);
    if (!file) throw new ModelFileError(`model file ${path} has no checksum in the manifest`);
    // kept for this package, or for another that shares the file (by SHA-256): not downloaded again
    const stored = cached?.files[path] ?? (await readStoredFile(store, file.sha256));
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
      const texts = await packageTexts(fetcher, baseUrl, manifest);
      await writeCachedPackage(store, { manifest, files, texts });
    } catch (error) {
      cacheProblem = `could not keep the model on this device: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  return { manifest, weights: joinWeights(manifest, files), fromCache, cacheProblem };
}

/** The model card, kept with the weights so an earlier version keeps its own card (best effort). */
async function packageTexts(fetcher: Fetcher, baseUrl: string, manifest: ModelManifest) {
  const texts: Record<string, string> = {};
  if (manifest.model_card) {
    try {
      texts[manifest.model_card] = await (await fetchModelFile(fetcher, baseUrl, manifest.model_card)).text();
    } catch {
      // No card now: the app fetches it when asked, as before.
    }
  }
  return texts;
}

/**
 * The kept package of `id` whose weights hash starts with `prefix`, checked again before use; null
 * when this device has none. Used when the server no longer has those weights.
 */
export async function loadCachedPackage(
  store: PackageStore,
  id: string,
  prefix: string | undefined,
): Promise<(LoadedPackage & { texts: Record<string, string> }) | null> {
  const cached: CachedPackage | undefined = await findCachedPackage(store, id, prefix);
  if (!cached) return null;
  for (const path of weightPaths(cached.manifest)) {
    const file = cached.manifest.files.find((f) => f.path === path);
    const stored = cached.files[path];
    if (!file || !(stored instanceof ArrayBuffer) || (await integrityProblem(file, stored)) !== null) return null;
  }
  const weights = joinWeights(cached.manifest, cached.files);
  return { manifest: cached.manifest, weights, fromCache: true, cacheProblem: null, texts: cached.texts ?? {} };
}
