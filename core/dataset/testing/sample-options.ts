import type { DatasetOptions } from '../plan';

/** A small paired export (KL 0 and 4, two knees each) for tests of the dataset's files and ZIP. */
export function sampleDatasetOptions(): DatasetOptions {
  return { grades: [0, 4], perGrade: 2, firstSeed: 5, paired: true, truncation: 0.7, directions: {} };
}
