// A synthetic dataset, planned before anything is drawn: which states, which file names, and the
// labels.csv that describes them. Pure, so the plan and the labels are tested without a model.
import { toCsv } from '../formats/csv';
import { APP_NAME, SYNTHETIC_NOTICE, weightsSha256 } from '../formats/provenance';
import { klCondition } from '../state/editor-state';
import { encodeFragment, type ShareState } from '../state/fragment';
import { MAX_SEED } from '../state/latent';
import type { ModelManifest } from '../state/manifest';
import { weightsPrefix } from '../state/model-version';

export const MAX_DATASET_IMAGES = 5000;

export interface DatasetOptions {
  /** Integer KL grades to include. */
  grades: number[];
  perGrade: number;
  firstSeed: number;
  /** Same seeds (the same knees) in every grade, or fresh seeds for each grade. */
  paired: boolean;
  truncation: number;
  directions: Record<string, number>;
}

export interface DatasetItem {
  file: string;
  state: ShareState;
}

/** Why `options` cannot be exported with `manifest`; empty when it can. */
export function datasetProblems(options: DatasetOptions, manifest: ModelManifest): string[] {
  const problems: string[] = [];
  const kl = klCondition(manifest);
  if (options.grades.length === 0) problems.push('choose at least one grade');
  for (const grade of options.grades)
    if (!Number.isInteger(grade) || grade < kl.min || grade > kl.max)
      problems.push(`grade ${grade} is not one of ${kl.min}–${kl.max}`);
  if (!Number.isInteger(options.perGrade) || options.perGrade < 1)
    problems.push('images per grade must be a whole number ≥ 1');
  const count = imageCount(options);
  if (count > MAX_DATASET_IMAGES)
    problems.push(`${count} images is more than the ${MAX_DATASET_IMAGES} one export can hold`);
  if (!Number.isInteger(options.firstSeed) || options.firstSeed < 0)
    problems.push('the first seed must be a whole number ≥ 0');
  else if (lastSeed(options) > MAX_SEED) problems.push(`seeds would run past ${MAX_SEED}; choose a smaller first seed`);
  const t = manifest.latent.truncation;
  if (!(options.truncation >= t.min && options.truncation <= t.max))
    problems.push(`truncation must be within ${t.min}–${t.max}`);
  return problems;
}

export function imageCount(options: DatasetOptions): number {
  return new Set(options.grades).size * Math.max(0, options.perGrade);
}

function lastSeed(options: DatasetOptions): number {
  const seedsUsed = options.paired ? options.perGrade : imageCount(options);
  return options.firstSeed + seedsUsed - 1;
}

/** Every image of the dataset, grade by grade, seed by seed. */
export function planDataset(options: DatasetOptions, manifest: ModelManifest): DatasetItem[] {
  const problems = datasetProblems(options, manifest);
  if (problems.length > 0) throw new Error(problems.join('; '));
  const grades = [...new Set(options.grades)].sort((a, b) => a - b);
  const directions = Object.fromEntries(manifest.directions.map((d) => [d.id, options.directions[d.id] ?? 0]));
  // The link column names the weights too, so a row reopens these exact pixels after a model update.
  const weights = weightsPrefix(manifest);
  const model = weights === undefined ? { model: manifest.id } : { model: manifest.id, weights };
  return grades.flatMap((kl, g) =>
    Array.from({ length: options.perGrade }, (_, i) => {
      const seed = options.firstSeed + (options.paired ? i : g * options.perGrade + i);
      return {
        file: `images/kl${kl}/kl${kl}_seed${seed}.png`,
        state: { ...model, seed, kl, truncation: options.truncation, directions },
      };
    }),
  );
}

/** labels.csv: one row per image with everything needed to draw it again. */
export function labelsCsv(items: DatasetItem[], manifest: ModelManifest): string {
  const ids = manifest.directions.map((d) => d.id);
  const sha = weightsSha256(manifest) ?? '';
  const header = [
    'file',
    'seed',
    'kl',
    'truncation',
    ...ids.map((id) => `direction_${id}`),
    'model_id',
    'model_sha256',
    'link',
  ];
  const rows = items.map(({ file, state }) => [
    file,
    state.seed,
    state.kl,
    state.truncation,
    ...ids.map((id) => state.directions[id] ?? 0),
    manifest.id,
    sha,
    `#${encodeFragment(state)}`,
  ]);
  return toCsv(header, rows);
}

/** README.txt of the ZIP. No date in it: the same options give the same file. */
export function datasetReadme(options: DatasetOptions, manifest: ModelManifest, count: number): string {
  return [
    `${APP_NAME}: synthetic knee radiograph dataset`,
    '',
    SYNTHETIC_NOTICE,
    'Every image was made up by a generative model; none shows a real patient.',
    '',
    `Model: ${manifest.name} (${manifest.id})`,
    `Images: ${count} (${options.perGrade} per grade, grades ${[...new Set(options.grades)].sort((a, b) => a - b).join(', ')})`,
    `Seeds: from ${options.firstSeed}, ${options.paired ? 'the same knees in every grade' : 'different knees in each grade'}`,
    `Truncation: ${options.truncation}`,
    '',
    'labels.csv has one row per image: file, seed, KL grade, truncation, every direction value,',
    'the model id and weights SHA-256, and a share-link fragment that reopens the image in the app.',
    'MODEL_CARD.md is the model card of the model that drew them (training data, metrics, limits).',
    'Each PNG also carries this provenance in its text chunks.',
    '',
    `Training data credit: ${manifest.citation.data}`,
    '',
  ].join('\n');
}

export function datasetFileName(manifest: ModelManifest, options: DatasetOptions): string {
  return `knee-oa-studio_SYNTHETIC_dataset_${manifest.id}_${imageCount(options)}images_seed${options.firstSeed}.zip`;
}
