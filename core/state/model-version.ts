// Which exact model a link or an export names: the model id and its weights' SHA-256 (a short
// prefix in links), how a model is labelled in the Model menu, and what the app says when a link's
// model is not the one it can show. Pure, shared by the UI and the generator worker.
import type { ModelManifest } from './manifest';
import { isOwnWeights } from './package-files';

/** Hex digits of the weights' SHA-256 a link carries: enough to tell versions apart, short to read. */
export const WEIGHTS_PREFIX_LENGTH = 8;

/** Where the package of a model that is no longer shipped can still be found. */
export const RETIRED_PACKAGE_HOME = "the Knee OA Studio repository's git history";

export type ModelStatus = 'current' | 'earlier' | 'available';

/** The fields of a models/index.json entry that say which version a model is. */
export interface ModelVersionInfo {
  name: string;
  status?: ModelStatus;
}

/**
 * The SHA-256 of the model's own weights file, as its manifest lists it: what tells its versions
 * apart. A weights file it shares with another package (`../<id>/…`) names that package's version.
 */
export function weightsSha256(manifest: ModelManifest): string | null {
  return manifest.files.find((f) => isOwnWeights(f.path))?.sha256 ?? null;
}

/** The short prefix a link carries, e.g. "d2e33f7a"; undefined for a manifest without weights. */
export function weightsPrefix(manifest: ModelManifest): string | undefined {
  return weightsSha256(manifest)?.slice(0, WEIGHTS_PREFIX_LENGTH);
}

/** True when a link's prefix names these weights (a link without a prefix names any). */
export function matchesWeights(sha256: string | null | undefined, prefix: string | undefined): boolean {
  return prefix === undefined || (sha256 ?? '').toLowerCase().startsWith(prefix.toLowerCase());
}

/** The Model menu's label: a former default says so. */
export function modelLabel(entry: ModelVersionInfo): string {
  return entry.status === 'earlier' ? `${entry.name} (earlier version)` : entry.name;
}

/** How the generator worker answered a link's model and weights (see README, "Versions and links"). */
export type ModelResolution =
  /** The model asked for (or the default, when none was asked for), with the weights asked for. */
  | { kind: 'as-asked' }
  /** The weights asked for were not served but this device kept them, so they were used. */
  | { kind: 'kept-on-device'; id: string; sha256: string; served: boolean }
  /** The model is served with other weights than the link's, and this device has none of its. */
  | { kind: 'other-weights'; id: string; asked: string; loaded: string }
  /** No such model here: the default is shown instead. */
  | { kind: 'missing'; id: string; shown: string };

const short = (sha: string) => `${sha.slice(0, WEIGHTS_PREFIX_LENGTH)}…`;

/** One sentence for the editor's notice, or null when the link got exactly what it asked for. */
export function resolutionNotice(resolution: ModelResolution): string | null {
  switch (resolution.kind) {
    case 'as-asked':
      return null;
    case 'kept-on-device':
      return resolution.served
        ? `Opened "${resolution.id}" with the weights ${short(resolution.sha256)} the link names, kept on this device (this app now serves other weights for it).`
        : `Opened "${resolution.id}" (weights ${short(resolution.sha256)}) from this device: this app no longer ships it.`;
    case 'other-weights':
      return `This link was made with weights ${short(resolution.asked)} of "${resolution.id}"; this app has ${short(resolution.loaded)}, so the image may differ.`;
    case 'missing':
      return `This app has no model "${resolution.id}", so it shows ${resolution.shown}. An earlier model's package stays in ${RETIRED_PACKAGE_HOME} under public/models/${resolution.id}/.`;
  }
}
