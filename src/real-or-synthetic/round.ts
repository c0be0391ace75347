// One round's plan: half real knees, spread over the grades, and as many generated ones at the
// same grades (random seeds), in random order. `random` returns numbers in [0, 1) like
// Math.random, so tests can pass a seeded one. Pure.
import { MAX_SEED } from '../../core/state/latent';
import type { Kind } from './detection-stats';
import type { RealImageEntry } from './real-set';

export const ROUND_SIZE = 20;

export type PlannedItem = { kind: 'real'; entry: RealImageEntry } | { kind: 'synthetic'; seed: number; grade: number };

export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.min(i, Math.floor(random() * (i + 1)));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * Real knees of the model's `grades`, taken in turn from each grade (in random order) so a round
 * covers the grades evenly; knees not in `seen` (shown in earlier rounds) come first.
 */
export function pickReal(
  entries: readonly RealImageEntry[],
  grades: readonly number[],
  count: number,
  random: () => number,
  seen: ReadonlySet<string> = new Set(),
): RealImageEntry[] {
  const queues = shuffle(grades, random).map((grade) => {
    const of = shuffle(
      entries.filter((e) => e.grade === grade),
      random,
    );
    return [...of.filter((e) => !seen.has(e.id)), ...of.filter((e) => seen.has(e.id))];
  });
  const picked: RealImageEntry[] = [];
  while (picked.length < count && queues.some((q) => q.length > 0))
    for (const queue of queues) if (picked.length < count && queue.length > 0) picked.push(queue.shift()!);
  return picked;
}

/** The round: `size / 2` real knees and a generated knee at the grade of each, shuffled. */
export function planRound(
  entries: readonly RealImageEntry[],
  grades: readonly number[],
  random: () => number,
  size = ROUND_SIZE,
  seen: ReadonlySet<string> = new Set(),
): PlannedItem[] {
  const real = pickReal(entries, grades, Math.floor(size / 2), random, seen);
  if (real.length === 0) throw new Error('the real set has no knee at the grades this model draws');
  const synthetic = real.map((e) => ({
    kind: 'synthetic' as const,
    seed: Math.min(MAX_SEED, Math.floor(random() * (MAX_SEED + 1))),
    grade: e.grade,
  }));
  return shuffle([...real.map((entry) => ({ kind: 'real' as const, entry })), ...synthetic], random);
}

export const kindOf = (item: PlannedItem): Kind => item.kind;
export const gradeOf = (item: PlannedItem): number => (item.kind === 'real' ? item.entry.grade : item.grade);
/** The image id a results file names: the real set's id, or the seed of a generated knee. */
export const imageIdOf = (item: PlannedItem): string => (item.kind === 'real' ? item.entry.id : `seed-${item.seed}`);
