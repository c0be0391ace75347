// A contact strip: frames side by side, each labelled under it (e.g. "KL 0" … "KL 4"), with a
// "SYNTHETIC" band, as one greyscale image. Pure and deterministic.
import { drawText, GLYPH_HEIGHT, textWidth } from './bitmap-font';

export interface StripFrame {
  pixels: Uint8Array;
  label: string;
}

export interface GreyImage {
  pixels: Uint8Array;
  width: number;
  height: number;
}

const GAP = 4;

export function composeStrip(frames: StripFrame[], width: number, height: number, footer = 'SYNTHETIC'): GreyImage {
  if (frames.length === 0) throw new Error('a strip needs at least one frame');
  const scale = Math.max(1, Math.round(height / 64));
  const band = GLYPH_HEIGHT * scale + 2 * GAP;
  const outWidth = frames.length * width + (frames.length + 1) * GAP;
  const outHeight = GAP + height + band + band;
  const pixels = new Uint8Array(outWidth * outHeight); // black background
  frames.forEach((frame, i) => {
    if (frame.pixels.length !== width * height) throw new Error(`frame ${i} has the wrong size`);
    const left = GAP + i * (width + GAP);
    for (let y = 0; y < height; y++)
      pixels.set(frame.pixels.subarray(y * width, (y + 1) * width), (GAP + y) * outWidth + left);
    const labelWidth = textWidth(frame.label, scale);
    drawText(
      pixels,
      outWidth,
      frame.label,
      left + Math.round((width - labelWidth) / 2),
      GAP + height + GAP,
      scale,
      255,
    );
  });
  drawText(pixels, outWidth, footer, GAP, GAP + height + band + GAP, scale, 160);
  return { pixels, width: outWidth, height: outHeight };
}
