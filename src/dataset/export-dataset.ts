// Draws a planned dataset in the generator worker (which also encodes each PNG, so the page's
// thread only waits) and packs it into one ZIP, also in the worker. One image in flight at a time: live edits are
// drawn between them, and a cancel takes effect after at most one image.
import type { Editor } from '../app/editor.svelte';
import { throwIfCancelled, type Progress } from '../jobs/progress.svelte';
import type { ModelManifest } from '../../core/state/manifest';
import { datasetImageText, datasetTextFiles } from '../../core/dataset/dataset-files';
import { datasetFileName, planDataset, type DatasetOptions } from '../../core/dataset/plan';

export interface DatasetZip {
  name: string;
  bytes: Uint8Array;
  images: number;
}

export async function exportDataset(
  editor: Editor,
  manifest: ModelManifest,
  options: DatasetOptions,
  progress: Progress,
): Promise<DatasetZip | null> {
  const items = planDataset(options, manifest);
  return progress.run('Generating images', items.length, async (tick, signal) => {
    // The model card first: if it cannot be read, no image has been drawn in vain.
    const card = manifest.model_card ? await editor.modelText(manifest.id, manifest.model_card) : null;
    const files: { name: string; data: Uint8Array }[] = [];
    for (const item of items) {
      throwIfCancelled(signal);
      const image = await editor.renderPng(item.state, datasetImageText(manifest, item));
      files.push({ name: item.file, data: image.png });
      tick();
    }
    progress.label = 'Packing the ZIP';
    throwIfCancelled(signal);
    const bytes = await editor.zip([...datasetTextFiles(manifest, options, items, card), ...files]);
    return { name: datasetFileName(manifest, options), bytes, images: items.length };
  });
}
