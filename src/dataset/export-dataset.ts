// A planned dataset, made in the generator worker as one job (draw, encode each PNG, zip): the
// page only waits, shows progress and receives the ZIP's bytes. Live edits are drawn between
// images, and a cancel stops the job after at most one more image.
import { datasetFileName, imageCount, type DatasetOptions } from '../../core/dataset/plan';
import type { ModelManifest } from '../../core/state/manifest';
import type { Progress } from '../jobs/progress.svelte';
import type { GeneratorService } from '../worker-bridge/generator-service';

export interface DatasetZip {
  name: string;
  bytes: Uint8Array;
  images: number;
}

export async function exportDataset(
  generator: GeneratorService,
  manifest: ModelManifest,
  options: DatasetOptions,
  progress: Progress,
): Promise<DatasetZip | null> {
  const images = imageCount(options);
  return progress.run('Generating images', images, async (tick, signal) => {
    const bytes = await generator.exportDataset(manifest.id, options, (done) => {
      if (signal.aborted) return false;
      tick();
      if (done === images) progress.label = 'Packing the ZIP';
      return true;
    });
    return bytes && { name: datasetFileName(manifest, options), bytes, images };
  });
}
