// A masked direction's mask at a block's size (contract/README.md, "Masked directions"): bilinear
// with half-pixel centres and no antialiasing, as PyTorch's interpolate(align_corners=False), which
// training/knee_gan/lite.py uses; plain arithmetic, so every backend gets the same numbers.
import type { DirectionMask } from './offset';

/** Where output index `i` of `outSize` reads in an axis of `inSize`: (lower index, upper index, weight of upper). */
function source(i: number, inSize: number, outSize: number): [number, number, number] {
  const s = Math.max(0, ((i + 0.5) * inSize) / outSize - 0.5);
  const lo = Math.min(Math.floor(s), inSize - 1);
  const hi = Math.min(lo + 1, inSize - 1);
  return [lo, hi, s - lo];
}

/** The mask resized to size × size, row-major. */
export function resizeMask(mask: DirectionMask, size: number): Float32Array {
  const [h, w] = mask.size;
  const out = new Float32Array(size * size);
  for (let y = 0; y < size; y++) {
    const [y0, y1, fy] = source(y, h, size);
    for (let x = 0; x < size; x++) {
      const [x0, x1, fx] = source(x, w, size);
      const top = mask.values[y0 * w + x0] * (1 - fx) + mask.values[y0 * w + x1] * fx;
      const bottom = mask.values[y1 * w + x0] * (1 - fx) + mask.values[y1 * w + x1] * fx;
      out[y * size + x] = top * (1 - fy) + bottom * fy;
    }
  }
  return out;
}

/**
 * A size × size map (size = 2h) in the layout of an upsampling block before its interleave
 * (phase-filters.ts): [h + 1, h + 1, 4], phase 2a + b at cell (k, l) being output pixel
 * (2k + a − 1, 2l + b − 1); the cells the interleave crops get 0.
 */
export function stackPhases(full: Float32Array, size: number): Float32Array {
  const cells = size / 2 + 1;
  const out = new Float32Array(cells * cells * 4);
  for (let k = 0; k < cells; k++)
    for (let l = 0; l < cells; l++)
      for (let a = 0; a < 2; a++)
        for (let b = 0; b < 2; b++) {
          const r = 2 * k + a - 1;
          const s = 2 * l + b - 1;
          if (r >= 0 && r < size && s >= 0 && s < size) out[((k * cells + l) * 2 + a) * 2 + b] = full[r * size + s];
        }
  return out;
}
