import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { resizeMask, stackPhases } from './mask';
import { directionOffsets, type DirectionVector } from './offset';
import { interleaveStacked } from './phase-filters';

describe('masks of masked directions', () => {
  it('resizes bilinearly with half-pixel centres, as PyTorch interpolate(align_corners=False)', () => {
    // 1 × 2 -> 4 × 4: columns read 0, 0.25, 0.75, 1 (clamped at the edges), every row the same
    const wide = resizeMask({ size: [1, 2], values: [0, 1] }, 4);
    expect(Array.from(wide.slice(0, 4))).toEqual([0, 0.25, 0.75, 1]);
    expect(Array.from(wide.slice(12, 16))).toEqual([0, 0.25, 0.75, 1]);
    // down 4 -> 2 samples between cells 0-1 and 2-3 (no antialiasing)
    const down = resizeMask({ size: [1, 4], values: [0, 1, 2, 3].map((v) => v / 3) }, 2);
    expect(Array.from(down.slice(0, 2)).map((v) => +v.toFixed(6))).toEqual([0.166667, 0.833333]);
    const same = { size: [2, 2] as [number, number], values: [0.1, 0.2, 0.3, 0.4] };
    expect(Array.from(resizeMask(same, 2)).map((v) => +v.toFixed(6))).toEqual(same.values);
  });

  it('lays a map out as an upsampling block draws it: the interleave gives the map back', () => {
    const size = 6;
    const full = Float32Array.from({ length: size * size }, (_, i) => i + 1);
    const stacked = tf.tensor(stackPhases(full, size), [1, size / 2 + 1, size / 2 + 1, 4, 1]);
    const back = interleaveStacked(stacked);
    expect(back.shape).toEqual([1, size, size, 1]);
    expect(Array.from(back.dataSync())).toEqual(Array.from(full));
    tf.dispose([stacked, back]);
  });

  it('keeps masked directions apart from the plain offsets, with their values applied', () => {
    const mask = { size: [1, 1] as [number, number], values: [1] };
    const directions: DirectionVector[] = [
      { id: 'plain', space: 'grade', vector: [1, 0] },
      { id: 'local', space: 'grade', vector: [0, 2], mask },
    ];
    const spec = { directions, architecture: { w_dim: 3, grade_dim: 2 } };
    const moved = directionOffsets(spec, { plain: 1, local: 0.5 });
    expect(Array.from(moved.gradeOffset!)).toEqual([1, 0]);
    expect(moved.masked).toEqual([{ offset: Float32Array.from([0, 1]), mask }]);
    expect(directionOffsets(spec, { local: 0 }).masked).toEqual([]);
  });
});
