import { describe, expect, it } from 'vitest';
import { provenanceOf, provenanceText } from '../formats/provenance';
import { sampleManifest } from '../state/testing/sample-manifest';
import { datasetImageText, datasetTextFiles, NO_MODEL_CARD } from './dataset-files';
import { datasetReadme, labelsCsv, planDataset } from './plan';
import { sampleDatasetOptions } from './testing/sample-options';

const manifest = sampleManifest();
const options = sampleDatasetOptions();
const items = planDataset(options, manifest);
const decode = (data: Uint8Array) => new TextDecoder().decode(data);

describe('dataset files', () => {
  it('are the README, labels, model card and provenance, in the ZIP order', () => {
    const files = datasetTextFiles(manifest, options, items, '# Card');
    expect(files.map((f) => f.name)).toEqual(['README.txt', 'labels.csv', 'MODEL_CARD.md', 'provenance.json']);
    expect(decode(files[0].data)).toBe(datasetReadme(options, manifest, 4));
    expect(decode(files[1].data)).toBe(labelsCsv(items, manifest));
    expect(decode(files[2].data)).toBe('# Card');
    const provenance = JSON.parse(decode(files[3].data));
    expect(provenance).toEqual({ ...provenanceOf(manifest, items[0].state), state: undefined, options });
    expect(Object.keys(provenance)).toEqual(['app', 'notice', 'model', 'options']);
    expect(decode(datasetTextFiles(manifest, options, items, null)[2].data)).toBe(NO_MODEL_CARD);
  });

  it('give each image its provenance as PNG text', () => {
    const text = datasetImageText(manifest, items[3]);
    expect(text).toEqual(
      provenanceText(provenanceOf(manifest, items[3].state), 'Synthetic knee radiograph, KL 4, seed 6'),
    );
  });
});
