// Where a frame's time goes on one backend in Node: `npm run profile --
// [model-id] [backend]` (defaults: the index's default, wasm). Prints ms per frame over 20 frames,
// then tf.profile's kernels of one frame, summed by kernel and output shape, slowest first.
import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { createGenerator } from '../workers/model/create';
import { seedToLatent } from '../core/state/latent';
import { startBackend } from './generate/backend';
import { openDiskPackage } from './generate/model-files';

const cwd = process.cwd(); // npm scripts run in the project root
const pkg = await openDiskPackage(process.argv[2] ?? null, cwd, join(cwd, 'public', 'models'));
const id = pkg.manifest.id;
const backend = process.argv[3] ?? 'wasm';
console.log('backend:', await startBackend(backend as 'wasm'));
const generator = createGenerator(pkg.manifest, pkg.weights);
const input = { z: seedToLatent(42, generator.zDim), kl: 2, truncation: 1, wOffset: null };
const frame = () => tf.tidy(() => generator.generate(input as never).dataSync());
for (let i = 0; i < 3; i++) frame();
const t0 = performance.now();
for (let i = 0; i < 20; i++) frame();
console.log(`${id}: ${((performance.now() - t0) / 20).toFixed(1)} ms per frame (${backend}, Node)`);
const profile = await tf.profile(() => frame() as unknown as tf.Tensor);
const byKernel = new Map<string, { ms: number; calls: number }>();
for (const k of profile.kernels) {
  if (k.name.endsWith('__op')) continue; // an op's wrapper around the kernel below: counted there
  const key = `${k.name} ${JSON.stringify(k.outputShapes[0])}`;
  const entry = byKernel.get(key) ?? { ms: 0, calls: 0 };
  entry.ms += Number(k.kernelTimeMs) || 0;
  entry.calls += 1;
  byKernel.set(key, entry);
}
[...byKernel.entries()]
  .sort((a, b) => b[1].ms - a[1].ms)
  .forEach(([name, { ms, calls }]) =>
    console.log(`${name.padEnd(44)} ${ms.toFixed(1).padStart(7)} ms  ${calls} calls`),
  );
const timing = await tf.time(() => frame());
console.log(`tf.time: wall ${timing.wallMs.toFixed(1)} ms, kernels ${JSON.stringify(timing.kernelMs)}`);
