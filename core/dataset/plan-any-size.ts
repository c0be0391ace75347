// The dataset plan without the browser's cap of MAX_DATASET_IMAGES per ZIP, for the command-line
// generator, which writes a folder. plan.ts stays the one rule: a large set is planned as slices
// of at most MAX_DATASET_IMAGES images (one grade, a run of seeds each), and each slice is
// checked and planned by datasetProblems / planDataset exactly as the browser's export is.
import type { ModelManifest } from '../state/manifest';
import {
  datasetProblems,
  imageCount,
  MAX_DATASET_IMAGES,
  planDataset,
  type DatasetItem,
  type DatasetOptions,
} from './plan';

/** Slices that together make the same items, in the same order, as the whole would. */
export function datasetSlices(options: DatasetOptions, size = MAX_DATASET_IMAGES): DatasetOptions[] {
  const grades = [...new Set(options.grades)].sort((a, b) => a - b);
  // Not a finite count: one slice, so datasetProblems names the problem (and no loop runs forever).
  if (!Number.isFinite(options.perGrade)) return [options];
  const slices: DatasetOptions[] = [];
  grades.forEach((kl, g) => {
    for (let start = 0; start < options.perGrade; start += size) {
      // Unpaired seeds run on across grades: grade g starts perGrade × g seeds later.
      const firstSeed = options.firstSeed + (options.paired ? 0 : g * options.perGrade) + start;
      const perGrade = Math.min(size, options.perGrade - start);
      slices.push({ ...options, grades: [kl], perGrade, firstSeed });
    }
  });
  return slices;
}

/** datasetProblems, less the one-ZIP cap. */
export function anySizeProblems(options: DatasetOptions, manifest: ModelManifest): string[] {
  if (imageCount(options) <= MAX_DATASET_IMAGES) return datasetProblems(options, manifest);
  // Past the cap there is at least one grade and one image per grade, so every rule meets a
  // slice; the cap is the one problem no slice has. Kept in datasetProblems' order, once each.
  const whole = datasetProblems(options, manifest);
  const sliced = new Set(datasetSlices(options).flatMap((slice) => datasetProblems(slice, manifest)));
  return [...whole.filter((p) => sliced.has(p)), ...[...sliced].filter((p) => !whole.includes(p))];
}

/** planDataset, less the one-ZIP cap. */
export function planAnySize(options: DatasetOptions, manifest: ModelManifest): DatasetItem[] {
  const problems = anySizeProblems(options, manifest);
  if (problems.length > 0) throw new Error(problems.join('; '));
  if (imageCount(options) <= MAX_DATASET_IMAGES) return planDataset(options, manifest);
  return datasetSlices(options).flatMap((slice) => planDataset(slice, manifest));
}
