import { describe, expect, it } from 'vitest';
import { boxResize, type GreyImage } from './box-resize';

/** The same test pattern the reference values were made from in Python. */
function pattern(width: number, height: number): GreyImage {
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) pixels[y * width + x] = (x * 37 + y * 11 + x * y * 3) % 256;
  return { width, height, pixels };
}

// Reference values from Pillow 9.4: np.asarray(Image.fromarray(pattern).resize(size, Image.BOX)).
describe('boxResize', () => {
  it("matches Pillow's box filter, which the training loader uses", () => {
    expect(Array.from(boxResize(pattern(7, 7), 4, 4).pixels)).toEqual([
      25, 102, 160, 218, 50, 139, 206, 81, 69, 167, 240, 58, 88, 195, 19, 99,
    ]);
    expect(Array.from(boxResize(pattern(9, 5), 4, 3).pixels)).toEqual([
      25, 121, 218, 39, 44, 151, 131, 89, 63, 181, 44, 139,
    ]);
    expect(Array.from(boxResize(pattern(3, 3), 5, 5).pixels)).toEqual([
      0, 0, 37, 74, 74, 0, 0, 37, 74, 74, 11, 11, 51, 91, 91, 22, 22, 65, 108, 108, 22, 22, 65, 108, 108,
    ]);
  });

  it('matches Pillow on a real set knee size to the shipped model size (224 to 128)', () => {
    const out = boxResize(pattern(224, 224), 128, 128);
    let sum = 0;
    let weighted = 0;
    out.pixels.forEach((v, i) => {
      sum += v;
      weighted += (v * i) % 1000003;
    });
    expect([sum, weighted]).toEqual([2082880, 7268053418]);
    expect(Array.from(out.pixels.subarray(0, 8))).toEqual([25, 102, 160, 218, 39, 116, 173, 167]);
    expect(Array.from(out.pixels.subarray(128 * 128 - 8))).toEqual([153, 154, 123, 156, 93, 158, 62, 159]);
  });

  it('is the identity at the same size (a generated frame) and never shares its input', () => {
    const image = pattern(128, 128);
    const out = boxResize(image, 128, 128);
    expect(out.pixels).toEqual(image.pixels);
    expect(out.pixels).not.toBe(image.pixels);
  });

  it('averages whole blocks at integer ratios and keeps a flat image flat', () => {
    const image = { width: 4, height: 2, pixels: Uint8Array.from([0, 10, 20, 30, 40, 50, 60, 71]) };
    // Rounded after each pass, as Pillow does: rows 25 and 65.5 → 66, then (25 + 66) / 2 = 45.5 → 46.
    expect(Array.from(boxResize(image, 2, 1).pixels)).toEqual([25, 46]);
    const flat = { width: 224, height: 224, pixels: new Uint8Array(224 * 224).fill(201) };
    expect(boxResize(flat, 128, 128).pixels.every((v) => v === 201)).toBe(true);
  });

  it('refuses a bad size or a wrong pixel count', () => {
    expect(() => boxResize({ width: 2, height: 2, pixels: new Uint8Array(3) }, 1, 1)).toThrow(/expected 4 pixels/);
    expect(() => boxResize(pattern(2, 2), 0, 1)).toThrow(/cannot resize/);
  });
});
