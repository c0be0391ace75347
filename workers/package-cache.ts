// The verified model packages kept on this device (IndexedDB through idb-keyval), one record per
// model id and weights SHA-256, so an earlier version of a model stays usable next to a newer one.
// Records written before versions were kept (key "model-package:<id>") are moved to the new key.
import type { ModelManifest } from '../core/state/manifest';
import { matchesWeights, weightsSha256 } from '../core/state/model-version';
import { weightPaths } from './model/weights-files';

/** The subset of idb-keyval the cache needs; tests pass a Map-backed one. */
export interface PackageStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
  keys(): Promise<IDBValidKey[]>;
}

export interface CachedPackage {
  manifest: ModelManifest;
  /** Weights files by path, each checked against the manifest before it was stored. */
  files: Record<string, ArrayBuffer>;
  /** Text files of the package (the model card), so an earlier version keeps its own card. */
  texts?: Record<string, string>;
}

/** What the Storage line lists. */
export interface CachedPackageInfo {
  id: string;
  name: string;
  sha256: string;
  bytes: number;
}

const PREFIX = 'model-package:';
export const packageKey = (id: string, sha256: string) => `${PREFIX}${id}:${sha256}`;
/** Model ids never contain ':' (see fragment.ts), so a key splits unambiguously. */
const LEGACY_KEY = /^model-package:([^:]+)$/;
const VERSIONED_KEY = /^model-package:([^:]+):([0-9a-f]{64})$/;

export async function safeGet(store: PackageStore, key: string): Promise<unknown> {
  try {
    return await store.get(key);
  } catch {
    return undefined; // storage disabled (e.g. some private modes): behave as an empty cache
  }
}

async function safeKeys(store: PackageStore): Promise<string[]> {
  try {
    return (await store.keys()).filter((key): key is string => typeof key === 'string');
  } catch {
    return [];
  }
}

function isCachedPackage(value: unknown): value is CachedPackage {
  const v = value as CachedPackage | undefined;
  return Array.isArray(v?.manifest?.files) && typeof v?.files === 'object' && v.files !== null;
}

/** Moves records of the old single-version key to their versioned key (once per device). */
export async function migrateLegacyPackages(store: PackageStore): Promise<void> {
  for (const key of await safeKeys(store)) {
    if (!LEGACY_KEY.test(key)) continue;
    try {
      const value = await store.get(key);
      const sha = isCachedPackage(value) ? weightsSha256(value.manifest) : null;
      if (sha && isCachedPackage(value)) await store.set(packageKey(value.manifest.id, sha), value);
      await store.del(key);
    } catch {
      // Storage refused: the old record stays and is tried again next time.
    }
  }
}

/** Every versioned record key of model `id` (any weights when `id` is undefined). */
async function versionKeys(store: PackageStore, id?: string): Promise<{ key: string; id: string; sha256: string }[]> {
  await migrateLegacyPackages(store);
  return (await safeKeys(store))
    .map((key) => ({ key, match: VERSIONED_KEY.exec(key) }))
    .filter(({ match }) => match !== null && (id === undefined || match[1] === id))
    .map(({ key, match }) => ({ key, id: match![1], sha256: match![2] }));
}

/** The record of `id` with exactly these weights, or undefined. */
export async function readCachedPackage(
  store: PackageStore,
  id: string,
  sha256: string,
): Promise<CachedPackage | undefined> {
  await migrateLegacyPackages(store);
  const value = await safeGet(store, packageKey(id, sha256));
  return isCachedPackage(value) && value.manifest.id === id ? value : undefined;
}

/** A record of `id` whose weights hash starts with `prefix` (any version when no prefix), or undefined. */
export async function findCachedPackage(
  store: PackageStore,
  id: string,
  prefix: string | undefined,
): Promise<CachedPackage | undefined> {
  for (const version of await versionKeys(store, id)) {
    if (!matchesWeights(version.sha256, prefix)) continue;
    const found = await readCachedPackage(store, id, version.sha256);
    if (found) return found;
  }
  return undefined;
}

export async function writeCachedPackage(store: PackageStore, pkg: CachedPackage): Promise<void> {
  const sha = weightsSha256(pkg.manifest);
  if (!sha) throw new Error('the manifest lists no weights file');
  await store.set(packageKey(pkg.manifest.id, sha), pkg);
}

/** Whether model `id` with these weights is on this device, each weights file of the expected size. */
export async function isPackageCached(store: PackageStore, id: string, sha256: string): Promise<boolean> {
  const cached = await readCachedPackage(store, id, sha256);
  if (!cached) return false;
  return weightPaths(cached.manifest).every(
    (path) => cached.files[path]?.byteLength === cached.manifest.files.find((f) => f.path === path)?.bytes,
  );
}

/** The packages kept on this device, largest first. */
export async function listCachedPackages(store: PackageStore): Promise<CachedPackageInfo[]> {
  const infos: CachedPackageInfo[] = [];
  for (const version of await versionKeys(store)) {
    const cached = await readCachedPackage(store, version.id, version.sha256);
    if (!cached) continue;
    const bytes = Object.values(cached.files).reduce((n, b) => n + (b?.byteLength ?? 0), 0);
    infos.push({ id: version.id, name: cached.manifest.name, sha256: version.sha256, bytes });
  }
  return infos.sort((a, b) => b.bytes - a.bytes || a.id.localeCompare(b.id));
}

/** Deletes every kept package (old single-version records too); returns how many were deleted. */
export async function clearCachedPackages(store: PackageStore): Promise<number> {
  let deleted = 0;
  for (const key of await safeKeys(store)) {
    if (!key.startsWith(PREFIX)) continue;
    await store.del(key);
    deleted++;
  }
  return deleted;
}
