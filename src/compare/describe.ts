// Short captions for the images being compared, e.g. "A: KL 0.00, seed 123, Osteophytes +1.20",
// so the viewer says which state each side shows (the share state, not the pixels).
import type { ShareState } from '../../core/state/fragment';

export interface DirectionName {
  id: string;
  label: string;
}

function signed(value: number): string {
  return `${value > 0 ? '+' : value < 0 ? '−' : ''}${Math.abs(value).toFixed(2)}`;
}

/**
 * "KL 2.50, seed 42", then every direction that is not at zero (in the manifest's order), then the
 * truncation and model only where they differ from `other` — the facts that tell A from B.
 */
export function describeState(state: ShareState, directions: DirectionName[] = [], other?: ShareState): string {
  const parts = [`KL ${state.kl.toFixed(2)}`, `seed ${state.seed}`];
  const known = new Set(directions.map((d) => d.id));
  for (const d of directions) {
    const value = state.directions[d.id] ?? 0;
    if (value !== 0) parts.push(`${d.label} ${signed(value)}`);
  }
  // Directions the manifest does not name (another model's), by id, so nothing is hidden.
  for (const [id, value] of Object.entries(state.directions))
    if (!known.has(id) && value !== 0) parts.push(`${id} ${signed(value)}`);
  if (other && other.truncation !== state.truncation) parts.push(`truncation ${state.truncation.toFixed(2)}`);
  if (other && other.model !== state.model) parts.push(`model ${state.model}`);
  return parts.join(', ');
}
