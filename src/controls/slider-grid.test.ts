import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sliderGrid } from './slider-grid';

describe('sliderGrid', () => {
  it('puts 0 on the grid of a measured, non-round range', () => {
    const grid = sliderGrid(-3.4629682759795597, 3.4629682759795597);
    expect(grid).toEqual({ step: 0.069, min: -3.45, max: 3.45 });
    expect(Number.isInteger(Math.round(((0 - grid.min) / grid.step) * 1e9) / 1e9)).toBe(true);
  });

  it('stays inside the range and keeps 0 reachable for any symmetric range', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 100, noNaN: true }), (half) => {
        const grid = sliderGrid(-half, half);
        expect(grid.min).toBeGreaterThanOrEqual(-half - 1e-9);
        expect(grid.max).toBeLessThanOrEqual(half + 1e-9);
        const k = (0 - grid.min) / grid.step;
        expect(Math.abs(k - Math.round(k))).toBeLessThan(1e-6);
      }),
    );
  });
});
