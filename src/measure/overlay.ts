// What the "Measure JSW" overlay draws and says, from measureJsw's result (jsw.ts is the one
// measurement; nothing here measures). Pure: screen geometry from the viewer's zoom/pan and
// readout text, unit-tested without a DOM.
import type { View } from '../../core/view/view-transform';
import { measureJsw, type CompartmentWidth, type JswResult, type KneeSide } from '../../core/measure/jsw';

export type ImageSide = 'left' | 'right';

export interface TimedJsw {
  result: JswResult;
  /** Wall time of measureJsw on this frame, ms (shown so its cost stays visible). */
  ms: number;
}

/** measureJsw on a frame's pixels, timed. The side only names compartments, so it is not passed. */
export function measureFrame(
  frame: { pixels: Uint8Array; width: number; height: number },
  mmPerPixel: number | null,
): TimedJsw {
  const start = performance.now();
  const result = measureJsw(frame.pixels, frame.width, frame.height, { mmPerPixel });
  return { result, ms: performance.now() - start };
}

/**
 * The anatomical name of an image side. jsw.ts's convention (standard PA display): a left knee
 * has its lateral side on the image right, so its medial compartment is on the image left; a
 * right knee the other way round. Without a side, only the image position can be named.
 */
export function compartmentName(imageSide: ImageSide, knee: KneeSide | null): string {
  if (!knee) return imageSide === 'left' ? 'Image left' : 'Image right';
  const medialOnLeft = knee === 'L';
  return (imageSide === 'left') === medialOnLeft ? 'Medial' : 'Lateral';
}

export function formatWidth(comp: CompartmentWidth): string {
  const px = `${comp.minWidth.toFixed(2)} px`;
  return comp.minWidthMm === null ? px : `${px} (${comp.minWidthMm.toFixed(2)} mm)`;
}

export interface ReadoutLine {
  imageSide: ImageSide;
  /** "Medial", "Lateral", "Image left" or "Image right". */
  name: string;
  /** "(image left)" after an anatomical name, so the reader can find it on the picture. */
  where: string;
  value: string;
  comp: CompartmentWidth;
}

export function readout(result: JswResult, knee: KneeSide | null): ReadoutLine[] {
  return (['left', 'right'] as const).map((imageSide) => {
    const comp = result[imageSide];
    return {
      imageSide,
      name: compartmentName(imageSide, knee),
      where: knee ? `image ${imageSide}` : '',
      value: formatWidth(comp),
      comp,
    };
  });
}

export interface Caliper {
  imageSide: ImageSide;
  /** Screen (stage) coordinates, CSS px. */
  x: number;
  yFemur: number;
  yTibia: number;
}

/**
 * A compartment's minimum-width caliper on screen. Rows and columns are pixel indices, so their
 * centres sit at +0.5 in canvas coordinates; `offsetX` shifts into a wider composed image (B is
 * the right half of side-by-side).
 */
export function caliper(comp: CompartmentWidth, imageSide: ImageSide, view: View, offsetX = 0): Caliper {
  return {
    imageSide,
    x: (comp.x + 0.5 + offsetX) * view.scale + view.x,
    yFemur: (comp.yFemur + 0.5) * view.scale + view.y,
    yTibia: (comp.yTibia + 0.5) * view.scale + view.y,
  };
}

/**
 * SVG path data of the femoral and tibial margins jsw.ts found, one sub-path per compartment
 * (columns are contiguous within a compartment), on screen: what the minimum was taken over.
 */
export function marginPaths(result: JswResult, view: View, offsetX = 0): { femur: string; tibia: string } {
  const { x, femur, tibia } = result.margins;
  const path = (rows: number[]) => {
    let d = '';
    for (let i = 0; i < x.length; i++) {
      const sx = (x[i] + 0.5 + offsetX) * view.scale + view.x;
      const sy = (rows[i] + 0.5) * view.scale + view.y;
      d += `${i === 0 || x[i] !== x[i - 1] + 1 ? 'M' : 'L'}${sx.toFixed(1)} ${sy.toFixed(1)}`;
    }
    return d;
  };
  return { femur: path(femur), tibia: path(tibia) };
}
