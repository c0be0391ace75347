// A dataset export as one job here in the worker: draw each image, encode its PNG, zip them with
// the text files. The page sends the options and gets back only the ZIP's bytes.
import { datasetPng, datasetTextFiles, type NamedFile } from '../core/dataset/dataset-files';
import { planDataset, type DatasetOptions } from '../core/dataset/plan';
import { zipFiles } from '../core/formats/zip';
import type { ShareState } from '../core/state/fragment';
import type { ModelManifest } from '../core/state/manifest';

/** What draws the images (the worker's Renderer; a fake one in tests). */
export interface ImageSource {
  readonly manifest: ModelManifest;
  readonly size: { width: number; height: number };
  render(state: ShareState): Promise<Uint8Array>;
}

/**
 * `source` for as long as `isCurrent()` holds. Loading another model disposes the renderer an export
 * is drawing with; the next image then ends the job with this reason instead of tfjs's "Tensor is
 * disposed".
 */
export function whileCurrent(source: ImageSource, isCurrent: () => boolean): ImageSource {
  return {
    manifest: source.manifest,
    size: source.size,
    render(state) {
      if (!isCurrent()) throw new Error('another model was loaded during the export; nothing was saved');
      return source.render(state);
    },
  };
}

/** Told how many images are done after each one; resolves false to stop the job (a cancel). */
export type OnImage = (done: number) => Promise<boolean>;

/** The dataset's ZIP, or null when `onImage` stopped it. `card`: the model card's text, if any. */
export async function datasetZip(
  source: ImageSource,
  options: DatasetOptions,
  card: string | null,
  onImage: OnImage,
): Promise<Uint8Array | null> {
  const { manifest, size } = source;
  const items = planDataset(options, manifest);
  const images: NamedFile[] = [];
  for (const item of items) {
    const pixels = await source.render(item.state);
    images.push({ name: item.file, data: datasetPng(manifest, item, pixels, size) });
    // Waiting on the page's answer also lets the worker draw the live frames queued meanwhile.
    if (!(await onImage(images.length))) return null;
  }
  return zipFiles([...datasetTextFiles(manifest, options, items, card), ...images]);
}
