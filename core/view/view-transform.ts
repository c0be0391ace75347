// Zoom and pan of the image inside the viewer, in CSS pixels: screen = image · scale + offset.

export interface View {
  scale: number;
  x: number;
  y: number;
}

export interface Size {
  width: number;
  height: number;
}

export const MIN_SCALE = 0.25;
export const MAX_SCALE = 32;
export const FIT_MARGIN = 0.96;

/** The largest view that shows the whole image, centred. */
export function fitView(container: Size, image: Size): View {
  if (container.width <= 0 || container.height <= 0) return { scale: 1, x: 0, y: 0 };
  // A thin dark margin, as on a light box, so the image's edge stays visible.
  const scale = Math.min(container.width / image.width, container.height / image.height) * FIT_MARGIN;
  return {
    scale,
    x: (container.width - image.width * scale) / 2,
    y: (container.height - image.height * scale) / 2,
  };
}

/** Zooms by `factor` keeping the image point under `anchor` (container coordinates) in place. */
export function zoomAt(view: View, factor: number, anchor: { x: number; y: number }): View {
  const scale = Math.min(Math.max(view.scale * factor, MIN_SCALE), MAX_SCALE);
  const applied = scale / view.scale;
  return {
    scale,
    x: anchor.x - (anchor.x - view.x) * applied,
    y: anchor.y - (anchor.y - view.y) * applied,
  };
}

export function panBy(view: View, dx: number, dy: number): View {
  return { ...view, x: view.x + dx, y: view.y + dy };
}
