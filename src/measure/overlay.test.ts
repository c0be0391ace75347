import { describe, expect, it } from 'vitest';
import type { CompartmentWidth, JswResult } from '../../core/measure/jsw';
import { measureJsw } from '../../core/measure/jsw';
import { caliper, compartmentName, formatWidth, marginPaths, measureFrame, readout } from './overlay';

function comp(minWidth: number, x: number, mm: number | null = null): CompartmentWidth {
  return {
    minWidth,
    meanWidth: minWidth + 1,
    x,
    yFemur: 70.25,
    yTibia: 70.25 + minWidth,
    columns: [0, 1],
    minWidthMm: mm,
  };
}

const result = { left: comp(5.5, 30), right: comp(4.125, 95) } as JswResult;

describe('compartment names', () => {
  it('follows jsw.ts: a left knee has its medial side on the image left, a right knee on the image right', () => {
    expect(compartmentName('left', 'L')).toBe('Medial');
    expect(compartmentName('right', 'L')).toBe('Lateral');
    expect(compartmentName('left', 'R')).toBe('Lateral');
    expect(compartmentName('right', 'R')).toBe('Medial');
    expect(compartmentName('left', null)).toBe('Image left');
    expect(compartmentName('right', null)).toBe('Image right');
  });

  it('agrees with the medial/lateral that measureJsw itself reports', () => {
    const img = new Uint8Array(64 * 64).map((_, i) => ((i >> 6) % 20 < 3 ? 40 : 200));
    const left = measureJsw(img, 64, 64, { side: 'L' });
    expect(left.medial).toEqual(left.left);
    const right = measureJsw(img, 64, 64, { side: 'R' });
    expect(right.medial).toEqual(right.right);
  });
});

describe('readout', () => {
  it('gives both compartments in image order with two decimals', () => {
    const lines = readout(result, 'R');
    expect(lines.map((l) => [l.name, l.where, l.value])).toEqual([
      ['Lateral', 'image left', '5.50 px'],
      ['Medial', 'image right', '4.13 px'],
    ]);
    expect(readout(result, null)[0].where).toBe('');
  });

  it('adds millimetres when the model states its pixel spacing', () => {
    expect(formatWidth(comp(4, 1, 1.2))).toBe('4.00 px (1.20 mm)');
  });
});

describe('caliper', () => {
  it('maps pixel centres through zoom and pan', () => {
    const c = caliper(result.left, 'left', { scale: 4, x: 10, y: -20 });
    expect(c.x).toBe((30 + 0.5) * 4 + 10);
    expect(c.yFemur).toBe((70.25 + 0.5) * 4 - 20);
    expect(c.yTibia - c.yFemur).toBeCloseTo(5.5 * 4);
  });

  it('shifts into the right half of a side-by-side image', () => {
    expect(caliper(result.left, 'left', { scale: 2, x: 0, y: 0 }, 128).x).toBe((30.5 + 128) * 2);
  });
});

describe('measureFrame', () => {
  it('returns measureJsw’s own result and a time', () => {
    const img = new Uint8Array(128 * 128).map((_, i) => ((i >> 7) % 40 < 6 ? 40 : 200));
    const timed = measureFrame({ pixels: img, width: 128, height: 128 }, 0.5);
    expect(timed.result).toEqual(measureJsw(img, 128, 128, { mmPerPixel: 0.5 }));
    expect(timed.ms).toBeGreaterThanOrEqual(0);
  });
});

describe('marginPaths', () => {
  it('starts a new sub-path where the columns jump to the other compartment', () => {
    const r = { margins: { x: [1, 2, 5], femur: [10, 11, 12], tibia: [20, 21, 22] } } as JswResult;
    const paths = marginPaths(r, { scale: 2, x: 1, y: 0 });
    expect(paths.femur).toBe('M4.0 21.0L6.0 23.0M12.0 25.0');
    expect(paths.tibia).toBe('M4.0 41.0L6.0 43.0M12.0 45.0');
  });
});
