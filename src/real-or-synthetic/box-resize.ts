// The one resize both kinds of knee go through before they are shown: Pillow's box filter
// (Image.BOX, 8-bit), which the training loader uses (knee_gan.data.load_split), so a real knee
// here has the very pixels the model was trained on at its resolution. A generated frame is
// already at that size: for it the resize is the identity. Pure.

/** An 8-bit greyscale image, row-major. */
export interface GreyImage {
  width: number;
  height: number;
  pixels: Uint8Array;
}

// Pillow's fixed-point arithmetic for 8-bit images (Resample.c): weights in 22 fractional bits,
// rounded, and a uint8 result after each pass (horizontal first).
const PRECISION_BITS = 32 - 8 - 2;
const ONE = 2 ** PRECISION_BITS;
const HALF = 2 ** (PRECISION_BITS - 1);

interface Taps {
  first: number[];
  weights: number[][];
}

/** Per output pixel: the first input pixel and the integer weights, as Pillow computes them. */
function boxTaps(inSize: number, outSize: number): Taps {
  const scale = inSize / outSize;
  const support = 0.5 * Math.max(scale, 1);
  const first: number[] = [];
  const weights: number[][] = [];
  for (let out = 0; out < outSize; out++) {
    const center = (out + 0.5) * scale;
    const lo = Math.max(Math.trunc(center - support + 0.5), 0);
    const hi = Math.min(Math.trunc(center + support + 0.5), inSize);
    // A box of width 1 in output pixels: an input pixel counts when its centre falls inside.
    const raw: number[] = [];
    for (let x = lo; x < hi; x++) {
      const t = (x - center + 0.5) / Math.max(scale, 1);
      raw.push(t > -0.5 && t <= 0.5 ? 1 : 0);
    }
    const sum = raw.reduce((a, b) => a + b, 0);
    first.push(lo);
    weights.push(raw.map((w) => Math.trunc((sum === 0 ? 0 : w / sum) * ONE + 0.5)));
  }
  return { first, weights };
}

function clip8(sum: number): number {
  return Math.min(255, Math.max(0, Math.floor(sum / ONE)));
}

/** `image` resized to width × height with Pillow's 8-bit box filter; the same size returns a copy. */
export function boxResize(image: GreyImage, width: number, height: number): GreyImage {
  const { width: w0, height: h0, pixels } = image;
  if (pixels.length !== w0 * h0) throw new Error(`expected ${w0 * h0} pixels, got ${pixels.length}`);
  if (!(width >= 1 && height >= 1 && Number.isInteger(width) && Number.isInteger(height)))
    throw new Error(`cannot resize to ${width}×${height}`);
  let rows = pixels;
  if (width !== w0) {
    const { first, weights } = boxTaps(w0, width);
    rows = new Uint8Array(width * h0);
    for (let y = 0; y < h0; y++)
      for (let x = 0; x < width; x++) {
        let sum = HALF;
        const k = weights[x];
        for (let i = 0; i < k.length; i++) sum += pixels[y * w0 + first[x] + i] * k[i];
        rows[y * width + x] = clip8(sum);
      }
  }
  if (height === h0) return { width, height, pixels: rows === pixels ? pixels.slice() : rows };
  const { first, weights } = boxTaps(h0, height);
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const k = weights[y];
    for (let x = 0; x < width; x++) {
      let sum = HALF;
      for (let i = 0; i < k.length; i++) sum += rows[(first[y] + i) * width + x] * k[i];
      out[y * width + x] = clip8(sum);
    }
  }
  return { width, height, pixels: out };
}
