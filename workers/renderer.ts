// One frame: editor state → 8-bit greyscale pixels, every intermediate tensor disposed.
import * as tf from '@tensorflow/tfjs';
import type { ShareState } from '../core/state/fragment';
import { seedToLatent } from '../core/state/latent';
import type { ModelManifest } from '../core/state/manifest';
import { createGenerator, toGrey8, type ImageGenerator } from './model/create';
import { directionOffsets } from './model/offset';

export class Renderer {
  private latentSeed = -1;
  private latent: Float32Array = new Float32Array(0);

  constructor(
    readonly manifest: ModelManifest,
    private readonly generator: ImageGenerator,
  ) {}

  static fromWeights(manifest: ModelManifest, weights: ArrayBuffer): Renderer {
    return new Renderer(manifest, createGenerator(manifest, weights));
  }

  get size(): { width: number; height: number } {
    return { height: this.manifest.resolution[0], width: this.manifest.resolution[1] };
  }

  private latentFor(seed: number): Float32Array {
    // Dragging a slider keeps the seed, so the latent is computed once per knee.
    if (seed !== this.latentSeed) {
      this.latent = seedToLatent(seed, this.generator.zDim);
      this.latentSeed = seed;
    }
    return this.latent;
  }

  /** Greyscale pixels of `state`; reads back asynchronously so a GPU backend never blocks the worker. */
  async render(state: ShareState): Promise<Uint8Array> {
    const offsets = directionOffsets(this.manifest, state.directions);
    const grey = tf.tidy(() => {
      const image = this.generator.generate({
        z: this.latentFor(state.seed),
        kl: state.kl,
        truncation: state.truncation,
        ...offsets,
      });
      return toGrey8(image);
    });
    try {
      const values = await grey.data();
      return Uint8Array.from(values);
    } finally {
      grey.dispose();
    }
  }

  dispose(): void {
    this.generator.dispose();
  }
}
