// Reads a GIF's block structure (for tests): frame count, delays, comments. Not used by the app.
export interface GifSummary {
  width: number;
  height: number;
  frames: number;
  delaysMs: number[];
  comments: string[];
  /** True when a NETSCAPE2.0 block asks for endless looping; false when there is none (play once). */
  loops: boolean;
}

export function readGif(bytes: Uint8Array): GifSummary {
  const ascii = String.fromCharCode(...bytes.subarray(0, 6));
  if (ascii !== 'GIF89a' && ascii !== 'GIF87a') throw new Error(`not a GIF (starts with ${JSON.stringify(ascii)})`);
  const width = bytes[6] | (bytes[7] << 8);
  const height = bytes[8] | (bytes[9] << 8);
  let p = 13;
  if (bytes[10] & 0x80) p += 3 * (1 << ((bytes[10] & 7) + 1));
  const summary: GifSummary = { width, height, frames: 0, delaysMs: [], comments: [], loops: false };
  const subBlocks = (): Uint8Array => {
    const parts: number[] = [];
    while (bytes[p] !== 0) {
      if (p >= bytes.length) throw new Error('GIF ends inside a block');
      const n = bytes[p];
      parts.push(...bytes.subarray(p + 1, p + 1 + n));
      p += n + 1;
    }
    p++;
    return Uint8Array.from(parts);
  };
  for (;;) {
    const block = bytes[p++];
    if (block === 0x3b) return summary;
    if (block === 0x21) {
      const label = bytes[p++];
      const start = p;
      const data = subBlocks();
      if (label === 0xff && String.fromCharCode(...bytes.subarray(start + 1, start + 12)) === 'NETSCAPE2.0')
        summary.loops = data[11] === 1 && (data[12] | (data[13] << 8)) === 0;
      if (label === 0xf9) summary.delaysMs.push((data[1] | (data[2] << 8)) * 10);
      if (label === 0xfe) summary.comments.push(new TextDecoder().decode(data));
    } else if (block === 0x2c) {
      const flags = bytes[p + 8];
      p += 9;
      if (flags & 0x80) p += 3 * (1 << ((flags & 7) + 1));
      p++; // LZW minimum code size
      subBlocks();
      summary.frames++;
    } else {
      throw new Error(`unexpected GIF block 0x${block?.toString(16)} at ${p - 1}`);
    }
  }
}
