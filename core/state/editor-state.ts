// The editor's state for one model: defaults from the manifest, and a partial state (from a share
// link) made whole — values kept where valid, clamped to the manifest's ranges, defaults elsewhere.
import { isValidSeed } from './latent';
import type { Condition, ModelManifest } from './manifest';
import type { ShareState } from './fragment';
import { weightsPrefix } from './model-version';

export const DEFAULT_SEED = 42;

export function klCondition(manifest: ModelManifest): Condition {
  const kl = manifest.conditions.find((c) => c.id === 'kl');
  if (!kl) throw new Error('the manifest has no kl condition'); // the schema requires one
  return kl;
}

/** The whole KL grades a model covers, e.g. [0, 1, 2, 3, 4]. */
export function wholeGrades(min: number, max: number): number[] {
  const grades: number[] = [];
  for (let kl = Math.ceil(min); kl <= Math.floor(max); kl++) grades.push(kl);
  return grades;
}

export function defaultState(manifest: ModelManifest, seed = DEFAULT_SEED): ShareState {
  const weights = weightsPrefix(manifest);
  return {
    model: manifest.id,
    // Every state names the loaded weights, so every link, case and export made from it does too.
    ...(weights === undefined ? {} : { weights }),
    seed,
    kl: klCondition(manifest).default,
    truncation: manifest.latent.truncation.default,
    directions: Object.fromEntries(manifest.directions.map((d) => [d.id, 0])),
  };
}

function clampInto(value: number, min: number, max: number, name: string, problems: string[]): number {
  if (value < min || value > max) {
    const clamped = Math.min(Math.max(value, min), max);
    problems.push(`${name} ${value} is outside ${min}–${max}; used ${clamped}`);
    return clamped;
  }
  return value;
}

/** Completes a partial state for `manifest`; `problems` says what was changed or dropped. */
export function resolveState(
  partial: Partial<ShareState>,
  manifest: ModelManifest,
): { state: ShareState; problems: string[] } {
  const problems: string[] = [];
  const state = defaultState(manifest);
  if (partial.seed !== undefined) {
    if (isValidSeed(partial.seed)) state.seed = partial.seed;
    else problems.push(`seed ${partial.seed} is not valid; used ${state.seed}`);
  }
  const kl = klCondition(manifest);
  if (partial.kl !== undefined) state.kl = clampInto(partial.kl, kl.min, kl.max, 'KL grade', problems);
  const t = manifest.latent.truncation;
  if (partial.truncation !== undefined)
    state.truncation = clampInto(partial.truncation, t.min, t.max, 'truncation', problems);
  for (const [id, value] of Object.entries(partial.directions ?? {})) {
    const direction = manifest.directions.find((d) => d.id === id);
    if (!direction) problems.push(`this model has no "${id}" slider; ignored it`);
    else
      state.directions = {
        ...state.directions,
        [id]: clampInto(value, direction.range[0], direction.range[1], direction.label, problems),
      };
  }
  return { state, problems };
}

/** True when two states draw the same image (with the one loaded model: `weights` only labels it). */
export function sameState(a: ShareState, b: ShareState): boolean {
  if (a.model !== b.model || a.seed !== b.seed || a.kl !== b.kl || a.truncation !== b.truncation) return false;
  const ids = new Set([...Object.keys(a.directions), ...Object.keys(b.directions)]);
  for (const id of ids) if ((a.directions[id] ?? 0) !== (b.directions[id] ?? 0)) return false;
  return true;
}
