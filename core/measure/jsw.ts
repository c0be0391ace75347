/**
 * Joint-space width (JSW) of a knee radiograph crop: the one implementation the project uses.
 *
 * The app's measurement overlay calls it on the canvas pixels; the evaluation (Python) calls it
 * through `scripts/jsw-cli.ts`, so the numbers in the model card and on screen come from the same
 * code. Pure: no DOM, no tensors, no I/O.
 *
 * Input: a greyscale image (row-major Uint8Array, `width * height`), a posterior-anterior knee crop
 * with the femur above and the tibia below, the joint line roughly horizontal in the lower middle
 * (the layout of the knee-kl224 crops and of the generator's images).
 *
 * Algorithm (all lengths scale with the image height; numbers below are for 224 px):
 *  1. Box-blur the image (radius h/112) and take the vertical gradient G(y) = I(y+1) − I(y−1).
 *  2. Joint line: over the knee's columns, the row where the mean intensity is darkest relative
 *     to the bands above and below it ("valley score"), searched in [0.35h, 0.85h]; then the same
 *     per compartment within ±0.06h of it.
 *  3. Per column, the valley row near the joint line (±0.08h), median-filtered across columns.
 *  4. Femoral margin: the strongest bright→dark edge (most negative G) within 0.07h above the
 *     valley; tibial margin: the strongest dark→bright edge (most positive G) within 0.07h below.
 *     Both refined to sub-pixel by a parabola through the extremum.
 *  5. Width(x) = tibial − femoral margin, median-filtered across columns; each compartment's
 *     minimum JSW is the smallest filtered width over its columns (optionally trimmed at the ends).
 * Compartments are the image-left [0.12w, 0.42w] and image-right [0.58w, 0.88w] column ranges
 * (the tibial spines in between are skipped). Which one is medial depends on the knee's side: in
 * the standard PA display (and in knee-kl224) a left knee has its lateral side (fibula) on the
 * image right, a right knee on the image left. Pass `side` to get `medial` / `lateral`.
 */

export type KneeSide = 'L' | 'R';

export interface JswOptions {
  /** Which knee: fills `medial` / `lateral` (otherwise they are null). */
  side?: KneeSide;
  /** Pixel spacing; when given, widths are also reported in millimetres. */
  mmPerPixel?: number | null;
  /** Share of each compartment's columns left out at either end when taking the minimum (default 0;
   *  on knee-kl224 val, 0 / 0.05 / 0.15 / 0.25 gave Spearman ρ(min JSW, KL) −0.38 / −0.38 / −0.34 / −0.32). */
  trim?: number;
}

export interface CompartmentWidth {
  /** Minimum joint-space width over the compartment, pixels. */
  minWidth: number;
  /** Mean width over the compartment's columns, pixels. */
  meanWidth: number;
  /** Column and margins where the minimum was found (for drawing a caliper). */
  x: number;
  yFemur: number;
  yTibia: number;
  /** Columns [first, last] the compartment spans. */
  columns: [number, number];
  minWidthMm: number | null;
}

export interface JswResult {
  width: number;
  height: number;
  /** Joint-line row found in step 2 (mean of the two compartments). */
  jointRow: number;
  left: CompartmentWidth;
  right: CompartmentWidth;
  medial: CompartmentWidth | null;
  lateral: CompartmentWidth | null;
  /** Minimum JSW of the knee: the narrower compartment's minimum, pixels. */
  minWidth: number;
  /** Margin points of every measured column, for an overlay (femoral and tibial edge rows). */
  margins: { x: number[]; femur: number[]; tibia: number[] };
}

/** Separable box blur with edge clamping; returns float rows. */
export function boxBlur(src: ArrayLike<number>, width: number, height: number, radius: number): Float32Array {
  const tmp = new Float32Array(width * height);
  const out = new Float32Array(width * height);
  if (radius <= 0) {
    for (let i = 0; i < width * height; i++) out[i] = src[i];
    return out;
  }
  const n = 2 * radius + 1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      let s = 0;
      for (let k = -radius; k <= radius; k++) s += src[row + Math.min(width - 1, Math.max(0, x + k))];
      tmp[row + x] = s / n;
    }
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let s = 0;
      for (let k = -radius; k <= radius; k++) s += tmp[Math.min(height - 1, Math.max(0, y + k)) * width + x];
      out[y * width + x] = s / n;
    }
  }
  return out;
}

/** Running median with a window of 2*half+1 (shrunk at the ends). */
export function medianFilter(values: number[], half: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const win = values.slice(Math.max(0, i - half), Math.min(values.length, i + half + 1)).sort((a, b) => a - b);
    const m = win.length >> 1;
    out.push(win.length % 2 ? win[m] : (win[m - 1] + win[m]) / 2);
  }
  return out;
}

/** Offset in (−0.5, 0.5) of a parabola's extremum through (−1, a), (0, b), (1, c). */
function parabolic(a: number, b: number, c: number): number {
  const d = a - 2 * b + c;
  if (d === 0) return 0;
  const off = (0.5 * (a - c)) / d;
  return Math.max(-0.5, Math.min(0.5, off));
}

function clampInt(v: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, Math.round(v)));
}

/** Column profile averaged over columns [x - half, x + half]. */
function columnProfile(img: Float32Array, width: number, height: number, x: number, half: number): Float32Array {
  const p = new Float32Array(height);
  const x0 = Math.max(0, x - half);
  const x1 = Math.min(width - 1, x + half);
  for (let y = 0; y < height; y++) {
    let s = 0;
    for (let xx = x0; xx <= x1; xx++) s += img[y * width + xx];
    p[y] = s / (x1 - x0 + 1);
  }
  return p;
}

/** Darkness of row y relative to bands [y−d, y−d/2] above and [y+d/2, y+d] below (higher = more valley). */
function valleyScore(p: Float32Array, y: number, d: number): number {
  const h = p.length;
  const half = Math.max(1, d >> 1);
  let above = 0;
  let below = 0;
  let n = 0;
  for (let k = half; k <= d; k++) {
    above += p[Math.max(0, y - k)];
    below += p[Math.min(h - 1, y + k)];
    n++;
  }
  return (above + below) / (2 * n) - p[y];
}

function argmaxRange(f: (y: number) => number, lo: number, hi: number): number {
  let best = lo;
  let bestV = -Infinity;
  for (let y = lo; y <= hi; y++) {
    const v = f(y);
    if (v > bestV) {
      bestV = v;
      best = y;
    }
  }
  return best;
}

function rowMeans(img: Float32Array, width: number, height: number, x0: number, x1: number): Float32Array {
  const mean = new Float32Array(height);
  for (let y = 0; y < height; y++) {
    let acc = 0;
    for (let x = x0; x <= x1; x++) acc += img[y * width + x];
    mean[y] = acc / (x1 - x0 + 1);
  }
  return mean;
}

function valleyWidth(height: number): number {
  return Math.max(3, Math.round(0.06 * height));
}

function measureCompartment(
  img: Float32Array, width: number, height: number, x0: number, x1: number, kneeRow: number,
  mmPerPixel: number | null, trim: number, margins: { x: number[]; femur: number[]; tibia: number[] },
): { comp: CompartmentWidth; jointRow: number } {
  const s = height / 224;
  const colHalf = Math.max(1, Math.round(4 * s));
  const d = valleyWidth(height);
  // 2. joint line of the compartment, near the knee's joint line
  const mean = rowMeans(img, width, height, x0, x1);
  const near = Math.max(2, Math.round(0.06 * height));
  const jointRow = argmaxRange((y) => valleyScore(mean, y, d), clampInt(kneeRow - near, 1, height - 2), clampInt(kneeRow + near, 1, height - 2));
  // 3. valley row per column
  const search = Math.max(2, Math.round(0.08 * height));
  const xs: number[] = [];
  const valleys: number[] = [];
  const profiles: Float32Array[] = [];
  for (let x = x0; x <= x1; x++) {
    const p = columnProfile(img, width, height, x, colHalf);
    const lo = clampInt(jointRow - search, 1, height - 2);
    const hi = clampInt(jointRow + search, 1, height - 2);
    xs.push(x);
    valleys.push(argmaxRange((y) => valleyScore(p, y, d), lo, hi));
    profiles.push(p);
  }
  const smoothHalf = Math.max(1, Math.round(8 * s));
  const vs = medianFilter(valleys, smoothHalf);
  // 4. margins per column
  const reach = Math.max(2, Math.round(0.07 * height));
  const widths: number[] = [];
  const femur: number[] = [];
  const tibia: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    const p = profiles[i];
    const g = (y: number) => p[Math.min(height - 1, y + 1)] - p[Math.max(0, y - 1)];
    const v = clampInt(vs[i], 1, height - 2);
    const yf = argmaxRange((y) => -g(y), clampInt(v - reach, 1, height - 2), v);
    const yt = argmaxRange((y) => g(y), v, clampInt(v + reach, 1, height - 2));
    const f = yf + (yf > 1 && yf < height - 2 ? parabolic(-g(yf - 1), -g(yf), -g(yf + 1)) : 0);
    const t = yt + (yt > 1 && yt < height - 2 ? parabolic(g(yt - 1), g(yt), g(yt + 1)) : 0);
    femur.push(f);
    tibia.push(t);
    widths.push(Math.max(0, t - f));
  }
  // 5. minimum of the filtered width, optionally over the compartment's central part only
  const wf = medianFilter(widths, Math.max(1, Math.round(4 * s)));
  const lo = Math.floor(trim * wf.length);
  const hi = Math.max(lo, Math.ceil((1 - trim) * wf.length) - 1);
  let k = lo;
  for (let i = lo + 1; i <= hi; i++) if (wf[i] < wf[k]) k = i;
  const meanWidth = wf.slice(lo, hi + 1).reduce((a, b) => a + b, 0) / (hi - lo + 1);
  margins.x.push(...xs);
  margins.femur.push(...femur);
  margins.tibia.push(...tibia);
  const comp: CompartmentWidth = {
    minWidth: wf[k],
    meanWidth,
    x: xs[k],
    yFemur: femur[k],
    yTibia: femur[k] + wf[k],
    columns: [x0, x1],
    minWidthMm: mmPerPixel ? wf[k] * mmPerPixel : null,
  };
  return { comp, jointRow };
}

/** Measure the joint-space width of one greyscale knee crop. */
export function measureJsw(pixels: ArrayLike<number>, width: number, height: number, options: JswOptions = {}): JswResult {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 16 || height < 16) {
    throw new Error(`measureJsw: image must be at least 16x16, got ${width}x${height}`);
  }
  if (pixels.length !== width * height) {
    throw new Error(`measureJsw: expected ${width * height} pixels, got ${pixels.length}`);
  }
  const img = boxBlur(pixels, width, height, Math.max(1, Math.round(height / 112)));
  const margins = { x: [] as number[], femur: [] as number[], tibia: [] as number[] };
  const mm = options.mmPerPixel ?? null;
  const trim = Math.min(0.45, Math.max(0, options.trim ?? 0));
  const lx: [number, number] = [Math.round(0.12 * width), Math.round(0.42 * width)];
  const rx: [number, number] = [Math.round(0.58 * width), Math.round(0.88 * width)];
  const both = rowMeans(img, width, height, lx[0], rx[1]);
  const d = valleyWidth(height);
  const kneeRow = argmaxRange((y) => valleyScore(both, y, d), Math.floor(0.35 * height), Math.min(height - 2, Math.ceil(0.85 * height)));
  const l = measureCompartment(img, width, height, lx[0], lx[1], kneeRow, mm, trim, margins);
  const r = measureCompartment(img, width, height, rx[0], rx[1], kneeRow, mm, trim, margins);
  // image-left is lateral for a right knee, medial for a left knee (PA display)
  let medial: CompartmentWidth | null = null;
  let lateral: CompartmentWidth | null = null;
  if (options.side === 'L') {
    medial = l.comp;
    lateral = r.comp;
  } else if (options.side === 'R') {
    medial = r.comp;
    lateral = l.comp;
  }
  return {
    width,
    height,
    jointRow: (l.jointRow + r.jointRow) / 2,
    left: l.comp,
    right: r.comp,
    medial,
    lateral,
    minWidth: Math.min(l.comp.minWidth, r.comp.minWidth),
    margins,
  };
}
