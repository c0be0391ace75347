import { describe, expect, it } from 'vitest';
import { encodeGreyPng } from '../../core/formats/png';
import { decodeGreyPng } from './grey-png';
import { canvasPixels, shownKnee } from './pipeline';

const MODEL_RESOLUTION = [128, 128] as const;

/** A knee-like grey image: bright bone above and below a dark joint gap, plus a little texture. */
function kneeLike(size: number, seed: number): Uint8Array {
  const pixels = new Uint8Array(size * size);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const gap = Math.abs(y - size / 2) < size * 0.05;
      pixels[y * size + x] = (gap ? 40 : 180) + ((x * 7 + y * 13 + seed) % 23);
    }
  return pixels;
}

describe('real and generated knees take the same path to the screen', () => {
  // A real knee arrives as a 224 × 224 PNG from the real set; a generated one as the worker's
  // 128 × 128 8-bit frame.
  const realPng = encodeGreyPng(kneeLike(224, 1), 224, 224);
  const generated = { width: 128, height: 128, pixels: kneeLike(128, 2) };

  it('ends with the same size, bit depth and encoding', () => {
    const real = shownKnee(decodeGreyPng(realPng), MODEL_RESOLUTION);
    const synthetic = shownKnee(generated, MODEL_RESOLUTION);
    for (const knee of [real, synthetic]) {
      expect([knee.width, knee.height]).toEqual([128, 128]);
      expect(knee.pixels).toBeInstanceOf(Uint8Array); // 8 bits per pixel, one channel
      expect(knee.pixels.length).toBe(128 * 128);
    }
    const [realRgba, syntheticRgba] = [canvasPixels(real), canvasPixels(synthetic)];
    expect(realRgba.constructor).toBe(syntheticRgba.constructor);
    expect(realRgba.length).toBe(syntheticRgba.length);
    // The same encoding: grey as R = G = B from the 8-bit value unchanged, alpha opaque.
    for (const [knee, rgba] of [
      [real, realRgba],
      [synthetic, syntheticRgba],
    ] as const)
      for (let i = 0; i < knee.pixels.length; i += 97)
        expect(Array.from(rgba.subarray(4 * i, 4 * i + 4))).toEqual([
          knee.pixels[i],
          knee.pixels[i],
          knee.pixels[i],
          255,
        ]);
  });

  it("leaves a generated frame's pixels unchanged and only resizes a real one", () => {
    expect(shownKnee(generated, MODEL_RESOLUTION).pixels).toEqual(generated.pixels);
    const flat = encodeGreyPng(new Uint8Array(224 * 224).fill(77), 224, 224);
    expect(shownKnee(decodeGreyPng(flat), MODEL_RESOLUTION).pixels.every((v) => v === 77)).toBe(true);
  });
});
