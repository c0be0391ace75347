import { describe, expect, it } from 'vitest';
import {
  BASE_DELAY_MS,
  cycleDurationMs,
  FRAME_COUNTS,
  frameDelayMs,
  HOLD_FRAMES,
  nextPosition,
  playOrder,
  progressionKls,
  schedule,
  SPEEDS,
} from './schedule';

describe('progressionKls', () => {
  it('spans 0–4 in steps of 0.1 for 41 frames, without float noise', () => {
    const kls = progressionKls(0, 4, 41);
    expect(kls).toHaveLength(41);
    expect(kls[0]).toBe(0);
    expect(kls[3]).toBe(0.3);
    expect(kls[40]).toBe(4);
    for (let i = 1; i < kls.length; i++) expect(kls[i] - kls[i - 1]).toBeCloseTo(0.1, 9);
  });

  it('includes every whole grade for each offered frame count', () => {
    for (const count of FRAME_COUNTS)
      expect(progressionKls(0, 4, count)).toEqual(expect.arrayContaining([0, 1, 2, 3, 4]));
  });

  it('refuses fewer than two frames', () => {
    expect(() => progressionKls(0, 4, 1)).toThrow(/at least 2/);
  });
});

describe('playOrder', () => {
  it('plays up for loop and once', () => {
    expect(playOrder(5, 'loop')).toEqual([0, 1, 2, 3, 4]);
    expect(playOrder(5, 'once')).toEqual([0, 1, 2, 3, 4]);
  });

  it('bounces back without showing the ends twice in a row', () => {
    expect(playOrder(5, 'bounce')).toEqual([0, 1, 2, 3, 4, 3, 2, 1]);
    expect(playOrder(41, 'bounce')).toHaveLength(80);
    expect(playOrder(2, 'bounce')).toEqual([0, 1]);
  });
});

describe('frame delays', () => {
  it('scale with speed, in whole hundredths of a second (what a GIF can store)', () => {
    expect(frameDelayMs(5, 41, 1)).toBe(BASE_DELAY_MS);
    expect(frameDelayMs(5, 41, 2)).toBe(BASE_DELAY_MS / 2);
    expect(frameDelayMs(5, 41, 0.5)).toBe(BASE_DELAY_MS * 2);
    for (const speed of SPEEDS) expect(frameDelayMs(1, 41, speed) % 10).toBe(0);
  });

  it('hold the first and last grade longer', () => {
    expect(frameDelayMs(0, 41, 1)).toBe(BASE_DELAY_MS * HOLD_FRAMES);
    expect(frameDelayMs(40, 41, 2)).toBe((BASE_DELAY_MS / 2) * HOLD_FRAMES);
  });

  it('refuse a speed that is not positive', () => {
    expect(() => frameDelayMs(0, 41, 0)).toThrow(/positive/);
  });
});

describe('schedule', () => {
  it('pairs each step with its delay; a bounce cycle lasts the up and down sweeps', () => {
    const up = schedule(41, 'loop', 1);
    expect(up.map((s) => s.index)).toEqual(playOrder(41, 'loop'));
    expect(cycleDurationMs(up)).toBe(39 * BASE_DELAY_MS + 2 * HOLD_FRAMES * BASE_DELAY_MS);
    const bounce = schedule(41, 'bounce', 2);
    expect(bounce).toHaveLength(80);
    expect(bounce[40]).toEqual({ index: 40, delayMs: (BASE_DELAY_MS / 2) * HOLD_FRAMES });
    expect(bounce[41]).toEqual({ index: 39, delayMs: BASE_DELAY_MS / 2 });
  });

  it('wraps for loop and bounce and ends for once', () => {
    expect(nextPosition(3, 5, 'loop')).toBe(4);
    expect(nextPosition(4, 5, 'loop')).toBe(0);
    expect(nextPosition(7, 8, 'bounce')).toBe(0);
    expect(nextPosition(4, 5, 'once')).toBeNull();
  });
});
