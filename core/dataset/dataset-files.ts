// A dataset's files: each image's PNG with its provenance text, and the four text files
// (README.txt, labels.csv, MODEL_CARD.md, provenance.json). Shared by the browser's export (the
// worker's job, workers/dataset-export.ts) and the command-line generator (scripts/generate/), so
// both write the same bytes. Pure.
import { encodeGreyPng } from '../formats/png';
import { provenanceOf, provenanceText } from '../formats/provenance';
import type { ModelManifest } from '../state/manifest';
import { datasetReadme, labelsCsv, type DatasetItem, type DatasetOptions } from './plan';

export const NO_MODEL_CARD = 'This model has no model card.';

export interface NamedFile {
  name: string;
  data: Uint8Array;
}

const text = (value: string) => new TextEncoder().encode(value);

/** The PNG text entries (provenance) of one image of the dataset. */
export function datasetImageText(manifest: ModelManifest, item: DatasetItem): Record<string, string> {
  const description = `Synthetic knee radiograph, KL ${item.state.kl}, seed ${item.state.seed}`;
  return provenanceText(provenanceOf(manifest, item.state), description);
}

/** One image of the dataset as its PNG file, its provenance in the PNG's text. */
export function datasetPng(
  manifest: ModelManifest,
  item: DatasetItem,
  pixels: Uint8Array,
  size: { width: number; height: number },
): Uint8Array {
  return encodeGreyPng(pixels, size.width, size.height, datasetImageText(manifest, item));
}

/** The text files, in the ZIP's order (they come before the images). `card`: the model card's text, if any. */
export function datasetTextFiles(
  manifest: ModelManifest,
  options: DatasetOptions,
  items: DatasetItem[],
  card: string | null,
): NamedFile[] {
  if (items.length === 0) throw new Error('a dataset has at least one image');
  // Per-image states are in labels.csv; the set as a whole is described by its options.
  const { app, notice, model } = provenanceOf(manifest, items[0].state);
  const provenance = { app, notice, model, options };
  return [
    { name: 'README.txt', data: text(datasetReadme(options, manifest, items.length)) },
    { name: 'labels.csv', data: text(labelsCsv(items, manifest)) },
    { name: 'MODEL_CARD.md', data: text(card ?? NO_MODEL_CARD) },
    { name: 'provenance.json', data: text(JSON.stringify(provenance, null, 2) + '\n') },
  ];
}
