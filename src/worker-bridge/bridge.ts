// One generator worker, seen from the page (GeneratorService holds the current one). It never
// waits on the model: frame requests go through LatestWins, results come back as callbacks,
// failures as sentences.
import * as Comlink from 'comlink';
import type { DatasetOptions } from '../../core/dataset/plan';
import type { CachedPackageInfo, Frame, GeneratorApi, LoadOptions, LoadResult } from '../../workers/api';
import type { ShareState } from '../../core/state/fragment';
import { LatestWins } from './latest-wins';

export interface ShownFrame extends Frame {
  /** performance.now() when the state was requested (the slider moved) and when pixels arrived. */
  requestedAt: number;
  arrivedAt: number;
}

export interface BridgeEvents {
  onFrame(frame: ShownFrame): void;
  onError(message: string): void;
}

interface Job {
  id: number;
  state: ShareState;
  requestedAt: number;
}

/** Turns whatever the worker threw into one short sentence for the status area. */
export function explainFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : 'unknown error';
  if (/out of memory|\bOOM\b|failed to allocate|allocation failed/i.test(message))
    return `The generator ran out of memory: ${message}`;
  return message.length > 300 ? `${message.slice(0, 300)}…` : message;
}

/** A $state proxy cannot be cloned into a worker; send plain copies. */
function plainState(state: ShareState): ShareState {
  return { ...state, directions: { ...state.directions } };
}

function plainOptions(options: DatasetOptions): DatasetOptions {
  return { ...options, grades: [...options.grades], directions: { ...options.directions } };
}

export class GeneratorBridge {
  private readonly worker: Worker;
  private readonly api: Comlink.Remote<GeneratorApi>;
  private readonly frames: LatestWins<Job, Frame>;
  private nextId = 1;
  private dead = false;
  /** Rejecters of one-off calls still waiting on the worker: settled when the worker goes away. */
  private readonly waiting = new Set<(error: Error) => void>();

  constructor(private readonly events: BridgeEvents) {
    this.worker = new Worker(new URL('../../workers/generator.worker.ts', import.meta.url), {
      type: 'module',
      name: 'knee-generator',
    });
    this.worker.addEventListener('error', (event) => {
      this.dead = true;
      const message = `The generator stopped: ${event.message || 'the worker script failed to load'}`;
      this.rejectWaiting(message);
      events.onError(message);
    });
    this.api = Comlink.wrap<GeneratorApi>(this.worker);
    this.frames = new LatestWins<Job, Frame>(
      (job) => this.api.render({ id: job.id, state: job.state }),
      (frame, job) => events.onFrame({ ...frame, requestedAt: job.requestedAt, arrivedAt: performance.now() }),
      (error) => events.onError(explainFailure(error)),
    );
  }

  get stats() {
    return this.frames.stats;
  }

  /** True while a frame is being drawn. */
  get busy(): boolean {
    return this.frames.busy;
  }

  async load(options: LoadOptions): Promise<LoadResult> {
    this.frames.clear();
    return this.api.load(options);
  }

  /** Asks for the image of `state`; returns at once. Stale requests are dropped, never queued. */
  request(state: ShareState): void {
    if (this.dead) return;
    this.frames.submit({ id: this.nextId++, state: plainState(state), requestedAt: performance.now() });
  }

  /**
   * Draws `state` outside the latest-wins slot: every call gets its own image (progression frames,
   * quiz answers). The worker serves these and live frames in turn, so the editor stays live.
   */
  renderOnce(state: ShareState): Promise<Frame> {
    return this.oneOff(() => this.api.render({ id: this.nextId++, state: plainState(state) }));
  }

  /**
   * Has the worker draw, encode and zip a whole dataset; `onImage(done)` hears of each image and
   * answers whether to go on (false stops the job). Resolves with the ZIP, or null when stopped.
   */
  exportDataset(
    modelId: string,
    options: DatasetOptions,
    onImage: (done: number) => boolean,
  ): Promise<Uint8Array | null> {
    // If the worker is terminated mid-job it never releases this proxy; once the call settles the
    // proxy lets go of the caller's callback (and what it holds) and answers "stop".
    let listener: ((done: number) => boolean) | null = onImage;
    const onImageProxy = Comlink.proxy(async (done: number) => listener?.(done) ?? false);
    return this.oneOff(() => this.api.exportDataset(modelId, plainOptions(options), onImageProxy)).finally(() => {
      listener = null;
    });
  }

  /**
   * A call that settles even if the worker is replaced (backend or model change) or dies first:
   * comlink forgets its pending calls on release, which would leave an export waiting forever.
   */
  private oneOff<T>(call: () => Promise<T>): Promise<T> {
    if (this.dead) return Promise.reject(new Error('the generator has stopped'));
    return new Promise<T>((resolve, reject) => {
      this.waiting.add(reject);
      call()
        .then(resolve, reject)
        .finally(() => this.waiting.delete(reject));
    });
  }

  private rejectWaiting(message: string): void {
    for (const reject of this.waiting) reject(new Error(message));
    this.waiting.clear();
  }

  numTensors(): Promise<number> {
    return this.api.numTensors();
  }

  isCached(id: string, sha256: string): Promise<boolean> {
    return this.api.isCached(id, sha256);
  }

  listCached(): Promise<CachedPackageInfo[]> {
    return this.oneOff(() => this.api.listCached());
  }

  clearCached(): Promise<number> {
    return this.oneOff(() => this.api.clearCached());
  }

  terminate(): void {
    this.dead = true;
    this.rejectWaiting('the generator was restarted (backend or model changed) before this finished');
    this.frames.clear();
    this.api[Comlink.releaseProxy]();
    this.worker.terminate();
  }
}
