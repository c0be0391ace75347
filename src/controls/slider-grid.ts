// A native range input only takes values min + k·step. Manifest ranges are measured numbers
// (e.g. ±3.4629…), so the bounds are snapped inwards to multiples of the step: 0, the neutral
// value of every direction, then lies on the grid and the slider stays inside the manifest's range.

export interface SliderGrid {
  min: number;
  max: number;
  step: number;
}

const tidy = (v: number) => Number(v.toPrecision(12));

/** About 100 steps across [lo, hi], with bounds on multiples of the step. */
export function sliderGrid(lo: number, hi: number): SliderGrid {
  const step = Number(((hi - lo) / 100).toPrecision(2));
  return { step, min: tidy(Math.ceil(tidy(lo / step)) * step), max: tidy(Math.floor(tidy(hi / step)) * step) };
}
