// The shape of window.kneeStudio (src/app/debug-hook.ts), also read by e2e/ and scripts/bench.mjs.
import type { ShareState } from '../../core/state/fragment';

export interface DebugHook {
  phase(): string;
  frameCount(): number;
  lastState(): ShareState | null;
  lastFrame(): { state: ShareState; width: number; height: number; pixels: number[]; ms: number } | null;
  backend(): string | null;
  load(): { loadMs: number; fromCache: boolean } | null;
  numTensors(): Promise<number>;
  /** True while the worker draws a frame (its tensors are alive). */
  busy(): boolean;
  stats(): { submitted: number; completed: number; dropped: number } | null;
  /** Sets a state and resolves with the frame that shows it. */
  show(patch: Partial<ShareState>): Promise<{ ms: number; roundTripMs: number }>;
  frameLog(): { requestedAt: number; arrivedAt: number; ms: number; kl: number }[];
}

declare global {
  interface Window {
    kneeStudio?: DebugHook;
  }
}
