import { describe, expect, it } from 'vitest';
import { MAX_SEED } from '../state/latent';
import { sampleManifest } from '../state/testing/sample-manifest';
import { datasetProblems, MAX_DATASET_IMAGES, planDataset, type DatasetOptions } from './plan';
import { anySizeProblems, datasetSlices, planAnySize } from './plan-any-size';

const manifest = sampleManifest();
const options: DatasetOptions = {
  grades: [4, 0, 2],
  perGrade: 7,
  firstSeed: 100,
  paired: false,
  truncation: 0.7,
  directions: { jsn: 1.25 },
};

describe('planAnySize', () => {
  it('is planDataset up to the cap, paired or not', () => {
    for (const paired of [true, false]) {
      const small = { ...options, paired };
      expect(planAnySize(small, manifest)).toEqual(planDataset(small, manifest));
    }
  });

  it('gives the same items, in the same order, when planned in small slices', () => {
    for (const paired of [true, false]) {
      const small = { ...options, paired };
      const sliced = datasetSlices(small, 3).flatMap((slice) => planDataset(slice, manifest));
      expect(sliced).toEqual(planDataset(small, manifest));
    }
  });

  it('goes past the cap, seeds running on across grades when not paired', () => {
    const big = { ...options, grades: [3, 1], perGrade: MAX_DATASET_IMAGES + 1 };
    expect(datasetProblems(big, manifest).join()).toMatch(/more than/);
    expect(anySizeProblems(big, manifest)).toEqual([]);
    const items = planAnySize(big, manifest);
    expect(items).toHaveLength(2 * (MAX_DATASET_IMAGES + 1));
    expect(items.map((i) => i.state.seed)).toEqual(items.map((_, n) => 100 + n));
    expect(items[0].file).toBe('images/kl1/kl1_seed100.png');
    expect(items.at(-1)!.file).toBe(`images/kl3/kl3_seed${100 + 2 * MAX_DATASET_IMAGES + 1}.png`);
    const paired = planAnySize({ ...big, paired: true }, manifest);
    expect(paired[MAX_DATASET_IMAGES + 1].state).toMatchObject({ kl: 3, seed: 100 });
  });

  it('still names every other problem past the cap, once each', () => {
    const big = { ...options, perGrade: 6000 };
    expect(anySizeProblems({ ...big, grades: [0, 9], truncation: 2 }, manifest)).toEqual([
      'grade 9 is not one of 0–4',
      'truncation must be within 0–1',
    ]);
    expect(anySizeProblems({ ...big, firstSeed: MAX_SEED - 10 }, manifest)).toEqual([
      `seeds would run past ${MAX_SEED}; choose a smaller first seed`,
    ]);
    expect(anySizeProblems({ ...big, perGrade: 6000.5 }, manifest)).toContain(
      'images per grade must be a whole number ≥ 1',
    );
    expect(anySizeProblems({ ...big, perGrade: Infinity }, manifest)).toContain(
      'images per grade must be a whole number ≥ 1',
    );
    expect(() => planAnySize({ ...big, grades: [7] }, manifest)).toThrow(/grade 7/);
  });
});
