// Decodes the real set's PNGs (8-bit greyscale, as the packer writes them) to exact grey levels.
// Our own decoder, not a canvas: a browser may colour-manage an image it draws, and the real knees
// must keep the bytes the packer wrote. Strict: anything else is an error that says why. Pure.
import { unzlibSync } from 'fflate';
import { crc32 } from '../../core/formats/crc32';
import type { GreyImage } from './box-resize';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const MAX_SIDE = 4096;

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Undoes the per-row filters (PNG spec §9) of 1-byte pixels. */
function unfilter(raw: Uint8Array, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (width + 1)];
    if (filter > 4) throw new Error(`unknown PNG row filter ${filter}`);
    for (let x = 0; x < width; x++) {
      const value = raw[y * (width + 1) + 1 + x];
      const a = x > 0 ? out[y * width + x - 1] : 0;
      const b = y > 0 ? out[(y - 1) * width + x] : 0;
      const c = x > 0 && y > 0 ? out[(y - 1) * width + x - 1] : 0;
      const predicted = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter];
      out[y * width + x] = (value + predicted) & 0xff;
    }
  }
  return out;
}

export function decodeGreyPng(png: Uint8Array): GreyImage {
  if (png.length < 8 || SIGNATURE.some((b, i) => png[i] !== b)) throw new Error('not a PNG file');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const idat: Uint8Array[] = [];
  let width = 0;
  let height = 0;
  let ended = false;
  for (let p = 8; p < png.length && !ended;) {
    if (p + 12 > png.length) throw new Error('the PNG is cut short');
    const length = view.getUint32(p);
    if (p + 12 + length > png.length) throw new Error('the PNG is cut short');
    const type = String.fromCharCode(...png.subarray(p + 4, p + 8));
    const data = png.subarray(p + 8, p + 8 + length);
    if (view.getUint32(p + 8 + length) !== crc32(png.subarray(p + 4, p + 8 + length)))
      throw new Error(`the PNG is damaged (bad CRC in ${type})`);
    if (type === 'IHDR') {
      width = view.getUint32(p + 8);
      height = view.getUint32(p + 12);
      const [depth, colour, compression, filter, interlace] = data.subarray(8, 13);
      if (depth !== 8 || colour !== 0) throw new Error('the PNG is not 8-bit greyscale');
      if (compression !== 0 || filter !== 0 || interlace !== 0)
        throw new Error('the PNG is interlaced or non-standard');
      if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE)
        throw new Error(`the PNG is ${width}×${height}, outside 1–${MAX_SIDE}`);
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') ended = true;
    p += 12 + length;
  }
  if (width === 0 || idat.length === 0 || !ended) throw new Error('the PNG has no image data');
  const joined = new Uint8Array(idat.reduce((n, d) => n + d.length, 0));
  idat.reduce((at, d) => (joined.set(d, at), at + d.length), 0);
  const raw = unzlibSync(joined);
  if (raw.length !== height * (width + 1)) throw new Error('the PNG image data has the wrong length');
  return { width, height, pixels: unfilter(raw, width, height) };
}
