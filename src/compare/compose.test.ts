import { describe, expect, it } from 'vitest';
import {
  composeGrey,
  differenceStats,
  heatColour,
  heatGradient,
  heatMap,
  sideBySide,
  swipe,
  swipeColumn,
  type GreyImage,
} from './compose';

/** A 4×3 image whose pixel (x, y) is base + 10·y + x, so every position is recognisable. */
function image(base: number, width = 4, height = 3): GreyImage {
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) pixels[y * width + x] = base + 10 * y + x;
  return { width, height, pixels };
}

describe('side by side', () => {
  it('puts A in the left half and B in the right half of every row', () => {
    const a = image(0);
    const b = image(100);
    const out = sideBySide(a, b);
    expect(out.width).toBe(8);
    expect(out.height).toBe(3);
    expect(Array.from(out.pixels.subarray(0, 8))).toEqual([0, 1, 2, 3, 100, 101, 102, 103]);
    expect(Array.from(out.pixels.subarray(16, 24))).toEqual([20, 21, 22, 23, 120, 121, 122, 123]);
  });
});

describe('swipe', () => {
  it('takes columns left of the divider from A and the rest from B', () => {
    const out = swipe(image(0), image(100), 1);
    expect(Array.from(out.pixels)).toEqual([0, 101, 102, 103, 10, 111, 112, 113, 20, 121, 122, 123]);
  });

  it('shows all of B at 0 % and all of A at 100 %, and leaves its inputs alone', () => {
    const a = image(0);
    const b = image(100);
    expect(Array.from(swipe(a, b, swipeColumn(0, 4)).pixels)).toEqual(Array.from(b.pixels));
    expect(Array.from(swipe(a, b, swipeColumn(100, 4)).pixels)).toEqual(Array.from(a.pixels));
    expect(b.pixels[0]).toBe(100);
  });

  it('maps percent to a column, clamped', () => {
    expect(swipeColumn(50, 128)).toBe(64);
    expect(swipeColumn(33, 128)).toBe(42);
    expect(swipeColumn(-5, 128)).toBe(0);
    expect(swipeColumn(120, 128)).toBe(128);
  });
});

describe('composeGrey', () => {
  it('shows B alone when off, in difference mode, without A or when the sizes differ', () => {
    const b = image(100);
    expect(composeGrey('off', image(0), b, 50)).toBe(b);
    expect(composeGrey('difference', image(0), b, 50)).toBe(b);
    expect(composeGrey('side-by-side', null, b, 50)).toBe(b);
    expect(composeGrey('swipe', image(0, 5, 3), b, 50)).toBe(b);
  });

  it('composes side by side and swipe', () => {
    expect(composeGrey('side-by-side', image(0), image(100), 50).width).toBe(8);
    expect(Array.from(composeGrey('swipe', image(0), image(100), 50).pixels.subarray(0, 4))).toEqual([0, 1, 102, 103]);
  });
});

describe('difference', () => {
  const a = new Uint8Array([10, 10, 10, 10, 200]);
  const b = new Uint8Array([10, 11, 13, 30, 100]);

  it('counts pixels changed by more than the threshold and finds the largest change', () => {
    expect(differenceStats(a, b, 0)).toEqual({ maxAbs: 100, changed: 4, total: 5, share: 0.8, threshold: 0 });
    expect(differenceStats(a, b, 2)).toMatchObject({ maxAbs: 100, changed: 3, share: 0.6 });
    expect(differenceStats(a, a, 0)).toMatchObject({ maxAbs: 0, changed: 0, share: 0 });
  });

  it('rejects images of different sizes', () => {
    expect(() => differenceStats(a, b.subarray(1), 0)).toThrow(/5 vs 4/);
  });

  it('draws nothing at or under the threshold, yellow just above it and red at the largest change', () => {
    const stats = differenceStats(a, b, 2);
    const rgba = heatMap(a, b, stats);
    const px = (i: number) => Array.from(rgba.subarray(4 * i, 4 * i + 4));
    expect(px(0)).toEqual([0, 0, 0, 0]); // unchanged
    expect(px(1)).toEqual([0, 0, 0, 0]); // |Δ| 1 ≤ 2
    expect(px(2)[3]).toBe(Math.round(255 * (0.4 + 0.6 / 98))); // |Δ| 3 > 2: shown, faint
    expect(px(2)[1]).toBeGreaterThan(225); // … nearly yellow (t = 1/98)
    expect(px(4)).toEqual([255, 0, 0, 255]); // |Δ| 100 = max: red, opaque
    const mid = px(3); // |Δ| 20: t = 18/98
    expect(mid[1]).toBe(Math.round(230 * (1 - 18 / 98)));
    expect(mid[3]).toBe(Math.round(255 * (0.4 + (0.6 * 18) / 98)));
  });

  it('is all transparent for identical images', () => {
    const rgba = heatMap(a, a, differenceStats(a, a, 0));
    expect(rgba.every((v) => v === 0)).toBe(true);
  });

  it('writes into a buffer it is given, of the right size only', () => {
    const out = new Uint8ClampedArray(20).fill(7);
    expect(heatMap(a, a, { threshold: 0, maxAbs: 0 }, out)).toBe(out);
    expect(out.every((v) => v === 0)).toBe(true);
    expect(() => heatMap(a, a, { threshold: 0, maxAbs: 0 }, new Uint8ClampedArray(8))).toThrow(/wrong size/);
  });
});

describe('heat colours', () => {
  it('runs from yellow to red and clamps', () => {
    expect(heatColour(0)).toEqual([255, 230, 40]);
    expect(heatColour(1)).toEqual([255, 0, 0]);
    expect(heatColour(2)).toEqual([255, 0, 0]);
    expect(heatColour(-1)).toEqual([255, 230, 40]);
  });

  it('gives the legend the same ends as the map', () => {
    expect(heatGradient(3)).toBe(
      'linear-gradient(to right, rgb(255 230 40) 0%, rgb(255 115 20) 50%, rgb(255 0 0) 100%)',
    );
  });
});
