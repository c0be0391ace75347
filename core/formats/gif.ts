// Animated greyscale GIF: one global palette of 256 greys, so the pixels go in unchanged (no
// quantisation, no dithering) and the same frames always give the same bytes. The provenance goes
// in a GIF comment extension.
import { GIFEncoder } from 'gifenc';

const GREYS = Array.from({ length: 256 }, (_, v) => [v, v, v]);

export interface GifFrame {
  pixels: Uint8Array;
  /** How long this frame shows, milliseconds (GIF stores hundredths of a second). */
  delayMs: number;
}

function writeComment(stream: { writeByte(b: number): void; writeBytes(b: ArrayLike<number>): void }, text: string) {
  const bytes = new TextEncoder().encode(text);
  stream.writeByte(0x21);
  stream.writeByte(0xfe);
  for (let offset = 0; offset < bytes.length; offset += 255) {
    const block = bytes.subarray(offset, offset + 255);
    stream.writeByte(block.length);
    stream.writeBytes(block);
  }
  stream.writeByte(0);
}

/** `loop`: repeat forever (the default), or play once and stop on the last frame. */
export function encodeGreyGif(
  frames: GifFrame[],
  width: number,
  height: number,
  comment: string,
  loop = true,
): Uint8Array {
  if (frames.length === 0) throw new Error('a GIF needs at least one frame');
  const gif = GIFEncoder();
  frames.forEach((frame, i) => {
    if (frame.pixels.length !== width * height) throw new Error(`frame ${i} has the wrong size`);
    gif.writeFrame(frame.pixels, width, height, {
      palette: i === 0 ? GREYS : undefined,
      delay: frame.delayMs,
      repeat: loop ? 0 : -1,
    });
    if (i === 0) writeComment(gif.stream, comment);
  });
  gif.finish();
  return gif.bytes();
}
