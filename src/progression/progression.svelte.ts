// The disease progression of the current knee: its frames from KL min to max (rendered once per
// state, cached), and playback in the main viewer through editor.preview. Any change of the
// editor's state stops playback, so a slider never fights the animation.
import type { GeneratorService } from '../worker-bridge/generator-service';
import type { Frame } from '../worker-bridge/worker-types';
import type { Editor } from '../app/editor.svelte';
import { Progress, throwIfCancelled } from '../jobs/progress.svelte';
import { klCondition, sameState } from '../../core/state/editor-state';
import { encodeFragment, type ShareState } from '../../core/state/fragment';
import {
  DEFAULT_FRAME_COUNT,
  nextPosition,
  progressionKls,
  schedule,
  type PlayMode,
  type ScheduledFrame,
} from './schedule';

export interface ProgressionFrames {
  /** The editor state the frames were drawn for (its kl is the editor's, not a frame's). */
  state: ShareState;
  kls: number[];
  frames: Frame[];
}

export class Progression {
  frameCount = $state(DEFAULT_FRAME_COUNT);
  mode = $state<PlayMode>('loop');
  speed = $state(1);
  playing = $state(false);
  /** The KL of the frame on screen while playing; null when the live frame shows. */
  playingKl = $state<number | null>(null);
  /** One long job at a time (rendering frames, encoding an export), with its bar and Cancel. */
  readonly progress = new Progress();

  private cached = $state.raw<ProgressionFrames | null>(null);
  private cachedKey = $state('');
  private playedFrom: ShareState | null = null;
  private position = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly editor: Editor;
  private readonly generator: GeneratorService;

  constructor(editor: Editor, generator: GeneratorService) {
    this.editor = editor;
    this.generator = generator;
  }

  /** The frames depend on everything but the editor's KL, on the frame count, and on the backend
   *  (backends agree only to within 2/255, and an export must match what was drawn). */
  private keyOf(state: ShareState, count: number): string {
    return `${encodeFragment({ ...state, kl: 0 })}|${count}|${this.editor.backend?.name ?? ''}`;
  }

  /** True when the frames for the editor's current knee are ready (no rendering before play). */
  get ready(): boolean {
    return this.editor.state !== null && this.cachedKey === this.keyOf(this.editor.state, this.frameCount);
  }

  kls(): number[] {
    const kl = this.editor.manifest ? klCondition(this.editor.manifest) : { min: 0, max: 4 };
    return progressionKls(kl.min, kl.max, this.frameCount);
  }

  /** The frames for the current state: from the cache, else drawn with progress. Null if cancelled. */
  async frames(): Promise<ProgressionFrames | null> {
    if (!this.editor.state) return null;
    const state = $state.snapshot(this.editor.state) as ShareState;
    const key = this.keyOf(state, this.frameCount);
    if (this.cached && this.cachedKey === key) return this.cached;
    const kls = this.kls();
    const frames = await this.progress.run('Drawing progression frames', kls.length, (tick, signal) =>
      this.renderAll(state, kls, tick, signal),
    );
    if (!frames) return null;
    this.cached = { state, kls, frames };
    this.cachedKey = key;
    return this.cached;
  }

  /** Frames at the given KL values: taken from the cache where there, else drawn (for the strip). */
  async framesAt(kls: number[]): Promise<ProgressionFrames | null> {
    if (!this.editor.state) return null;
    const state = $state.snapshot(this.editor.state) as ShareState;
    const cached = this.cached && this.cachedKey === this.keyOf(state, this.frameCount) ? this.cached : null;
    const fromCache = kls.map((kl) => cached?.frames[cached.kls.indexOf(kl)]);
    if (fromCache.every((f) => f !== undefined)) return { state, kls, frames: fromCache as Frame[] };
    const frames = await this.progress.run('Drawing grade frames', kls.length, (tick, signal) =>
      this.renderAll(state, kls, tick, signal),
    );
    return frames && { state, kls, frames };
  }

  private async renderAll(state: ShareState, kls: number[], tick: () => void, signal: AbortSignal): Promise<Frame[]> {
    const frames: Frame[] = [];
    for (const kl of kls) {
      throwIfCancelled(signal);
      frames.push(await this.generator.renderOnce({ ...state, kl }));
      tick();
    }
    return frames;
  }

  steps(): ScheduledFrame[] {
    return schedule(this.frameCount, this.mode, this.speed);
  }

  async play(): Promise<void> {
    if (this.playing || this.progress.running) return;
    const from = this.editor.state && ($state.snapshot(this.editor.state) as ShareState);
    const ready = await this.frames();
    // The user may have moved a slider while the frames were drawn: then those are not wanted.
    if (!ready || !from || !this.editor.state || !sameState(from, this.editor.state)) return;
    this.playedFrom = from;
    this.position = 0;
    this.playing = true;
    this.show(ready);
  }

  private show(ready: ProgressionFrames): void {
    const steps = this.steps();
    const step = steps[this.position % steps.length];
    this.editor.preview = ready.frames[step.index];
    this.playingKl = ready.kls[step.index];
    this.timer = setTimeout(() => {
      // Mode or speed may have changed since: read the plan afresh each step.
      const next = nextPosition(this.position % steps.length, this.steps().length, this.mode);
      if (next === null) this.pause();
      else {
        this.position = next;
        this.show(ready);
      }
    }, step.delayMs);
  }

  /** Stops playing and gives the viewer back to the live frame. */
  pause(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.playing = false;
    this.playingKl = null;
    this.playedFrom = null;
    this.editor.preview = null;
  }

  toggle(): void {
    if (this.playing) this.pause();
    else void this.play();
  }

  /** Call when the editor's state changes: anything but the state being played stops playback. */
  stateChanged(state: ShareState | null): void {
    if (this.playing && (!state || !this.playedFrom || !sameState(state, this.playedFrom))) this.pause();
  }

  setFrameCount(count: number): void {
    this.pause();
    this.frameCount = count;
  }
}
