// "Latest wins": at most one job runs; a job submitted while one runs waits in a single slot that
// each newer submission overwrites. Dragging a slider never builds a queue, and the last value
// always gets drawn.

export interface LatestWinsStats {
  submitted: number;
  completed: number;
  dropped: number;
}

export class LatestWins<Input, Output> {
  private running = false;
  private waiting: Input | null = null;
  readonly stats: LatestWinsStats = { submitted: 0, completed: 0, dropped: 0 };

  constructor(
    private readonly run: (input: Input) => Promise<Output>,
    private readonly onDone: (output: Output, input: Input) => void,
    private readonly onError: (error: unknown, input: Input) => void,
  ) {}

  get busy(): boolean {
    return this.running;
  }

  /** Never blocks: starts the job now, or parks it in place of the job that was waiting. */
  submit(input: Input): void {
    this.stats.submitted++;
    if (this.running) {
      if (this.waiting !== null) this.stats.dropped++;
      this.waiting = input;
      return;
    }
    void this.start(input);
  }

  /** Forgets the waiting job, e.g. when the model is replaced. */
  clear(): void {
    if (this.waiting !== null) this.stats.dropped++;
    this.waiting = null;
  }

  private async start(input: Input): Promise<void> {
    this.running = true;
    try {
      const output = await this.run(input);
      this.stats.completed++;
      this.onDone(output, input);
    } catch (error) {
      this.onError(error, input);
    } finally {
      this.running = false;
      const next = this.waiting;
      this.waiting = null;
      if (next !== null) void this.start(next);
    }
  }
}
