// The one way the worker builds a forward pass from a package: the manifest's architecture picks
// the generator, and an optional learned upsampler follows it.
import * as tf from '@tensorflow/tfjs';
import { Params } from './common';
import { StyleGenerator } from './generator';
import { LiteGenerator } from './lite';
import type { GenerateInput, GeneratorSpec, ImageGenerator } from './types';
import { upsample } from './upsampler';

export type { GenerateInput, GeneratorSpec, ImageGenerator } from './types';

class Upsampled implements ImageGenerator {
  readonly resolution: number;

  constructor(
    private readonly inner: ImageGenerator,
    private readonly params: Params,
    private readonly layers: number,
  ) {
    this.resolution = inner.resolution * 2;
    params.leakySlope(params.get('upsampler/0/filter').shape[3]!); // now, not in the first frame
  }

  get zDim(): number {
    return this.inner.zDim;
  }

  get wDim(): number {
    return this.inner.wDim;
  }

  generate(input: GenerateInput): tf.Tensor4D {
    return tf.tidy(() => upsample(this.params, this.inner.generate(input), this.layers));
  }

  dispose(): void {
    this.inner.dispose();
  }
}

/** Decodes the weights (float32 or float16-quantised) and builds the manifest's forward pass. */
export function createGenerator(spec: GeneratorSpec, weights: ArrayBuffer): ImageGenerator {
  const params = Params.decode(spec.weights.manifest, weights);
  const arch = spec.architecture;
  const inner = arch.type.startsWith('knee-lite@') ? new LiteGenerator(spec, params) : new StyleGenerator(spec, params);
  const generator = arch.upsampler ? new Upsampled(inner, params, arch.upsampler.layers) : inner;
  if (generator.resolution !== spec.resolution[0]) {
    generator.dispose();
    throw new Error(`the architecture makes ${generator.resolution}² images but the manifest says ${spec.resolution[0]}²`);
  }
  return generator;
}

/** [-1, 1] image -> 8-bit greyscale, the rounding the exporter's reference images use. */
export function toGrey8(img: tf.Tensor4D): tf.Tensor {
  return tf.tidy(() => img.clipByValue(-1, 1).add(1).mul(127.5).round().toInt());
}
