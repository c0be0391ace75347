// A greyscale PNG encoder with text chunks, so every exported image carries its provenance.
// Pure and deterministic: the same pixels and text give the same bytes (fixed zlib level, no
// timestamps). Browsers' canvas.toBlob() cannot add text chunks.
import { zlibSync } from 'fflate';
import { crc32 } from './crc32';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const latin1 = (text: string) => Uint8Array.from(text, (ch) => (ch.charCodeAt(0) < 256 ? ch.charCodeAt(0) : 0x3f));
const utf8 = new TextEncoder();

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(latin1(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** An iTXt chunk (UTF-8 text, uncompressed): keyword\0 0 0 \0 \0 text. */
function textChunk(keyword: string, text: string): Uint8Array {
  const key = latin1(keyword.slice(0, 79));
  const body = utf8.encode(text);
  const data = new Uint8Array(key.length + 5 + body.length);
  data.set(key, 0);
  data.set(body, key.length + 5);
  return chunk('iTXt', data);
}

/** Encodes 8-bit greyscale pixels (row-major, width × height) as a PNG with the given text entries. */
export function encodeGreyPng(
  pixels: Uint8Array,
  width: number,
  height: number,
  text: Record<string, string> = {},
): Uint8Array {
  if (pixels.length !== width * height) throw new Error(`expected ${width * height} pixels, got ${pixels.length}`);
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 0, 0, 0, 0], 8); // 8 bits, greyscale, deflate, adaptive filter, no interlace
  // Filter type "Up" on every row but the first: smooth radiographs compress better.
  const raw = new Uint8Array(height * (width + 1));
  for (let y = 0; y < height; y++) {
    const row = y * (width + 1);
    raw[row] = y === 0 ? 0 : 2;
    for (let x = 0; x < width; x++) {
      const value = pixels[y * width + x];
      raw[row + 1 + x] = y === 0 ? value : (value - pixels[(y - 1) * width + x]) & 0xff;
    }
  }
  const parts = [
    Uint8Array.from(SIGNATURE),
    chunk('IHDR', header),
    ...Object.entries(text).map(([key, value]) => textChunk(key, value)),
    chunk('IDAT', zlibSync(raw, { level: 6 })),
    chunk('IEND', new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
