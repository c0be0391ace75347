// One long task (an export, a progression) with progress, ETA and cancel. The task gets a tick()
// to call per finished step and an AbortSignal to check between steps; cancelling never loses
// what the editor shows.

export class CancelledError extends Error {
  override name = 'CancelledError';
  constructor() {
    super('cancelled');
  }
}

export class Progress {
  label = $state('');
  done = $state(0);
  total = $state(0);
  running = $state(false);
  /** The last run's failure (not a cancel), for the page to show. */
  error = $state<string | null>(null);
  private startedAt = $state(0);
  private now = $state(0);
  private controller: AbortController | null = null;

  /** Seconds left, from the mean time per step so far; null until a step has finished. */
  etaSeconds = $derived.by(() => {
    if (!this.running || this.done === 0 || this.total === 0) return null;
    const perStep = (this.now - this.startedAt) / 1000 / this.done;
    return Math.max(0, perStep * (this.total - this.done));
  });

  /**
   * Runs `work`; returns its result, or null when it was cancelled. Throws what `work` throws
   * (also kept in `error`). One run at a time per Progress.
   */
  async run<T>(
    label: string,
    total: number,
    work: (tick: (steps?: number) => void, signal: AbortSignal) => Promise<T>,
  ): Promise<T | null> {
    if (this.running) throw new Error(`"${this.label}" is still running`);
    const controller = new AbortController();
    this.controller = controller;
    this.label = label;
    this.total = total;
    this.done = 0;
    this.error = null;
    this.startedAt = this.now = performance.now();
    this.running = true;
    const tick = (steps = 1) => {
      if (controller.signal.aborted) throw new CancelledError();
      this.done = Math.min(this.total, this.done + steps);
      this.now = performance.now();
    };
    // Cancel frees the job at once, even while it waits on the worker: the work's own promise is
    // left to settle (or not) on its own, its result unused.
    const aborted = new Promise<never>((_, reject) =>
      controller.signal.addEventListener('abort', () => reject(new CancelledError()), { once: true }),
    );
    const working = work(tick, controller.signal);
    working.catch(() => {}); // a late failure after a cancel is nobody's business
    try {
      const result = await Promise.race([working, aborted]);
      if (controller.signal.aborted) return null;
      return result;
    } catch (error) {
      if (controller.signal.aborted || error instanceof CancelledError) return null;
      this.error = error instanceof Error ? error.message : String(error);
      throw error;
    } finally {
      this.running = false;
      this.controller = null;
    }
  }

  cancel(): void {
    this.controller?.abort();
  }
}

/** Throws CancelledError if `signal` was aborted: call between steps. */
export function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new CancelledError();
}
