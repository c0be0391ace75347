// Pieces both generator architectures share (contract/README.md, forward pass steps 1-2): the
// mapping network, the grade embedding, and weight lookup. Mirrors training/knee_gan/networks.py.
import * as tf from '@tensorflow/tfjs';

export const NUM_GRADES = 5;
export const LRELU_GAIN = Math.SQRT2;

/** Named weights with a clear error for a missing one. */
export class Params {
  /** Per channel count, the leaky ReLU's slope as tf.prelu takes it (see leakySlope). */
  private readonly slopes = new Map<number, tf.Tensor1D>();

  constructor(readonly tensors: tf.NamedTensorMap) {}

  static decode(manifest: tf.io.WeightsManifestConfig, weights: ArrayBuffer): Params {
    return new Params(tf.io.decodeWeights(weights, manifest.flatMap((group) => group.weights)));
  }

  has(name: string): boolean {
    return name in this.tensors;
  }

  get(name: string): tf.Tensor {
    const tensor = this.tensors[name];
    if (!tensor) throw new Error(`model weights lack '${name}'`);
    return tensor;
  }

  dense(x: tf.Tensor2D, prefix: string): tf.Tensor2D {
    return x.matMul(this.get(`${prefix}/kernel`) as tf.Tensor2D).add(this.get(`${prefix}/bias`));
  }

  /** lrelu(dense(x)), bias and leaky ReLU fused into the matMul kernel (fewer kernel calls). */
  denseLrelu(x: tf.Tensor2D, prefix: string): tf.Tensor2D {
    const b = this.get(`${prefix}/kernel`) as tf.Tensor2D;
    const bias = this.get(`${prefix}/bias`);
    return tf.fused.matMul({ a: x, b, bias, activation: 'leakyrelu', leakyreluAlpha: 0.2 }).mul(LRELU_GAIN);
  }

  /**
   * A constant [channels] tensor of 0.2. tfjs's wasm backend runs prelu through XNNPACK but
   * leakyRelu, and a conv's fused leaky ReLU, as a scalar loop: prelu with this slope is the same
   * function about 3× faster (128²·8, measured). XNNPACK's operator is cached per slope tensor, so
   * each lives as long as the model; generators create theirs when built, not in the first frame.
   */
  leakySlope(channels: number): tf.Tensor1D {
    let slope = this.slopes.get(channels);
    if (!slope) {
      slope = tf.keep(tf.fill([channels], 0.2) as tf.Tensor1D);
      this.slopes.set(channels, slope);
    }
    return slope;
  }

  dispose(): void {
    tf.dispose(this.tensors);
    this.slopes.forEach((slope) => slope.dispose());
    this.slopes.clear();
  }
}

/** z -> w: pixel norm, `mapping/i` dense + lrelu layers, truncation towards w_avg, direction offset. */
export function mapping(params: Params, z: Float32Array, zDim: number, wDim: number, truncation: number, wOffset: Float32Array | null): tf.Tensor2D {
  let x: tf.Tensor2D = tf.tensor2d(z, [1, zDim]);
  x = x.mul(tf.rsqrt(x.square().mean(1, true).add(1e-8)));
  for (let i = 0; params.has(`mapping/${i}/kernel`); i++) x = params.denseLrelu(x, `mapping/${i}`);
  const wAvg = params.get('w_avg');
  let w = wAvg.add(x.sub(wAvg).mul(truncation)) as tf.Tensor2D;
  if (wOffset) w = w.add(tf.tensor2d(wOffset, [1, wDim]));
  return w;
}

/** Continuous KL -> linear blend of the two nearest rows of `grade_table`, plus the grade-space direction offset. */
export function gradeEmbedding(params: Params, kl: number, offset: Float32Array | null = null): tf.Tensor2D {
  const clamped = Math.min(Math.max(kl, 0), NUM_GRADES - 1);
  const lo = Math.min(Math.floor(clamped), NUM_GRADES - 2);
  const frac = clamped - lo;
  const table = params.get('grade_table') as tf.Tensor2D;
  const dim = table.shape[1];
  const blend = table.slice([lo, 0], [1, dim]).mul(1 - frac).add(table.slice([lo + 1, 0], [1, dim]).mul(frac)) as tf.Tensor2D;
  return offset ? blend.add(tf.tensor2d(offset, [1, dim])) : blend;
}

export function upsampleNearest2x(x: tf.Tensor4D): tf.Tensor4D {
  const [, h, w] = x.shape;
  return tf.image.resizeNearestNeighbor(x, [2 * h, 2 * w], false, false);
}

/** Bilinear x2 with half-pixel centres, as PyTorch's interpolate(align_corners=False). */
export function upsampleBilinear2x(x: tf.Tensor4D): tf.Tensor4D {
  const [, h, w] = x.shape;
  return tf.image.resizeBilinear(x, [2 * h, 2 * w], false, true);
}

/**
 * A plain 'same' convolution with `${prefix}/filter` [kh, kw, in, out] and `${prefix}/bias`. The bias
 * is fused into the conv kernel (one pass over the output fewer); it is the model's own tensor, so
 * tfjs's wasm backend keeps the operator it builds for this filter and bias cached across frames.
 */
export function conv(params: Params, x: tf.Tensor4D, prefix: string): tf.Tensor4D {
  const filter = params.get(`${prefix}/filter`) as tf.Tensor4D;
  return tf.fused.conv2d({ x, filter, strides: 1, pad: 'same', bias: params.get(`${prefix}/bias`) });
}

/** lrelu(conv(...)), the leaky ReLU fused into the conv kernel as a prelu (see leakySlope); the gain stays a multiply. */
export function convLrelu(params: Params, x: tf.Tensor4D, prefix: string): tf.Tensor4D {
  const filter = params.get(`${prefix}/filter`) as tf.Tensor4D;
  const bias = params.get(`${prefix}/bias`);
  const preluActivationWeights = params.leakySlope(filter.shape[3]);
  return tf.fused.conv2d({ x, filter, strides: 1, pad: 'same', bias, activation: 'prelu', preluActivationWeights }).mul(LRELU_GAIN);
}

/** The synthesis resolutions a `channels` map describes: base (smallest key) doubling up to the output. */
export function synthesisSizes(channels: Record<string, number>): number[] {
  const keys = Object.keys(channels).map(Number);
  const sizes: number[] = [];
  for (let r = Math.min(...keys); r <= Math.max(...keys); r *= 2) sizes.push(r);
  return sizes;
}
