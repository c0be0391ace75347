// Window/level and invert as a 256-entry lookup table, the way a radiology viewer maps stored
// grey values to screen. The defaults (centre 128, width 256, not inverted) are exactly identity,
// so the screen shows the generator's pixels unchanged.

export interface WindowLevel {
  /** Grey value at the middle of the window, 0–255. */
  center: number;
  /** Grey values spanned by the window, 2–512; narrower = more contrast. */
  width: number;
  invert: boolean;
}

export const DEFAULT_WINDOW: WindowLevel = { center: 128, width: 256, invert: false };

export function windowLut({ center, width, invert }: WindowLevel): Uint8ClampedArray {
  const lut = new Uint8ClampedArray(256);
  const gain = 255 / Math.max(width - 1, 1);
  for (let v = 0; v < 256; v++) {
    const out = Math.round((v - (center - 0.5)) * gain + 127.5);
    const clamped = Math.min(Math.max(out, 0), 255);
    lut[v] = invert ? 255 - clamped : clamped;
  }
  return lut;
}

/** Greyscale pixels through the table into RGBA for a canvas. */
export function toRgba(grey: Uint8Array, lut: Uint8ClampedArray, out: Uint8ClampedArray): void {
  for (let i = 0, j = 0; i < grey.length; i++, j += 4) {
    const v = lut[grey[i]];
    out[j] = v;
    out[j + 1] = v;
    out[j + 2] = v;
    out[j + 3] = 255;
  }
}
