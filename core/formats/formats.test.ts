import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { sampleManifest } from '../state/testing/sample-manifest';
import { crc32 } from './crc32';
import { toCsv } from './csv';
import { encodeGreyGif } from './gif';
import { encodeGreyPng } from './png';
import { exportFileName, provenanceOf, provenanceText } from './provenance';
import { composeStrip } from './strip';
import { readGif } from './testing/gif-reader';
import { readGreyPng } from './testing/png-reader';
import { zipFiles } from './zip';

const ramp = (w: number, h: number) => Uint8Array.from({ length: w * h }, (_, i) => (i * 37) % 256);

describe('crc32', () => {
  it('matches the standard check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
});

describe('encodeGreyPng', () => {
  it('round-trips pixels and carries UTF-8 text', () => {
    const pixels = ramp(7, 5);
    const png = encodeGreyPng(pixels, 7, 5, { Disclaimer: 'Synthetic — not for diagnosis' });
    const read = readGreyPng(png);
    expect(read.chunkTypes).toEqual(['IHDR', 'iTXt', 'IDAT', 'IEND']);
    expect(read.text).toEqual({ Disclaimer: 'Synthetic — not for diagnosis' });
    expect([read.width, read.height]).toEqual([7, 5]);
    expect(Array.from(read.pixels)).toEqual(Array.from(pixels));
    const corrupt = png.slice();
    corrupt[40] ^= 1;
    expect(() => readGreyPng(corrupt)).toThrow(/bad CRC/);
  });

  it('gives the same bytes for the same input and refuses the wrong size', () => {
    expect(encodeGreyPng(ramp(4, 4), 4, 4)).toEqual(encodeGreyPng(ramp(4, 4), 4, 4));
    expect(() => encodeGreyPng(ramp(4, 4), 4, 5)).toThrow(/expected 20 pixels/);
  });
});

describe('encodeGreyGif', () => {
  it('writes every frame, its delay and the comment, without changing a grey', () => {
    const frames = [0, 1, 2].map((i) => ({ pixels: ramp(6, 4).map((v) => (v + i) % 256), delayMs: 120 }));
    const gif = encodeGreyGif(frames, 6, 4, 'model x — synthetic');
    const summary = readGif(gif);
    expect(summary).toMatchObject({ width: 6, height: 4, frames: 3, delaysMs: [120, 120, 120] });
    expect(summary.comments).toEqual(['model x — synthetic']);
    expect(summary.loops).toBe(true);
    expect(readGif(encodeGreyGif(frames, 6, 4, '', false)).loops).toBe(false);
    expect(encodeGreyGif(frames, 6, 4, 'model x — synthetic')).toEqual(gif);
  });

  it('splits a long comment into sub-blocks', () => {
    const comment = 'x'.repeat(600);
    expect(readGif(encodeGreyGif([{ pixels: ramp(2, 2), delayMs: 10 }], 2, 2, comment)).comments).toEqual([comment]);
  });
});

describe('composeStrip', () => {
  it('places each frame and draws a label under it', () => {
    const frames = [0, 1].map((i) => ({ pixels: new Uint8Array(64 * 64).fill(100 + i), label: `KL ${i}` }));
    const strip = composeStrip(frames, 64, 64);
    expect(strip.width).toBe(2 * 64 + 3 * 4);
    expect(strip.pixels[4 * strip.width + 4]).toBe(100);
    expect(strip.pixels[4 * strip.width + 4 + 64 + 4]).toBe(101);
    const labelBand = strip.pixels.subarray((4 + 64) * strip.width, (4 + 64 + 15) * strip.width);
    expect(labelBand.some((v) => v === 255)).toBe(true);
    expect(() => composeStrip([{ pixels: new Uint8Array(4), label: 'KL ?' }], 2, 2)).toThrow(/no glyph/);
  });
});

describe('zipFiles', () => {
  it('holds every file, the same bytes each time', () => {
    const files = [
      { name: 'a.png', data: ramp(3, 3) },
      { name: 'labels.csv', data: new TextEncoder().encode('file\r\na.png\r\n') },
    ];
    const zip = zipFiles(files);
    const back = unzipSync(zip);
    expect(Object.keys(back)).toEqual(['a.png', 'labels.csv']);
    expect(Array.from(back['a.png'])).toEqual(Array.from(files[0].data));
    expect(zipFiles(files)).toEqual(zip);
    expect(() => zipFiles([files[0], files[0]])).toThrow(/two files named a.png/);
  });
});

describe('toCsv', () => {
  it('quotes what needs quoting and checks row widths', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['x,y', 'say "hi"'],
          [1, null],
        ],
      ),
    ).toBe('a,b\r\n"x,y","say ""hi"""\r\n1,\r\n');
    expect(() => toCsv(['a'], [[1, 2]])).toThrow(/2 cells/);
  });
});

describe('provenance', () => {
  it('names the model, its weights hash and the state, and says it is synthetic', () => {
    const manifest = sampleManifest();
    const state = { model: manifest.id, seed: 42, kl: 2.5, truncation: 0.7, directions: {} };
    const provenance = provenanceOf(manifest, state);
    expect(provenance.state).toBe(`v1&m=${manifest.id}&s=42&kl=2.5&t=0.7`);
    const text = provenanceText(provenance, 'Knee');
    expect(text.Disclaimer).toMatch(/not for diagnosis/);
    expect(JSON.parse(text.Comment)).toEqual(provenance);
    expect(exportFileName(state, 'progression', 'gif')).toBe(
      `knee-oa-studio_SYNTHETIC_${manifest.id}_seed42_kl2.5_progression.gif`,
    );
  });
});

describe('zipFiles across time zones', () => {
  it('writes the same bytes whatever the local time zone', () => {
    const files = [{ name: 'a.txt', data: new TextEncoder().encode('same') }];
    const zone = process.env.TZ;
    try {
      process.env.TZ = 'UTC';
      const utc = zipFiles(files);
      process.env.TZ = 'Asia/Kolkata';
      const kolkata = zipFiles(files);
      process.env.TZ = 'America/Los_Angeles';
      expect(zipFiles(files)).toEqual(utc);
      expect(kolkata).toEqual(utc);
    } finally {
      process.env.TZ = zone;
    }
  });
});
