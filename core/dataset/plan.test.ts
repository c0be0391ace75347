import { describe, expect, it } from 'vitest';
import { MAX_SEED } from '../state/latent';
import { sampleManifest } from '../state/testing/sample-manifest';
import { datasetFileName, datasetProblems, datasetReadme, labelsCsv, planDataset, type DatasetOptions } from './plan';

const manifest = sampleManifest();
const options: DatasetOptions = {
  grades: [4, 0],
  perGrade: 3,
  firstSeed: 100,
  paired: true,
  truncation: 0.7,
  directions: { jsn: 1.25 },
};

describe('planDataset', () => {
  it('draws the same knees in every grade when paired', () => {
    const items = planDataset(options, manifest);
    expect(items.map((i) => i.file)).toEqual([
      'images/kl0/kl0_seed100.png',
      'images/kl0/kl0_seed101.png',
      'images/kl0/kl0_seed102.png',
      'images/kl4/kl4_seed100.png',
      'images/kl4/kl4_seed101.png',
      'images/kl4/kl4_seed102.png',
    ]);
    expect(items[3].state).toEqual({
      model: manifest.id,
      weights: 'aaaaaaaa', // the sample manifest's weights hash is 'a' × 64
      seed: 100,
      kl: 4,
      truncation: 0.7,
      directions: { osteophytes: 0, jsn: 1.25, pc1: 0 },
    });
  });

  it('uses fresh seeds per grade when not paired', () => {
    const seeds = planDataset({ ...options, paired: false }, manifest).map((i) => i.state.seed);
    expect(seeds).toEqual([100, 101, 102, 103, 104, 105]);
  });

  it('names every problem with the options', () => {
    expect(datasetProblems(options, manifest)).toEqual([]);
    expect(datasetProblems({ ...options, grades: [] }, manifest)).toContain('choose at least one grade');
    expect(datasetProblems({ ...options, grades: [5, 1.5] }, manifest)).toEqual([
      'grade 5 is not one of 0–4',
      'grade 1.5 is not one of 0–4',
    ]);
    expect(datasetProblems({ ...options, perGrade: 0 }, manifest)).toEqual([
      'images per grade must be a whole number ≥ 1',
    ]);
    expect(datasetProblems({ ...options, perGrade: 3000 }, manifest)).toEqual([
      '6000 images is more than the 5000 one export can hold',
    ]);
    expect(datasetProblems({ ...options, firstSeed: MAX_SEED - 1 }, manifest)).toEqual([
      `seeds would run past ${MAX_SEED}; choose a smaller first seed`,
    ]);
    expect(datasetProblems({ ...options, truncation: 2 }, manifest)).toEqual(['truncation must be within 0–1']);
    expect(() => planDataset({ ...options, grades: [] }, manifest)).toThrow(/at least one grade/);
  });
});

describe('labelsCsv', () => {
  it('has one row per image with every direction, the model and a link', () => {
    const items = planDataset(options, manifest);
    const lines = labelsCsv(items, manifest).trimEnd().split('\r\n');
    expect(lines).toHaveLength(7);
    expect(lines[0]).toBe(
      'file,seed,kl,truncation,direction_osteophytes,direction_jsn,direction_pc1,model_id,model_sha256,link',
    );
    const sha = manifest.files.find((f) => f.path.endsWith('.bin'))!.sha256;
    expect(lines[4]).toBe(
      `images/kl4/kl4_seed100.png,100,4,0.7,0,1.25,0,${manifest.id},${sha},#v1&m=${manifest.id}&w=${sha.slice(0, 8)}&s=100&kl=4&t=0.7&d=jsn:1.25`,
    );
  });
});

describe('README and file name', () => {
  it('say what the set is, without a date', () => {
    const readme = datasetReadme(options, manifest, 6);
    expect(readme).toMatch(/not for diagnosis/);
    expect(readme).toMatch(/Images: 6 \(3 per grade, grades 0, 4\)/);
    expect(readme).not.toMatch(/20\d\d-/);
    expect(datasetFileName(manifest, options)).toBe(
      `knee-oa-studio_SYNTHETIC_dataset_${manifest.id}_6images_seed100.zip`,
    );
  });
});
