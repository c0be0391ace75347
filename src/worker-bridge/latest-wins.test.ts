import { describe, expect, it } from 'vitest';
import { LatestWins } from './latest-wins';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('LatestWins', () => {
  it('runs one job at a time and only the newest waiting job after it', async () => {
    const started: number[] = [];
    const gates = new Map<number, ReturnType<typeof deferred<number>>>();
    const done: number[] = [];
    const queue = new LatestWins<number, number>(
      (n) => {
        started.push(n);
        const gate = deferred<number>();
        gates.set(n, gate);
        return gate.promise;
      },
      (output) => done.push(output),
      () => undefined,
    );
    for (let i = 1; i <= 10; i++) queue.submit(i);
    expect(started).toEqual([1]);
    gates.get(1)!.resolve(1);
    await flush();
    expect(started).toEqual([1, 10]);
    gates.get(10)!.resolve(10);
    await flush();
    expect(done).toEqual([1, 10]);
    expect(queue.stats).toEqual({ submitted: 10, completed: 2, dropped: 8 });
    expect(queue.busy).toBe(false);
  });

  it('reports a failed job and keeps going with the next', async () => {
    const errors: unknown[] = [];
    const done: string[] = [];
    const queue = new LatestWins<string, string>(
      async (s) => {
        if (s === 'bad') throw new Error('boom');
        return s.toUpperCase();
      },
      (output) => done.push(output),
      (error) => errors.push(error),
    );
    queue.submit('bad');
    queue.submit('ok');
    await flush();
    await flush();
    expect(errors).toHaveLength(1);
    expect(done).toEqual(['OK']);
  });

  it('clear() forgets the waiting job', async () => {
    const gate = deferred<void>();
    const ran: number[] = [];
    const queue = new LatestWins<number, void>(
      async (n) => {
        ran.push(n);
        await gate.promise;
      },
      () => undefined,
      () => undefined,
    );
    queue.submit(1);
    queue.submit(2);
    queue.clear();
    gate.resolve();
    await flush();
    expect(ran).toEqual([1]);
  });
});
