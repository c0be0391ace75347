// The browser's forward pass of the generator (`knee-stylegan@1`, contract/README.md). It mirrors
// training/knee_gan/networks.py line for line; workers/model/parity.test.ts binds the two.
import * as tf from '@tensorflow/tfjs';

/** What the forward pass needs of a manifest; ModelManifest (src/state/manifest.ts) satisfies it. */
export interface GeneratorSpec {
  resolution: number[];
  architecture: {
    z_dim: number;
    w_dim: number;
    grade_dim: number;
    mapping_layers: number;
    channels: Record<string, number>;
  };
  weights: { manifest: tf.io.WeightsManifestConfig };
}

export interface GenerateInput {
  z: Float32Array;
  /** KL grade, continuous in [0, 4]. */
  kl: number;
  /** Truncation ψ: 0 = the average knee, 1 = the full prior. */
  truncation: number;
  /** Σ αᵢ·directionᵢ in w space, or null. */
  wOffset: Float32Array | null;
}

const NUM_GRADES = 5;
const LRELU_GAIN = Math.SQRT2;

function lrelu(x: tf.Tensor): tf.Tensor {
  return tf.leakyRelu(x, 0.2).mul(LRELU_GAIN);
}

export class KneeGenerator {
  readonly zDim: number;
  readonly wDim: number;
  readonly resolution: number;
  private readonly steps: number;
  /** Per demodulated layer: Σ over the kernel window of filter², shape [in, out]. */
  private readonly filterEnergy = new Map<string, tf.Tensor2D>();

  private constructor(
    spec: GeneratorSpec,
    private readonly params: tf.NamedTensorMap,
  ) {
    const arch = spec.architecture;
    this.zDim = arch.z_dim;
    this.wDim = arch.w_dim;
    this.resolution = spec.resolution[0];
    const base = Math.min(...Object.keys(arch.channels).map(Number));
    this.steps = Math.round(Math.log2(this.resolution / base));
    for (let i = 0; i <= 2 * this.steps; i++) {
      const name = `conv/${i}`;
      this.filterEnergy.set(name, tf.tidy(() => this.param(`${name}/filter`).square().sum([0, 1]) as tf.Tensor2D));
    }
  }

  /** Decodes the weights (float32 or float16-quantised) named by the manifest's weights manifest. */
  static fromWeights(spec: GeneratorSpec, weights: ArrayBuffer): KneeGenerator {
    const entries = spec.weights.manifest.flatMap((group) => group.weights);
    const params = tf.io.decodeWeights(weights, entries);
    return new KneeGenerator(spec, params);
  }

  private param(name: string): tf.Tensor {
    const tensor = this.params[name];
    if (!tensor) throw new Error(`model weights lack '${name}'`);
    return tensor;
  }

  private modulatedConv(x: tf.Tensor4D, name: string, w: tf.Tensor2D, grade: tf.Tensor2D, toRgb: boolean): tf.Tensor4D {
    const style = w
      .matMul(this.param(`${name}/style/kernel`) as tf.Tensor2D)
      .add(this.param(`${name}/style/bias`))
      .add(grade.matMul(this.param(`${name}/grade_style/kernel`) as tf.Tensor2D).add(this.param(`${name}/grade_style/bias`)));
    const inChannels = x.shape[3];
    let y = tf.conv2d(x.mul(style.reshape([1, 1, 1, inChannels])) as tf.Tensor4D, this.param(`${name}/filter`) as tf.Tensor4D, 1, 'same');
    if (!toRgb) {
      const energy = this.filterEnergy.get(name)!;
      const demod = tf.rsqrt(style.square().matMul(energy).add(1e-8));
      y = y.mul(demod.reshape([1, 1, 1, y.shape[3]]));
    }
    y = y.add(this.param(`${name}/bias`));
    return (toRgb ? y : lrelu(y)) as tf.Tensor4D;
  }

  private mapping(z: Float32Array, truncation: number, wOffset: Float32Array | null): tf.Tensor2D {
    let x: tf.Tensor = tf.tensor2d(z, [1, this.zDim]);
    x = x.mul(tf.rsqrt(x.square().mean(1, true).add(1e-8)));
    for (let i = 0; this.params[`mapping/${i}/kernel`]; i++) {
      x = lrelu(x.matMul(this.param(`mapping/${i}/kernel`) as tf.Tensor2D).add(this.param(`mapping/${i}/bias`)));
    }
    const wAvg = this.param('w_avg');
    let w = wAvg.add(x.sub(wAvg).mul(truncation));
    if (wOffset) w = w.add(tf.tensor2d(wOffset, [1, this.wDim]));
    return w as tf.Tensor2D;
  }

  private grade(kl: number): tf.Tensor2D {
    const clamped = Math.min(Math.max(kl, 0), NUM_GRADES - 1);
    const lo = Math.min(Math.floor(clamped), NUM_GRADES - 2);
    const frac = clamped - lo;
    const table = this.param('grade_table') as tf.Tensor2D;
    const dim = table.shape[1];
    return table.slice([lo, 0], [1, dim]).mul(1 - frac).add(table.slice([lo + 1, 0], [1, dim]).mul(frac));
  }

  /** One image, [1, H, W, 1], values about [-1, 1] (not clamped). The caller disposes it. */
  generate(input: GenerateInput): tf.Tensor4D {
    if (input.z.length !== this.zDim) throw new Error(`latent has ${input.z.length} values, the model wants ${this.zDim}`);
    if (input.wOffset && input.wOffset.length !== this.wDim) throw new Error(`direction offset has ${input.wOffset.length} values, w has ${this.wDim}`);
    return tf.tidy(() => {
      const w = this.mapping(input.z, input.truncation, input.wOffset);
      const g = this.grade(input.kl);
      let x = this.modulatedConv(this.param('const') as tf.Tensor4D, 'conv/0', w, g, false);
      let img = this.modulatedConv(x, 'to_rgb/0', w, g, true);
      for (let r = 1; r <= this.steps; r++) {
        const [, h, wd] = x.shape;
        x = tf.image.resizeNearestNeighbor(x, [2 * h, 2 * wd], false, false);
        x = this.modulatedConv(x, `conv/${2 * r - 1}`, w, g, false);
        x = this.modulatedConv(x, `conv/${2 * r}`, w, g, false);
        const upsampled = tf.image.resizeBilinear(img, [2 * h, 2 * wd], false, true);
        img = upsampled.add(this.modulatedConv(x, `to_rgb/${r}`, w, g, true));
      }
      return img;
    });
  }

  dispose(): void {
    tf.dispose(this.params);
    this.filterEnergy.forEach((t) => t.dispose());
    this.filterEnergy.clear();
  }
}

/** [-1, 1] image -> 8-bit greyscale, the rounding the exporter's reference images use. */
export function toGrey8(img: tf.Tensor4D): tf.Tensor {
  return tf.tidy(() => img.clipByValue(-1, 1).add(1).mul(127.5).round().toInt());
}
