// Opens a model package from disk with the app's own loader (workers/package-loader.ts): the same
// index and manifest validation and the same SHA-256 check of every weights file, over a fetcher
// that reads files instead of the network and a store that keeps nothing.
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ModelManifest } from '../../core/state/manifest';
import type { ModelEntry } from '../../workers/api';
import { fetchModelFile, ModelFileError, type Fetcher } from '../../workers/fetch-file';
import { loadIndex, loadPackage, packageUrl, type PackageStore } from '../../workers/package-loader';

export interface DiskPackage {
  manifest: ModelManifest;
  /** The weights files, concatenated in manifest order, each checked against its SHA-256. */
  weights: ArrayBuffer;
  /** The model card's text, or null when the package has none. */
  card: string | null;
  /** The package folder. */
  folder: string;
}

const CONTENT_TYPES: Record<string, string> = { json: 'application/json', md: 'text/markdown' };

/** file:// URLs answered like a static host: 404 for a missing file. */
export const fileFetcher: Fetcher = async (url) => {
  const path = fileURLToPath(url);
  try {
    const bytes = await readFile(path);
    const type = CONTENT_TYPES[path.split('.').pop() ?? ''] ?? 'application/octet-stream';
    return new Response(bytes, { headers: { 'content-type': type } });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return new Response(null, { status: 404 });
    return new Response(null, { status: 500, statusText: String(code) });
  }
};

/** The command line keeps no copies: every run reads and checks the files afresh. */
const noStore: PackageStore = {
  get: async () => undefined,
  set: async () => undefined,
  del: async () => undefined,
  keys: async () => [],
};

const isDir = (path: string) =>
  stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
const isFile = (path: string) =>
  stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
const folderUrl = (path: string) => pathToFileURL(path.endsWith('/') ? path : `${path}/`).href;

/** The index entry `model` names in the models folder `modelsDir` (its default when null). */
async function entryInIndex(modelsDir: string, model: string | null): Promise<ModelEntry> {
  if (!(await isFile(join(modelsDir, 'index.json'))))
    throw new ModelFileError(`no model index at ${join(modelsDir, 'index.json')}`);
  const index = await loadIndex(fileFetcher, noStore, folderUrl(modelsDir));
  const id = model ?? index.default;
  const entry = index.models.find((m) => m.id === id);
  if (!entry)
    throw new ModelFileError(
      `no model "${id}": not a package folder (with manifest.json) and not an id in ${join(modelsDir, 'index.json')} ` +
        `(its ids: ${index.models.map((m) => m.id).join(', ')})`,
    );
  return entry;
}

/** A package folder outside any index: its entry is made from its own manifest's id. */
async function entryOfFolder(folder: string): Promise<ModelEntry> {
  let id = basename(folder);
  try {
    const json = JSON.parse(await readFile(join(folder, 'manifest.json'), 'utf8')) as { id?: unknown; name?: unknown };
    if (typeof json.id === 'string') id = json.id;
  } catch {
    // loadPackage below says what is wrong with the manifest.
  }
  return { id, name: id, path: `${basename(folder)}/` };
}

/**
 * Opens `model`: a package folder, a models folder (its default model), or an id in
 * `defaultModelsDir`'s index; null means that index's default. Paths are relative to `cwd`.
 */
export async function openDiskPackage(
  model: string | null,
  cwd: string,
  defaultModelsDir: string,
): Promise<DiskPackage> {
  let modelsDir = defaultModelsDir;
  let entry: ModelEntry;
  const path = model === null ? null : resolve(cwd, model);
  if (path !== null && (await isDir(path)) && (await isFile(join(path, 'manifest.json')))) {
    modelsDir = dirname(path);
    entry = await entryOfFolder(path);
  } else if (path !== null && (await isDir(path))) {
    if (!(await isFile(join(path, 'index.json'))))
      throw new ModelFileError(
        `${path} is neither a model package (no manifest.json) nor a models folder (no index.json)`,
      );
    modelsDir = path;
    entry = await entryInIndex(modelsDir, null);
  } else {
    entry = await entryInIndex(modelsDir, model);
  }
  const modelsUrl = folderUrl(modelsDir);
  const pkg = await loadPackage(fileFetcher, noStore, modelsUrl, entry);
  const base = packageUrl(modelsUrl, entry);
  const card = pkg.manifest.model_card
    ? await (await fetchModelFile(fileFetcher, base, pkg.manifest.model_card)).text()
    : null;
  return { manifest: pkg.manifest, weights: pkg.weights, card, folder: fileURLToPath(base) };
}
