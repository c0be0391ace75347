// What every export says about itself: the app, the model (id and weights hash), the exact state
// (as a share fragment, so it can be reopened) and that it is synthetic. Pure.
import { encodeFragment, type ShareState } from '../state/fragment';
import type { ModelManifest } from '../state/manifest';
import { weightsSha256 } from '../state/model-version';

export { weightsSha256 };

export const APP_NAME = 'Knee OA Studio';
export const SYNTHETIC_NOTICE = 'Synthetic image made by a generative model: not for diagnosis.';

export interface Provenance {
  app: string;
  notice: string;
  model: { id: string; name: string; weightsSha256: string | null };
  /** The editor state as a share-link fragment (without '#'). */
  state: string;
}

export function provenanceOf(manifest: ModelManifest, state: ShareState): Provenance {
  return {
    app: APP_NAME,
    notice: SYNTHETIC_NOTICE,
    model: { id: manifest.id, name: manifest.name, weightsSha256: weightsSha256(manifest) },
    state: encodeFragment(state),
  };
}

/** PNG / GIF text entries (PNG's registered keywords where one fits). */
export function provenanceText(provenance: Provenance, description: string): Record<string, string> {
  return {
    Title: `${description} (synthetic)`,
    Software: provenance.app,
    Source: `model ${provenance.model.id}, weights sha256 ${provenance.model.weightsSha256 ?? 'unknown'}`,
    Disclaimer: provenance.notice,
    Comment: JSON.stringify(provenance),
  };
}

const safe = (text: string) => text.replace(/[^A-Za-z0-9.-]+/g, '-');

/** A file name that says what the file is and that it is synthetic, e.g.
 *  knee-oa-studio_SYNTHETIC_knee-cpu128_seed42_kl2.5_progression.gif */
export function exportFileName(state: ShareState, what: string, extension: string): string {
  return `knee-oa-studio_SYNTHETIC_${safe(state.model)}_seed${state.seed}_kl${safe(String(state.kl))}_${safe(what)}.${extension}`;
}
