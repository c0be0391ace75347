import { zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { crc32 } from '../../core/formats/crc32';
import { encodeGreyPng } from '../../core/formats/png';
import { decodeGreyPng } from './grey-png';

// A 12×12 knee-like grey image saved by Pillow 9.4 (as the packer saves): rows use the Sub,
// Up and Paeth filters.
const PILLOW_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAwAAAAMCAAAAABzHgM7AAAAp0lEQVR4nAGcAGP/Aa35GRAR7/X/IRXo5QL9OwnV6Ob/BuPr+Q0CHPDbHe4U8woO7u0EBOL9Jegx+t8F5xoK2wQRAg/n998h6jPyGw8BOAPmDiDgDv8Q7wcLBPLvJtjsAh7o4AAi5QEOKd8UCfsKH970+CMBthD0A/4HEfgNJ+baAioB9xwP/vD0/u/wKAQD4SHn9AQXDPDsFfoBz/sDHuv5D+IPGQAV815I1hn0mRoAAAAASUVORK5CYII=';
const PILLOW_PIXELS = [
  173, 166, 191, 207, 224, 207, 196, 195, 228, 249, 225, 198, 170, 225, 200, 164, 200, 181, 195, 201, 199, 228, 218,
  211, 198, 209, 163, 193, 182, 201, 182, 211, 213, 210, 199, 215, 168, 165, 200, 176, 225, 219, 168, 216, 191, 217,
  220, 183, 185, 187, 215, 175, 216, 183, 201, 194, 242, 228, 255, 235, 56, 59, 33, 47, 79, 47, 61, 60, 76, 59, 66, 77,
  42, 25, 63, 23, 27, 29, 77, 53, 44, 44, 78, 51, 14, 55, 22, 42, 51, 46, 56, 87, 53, 41, 33, 68, 182, 198, 186, 189,
  187, 194, 211, 203, 216, 255, 229, 191, 224, 199, 177, 217, 202, 192, 195, 191, 214, 238, 213, 231, 227, 168, 201,
  192, 180, 184, 207, 219, 203, 218, 234, 228, 207, 202, 205, 235, 214, 207, 222, 192, 207, 232, 232, 253,
];

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(
    Array.from(type, (c) => c.charCodeAt(0)),
    4,
  );
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** A grey PNG whose row y uses filter `filters[y]`, and which can be made wrong in one field. */
function pngWith(
  pixels: Uint8Array,
  width: number,
  filters: number[],
  ihdr: Partial<{ depth: number; colour: number }> = {},
) {
  const height = pixels.length / width;
  const at = (x: number, y: number) => (x < 0 || y < 0 ? 0 : pixels[y * width + x]);
  const raw = new Uint8Array(height * (width + 1));
  for (let y = 0; y < height; y++) {
    raw[y * (width + 1)] = filters[y];
    for (let x = 0; x < width; x++) {
      const [a, b, c] = [at(x - 1, y), at(x, y - 1), at(x - 1, y - 1)];
      const p = a + b - c;
      const paeth =
        Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c)
          ? a
          : Math.abs(p - b) <= Math.abs(p - c)
            ? b
            : c;
      const predicted = [0, a, b, (a + b) >> 1, paeth][filters[y]];
      raw[y * (width + 1) + 1 + x] = (at(x, y) - predicted) & 0xff;
    }
  }
  const header = new Uint8Array(13);
  new DataView(header.buffer).setUint32(0, width);
  new DataView(header.buffer).setUint32(4, height);
  header.set([ihdr.depth ?? 8, ihdr.colour ?? 0, 0, 0, 0], 8);
  const parts = [
    Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlibSync(raw)),
    chunk('IEND', new Uint8Array(0)),
  ];
  const png = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((offset, p) => (png.set(p, offset), offset + p.length), 0);
  return png;
}

const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

describe('decodeGreyPng', () => {
  it("reads a PNG Pillow wrote (the packer's) to its exact grey levels", () => {
    const image = decodeGreyPng(fromBase64(PILLOW_PNG));
    expect([image.width, image.height]).toEqual([12, 12]);
    expect(Array.from(image.pixels)).toEqual(PILLOW_PIXELS);
  });

  it('undoes every row filter, and reads what the app itself encodes', () => {
    const pixels = Uint8Array.from({ length: 7 * 10 }, (_, i) => (i * 97 + (i % 7) * 13) % 256);
    const image = decodeGreyPng(pngWith(pixels, 7, [0, 1, 2, 3, 4, 3, 2, 1, 4, 0]));
    expect(image.pixels).toEqual(pixels);
    const ours = decodeGreyPng(encodeGreyPng(pixels, 7, 10, { Title: 'text chunks are skipped' }));
    expect([ours.width, ours.height, ours.pixels]).toEqual([7, 10, pixels]);
  });

  it('refuses what is not an intact 8-bit grey PNG, saying why', () => {
    const good = pngWith(new Uint8Array(16).fill(9), 4, [0, 0, 0, 0]);
    expect(() => decodeGreyPng(new TextEncoder().encode('<!doctype html>'))).toThrow('not a PNG file');
    expect(() => decodeGreyPng(good.subarray(0, good.length - 20))).toThrow(/cut short/);
    const damaged = good.slice();
    damaged[40] ^= 0xff;
    expect(() => decodeGreyPng(damaged)).toThrow(/bad CRC/);
    expect(() => decodeGreyPng(pngWith(new Uint8Array(16), 4, [0, 0, 0, 0], { colour: 2 }))).toThrow(
      /not 8-bit greyscale/,
    );
    expect(() => decodeGreyPng(pngWith(new Uint8Array(16), 4, [0, 5, 0, 0]))).toThrow(/row filter 5/);
  });
});
