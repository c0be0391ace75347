import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { datasetImageText } from '../core/dataset/dataset-files';
import { planDataset } from '../core/dataset/plan';
import { encodeGreyPng } from '../core/formats/png';
import type { ShareState } from '../core/state/fragment';
import { sampleManifest } from '../core/state/testing/sample-manifest';
import { datasetZip, whileCurrent, type ImageSource } from './dataset-export';
import { sampleDatasetOptions } from '../core/dataset/testing/sample-options';

const manifest = sampleManifest();
const size = { width: 8, height: 8 };
const options = sampleDatasetOptions();

/** Pixels that name the state they were drawn for, and a log of what was drawn. */
function fakeSource(): ImageSource & { drawn: ShareState[] } {
  const drawn: ShareState[] = [];
  return {
    manifest,
    size,
    drawn,
    async render(state) {
      drawn.push(state);
      return new Uint8Array(size.width * size.height).fill(state.seed * 10 + state.kl);
    },
  };
}

describe('the dataset export job', () => {
  it('zips the text files, then every image as the PNG the CLI writes, reporting each one', async () => {
    const source = fakeSource();
    const reported: number[] = [];
    const zip = await datasetZip(source, options, '# Card', async (done) => reported.push(done) > 0);
    const files = unzipSync(zip!);
    const items = planDataset(options, manifest);
    expect(Object.keys(files)).toEqual([
      'README.txt',
      'labels.csv',
      'MODEL_CARD.md',
      'provenance.json',
      ...items.map((item) => item.file),
    ]);
    for (const item of items) {
      const pixels = new Uint8Array(64).fill(item.state.seed * 10 + item.state.kl);
      expect(files[item.file]).toEqual(encodeGreyPng(pixels, 8, 8, datasetImageText(manifest, item)));
    }
    expect(reported).toEqual([1, 2, 3, 4]);
  });

  it('stops after the image during which it was cancelled, and returns nothing', async () => {
    const source = fakeSource();
    const zip = await datasetZip(source, options, null, async (done) => done < 2);
    expect(zip).toBeNull();
    expect(source.drawn).toHaveLength(2);
  });

  it('ends with a reason when another model is loaded mid-export, drawing nothing more', async () => {
    const source = fakeSource();
    let current = true;
    const job = datasetZip(
      whileCurrent(source, () => current),
      options,
      null,
      async (done) => {
        if (done === 2) current = false; // the page loaded another model meanwhile
        return true;
      },
    );
    await expect(job).rejects.toThrow('another model was loaded during the export; nothing was saved');
    expect(source.drawn).toHaveLength(2);
  });
});
