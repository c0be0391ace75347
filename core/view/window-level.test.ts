import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW, toRgba, windowLut } from './window-level';

describe('window/level lookup table', () => {
  it('is exactly identity at the defaults', () => {
    const lut = windowLut(DEFAULT_WINDOW);
    for (let v = 0; v < 256; v++) expect(lut[v]).toBe(v);
  });

  it('inverts', () => {
    const lut = windowLut({ ...DEFAULT_WINDOW, invert: true });
    expect([lut[0], lut[255], lut[100]]).toEqual([255, 0, 155]);
  });

  it('a narrow window saturates outside it and is monotone (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 2, max: 512 }), (center, width) => {
        const lut = windowLut({ center, width, invert: false });
        for (let v = 1; v < 256; v++) expect(lut[v]).toBeGreaterThanOrEqual(lut[v - 1]);
        if (center - width / 2 > 1) expect(lut[0]).toBe(0);
        if (center + width / 2 < 254) expect(lut[255]).toBe(255);
      }),
    );
  });

  it('writes opaque grey RGBA', () => {
    const out = new Uint8ClampedArray(8);
    toRgba(new Uint8Array([10, 200]), windowLut(DEFAULT_WINDOW), out);
    expect(Array.from(out)).toEqual([10, 10, 10, 255, 200, 200, 200, 255]);
  });
});
