// Reads the PNGs this app writes (8-bit greyscale, filters None/Up), for tests: size, text
// entries and pixels, with every chunk's CRC checked. Not used by the app.
import { unzlibSync } from 'fflate';
import { crc32 } from '../crc32';

export interface PngSummary {
  width: number;
  height: number;
  text: Record<string, string>;
  pixels: Uint8Array;
  chunkTypes: string[];
}

export function readGreyPng(png: Uint8Array): PngSummary {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (signature.some((b, i) => png[i] !== b)) throw new Error('not a PNG');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const text: Record<string, string> = {};
  const chunkTypes: string[] = [];
  const idat: Uint8Array[] = [];
  let width = 0;
  let height = 0;
  for (let p = 8; p < png.length;) {
    const length = view.getUint32(p);
    const type = String.fromCharCode(...png.subarray(p + 4, p + 8));
    const data = png.subarray(p + 8, p + 8 + length);
    if (view.getUint32(p + 8 + length) !== crc32(png.subarray(p + 4, p + 8 + length)))
      throw new Error(`bad CRC in ${type}`);
    chunkTypes.push(type);
    if (type === 'IHDR') {
      width = view.getUint32(p + 8);
      height = view.getUint32(p + 12);
      if (data[8] !== 8 || data[9] !== 0) throw new Error('not 8-bit greyscale');
    }
    if (type === 'iTXt') {
      const nul = data.indexOf(0);
      text[String.fromCharCode(...data.subarray(0, nul))] = new TextDecoder().decode(data.subarray(nul + 5));
    }
    if (type === 'IDAT') idat.push(data);
    p += 12 + length;
  }
  const raw = unzlibSync(Uint8Array.from(idat.flatMap((d) => Array.from(d))));
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (width + 1)];
    if (filter !== 0 && filter !== 2) throw new Error(`filter ${filter} is not one this reader knows`);
    for (let x = 0; x < width; x++) {
      const value = raw[y * (width + 1) + 1 + x];
      pixels[y * width + x] = filter === 2 && y > 0 ? (value + pixels[(y - 1) * width + x]) & 0xff : value;
    }
  }
  return { width, height, text, pixels, chunkTypes };
}
