// Pure pixel work for comparing a pinned image A with the live image B: the grey image the viewer
// draws for each compare mode, and the |B − A| difference with its heat map. Both images are 8-bit
// greyscale, row-major, of the same size. No DOM: the viewer applies window/level afterwards, so
// the heat map always describes the generator's own pixels, whatever the screen contrast.

export type CompareMode = 'off' | 'side-by-side' | 'swipe' | 'difference';

export interface GreyImage {
  width: number;
  height: number;
  pixels: Uint8Array;
}

export function sameSize(a: GreyImage, b: GreyImage): boolean {
  return a.width === b.width && a.height === b.height && a.pixels.length === b.pixels.length;
}

/** A on the left, B on the right, in one image twice as wide. */
export function sideBySide(a: GreyImage, b: GreyImage): GreyImage {
  const { width, height } = b;
  const out = new Uint8Array(2 * width * height);
  for (let y = 0; y < height; y++) {
    out.set(a.pixels.subarray(y * width, (y + 1) * width), 2 * y * width);
    out.set(b.pixels.subarray(y * width, (y + 1) * width), 2 * y * width + width);
  }
  return { width: 2 * width, height, pixels: out };
}

/** The column where the swipe divider falls for a position of 0–100 % (A left of it, B from it on). */
export function swipeColumn(percent: number, width: number): number {
  return Math.min(width, Math.max(0, Math.round((percent / 100) * width)));
}

/** Columns [0, column) from A, [column, width) from B. */
export function swipe(a: GreyImage, b: GreyImage, column: number): GreyImage {
  const { width, height } = b;
  const split = Math.min(width, Math.max(0, Math.round(column)));
  const out = new Uint8Array(b.pixels);
  for (let y = 0; y < height; y++) out.set(a.pixels.subarray(y * width, y * width + split), y * width);
  return { width, height, pixels: out };
}

/** The grey image the viewer shows for a mode; difference mode shows B (the heat map goes on top). */
export function composeGrey(mode: CompareMode, a: GreyImage | null, b: GreyImage, swipePercent: number): GreyImage {
  if (!a || !sameSize(a, b) || mode === 'off' || mode === 'difference') return b;
  if (mode === 'side-by-side') return sideBySide(a, b);
  return swipe(a, b, swipeColumn(swipePercent, b.width));
}

export interface DifferenceStats {
  /** Largest |B − A| over the image, grey levels. */
  maxAbs: number;
  /** Pixels with |B − A| above the threshold. */
  changed: number;
  total: number;
  /** changed / total, 0–1. */
  share: number;
  /** The threshold the counts used: a pixel counts as changed when |B − A| > threshold. */
  threshold: number;
}

export function differenceStats(a: Uint8Array, b: Uint8Array, threshold: number): DifferenceStats {
  if (a.length !== b.length) throw new Error(`differenceStats: ${a.length} vs ${b.length} pixels`);
  let maxAbs = 0;
  let changed = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(b[i] - a[i]);
    if (d > maxAbs) maxAbs = d;
    if (d > threshold) changed++;
  }
  return { maxAbs, changed, total: a.length, share: a.length ? changed / a.length : 0, threshold };
}

/** Heat colour for t in [0, 1]: yellow (just over the threshold) → orange → red (the largest change). */
export function heatColour(t: number): [number, number, number] {
  const u = Math.min(1, Math.max(0, t));
  // Green falls from 230 to 0 while red stays high: a ramp that reads on grey and in print.
  return [255, Math.round(230 * (1 - u)), Math.round(40 * (1 - u))];
}

/** Small changes are drawn fainter than large ones, so a latent edit's faint overall shimmer does
 *  not hide where the image changed most. */
export function heatAlpha(t: number): number {
  return Math.round(255 * (0.4 + 0.6 * Math.min(1, Math.max(0, t))));
}

/**
 * RGBA heat map of |B − A|: transparent where the change is at most `threshold`, otherwise coloured
 * (and more opaque the larger the change, see heatAlpha) with the colour scaled from the threshold (yellow) to `scale.maxAbs` (red) — the stats of the same
 * pair, passed in so the viewer computes them once. The layer's opacity is left to the caller
 * (CSS), so B stays visible beneath.
 */
export function heatMap(
  a: Uint8Array,
  b: Uint8Array,
  scale: Pick<DifferenceStats, 'threshold' | 'maxAbs'>,
  out?: Uint8ClampedArray,
): Uint8ClampedArray {
  if (a.length !== b.length) throw new Error(`heatMap: ${a.length} vs ${b.length} pixels`);
  const { threshold, maxAbs } = scale;
  const rgba = out ?? new Uint8ClampedArray(a.length * 4);
  if (rgba.length !== a.length * 4) throw new Error('heatMap: output has the wrong size');
  const span = Math.max(1, maxAbs - threshold);
  for (let i = 0, j = 0; i < a.length; i++, j += 4) {
    const d = Math.abs(b[i] - a[i]);
    if (d <= threshold) {
      rgba[j] = rgba[j + 1] = rgba[j + 2] = rgba[j + 3] = 0;
      continue;
    }
    const t = (d - threshold) / span;
    const [r, g, bl] = heatColour(t);
    rgba[j] = r;
    rgba[j + 1] = g;
    rgba[j + 2] = bl;
    rgba[j + 3] = heatAlpha(t);
  }
  return rgba;
}

/** CSS gradient stops for the legend, from the same colour function as the map. */
export function heatGradient(steps = 5): string {
  const stops = Array.from({ length: steps }, (_, i) => {
    const [r, g, b] = heatColour(i / (steps - 1));
    return `rgb(${r} ${g} ${b}) ${Math.round((100 * i) / (steps - 1))}%`;
  });
  return `linear-gradient(to right, ${stops.join(', ')})`;
}
