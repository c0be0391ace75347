// Draws the app icons (a stylised knee joint, as on a radiograph) into public/icons as PNG.
// No image library: signed distances per pixel, 4×4 supersampling, zlib from Node.
// Run: node scripts/make-icons.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes) => {
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
function png(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  const signature = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
  return Buffer.concat([
    signature,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const circle = (x, y, cx, cy, r) => Math.hypot(x - cx, y - cy) - r;
function box(x, y, x0, y0, x1, y1, r = 0) {
  const qx = Math.abs(x - (x0 + x1) / 2) - ((x1 - x0) / 2 - r);
  const qy = Math.abs(y - (y0 + y1) / 2) - ((y1 - y0) / 2 - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}
const union = (...d) => Math.min(...d);

/** Bone density at (x, y) in the unit square, or null outside the bones. */
function bone(x, y) {
  const femur = union(box(x, y, 0.37, -0.2, 0.63, 0.38), circle(x, y, 0.37, 0.4, 0.13), circle(x, y, 0.63, 0.4, 0.13));
  const tibia = union(box(x, y, 0.23, 0.58, 0.77, 0.7, 0.04), box(x, y, 0.37, 0.6, 0.63, 1.2));
  const d = Math.min(femur, tibia);
  if (d > 0) return null;
  const rim = Math.min(1, -d / 0.035); // brighter cortex at the bone's edge, as on film
  return 0.95 - 0.25 * rim;
}

function draw(size, { maskable }) {
  const rgba = Buffer.alloc(size * size * 4);
  const background = [14, 17, 22];
  const samples = 4;
  for (let py = 0; py < size; py++)
    for (let px = 0; px < size; px++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < samples; sy++)
        for (let sx = 0; sx < samples; sx++) {
          const u = (px + (sx + 0.5) / samples) / size;
          const v = (py + (sy + 0.5) / samples) / size;
          const inTile = maskable || box(u, v, 0.02, 0.02, 0.98, 0.98, 0.2) <= 0;
          if (!inTile) continue;
          const scale = maskable ? 0.62 : 0.8; // maskable icons keep content in the safe centre
          const density = bone((u - 0.5) / scale + 0.5, (v - 0.5) / scale + 0.5);
          const c = density === null ? background : [density * 235, density * 240, density * 248];
          r += c[0];
          g += c[1];
          b += c[2];
          a += 255;
        }
      const n = samples * samples;
      const i = (py * size + px) * 4;
      const coverage = a / n / 255;
      rgba[i] = coverage ? r / (n * coverage) : 0;
      rgba[i + 1] = coverage ? g / (n * coverage) : 0;
      rgba[i + 2] = coverage ? b / (n * coverage) : 0;
      rgba[i + 3] = a / n;
    }
  return png(size, rgba);
}

mkdirSync('public/icons', { recursive: true });
writeFileSync('public/icons/icon-192.png', draw(192, { maskable: false }));
writeFileSync('public/icons/icon-512.png', draw(512, { maskable: false }));
writeFileSync('public/icons/icon-maskable-512.png', draw(512, { maskable: true }));
console.log('wrote public/icons/icon-192.png, icon-512.png, icon-maskable-512.png');
