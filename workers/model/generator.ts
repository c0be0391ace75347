// The browser's forward pass of `knee-stylegan@1` (contract/README.md). It mirrors
// training/knee_gan/networks.py line for line; workers/model/parity.test.ts binds the two.
import * as tf from '@tensorflow/tfjs';
import { gradeEmbedding, lrelu, mapping, Params, synthesisSizes, upsampleBilinear2x, upsampleNearest2x } from './common';
import type { GenerateInput, GeneratorSpec, ImageGenerator } from './types';

export class StyleGenerator implements ImageGenerator {
  readonly zDim: number;
  readonly wDim: number;
  readonly resolution: number;
  private readonly steps: number;
  /** Per demodulated layer: Σ over the kernel window of filter², shape [in, out]. */
  private readonly filterEnergy = new Map<string, tf.Tensor2D>();

  constructor(
    spec: GeneratorSpec,
    private readonly params: Params,
  ) {
    const arch = spec.architecture;
    this.zDim = arch.z_dim;
    this.wDim = arch.w_dim;
    const sizes = synthesisSizes(arch.channels);
    this.resolution = sizes[sizes.length - 1];
    this.steps = sizes.length - 1;
    for (let i = 0; i <= 2 * this.steps; i++) {
      const name = `conv/${i}`;
      this.filterEnergy.set(name, tf.tidy(() => this.params.get(`${name}/filter`).square().sum([0, 1]) as tf.Tensor2D));
    }
  }

  private modulatedConv(x: tf.Tensor4D, name: string, w: tf.Tensor2D, grade: tf.Tensor2D, toRgb: boolean): tf.Tensor4D {
    const style = this.params.dense(w, `${name}/style`).add(this.params.dense(grade, `${name}/grade_style`));
    const inChannels = x.shape[3];
    let y = tf.conv2d(x.mul(style.reshape([1, 1, 1, inChannels])) as tf.Tensor4D, this.params.get(`${name}/filter`) as tf.Tensor4D, 1, 'same');
    if (!toRgb) {
      const energy = this.filterEnergy.get(name)!;
      const demod = tf.rsqrt(style.square().matMul(energy).add(1e-8));
      y = y.mul(demod.reshape([1, 1, 1, y.shape[3]]));
    }
    y = y.add(this.params.get(`${name}/bias`));
    return (toRgb ? y : lrelu(y)) as tf.Tensor4D;
  }

  generate(input: GenerateInput): tf.Tensor4D {
    return tf.tidy(() => {
      const w = mapping(this.params, input.z, this.zDim, this.wDim, input.truncation, input.wOffset);
      const g = gradeEmbedding(this.params, input.kl);
      let x = this.modulatedConv(this.params.get('const') as tf.Tensor4D, 'conv/0', w, g, false);
      let img = this.modulatedConv(x, 'to_rgb/0', w, g, true);
      for (let r = 1; r <= this.steps; r++) {
        x = this.modulatedConv(upsampleNearest2x(x), `conv/${2 * r - 1}`, w, g, false);
        x = this.modulatedConv(x, `conv/${2 * r}`, w, g, false);
        img = upsampleBilinear2x(img).add(this.modulatedConv(x, `to_rgb/${r}`, w, g, true));
      }
      return img;
    });
  }

  dispose(): void {
    this.params.dispose();
    this.filterEnergy.forEach((t) => t.dispose());
    this.filterEnergy.clear();
  }
}
