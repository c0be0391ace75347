// Parity: the TypeScript forward pass against PyTorch's output stored in a package's reference.json.
// By default it checks the app's default model in public/models; training/tests/test_parity.py
// points PARITY_PACKAGE at a package it has just exported from the current PyTorch code.
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedToLatent } from '../../core/state/latent';
import { createGenerator, toGrey8, type ImageGenerator } from './create';
import type { ModelManifest } from '../../core/state/manifest';
import { joinWeights, weightPaths } from './weights-files';
import { directionOffsets } from './offset';

interface Reference {
  shape: [number, number];
  states: { seed: number; kl: number; truncation: number; directions: Record<string, number> }[];
  values: string[];
  pixels: string[];
}

function defaultPackage(): string {
  const root = resolve(__dirname, '../../public/models');
  const index = JSON.parse(readFileSync(join(root, 'index.json'), 'utf8')) as { default: string; models: { id: string; path: string }[] };
  const entry = index.models.find((m) => m.id === index.default);
  if (!entry) throw new Error(`index.json names default '${index.default}' but lists no such model`);
  return join(root, entry.path);
}

const packageDir = process.env.PARITY_PACKAGE ?? defaultPackage();
const decode = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));

describe(`forward pass parity with PyTorch (${packageDir})`, () => {
  let manifest: ModelManifest;
  let reference: Reference;
  let generator: ImageGenerator;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    manifest = JSON.parse(readFileSync(join(packageDir, 'manifest.json'), 'utf8'));
    reference = JSON.parse(readFileSync(join(packageDir, 'reference.json'), 'utf8'));
    const read = (path: string) => {
      const bytes = readFileSync(join(packageDir, path)); // a shared file is ../<id>/<file>
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    };
    const files = Object.fromEntries(weightPaths(manifest).map((path) => [path, read(path)]));
    generator = createGenerator(manifest, joinWeights(manifest, files));
  });

  it('has reference states', () => expect(reference.states.length).toBeGreaterThanOrEqual(3));

  it('matches every reference state within 1e-3 and 1/255 after 8-bit rounding', () => {
    reference.states.forEach((state, i) => {
      const tensorsBefore = tf.memory().numTensors;
      const z = seedToLatent(state.seed, generator.zDim);
      const offsets = directionOffsets(manifest, state.directions);
      const img = generator.generate({ z, kl: state.kl, truncation: state.truncation, ...offsets });
      const grey = toGrey8(img);
      const values = img.dataSync();
      const pixels = grey.dataSync();
      tf.dispose([img, grey]);
      expect(tf.memory().numTensors).toBe(tensorsBefore);

      const expected = new Float32Array(decode(reference.values[i]).buffer);
      const expectedPixels = decode(reference.pixels[i]);
      expect(values.length).toBe(expected.length);
      let maxDiff = 0;
      let maxPixelDiff = 0;
      for (let k = 0; k < expected.length; k++) {
        maxDiff = Math.max(maxDiff, Math.abs(values[k] - expected[k]));
        maxPixelDiff = Math.max(maxPixelDiff, Math.abs(pixels[k] - expectedPixels[k]));
      }
      expect(maxDiff, `state ${i}: max |Δ|`).toBeLessThanOrEqual(1e-3);
      expect(maxPixelDiff, `state ${i}: max 8-bit Δ`).toBeLessThanOrEqual(1);
    });
  });

  it('changes the knee less when only KL moves a little than when the seed changes', () => {
    const run = (seed: number, kl: number) => {
      const img = generator.generate({ z: seedToLatent(seed, generator.zDim), kl, truncation: 0.7, wOffset: null });
      const data = Float32Array.from(img.dataSync());
      img.dispose();
      return data;
    };
    const meanAbs = (a: Float32Array, b: Float32Array) => a.reduce((s, v, k) => s + Math.abs(v - b[k]), 0) / a.length;
    const base = run(42, 1);
    expect(meanAbs(base, run(42, 1))).toBe(0);
    const klChange = meanAbs(base, run(42, 1.25));
    expect(klChange).toBeGreaterThan(0);
    expect(meanAbs(base, run(43, 1))).toBeGreaterThan(klChange);
  });
});
