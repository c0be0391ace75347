import { describe, expect, it } from 'vitest';
import { CompareSettings } from './compare.svelte';

const frame = {
  state: { model: 'm', seed: 1, kl: 0, truncation: 0.7, directions: {} },
  width: 2,
  height: 1,
  pixels: new Uint8Array([5, 6]),
};

describe('CompareSettings', () => {
  it('pins a copy of the frame and shows the pair side by side', () => {
    const compare = new CompareSettings();
    compare.pin(frame);
    frame.pixels[0] = 99; // the live frame's buffer may change; A must not
    expect(Array.from(compare.pinned!.pixels)).toEqual([5, 6]);
    expect(compare.mode).toBe('side-by-side');
    frame.pixels[0] = 5;
  });

  it('cycles modes only with a pin, and clearing turns comparing off', () => {
    const compare = new CompareSettings();
    compare.cycleMode();
    expect(compare.mode).toBe('off');
    compare.pin(frame);
    compare.cycleMode();
    expect(compare.mode).toBe('swipe');
    compare.cycleMode();
    compare.cycleMode();
    expect(compare.mode).toBe('off');
    compare.clear();
    expect(compare.pinned).toBeNull();
  });

  it('keeps the swipe divider within 0–100 %', () => {
    const compare = new CompareSettings();
    compare.nudgeSwipe(70);
    expect(compare.swipe).toBe(100);
    compare.nudgeSwipe(-130);
    expect(compare.swipe).toBe(0);
  });
});
