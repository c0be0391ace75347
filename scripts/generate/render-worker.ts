// One render worker: the app's forward pass (workers/renderer.ts, as in the generator worker)
// draws each item, datasetPng adds the same provenance text as the browser's export, and the
// PNG is written whole under its real name. One item at a time, in the order the pool sends them.
import { parentPort, workerData } from 'node:worker_threads';
import { join } from 'node:path';
import { datasetPng } from '../../core/dataset/dataset-files';
import { Renderer } from '../../workers/renderer';
import { startBackend } from './backend';
import { writeFileAtomic } from './out-dir';
import type { FromWorker, ToWorker, WorkerSetup } from './pool';

const port = parentPort!;
const setup = workerData as WorkerSetup;
const post = (message: FromWorker) => port.postMessage(message);

try {
  const backend = await startBackend(setup.backend);
  const renderer = Renderer.fromWeights(setup.manifest, setup.weights);
  const draw = async ({ index, item }: ToWorker) => {
    try {
      const pixels = await renderer.render(item.state);
      const png = datasetPng(setup.manifest, item, pixels, renderer.size);
      writeFileAtomic(join(setup.outDir, item.file), png);
      post({ type: 'done', index });
    } catch (error) {
      post({ type: 'error', message: `${item.file}: ${error instanceof Error ? error.message : String(error)}` });
    }
  };
  // The pool sends the next item before this one is done; they are drawn one after the other.
  let queue = Promise.resolve();
  port.on('message', (job: ToWorker) => {
    queue = queue.then(() => draw(job));
  });
  post({ type: 'ready', backend });
} catch (error) {
  post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
}
