// The verified model packages kept on this device (IndexedDB through idb-keyval): one record per
// model id and weights SHA-256 (its manifest and model card), so an earlier version of a model stays
// usable next to a newer one, and each weights file once, under its own SHA-256, so packages that
// share a file (contract "Shared weights") keep it once and download it once.
// Records of earlier app versions (key "model-package:<id>", or files inside the record) are moved
// to this layout the first time the store is used.
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
  /** Its weights files together, shared ones included. */
  bytes: number;
  /** Each weights file it reads (SHA-256, size): a file two packages share is kept once. */
  files: { sha256: string; bytes: number }[];
}

/** A package's record: the files themselves are kept under fileKey(sha256). */
interface PackageRecord {
  manifest: ModelManifest;
  texts?: Record<string, string>;
  /** Only in records written before files were kept by SHA-256. */
  files?: Record<string, ArrayBuffer>;
}

const PREFIX = 'model-package:';
const FILE_PREFIX = 'model-file:';
export const packageKey = (id: string, sha256: string) => `${PREFIX}${id}:${sha256}`;
export const fileKey = (sha256: string) => `${FILE_PREFIX}${sha256}`;
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

function isRecord(value: unknown): value is PackageRecord {
  return Array.isArray((value as PackageRecord | undefined)?.manifest?.files);
}

/** Each weights file of a manifest: its path, SHA-256 and size (those the manifest lists). */
function weightsFiles(manifest: ModelManifest) {
  return weightPaths(manifest).flatMap((path) => manifest.files.filter((f) => f.path === path));
}

const migrated = new WeakSet<PackageStore>();

/** Moves records of earlier app versions to this layout (once per store and session). */
export async function migrateLegacyPackages(store: PackageStore): Promise<void> {
  if (migrated.has(store)) return;
  migrated.add(store);
  for (const key of await safeKeys(store)) {
    const legacy = LEGACY_KEY.test(key);
    if (!legacy && !VERSIONED_KEY.test(key)) continue;
    try {
      const value = await store.get(key);
      if (!legacy && !(isRecord(value) && value.files)) continue; // already in this layout
      const sha = isRecord(value) ? weightsSha256(value.manifest) : null;
      if (sha && isRecord(value)) await writeCachedPackage(store, { ...value, files: value.files ?? {} });
      if (legacy) await store.del(key);
    } catch {
      migrated.delete(store); // storage refused: the old record stays and is tried again next time
    }
  }
}

/** A kept weights file by its SHA-256 (whichever package brought it), or undefined. */
export async function readStoredFile(store: PackageStore, sha256: string): Promise<ArrayBuffer | undefined> {
  await migrateLegacyPackages(store);
  const value = await safeGet(store, fileKey(sha256));
  return value instanceof ArrayBuffer ? value : undefined;
}

/** Every versioned record key of model `id` (any weights when `id` is undefined). */
async function versionKeys(store: PackageStore, id?: string): Promise<{ key: string; id: string; sha256: string }[]> {
  await migrateLegacyPackages(store);
  return (await safeKeys(store))
    .map((key) => ({ key, match: VERSIONED_KEY.exec(key) }))
    .filter(({ match }) => match !== null && (id === undefined || match[1] === id))
    .map(({ key, match }) => ({ key, id: match![1], sha256: match![2] }));
}

/** The record of `id` with exactly these weights, with the weights files kept for it, or undefined. */
export async function readCachedPackage(
  store: PackageStore,
  id: string,
  sha256: string,
): Promise<CachedPackage | undefined> {
  await migrateLegacyPackages(store);
  const value = await safeGet(store, packageKey(id, sha256));
  if (!isRecord(value) || value.manifest.id !== id) return undefined;
  const files: Record<string, ArrayBuffer> = {};
  for (const file of weightsFiles(value.manifest)) {
    const stored = value.files?.[file.path] ?? (await readStoredFile(store, file.sha256));
    if (stored) files[file.path] = stored;
  }
  return { manifest: value.manifest, files, texts: value.texts };
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

/** Keeps a package: each weights file under its SHA-256 first, then the record that names them. */
export async function writeCachedPackage(store: PackageStore, pkg: CachedPackage): Promise<void> {
  const sha = weightsSha256(pkg.manifest);
  if (!sha) throw new Error('the manifest lists no weights file');
  for (const file of weightsFiles(pkg.manifest)) {
    const bytes = pkg.files[file.path];
    if (bytes) await store.set(fileKey(file.sha256), bytes);
  }
  const record: PackageRecord = { manifest: pkg.manifest, texts: pkg.texts };
  await store.set(packageKey(pkg.manifest.id, sha), record);
}

/** Whether model `id` with these weights is on this device, each weights file of the expected size. */
export async function isPackageCached(store: PackageStore, id: string, sha256: string): Promise<boolean> {
  const cached = await readCachedPackage(store, id, sha256);
  if (!cached) return false;
  return weightsFiles(cached.manifest).every((file) => cached.files[file.path]?.byteLength === file.bytes);
}

/** The packages kept on this device, largest first. */
export async function listCachedPackages(store: PackageStore): Promise<CachedPackageInfo[]> {
  const infos: CachedPackageInfo[] = [];
  for (const version of await versionKeys(store)) {
    const cached = await readCachedPackage(store, version.id, version.sha256);
    if (!cached) continue;
    const files = weightsFiles(cached.manifest)
      .filter((file) => cached.files[file.path])
      .map((file) => ({ sha256: file.sha256, bytes: cached.files[file.path].byteLength }));
    const bytes = files.reduce((n, f) => n + f.bytes, 0);
    infos.push({ id: version.id, name: cached.manifest.name, sha256: version.sha256, bytes, files });
  }
  return infos.sort((a, b) => b.bytes - a.bytes || a.id.localeCompare(b.id));
}

/** Deletes every kept package and file (old records too); returns how many packages were deleted. */
export async function clearCachedPackages(store: PackageStore): Promise<number> {
  let deleted = 0;
  for (const key of await safeKeys(store)) {
    if (key.startsWith(FILE_PREFIX)) await store.del(key);
    else if (key.startsWith(PREFIX)) {
      await store.del(key);
      deleted++;
    }
  }
  return deleted;
}
