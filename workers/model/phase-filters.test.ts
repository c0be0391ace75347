import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { upsampleNearest2x } from './common';
import { interleaveStacked, STACKED_PADDING, stackedPhaseFilter } from './phase-filters';

describe('a nearest ×2 + 3×3 conv drawn as one 2×2 conv to the four output phases', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('gives the same map, borders included, on odd sizes and many channels', () => {
    for (const [h, w, cin, cout] of [
      [3, 5, 2, 3],
      [7, 7, 8, 4],
    ]) {
      const x = tf.randomNormal([1, h, w, cin], 0, 1, 'float32', 1) as tf.Tensor4D;
      const filter = tf.randomNormal([3, 3, cin, cout], 0, 1, 'float32', 2) as tf.Tensor4D;
      const direct = tf.conv2d(upsampleNearest2x(x), filter, 1, 'same');
      const stacked = interleaveStacked(tf.conv2d(x, stackedPhaseFilter(filter), 1, STACKED_PADDING));
      expect(stacked.shape).toEqual([1, 2 * h, 2 * w, cout]);
      expect(tf.max(tf.abs(stacked.sub(direct))).dataSync()[0]).toBeLessThan(1e-4);
    }
  });
});
