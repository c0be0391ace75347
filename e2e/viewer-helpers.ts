// Helpers for the compare and measure specs: read what the viewer's canvases show, move sliders.
import type {} from '../src/app/debug-hook-types'; // window.kneeStudio
import type { Page } from '@playwright/test';
import { radiograph } from './helpers';

export interface CanvasGrey {
  width: number;
  height: number;
  /** The red channel of every pixel (the images are grey, so R = G = B). */
  grey: number[];
}

/** What the main radiograph canvas shows, one grey value per pixel. */
export function canvasGrey(page: Page): Promise<CanvasGrey> {
  return radiograph(page).evaluate((canvas: HTMLCanvasElement) => {
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    return {
      width: canvas.width,
      height: canvas.height,
      grey: Array.from({ length: data.length / 4 }, (_, i) => data[4 * i]),
    };
  });
}

/** The heat-map canvas's RGBA bytes. */
export function heatRgba(page: Page): Promise<number[]> {
  return page.getByTestId('heat-map').evaluate((canvas: HTMLCanvasElement) => {
    return Array.from(canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data);
  });
}

/** Columns [x0, x1) of a row-major image. */
export function columns(pixels: number[], width: number, x0: number, x1: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < pixels.length; i++) {
    const x = i % width;
    if (x >= x0 && x < x1) out.push(pixels[i]);
  }
  return out;
}

/** Sets a range input the way a drag does (an input event), e.g. the KL slider (id "kl"). */
export async function setSlider(page: Page, id: string, value: number): Promise<void> {
  await page.evaluate(
    ([sliderId, v]) => {
      const slider = document.getElementById(sliderId as string) as HTMLInputElement;
      slider.value = String(v);
      slider.dispatchEvent(new Event('input', { bubbles: true }));
    },
    [id, value] as const,
  );
}

/** |B − A| statistics computed here, independently of the app's code. */
export function expectedDifference(a: number[], b: number[], threshold: number) {
  let max = 0;
  let changed = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    max = Math.max(max, d);
    if (d > threshold) changed++;
  }
  return { max, changed };
}

export function stage(page: Page) {
  return page.getByRole('group', { name: /^Radiograph view/ });
}
