// Nearest ×2 then a 3×3 conv ('same', zero padding) equals, for each of the four output phases
// (dy, dx), a 2×2 conv on the small map: for dy = 0 output row 2i reads small rows i−1 (kernel row 0)
// and i (rows 1 + 2); for dy = 1 row 2i + 1 reads rows i (rows 0 + 1) and i + 1 (row 2). Columns
// alike. So 4 taps per output pixel instead of 9, and no upsampled map is ever made.
import * as tf from '@tensorflow/tfjs';

export type Phase = readonly [dy: 0 | 1, dx: 0 | 1];
export const PHASES: readonly Phase[] = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];

/** Kernel rows (or columns) of a 3-tap filter summed into the 2 taps phase d uses. */
function fold(taps: tf.Tensor4D[], d: 0 | 1): tf.Tensor4D[] {
  return d === 0 ? [taps[0], taps[1].add(taps[2])] : [taps[0].add(taps[1]), taps[2]];
}

/** The four phases' [2, 2, in, out] filters of a [3, 3, in, out] filter, in PHASES order. */
export function phaseFilters(filter: tf.Tensor4D): tf.Tensor4D[] {
  return tf.tidy(() => {
    const rows = tf.split(filter, 3, 0) as tf.Tensor4D[];
    return PHASES.map(([dy, dx]) => {
      const folded = tf.concat(fold(rows, dy), 0) as tf.Tensor4D;
      return tf.concat(fold(tf.split(folded, 3, 1) as tf.Tensor4D[], dx), 1) as tf.Tensor4D;
    });
  });
}

/** Explicit padding that gives a 2×2 'valid' conv the window phase (dy, dx) reads, same size out. */
export function phasePadding([dy, dx]: Phase): [[number, number], [number, number], [number, number], [number, number]] {
  return [
    [0, 0],
    [1 - dy, dy],
    [1 - dx, dx],
    [0, 0],
  ];
}

/** Four [1, H, W, C] maps in PHASES order -> [1, 2H, 2W, C] with out[2i + dy, 2j + dx] = phase (dy, dx). */
export function interleavePhases(maps: tf.Tensor4D[]): tf.Tensor4D {
  const [n, h, w, c] = maps[0].shape;
  const rowPair = (a: tf.Tensor4D, b: tf.Tensor4D) => tf.stack([a, b], 3); // [n, h, w, 2 (dx), c]
  const both = tf.stack([rowPair(maps[0], maps[1]), rowPair(maps[2], maps[3])], 2); // [n, h, 2 (dy), w, 2, c]
  return both.reshape([n, 2 * h, 2 * w, c]);
}
