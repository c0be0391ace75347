// The progress line on stderr: count, images per second and time left. On a terminal it redraws
// one line (at most 10 times a second); in a log it prints a line every 10% or 30 s.

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export function progressLine(done: number, total: number, seconds: number, width = 24): string {
  const fraction = total === 0 ? 1 : done / total;
  const filled = Math.round(fraction * width);
  const rate = seconds > 0 ? done / seconds : 0;
  const eta = rate > 0 ? (total - done) / rate : Infinity;
  const n = (x: number) => x.toLocaleString('en-US');
  return (
    `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${n(done)}/${n(total)} ` +
    `${(fraction * 100).toFixed(0)}%  ${rate.toFixed(1)} img/s  ETA ${done === total ? '0s' : formatDuration(eta)}`
  );
}

export class ProgressReporter {
  private done = 0;
  private started = performance.now();
  private lastDrawn = 0;
  private lastLoggedTenth = 0;
  private readonly tty: boolean;

  constructor(
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.tty = Boolean(stream.isTTY);
  }

  /** Starts the clock again: rates count from when the first worker can draw, not its start-up. */
  restart(): void {
    this.started = performance.now();
  }

  get seconds(): number {
    return (performance.now() - this.started) / 1000;
  }

  tick(): void {
    this.done++;
    const now = performance.now();
    if (this.tty) {
      if (now - this.lastDrawn < 100 && this.done < this.total) return;
      this.stream.write(`\r${progressLine(this.done, this.total, this.seconds)}\x1b[K`);
      if (this.done === this.total) this.stream.write('\n');
    } else {
      const tenth = Math.floor((this.done / this.total) * 10);
      if (tenth === this.lastLoggedTenth && now - this.lastDrawn < 30_000) return;
      this.lastLoggedTenth = tenth;
      this.stream.write(`${progressLine(this.done, this.total, this.seconds)}\n`);
    }
    this.lastDrawn = now;
  }

  /** Ends a redrawn line early (an error or Ctrl-C), so what follows starts on a fresh line. */
  interrupt(): void {
    if (this.tty && this.done > 0 && this.done < this.total) this.stream.write('\n');
  }
}
