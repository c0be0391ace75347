// The pinned image A and how it is compared with the live image B; the viewer creates one.
import type { ShareState } from '../../core/state/fragment';
import type { CompareMode, GreyImage } from './compose';

export interface PinnedImage extends GreyImage {
  state: ShareState;
}

export const COMPARE_MODES: { mode: CompareMode; label: string }[] = [
  { mode: 'off', label: 'Off' },
  { mode: 'side-by-side', label: 'Side by side' },
  { mode: 'swipe', label: 'Swipe' },
  { mode: 'difference', label: 'Difference' },
];

export class CompareSettings {
  pinned = $state.raw<PinnedImage | null>(null);
  mode = $state<CompareMode>('off');
  /** Swipe divider, percent of the width from the left: A left of it, B right. */
  swipe = $state(50);
  /** Grey levels a pixel may change by before the heat map shows it. A latent edit moves most
   *  pixels by a level or two; 4 keeps that shimmer out while showing what the edit really did. */
  threshold = $state(4);
  /** Heat map opacity over B, 0–1. */
  opacity = $state(0.85);

  /** Pins a copy of the frame as A; from Off it goes straight to side by side, to show the pair. */
  pin(frame: { state: ShareState; width: number; height: number; pixels: Uint8Array }): void {
    this.pinned = { state: frame.state, width: frame.width, height: frame.height, pixels: frame.pixels.slice() };
    if (this.mode === 'off') this.mode = 'side-by-side';
  }

  clear(): void {
    this.pinned = null;
    this.mode = 'off';
  }

  /** Off → side by side → swipe → difference → off (the C shortcut). */
  cycleMode(): void {
    if (!this.pinned) return;
    const i = COMPARE_MODES.findIndex((m) => m.mode === this.mode);
    this.mode = COMPARE_MODES[(i + 1) % COMPARE_MODES.length].mode;
  }

  nudgeSwipe(delta: number): void {
    this.swipe = Math.min(100, Math.max(0, this.swipe + delta));
  }
}
