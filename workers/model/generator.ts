// The browser's forward pass of `knee-stylegan@1` (contract/README.md). It mirrors
// training/knee_gan/networks.py; workers/model/parity.test.ts binds the two.
//
// Written for tfjs's cost per kernel call (scripts/bench-ort.mjs, README "Benchmark"): the math is
// PyTorch's, in about half the kernel calls. (1) The 17 layers' styles come from one matMul each
// for w and the grade, on kernels concatenated once per model. (2) The 11 demodulations are
// computed together, once per frame. (3) A layer's demodulation and lrelu gain are not multiplied
// into its activations but handed to the layers that read them, which scale their input per
// channel anyway; so does a nearest ×2 upsampling, which becomes part of that multiply. (4) The
// leaky ReLU is a prelu (Params.leakySlope). (5) No reshapes: a [1, C] vector broadcasts over
// [1, H, W, C]. Filters and biases given to conv2d stay the model's own tensors: tfjs's wasm
// backend caches its XNNPACK operator per filter and bias tensor, and a new one each frame would
// rebuild it (10× slower, measured).
import * as tf from '@tensorflow/tfjs';
import { gradeEmbedding, LRELU_GAIN, mapping, Params, synthesisSizes, upsampleBilinear2x } from './common';
import type { GenerateInput, GeneratorSpec, ImageGenerator } from './types';

/** Activations with a per-channel scale, and maybe a nearest ×2 upsampling, still to apply. */
interface Scaled {
  values: tf.Tensor4D;
  scale: tf.Tensor2D | null;
  upsampled?: boolean;
}

export class StyleGenerator implements ImageGenerator {
  readonly zDim: number;
  readonly wDim: number;
  readonly resolution: number;
  private readonly steps: number;
  /** Per demodulated layer: Σ over the kernel window of filter², shape [in, out]. */
  private readonly filterEnergy = new Map<string, tf.Tensor2D>();
  /** Every layer's style and grade-style kernels side by side, and their two biases summed. */
  private readonly styleLayers: string[] = [];
  private readonly styleSizes: number[];
  private readonly styleFromW: tf.Tensor2D;
  private readonly styleFromGrade: tf.Tensor2D;
  private readonly styleBias: tf.Tensor1D;
  /** The demodulated layers' biases side by side, and their output channel counts. */
  private readonly demodBias: tf.Tensor1D;
  private readonly demodSizes: number[];
  /** Ones of shape [1, 1, 2, 1, 2, 1]: the 2 × 2 copies of a nearest ×2 upsampling, by broadcasting. */
  private readonly upsampleCopies = tf.ones([1, 1, 2, 1, 2, 1]);

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
      this.styleLayers.push(name);
    }
    const demodLayers = [...this.styleLayers];
    this.demodBias = tf.concat(demodLayers.map((name) => this.params.get(`${name}/bias`)), 0) as tf.Tensor1D;
    this.demodSizes = demodLayers.map((name) => this.params.get(`${name}/bias`).shape[0]!);
    this.demodSizes.forEach((channels) => this.params.leakySlope(channels)); // now, not in the first frame
    for (let r = 0; r <= this.steps; r++) this.styleLayers.push(`to_rgb/${r}`);
    const get = (suffix: string) => this.styleLayers.map((name) => this.params.get(`${name}/${suffix}`));
    this.styleSizes = get('style/kernel').map((k) => k.shape[1]!);
    this.styleFromW = tf.concat(get('style/kernel'), 1) as tf.Tensor2D;
    this.styleFromGrade = tf.concat(get('grade_style/kernel'), 1) as tf.Tensor2D;
    this.styleBias = tf.tidy(() => tf.concat(get('style/bias').map((b, i) => b.add(get('grade_style/bias')[i])), 0)) as tf.Tensor1D;
  }

  /**
   * Every layer's style s = w·K + b + grade·K' + b' and, for the demodulated layers, what
   * demodulatedConv needs of d = rsqrt(s²·E + 1e-8): the bias divided by d, and d·√2.
   */
  private styles(w: tf.Tensor2D, grade: tf.Tensor2D) {
    const all = w.matMul(this.styleFromW).add(grade.matMul(this.styleFromGrade)).add(this.styleBias);
    const styles = tf.split(all, this.styleSizes, 1) as tf.Tensor2D[];
    const squares = tf.split(all.square(), this.styleSizes, 1) as tf.Tensor2D[];
    const demodLayers = this.demodSizes.length;
    const energy = tf.concat(
      squares.slice(0, demodLayers).map((sq, i) => sq.matMul(this.filterEnergy.get(this.styleLayers[i])!)),
      1,
    );
    const variance = energy.add(1e-8);
    const biases = tf.split(variance.sqrt().mul(this.demodBias), this.demodSizes, 1) as tf.Tensor2D[];
    const scales = tf.split(variance.rsqrt().mul(LRELU_GAIN), this.demodSizes, 1) as tf.Tensor2D[];
    return (name: string) => {
      const i = this.styleLayers.indexOf(name);
      return { style: styles[i], bias: biases[i], scale: scales[i] };
    };
  }

  /** The input modulated by the style, with any scale and upsampling the previous layer left folded into it. */
  private modulate(x: Scaled, style: tf.Tensor2D): tf.Tensor4D {
    const perChannel = x.scale ? style.mul(x.scale) : style;
    if (!x.upsampled) return x.values.mul(perChannel);
    // [1, H, 1, W, 1, C] × [1, 1, 2, 1, 2, C]: nearest ×2 and the scale in one multiply (tfjs's wasm
    // resizeNearestNeighbor is a scalar pass of its own: 1.2 ms → 0.6 ms at 128²·8, measured).
    const [n, h, w, c] = x.values.shape;
    const copies = this.upsampleCopies.mul(perChannel.reshape([1, 1, 1, 1, 1, c]));
    return x.values.reshape([n, h, 1, w, 1, c]).mul(copies).reshape([n, 2 * h, 2 * w, c]) as tf.Tensor4D;
  }

  /**
   * Demodulated conv + bias + lrelu. PyTorch: lrelu(conv(x·s, W)·d + b)·√2, d = rsqrt(s²·E + 1e-8).
   * d > 0 and leakyRelu(d·u) = d·leakyRelu(u), so this returns leakyRelu(conv(x·s, W) + b/d) with
   * scale d·√2 pending: the same values, two fewer passes over the activations.
   */
  private demodulatedConv(x: Scaled, name: string, layer: { style: tf.Tensor2D; bias: tf.Tensor2D; scale: tf.Tensor2D }): Scaled {
    const y = tf.conv2d(this.modulate(x, layer.style), this.params.get(`${name}/filter`) as tf.Tensor4D, 1, 'same');
    return { values: tf.prelu(y.add(layer.bias), this.params.leakySlope(y.shape[3])) as tf.Tensor4D, scale: layer.scale };
  }

  /** 1×1 to-image conv, not demodulated, linear; the bias is the model's own tensor, so it fuses. */
  private toRgb(x: Scaled, name: string, style: tf.Tensor2D): tf.Tensor4D {
    const filter = this.params.get(`${name}/filter`) as tf.Tensor4D;
    const bias = this.params.get(`${name}/bias`);
    return tf.fused.conv2d({ x: this.modulate(x, style), filter, strides: 1, pad: 'same', bias });
  }

  generate(input: GenerateInput): tf.Tensor4D {
    if (input.masked?.length) throw new Error('masked directions need a knee-lite generator'); // the manifest check refuses them too
    return tf.tidy(() => {
      const w = mapping(this.params, input.z, this.zDim, this.wDim, input.truncation, input.wOffset);
      const layer = this.styles(w, gradeEmbedding(this.params, input.kl, input.gradeOffset ?? null));
      let x = this.demodulatedConv({ values: this.params.get('const') as tf.Tensor4D, scale: null }, 'conv/0', layer('conv/0'));
      let img = this.toRgb(x, 'to_rgb/0', layer('to_rgb/0').style);
      for (let r = 1; r <= this.steps; r++) {
        // Nearest upsampling commutes with a per-channel scale: both wait for the next modulation.
        x = this.demodulatedConv({ ...x, upsampled: true }, `conv/${2 * r - 1}`, layer(`conv/${2 * r - 1}`));
        x = this.demodulatedConv(x, `conv/${2 * r}`, layer(`conv/${2 * r}`));
        img = upsampleBilinear2x(img).add(this.toRgb(x, `to_rgb/${r}`, layer(`to_rgb/${r}`).style));
      }
      return img;
    });
  }

  dispose(): void {
    this.params.dispose();
    this.filterEnergy.forEach((t) => t.dispose());
    this.filterEnergy.clear();
    tf.dispose([this.styleFromW, this.styleFromGrade, this.styleBias, this.demodBias, this.upsampleCopies]);
  }
}
