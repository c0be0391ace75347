// Worker threads that draw the images, one per core: each gets the verified weights once, then
// items as it finishes them, with one more waiting so it never idles on a round trip (and a slow
// worker never holds a long queue). Items are handed out in plan order; each lands in its own
// file, so the output does not depend on which worker drew what.
import { Worker } from 'node:worker_threads';
import type { DatasetItem } from '../../core/dataset/plan';
import type { ModelManifest } from '../../core/state/manifest';
import type { BackendChoice, BackendInUse } from './backend';

export interface WorkerSetup {
  manifest: ModelManifest;
  weights: ArrayBuffer;
  outDir: string;
  backend: BackendChoice;
}

export interface ToWorker {
  index: number;
  item: DatasetItem;
}

export type FromWorker =
  { type: 'ready'; backend: BackendInUse } | { type: 'done'; index: number } | { type: 'error'; message: string };

export interface PoolEvents {
  /** Once, when the first worker has started its backend. */
  onBackend(backend: BackendInUse, workers: number): void;
  onDone(index: number): void;
}

/**
 * Draws `items` with `count` workers running `script` (the CLI's own bundle, which becomes a render
 * worker off the main thread). Resolves when all are written; rejects on the first error.
 */
export function drawWithWorkers(
  script: URL,
  setup: WorkerSetup,
  items: DatasetItem[],
  count: number,
  events: PoolEvents,
): { done: Promise<void>; stop: () => Promise<void> } {
  const workers: Worker[] = [];
  let next = 0;
  let finished = 0;
  let announced = false;
  let stopping = false;
  const stop = async () => {
    stopping = true; // workers ended on purpose are no failure
    await Promise.all(workers.map((w) => w.terminate()));
  };
  const done = new Promise<void>((resolve, reject) => {
    if (items.length === 0) return resolve();
    const fail = (message: string) => {
      void stop();
      reject(new Error(message));
    };
    const handOut = (worker: Worker) => {
      if (next < items.length) {
        worker.postMessage({ index: next, item: items[next] } satisfies ToWorker);
        next++;
      }
    };
    for (let i = 0; i < Math.min(count, items.length); i++) {
      const worker = new Worker(script, { workerData: setup });
      workers.push(worker);
      worker.on('message', (message: FromWorker) => {
        if (message.type === 'error') return fail(message.message);
        if (message.type === 'ready') {
          if (!announced) events.onBackend(message.backend, workers.length);
          announced = true;
          handOut(worker); // the one waiting
        } else {
          events.onDone(message.index);
          if (++finished === items.length) return void stop().then(resolve, reject);
        }
        handOut(worker);
      });
      worker.on('error', (error) => fail(`a render worker failed: ${error.message}`));
      worker.on('exit', (code) => {
        if (!stopping) fail(`a render worker stopped (exit code ${code})`);
      });
    }
  });
  return { done, stop };
}
