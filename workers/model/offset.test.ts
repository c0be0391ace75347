import { describe, expect, it } from 'vitest';
import { directionOffsets, type DirectionVector } from './offset';

const directions: DirectionVector[] = [
  { id: 'jsn', space: 'w', vector: [1, 0, 0] },
  { id: 'old', vector: [0, 1, 0] }, // no space: the oldest packages' w directions
  { id: 'osteophytes', space: 'grade', vector: [0.5, -0.5] },
];
const spec = { directions, architecture: { w_dim: 3, grade_dim: 2 } };

describe('direction offsets', () => {
  it('adds each direction in its own space', () => {
    const { wOffset, gradeOffset } = directionOffsets(spec, { jsn: 2, old: -1, osteophytes: 4 });
    expect(Array.from(wOffset!)).toEqual([2, -1, 0]);
    expect(Array.from(gradeOffset!)).toEqual([2, -2]);
  });

  it('gives null for a space no moved slider is in', () => {
    expect(directionOffsets(spec, { jsn: 1, osteophytes: 0 }).gradeOffset).toBeNull();
    expect(directionOffsets(spec, { osteophytes: 1 }).wOffset).toBeNull();
  });

  it('refuses an unknown id and a vector of the wrong size', () => {
    expect(() => directionOffsets(spec, { elbow: 1 })).toThrow(/unknown direction 'elbow'/);
    const short = { ...spec, architecture: { w_dim: 3, grade_dim: 5 } };
    expect(() => directionOffsets(short, { osteophytes: 1 })).toThrow(/osteophytes.*grade has 5/);
  });
});
