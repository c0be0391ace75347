// The one path every knee of the mode takes to the screen, real or generated, so that nothing but
// the content differs: box-resized to the model's resolution (a generated frame is already at that
// size: the identity), kept as 8-bit grey, then drawn as R = G = B with opaque alpha at the
// default window (the identity), as the editor and the quiz draw generator frames. Pure.
import { DEFAULT_WINDOW, toRgba, windowLut } from '../../core/view/window-level';
import { boxResize, type GreyImage } from './box-resize';

const IDENTITY = windowLut(DEFAULT_WINDOW);

/** A knee as the mode shows it: `resolution` is the model's [width, height]. */
export function shownKnee(image: GreyImage, resolution: readonly [number, number]): GreyImage {
  return boxResize(image, resolution[0], resolution[1]);
}

/** The canvas pixels (RGBA) of a shown knee. */
export function canvasPixels(image: GreyImage): Uint8ClampedArray<ArrayBuffer> {
  const rgba = new Uint8ClampedArray(image.width * image.height * 4);
  toRgba(image.pixels, IDENTITY, rgba);
  return rgba;
}
