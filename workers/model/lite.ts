// The browser's forward pass of `knee-lite@1` (contract/README.md). It mirrors
// training/knee_gan/lite.py; workers/model/parity.test.ts binds the two.
import * as tf from '@tensorflow/tfjs';
import { conv, gradeEmbedding, lrelu, mapping, Params, synthesisSizes, upsampleNearest2x } from './common';
import type { GenerateInput, GeneratorSpec, ImageGenerator } from './types';

export class LiteGenerator implements ImageGenerator {
  readonly zDim: number;
  readonly wDim: number;
  readonly resolution: number;
  private readonly resolutions: number[];
  /** Fine resolution -> the coarse resolution whose global average gates it. */
  private readonly exciteFrom: Map<number, number>;

  constructor(
    spec: GeneratorSpec,
    private readonly params: Params,
  ) {
    const arch = spec.architecture;
    this.zDim = arch.z_dim;
    this.wDim = arch.w_dim;
    this.resolutions = synthesisSizes(arch.channels);
    this.resolution = this.resolutions[this.resolutions.length - 1];
    this.exciteFrom = new Map(Object.entries(arch.excite ?? {}).map(([hi, lo]) => [Number(hi), Number(lo)]));
  }

  /** Pixel norm, then x·(1 + γ) + β with [γ, β] from w and from the grade. */
  private condNorm(x: tf.Tensor4D, prefix: string, w: tf.Tensor2D, grade: tf.Tensor2D): tf.Tensor4D {
    const channels = x.shape[3];
    const gb = this.params.dense(w, `${prefix}/from_w`).add(this.params.dense(grade, `${prefix}/from_grade`));
    const [gamma, beta] = tf.split(gb, 2, 1);
    const normed = x.mul(tf.rsqrt(x.square().mean(3, true).add(1e-8)));
    return normed.mul(gamma.add(1).reshape([1, 1, 1, channels])).add(beta.reshape([1, 1, 1, channels]));
  }

  /** 3×3 conv to 2C -> conditional norm -> GLU (a · sigmoid(b)). */
  private block(x: tf.Tensor4D, i: number, w: tf.Tensor2D, grade: tf.Tensor2D): tf.Tensor4D {
    const y = this.condNorm(conv(this.params, x, `block/${i}`), `block/${i}/norm`, w, grade);
    const [a, b] = tf.split(y, 2, 3);
    return a.mul(tf.sigmoid(b));
  }

  private excite(low: tf.Tensor4D, high: tf.Tensor4D, res: number): tf.Tensor4D {
    const pooled = low.mean([1, 2]) as tf.Tensor2D;
    const hidden = lrelu(this.params.dense(pooled, `excite/${res}/fc1`)) as tf.Tensor2D;
    const gate = tf.sigmoid(this.params.dense(hidden, `excite/${res}/fc2`));
    return high.mul(gate.reshape([1, 1, 1, high.shape[3]]));
  }

  generate(input: GenerateInput): tf.Tensor4D {
    return tf.tidy(() => {
      const w = mapping(this.params, input.z, this.zDim, this.wDim, input.truncation, input.wOffset);
      const g = gradeEmbedding(this.params, input.kl);
      let x = this.block(this.params.get('const') as tf.Tensor4D, 0, w, g);
      const feats = new Map<number, tf.Tensor4D>([[this.resolutions[0], x]]);
      this.resolutions.slice(1).forEach((res, k) => {
        x = this.block(upsampleNearest2x(x), k + 1, w, g);
        const from = this.exciteFrom.get(res);
        if (from !== undefined) x = this.excite(feats.get(from)!, x, res);
        feats.set(res, x);
      });
      return conv(this.params, x, 'to_img');
    });
  }

  dispose(): void {
    this.params.dispose();
  }
}
