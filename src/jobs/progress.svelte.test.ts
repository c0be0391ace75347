import { describe, expect, it } from 'vitest';
import { CancelledError, Progress, throwIfCancelled } from './progress.svelte';

describe('Progress', () => {
  it('counts steps and returns the result', async () => {
    const progress = new Progress();
    const result = await progress.run('Drawing', 3, async (tick) => {
      tick();
      tick();
      expect(progress.done).toBe(2);
      expect(progress.running).toBe(true);
      return 'done';
    });
    expect(result).toBe('done');
    expect(progress.running).toBe(false);
  });

  it('is freed by Cancel even while the work waits on something that never answers', async () => {
    const progress = new Progress();
    let signal: AbortSignal | null = null;
    const running = progress.run('Waiting', 10, (_tick, s) => {
      signal = s;
      return new Promise<string>(() => {}); // e.g. a worker that was terminated
    });
    expect(progress.running).toBe(true);
    progress.cancel();
    expect(await running).toBeNull();
    expect(progress.running).toBe(false);
    expect(progress.error).toBeNull();
    expect(() => throwIfCancelled(signal!)).toThrow(CancelledError);
    // And it can run again.
    expect(await progress.run('Again', 1, async () => 1)).toBe(1);
  });

  it('keeps a failure for the page and throws it; a tick after Cancel stops the work', async () => {
    const progress = new Progress();
    await expect(
      progress.run('Failing', 1, async () => {
        throw new Error('model file missing: weights.bin');
      }),
    ).rejects.toThrow('model file missing');
    expect(progress.error).toBe('model file missing: weights.bin');
    let ticksAfterCancel = 0;
    const result = await progress.run('Cancelled', 5, async (tick) => {
      tick();
      progress.cancel();
      try {
        tick();
      } catch (error) {
        ticksAfterCancel++;
        throw error;
      }
      return 'not reached';
    });
    expect(result).toBeNull();
    expect(ticksAfterCancel).toBe(1);
    expect(progress.error).toBeNull();
  });

  it('runs one job at a time', async () => {
    const progress = new Progress();
    const first = progress.run('First', 1, () => new Promise<number>(() => {}));
    await expect(progress.run('Second', 1, async () => 2)).rejects.toThrow('"First" is still running');
    progress.cancel();
    expect(await first).toBeNull();
  });
});
