// Nearest ×2 then a 3×3 conv ('same', zero padding) equals, for each of the four output phases
// (dy, dx), a 2×2 conv on the small map: for dy = 0 output row 2i reads small rows i−1 (kernel row 0)
// and i (rows 1 + 2); for dy = 1 row 2i + 1 reads rows i (rows 0 + 1) and i + 1 (row 2). Columns
// alike. So 4 taps per output pixel instead of 9, and no upsampled map is ever made.
//
// All four phases come from one 2×2 conv: on the small map padded by 1 all round, output (k, l) of a
// 'valid' 2×2 conv reads small rows k−1 and k, which is what output row 2k (dy = 0) reads, and also
// what row 2k − 1 (dy = 1, i = k − 1) reads. So with the phases' filters side by side as output
// channels, dy = 1 first, the conv's [H + 1, W + 1, 2, 2, C] output, rows and columns interleaved,
// is the upsampled map with one extra row and column on each side: crop them. One conv and one
// interleave per map instead of four convs and two stacks: far fewer kernel calls per frame.
import * as tf from '@tensorflow/tfjs';

type Phase = readonly [dy: 0 | 1, dx: 0 | 1];
const PHASES: readonly Phase[] = [
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
function phaseFilters(filter: tf.Tensor4D): tf.Tensor4D[] {
  return tf.tidy(() => {
    const rows = tf.split(filter, 3, 0) as tf.Tensor4D[];
    return PHASES.map(([dy, dx]) => {
      const folded = tf.concat(fold(rows, dy), 0) as tf.Tensor4D;
      return tf.concat(fold(tf.split(folded, 3, 1) as tf.Tensor4D[], dx), 1) as tf.Tensor4D;
    });
  });
}

/** The [2, 2, in, 4·out] filter of the one-conv form: phases (1, 1), (1, 0), (0, 1), (0, 0) side by side. */
export function stackedPhaseFilter(filter: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => tf.concat(phaseFilters(filter).reverse(), 3) as tf.Tensor4D);
}

/** The one-conv form's padding: 1 all round, so a 2×2 'valid' conv gives [H + 1, W + 1]. */
export const STACKED_PADDING: [[number, number], [number, number], [number, number], [number, number]] = [
  [0, 0],
  [1, 1],
  [1, 1],
  [0, 0],
];

/**
 * The one-conv form's output [1, H + 1, W + 1, 4·C] (or [1, H + 1, W + 1, 4, C]), channels as
 * stackedPhaseFilter orders them -> the [1, 2H, 2W, C] map.
 */
export function interleaveStacked(y: tf.Tensor): tf.Tensor4D {
  const [n, h1, w1] = y.shape;
  const c = y.size / (n * h1 * w1 * 4);
  const grid = y.reshape([n, h1, w1, 2, 2, c]).transpose([0, 1, 3, 2, 4, 5]); // [n, h1, 2, w1, 2, c]
  const full = grid.reshape([n, 2 * h1, 2 * w1, c]) as tf.Tensor4D;
  return full.slice([0, 1, 1, 0], [n, 2 * h1 - 2, 2 * w1 - 2, c]);
}
