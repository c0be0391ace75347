// Draws a planned dataset in the generator worker (which also encodes each PNG, so the page's
// thread only waits) and packs it into one ZIP, also in the worker. One image in flight at a time: live edits are
// drawn between them, and a cancel takes effect after at most one image.
import type { Editor } from '../app/editor.svelte';
import { provenanceOf, provenanceText } from '../formats/provenance';
import { throwIfCancelled, type Progress } from '../jobs/progress.svelte';
import type { ModelManifest } from '../state/manifest';
import { datasetFileName, datasetReadme, labelsCsv, planDataset, type DatasetOptions } from './plan';

export interface DatasetZip {
  name: string;
  bytes: Uint8Array;
  images: number;
}

const text = (value: string) => new TextEncoder().encode(value);

export async function exportDataset(
  editor: Editor,
  manifest: ModelManifest,
  options: DatasetOptions,
  progress: Progress,
): Promise<DatasetZip | null> {
  const items = planDataset(options, manifest);
  return progress.run('Generating images', items.length, async (tick, signal) => {
    // The model card first: if it cannot be read, no image has been drawn in vain.
    const card = manifest.model_card
      ? await editor.modelText(manifest.id, manifest.model_card)
      : 'This model has no model card.';
    const files: { name: string; data: Uint8Array }[] = [];
    for (const item of items) {
      throwIfCancelled(signal);
      const description = `Synthetic knee radiograph, KL ${item.state.kl}, seed ${item.state.seed}`;
      const image = await editor.renderPng(item.state, provenanceText(provenanceOf(manifest, item.state), description));
      files.push({ name: item.file, data: image.png });
      tick();
    }
    progress.label = 'Packing the ZIP';
    throwIfCancelled(signal);
    // Per-image states are in labels.csv; the set as a whole is described by its options.
    const { app, notice, model } = provenanceOf(manifest, items[0].state);
    const provenance = { app, notice, model, options };
    const bytes = await editor.zip([
      { name: 'README.txt', data: text(datasetReadme(options, manifest, items.length)) },
      { name: 'labels.csv', data: text(labelsCsv(items, manifest)) },
      { name: 'MODEL_CARD.md', data: text(card) },
      { name: 'provenance.json', data: text(JSON.stringify(provenance, null, 2) + '\n') },
      ...files,
    ]);
    return { name: datasetFileName(manifest, options), bytes, images: items.length };
  });
}
