import { describe, expect, it } from 'vitest';
import { measureJsw, medianFilter } from './jsw';

/**
 * A synthetic knee: bright femur above, bright tibia below, a dark joint space between them whose
 * height (the width to measure) is `gapAt(x)` pixels, starting at row `top`. A little deterministic
 * texture keeps it from being a perfect step.
 */
function synthKnee(size: number, top: number, gapAt: (x: number) => number): Uint8Array {
  const img = new Uint8Array(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const gap = gapAt(x);
      const inGap = y >= top && y < top + gap;
      const texture = ((x * 7 + y * 13) % 11) - 5;
      img[y * size + x] = (inGap ? 40 : 190) + texture;
    }
  }
  return img;
}

describe('measureJsw', () => {
  it('measures a uniform joint space in both compartments', () => {
    const size = 128;
    const r = measureJsw(synthKnee(size, 70, () => 8), size, size);
    expect(r.left.minWidth).toBeGreaterThan(7);
    expect(r.left.minWidth).toBeLessThan(9);
    expect(r.right.minWidth).toBeGreaterThan(7);
    expect(r.right.minWidth).toBeLessThan(9);
    expect(r.jointRow).toBeGreaterThan(68);
    expect(r.jointRow).toBeLessThan(80);
    expect(r.minWidth).toBeCloseTo(Math.min(r.left.minWidth, r.right.minWidth));
  });

  it('finds the narrower compartment and the narrowing inside it', () => {
    const size = 128;
    // left compartment 10 px except a 12-column stretch of 4 px; right compartment 7 px
    const gap = (x: number) => (x < 64 ? (x >= 28 && x < 40 ? 4 : 10) : 7);
    const r = measureJsw(synthKnee(size, 66, gap), size, size);
    expect(r.left.minWidth).toBeGreaterThan(3);
    expect(r.left.minWidth).toBeLessThan(5);
    expect(r.left.x).toBeGreaterThanOrEqual(28);
    expect(r.left.x).toBeLessThan(40);
    expect(r.left.meanWidth).toBeGreaterThan(r.left.minWidth);
    expect(r.right.minWidth).toBeGreaterThan(6);
    expect(r.right.minWidth).toBeLessThan(8);
    expect(r.minWidth).toBeCloseTo(r.left.minWidth);
  });

  it('returns margin points for an overlay and a caliper at the minimum', () => {
    const size = 96;
    const r = measureJsw(synthKnee(size, 50, () => 6), size, size);
    expect(r.margins.x.length).toBe(r.margins.femur.length);
    expect(r.margins.x.length).toBe(r.margins.tibia.length);
    expect(r.margins.x.length).toBeGreaterThan(40);
    for (let i = 0; i < r.margins.x.length; i++) {
      expect(r.margins.tibia[i]).toBeGreaterThan(r.margins.femur[i]);
    }
    expect(r.left.yTibia - r.left.yFemur).toBeCloseTo(r.left.minWidth);
    expect(Math.abs(r.left.yFemur - 49.5)).toBeLessThan(1.5);
  });

  it('orders wider spaces as wider (monotone in the true width)', () => {
    const size = 128;
    const widths = [3, 5, 7, 9, 11, 13].map((g) => measureJsw(synthKnee(size, 68, () => g), size, size).minWidth);
    for (let i = 1; i < widths.length; i++) expect(widths[i]).toBeGreaterThan(widths[i - 1]);
  });

  it('maps image sides to medial and lateral by knee side', () => {
    const size = 128;
    const img = synthKnee(size, 70, (x) => (x < 64 ? 5 : 10));
    const left = measureJsw(img, size, size, { side: 'L', mmPerPixel: 0.5 });
    expect(left.medial?.minWidth).toBeCloseTo(left.left.minWidth);
    expect(left.lateral?.minWidth).toBeCloseTo(left.right.minWidth);
    expect(left.medial?.minWidthMm).toBeCloseTo(left.left.minWidth * 0.5);
    const right = measureJsw(img, size, size, { side: 'R' });
    expect(right.medial?.minWidth).toBeCloseTo(right.right.minWidth);
    expect(measureJsw(img, size, size).medial).toBeNull();
  });

  it('rejects images of the wrong size', () => {
    expect(() => measureJsw(new Uint8Array(10), 4, 4)).toThrow(/16x16/);
    expect(() => measureJsw(new Uint8Array(10), 32, 32)).toThrow(/1024 pixels/);
  });
});

describe('medianFilter', () => {
  it('removes a single outlier', () => {
    expect(medianFilter([1, 1, 9, 1, 1], 1)).toEqual([1, 1, 1, 1, 1]);
  });
});
