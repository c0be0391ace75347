// A package's weights files -> the one tfjs weights buffer its manifest describes. Pure: the
// package loader (which says a size mismatch is a model file problem) and the parity test share it.
import { groupByteLength, type ModelManifest } from '../../core/state/manifest';
import { sharedFrom } from '../../core/state/package-files';

/** Every weights file of the manifest, in order (shared ones as `../<id>/<file>`). */
export function weightPaths(manifest: Pick<ModelManifest, 'weights'>): string[] {
  return manifest.weights.manifest.flatMap((group) => group.paths);
}

function concat(buffers: ArrayBuffer[]): ArrayBuffer {
  if (buffers.length === 1) return buffers[0];
  const out = new Uint8Array(buffers.reduce((n, b) => n + b.byteLength, 0));
  let offset = 0;
  for (const b of buffers) {
    out.set(new Uint8Array(b), offset);
    offset += b.byteLength;
  }
  return out.buffer;
}

/**
 * One tfjs weights buffer: each group's files in order. A group ending in a file shared with
 * another package reads only the bytes its weights take (the rest is that package's own tail);
 * any other size mismatch is an error.
 */
export function joinWeights(manifest: Pick<ModelManifest, 'weights'>, files: Record<string, ArrayBuffer>): ArrayBuffer {
  return concat(
    manifest.weights.manifest.map((group) => {
      const bytes = concat(group.paths.map((path) => files[path]));
      const wanted = groupByteLength(group);
      const shared = sharedFrom(group.paths[group.paths.length - 1]) !== null;
      if (bytes.byteLength < wanted || (!shared && bytes.byteLength !== wanted))
        throw new Error(
          `the weights files ${group.paths.join(', ')} hold ${bytes.byteLength} bytes, the manifest describes ${wanted}`,
        );
      return bytes.byteLength === wanted ? bytes : bytes.slice(0, wanted);
    }),
  );
}
