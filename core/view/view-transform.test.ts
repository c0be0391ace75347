import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitView, MAX_SCALE, MIN_SCALE, panBy, zoomAt } from './view-transform';

describe('viewer zoom and pan', () => {
  it('fits and centres the image', () => {
    expect(fitView({ width: 800, height: 400 }, { width: 128, height: 128 })).toEqual({ scale: 3, x: 208, y: 8 });
  });

  it('keeps the anchor point still while zooming (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.5, max: 4, noNaN: true }),
        fc.double({ min: 0, max: 500, noNaN: true }),
        fc.double({ min: 0, max: 500, noNaN: true }),
        (factor, ax, ay) => {
          const view = { scale: 2, x: 10, y: -20 };
          const next = zoomAt(view, factor, { x: ax, y: ay });
          const imageX = (ax - view.x) / view.scale;
          expect(imageX * next.scale + next.x).toBeCloseTo(ax, 6);
        },
      ),
    );
  });

  it('clamps the zoom range and pans', () => {
    expect(zoomAt({ scale: 1, x: 0, y: 0 }, 1000, { x: 0, y: 0 }).scale).toBe(MAX_SCALE);
    expect(zoomAt({ scale: 1, x: 0, y: 0 }, 0.001, { x: 0, y: 0 }).scale).toBe(MIN_SCALE);
    expect(panBy({ scale: 1, x: 1, y: 2 }, 3, 4)).toEqual({ scale: 1, x: 4, y: 6 });
  });
});
