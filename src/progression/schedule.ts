// The progression's frame plan, pure: which KL values are drawn, in what order they play, and how
// long each shows. Playback, the GIF and the video all use this one plan, so what you see playing
// is what you export (except at the end of "Once": the GIF stops on KL 4, the viewer goes back to
// the live image).

export type PlayMode = 'loop' | 'bounce' | 'once';

export const PLAY_MODES: { value: PlayMode; label: string }[] = [
  { value: 'loop', label: 'Loop 0→4' },
  { value: 'bounce', label: 'Bounce 0→4→0' },
  { value: 'once', label: 'Once' },
];

/** Frame counts offered: KL steps of 0.25, 0.1 and 0.05 over 0–4 (each has every whole grade). */
export const FRAME_COUNTS = [17, 41, 81] as const;
export const DEFAULT_FRAME_COUNT = 41;

export const SPEEDS = [0.5, 1, 2] as const;

/** Milliseconds per frame at 1×. Multiples of 10 ms at every speed, since GIF stores 1/100 s. */
export const BASE_DELAY_MS = 60;
/** The first and last grade stay this many frame times, so the ends can be seen. */
export const HOLD_FRAMES = 10;

/** Evenly spaced KL values from min to max, rounded to 1/1000 so 0.1 steps read as 0.3, not 0.30000000000000004. */
export function progressionKls(min: number, max: number, count: number): number[] {
  if (!Number.isInteger(count) || count < 2) throw new Error(`a progression needs at least 2 frames, not ${count}`);
  return Array.from({ length: count }, (_, i) => Math.round((min + ((max - min) * i) / (count - 1)) * 1000) / 1000);
}

/** One cycle of frame indices: loop and once go 0…n-1; bounce comes back without repeating the ends. */
export function playOrder(count: number, mode: PlayMode): number[] {
  const up = Array.from({ length: count }, (_, i) => i);
  if (mode !== 'bounce') return up;
  const down = up.slice(1, -1).reverse();
  return [...up, ...down];
}

/** How long frame `index` (of `count`) shows at `speed`. */
export function frameDelayMs(index: number, count: number, speed: number): number {
  if (!(speed > 0)) throw new Error(`speed must be positive, not ${speed}`);
  const base = Math.round(BASE_DELAY_MS / speed / 10) * 10;
  return index === 0 || index === count - 1 ? base * HOLD_FRAMES : base;
}

export interface ScheduledFrame {
  /** Index into the rendered frames (and into progressionKls). */
  index: number;
  delayMs: number;
}

/** One cycle of the animation: the order and how long each step shows. */
export function schedule(count: number, mode: PlayMode, speed: number): ScheduledFrame[] {
  return playOrder(count, mode).map((index) => ({ index, delayMs: frameDelayMs(index, count, speed) }));
}

/** The step after `position` in a cycle of `length` steps, or null where a "once" play ends. */
export function nextPosition(position: number, length: number, mode: PlayMode): number | null {
  if (position + 1 < length) return position + 1;
  return mode === 'once' ? null : 0;
}

export function cycleDurationMs(steps: ScheduledFrame[]): number {
  return steps.reduce((sum, step) => sum + step.delayMs, 0);
}
