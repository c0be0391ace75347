// Which package answers a link's model id and weights prefix (README, "Versions and links"):
//   (a) the served model, when its weights are the link's (or the link names none);
//   (b) else a verified package of that id and weights kept on this device;
//   (c) else the served model with other weights, saying so;
//   (d) else, when the id is not served at all, the default model, saying which model is missing.
import { matchesWeights, weightsSha256, type ModelResolution } from '../core/state/model-version';
import type { ModelEntry } from './api';
import type { Fetcher } from './fetch-file';
import { loadCachedPackage, loadPackage, type LoadedPackage, type ModelIndex } from './package-loader';
import type { PackageStore } from './package-cache';

export interface OpenedModel {
  pkg: LoadedPackage;
  /** The index entry the model is served under; null for a package only this device has. */
  entry: ModelEntry | null;
  /** Text files kept with a package from this device (its own model card), by path. */
  texts: Record<string, string>;
  resolution: ModelResolution;
}

export async function openModel(
  fetcher: Fetcher,
  store: PackageStore,
  modelsUrl: string,
  index: ModelIndex,
  request: { id?: string; prefix?: string },
): Promise<OpenedModel> {
  const defaultEntry = index.models.find((m) => m.id === index.default)!;
  if (request.id === undefined && request.prefix === undefined) return served(fetcher, store, modelsUrl, defaultEntry);
  // A prefix without a model id names weights of the default model.
  const { id = index.default, prefix } = request;
  const fromDevice = async (entry: ModelEntry | null): Promise<OpenedModel | null> => {
    const kept = await loadCachedPackage(store, id, prefix);
    if (!kept) return null;
    const sha256 = weightsSha256(kept.manifest) ?? '';
    return { pkg: kept, entry, texts: kept.texts, resolution: { kind: 'kept-on-device', id, sha256, served: !!entry } };
  };
  const otherWeights = (loaded: string): ModelResolution => ({ kind: 'other-weights', id, asked: prefix!, loaded });

  const entry = index.models.find((m) => m.id === id);
  if (entry) {
    // The index names the served weights: when they are not the link's, look on this device
    // before downloading anything.
    if (entry.weights_sha256 !== undefined && !matchesWeights(entry.weights_sha256, prefix))
      return (await fromDevice(entry)) ?? served(fetcher, store, modelsUrl, entry, otherWeights);
    const opened = await served(fetcher, store, modelsUrl, entry);
    const sha = weightsSha256(opened.pkg.manifest) ?? '';
    if (matchesWeights(sha, prefix)) return opened;
    // An older index that does not name its weights: only the manifest told them apart.
    return (await fromDevice(entry)) ?? { ...opened, resolution: otherWeights(sha) };
  }
  const missing = (): ModelResolution => ({ kind: 'missing', id, shown: defaultEntry.name });
  return (await fromDevice(null)) ?? served(fetcher, store, modelsUrl, defaultEntry, missing);
}

/** The package the server has for `entry`; `resolution` says how it answers the link. */
async function served(
  fetcher: Fetcher,
  store: PackageStore,
  modelsUrl: string,
  entry: ModelEntry,
  resolution: (sha: string) => ModelResolution = () => ({ kind: 'as-asked' }),
): Promise<OpenedModel> {
  const pkg = await loadPackage(fetcher, store, modelsUrl, entry);
  return { pkg, entry, texts: {}, resolution: resolution(weightsSha256(pkg.manifest) ?? '') };
}
