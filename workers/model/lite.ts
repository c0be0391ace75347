// The browser's forward pass of `knee-lite@1` and `@2` (contract/README.md). It mirrors
// training/knee_gan/lite.py; workers/model/parity.test.ts binds the two.
//
// One change of form for speed (scripts/bench-ort.mjs, README "Benchmark"): PyTorch convolves to
// 2C channels and splits them for the GLU; in tfjs's NHWC layout that split is a strided copy of
// the whole map (7 ms a frame at 224² on wasm, measured), so each block convolves twice, to the
// two halves, with filters and biases cut once per model. The norm spans both halves, as before.
// And the blocks' [γ, β] come from one matMul each for w and the grade, on kernels concatenated
// once per model (with the 1 of 1 + γ in the bias), instead of five small kernel calls per block.
// And a nearest ×2 followed by a 3×3 conv is drawn as one 2×2 conv on the small map to the four
// output phases' channels, interleaved after the block (phase-filters.ts): the same sums, 4 taps
// instead of 9, and few kernel calls (a frame is many small kernels; each call costs time too).
import * as tf from '@tensorflow/tfjs';
import { conv, gradeEmbedding, mapping, Params, synthesisSizes } from './common';
import { resizeMask, stackPhases } from './mask';
import type { MaskedOffset } from './offset';
import { interleaveStacked, STACKED_PADDING, stackedPhaseFilter } from './phase-filters';
import type { GenerateInput, GeneratorSpec, ImageGenerator } from './types';

/** A masked direction at one block: its mask in the block's layout and its [γa, γb, βa, βb] offsets. */
interface MaskedNorm {
  mask: tf.Tensor;
  parts: tf.Tensor2D[];
}

export class LiteGenerator implements ImageGenerator {
  readonly zDim: number;
  readonly wDim: number;
  readonly resolution: number;
  private readonly resolutions: number[];
  /** Fine resolution -> the coarse resolution whose global average gates it. */
  private readonly exciteFrom: Map<number, number>;
  /**
   * Per block: its conv cut into the GLU's value half and gate half, each with its bias and its
   * filter: block 0's 3×3; an upsampling block's [2, 2, in, 4·C] phase filter (stackedPhaseFilter),
   * its bias repeated for the four phases.
   */
  private readonly halves: { filter: tf.Tensor4D; bias: tf.Tensor1D }[][];
  /** Per block: the channels out of its GLU (C of the conv's 2C). */
  private readonly channels: number[];
  /** Every block's norm kernels from w and from the grade side by side; their biases summed, + 1 on γ. */
  private readonly normFromW: tf.Tensor2D;
  private readonly normFromGrade: tf.Tensor2D;
  private readonly normBias: tf.Tensor1D;
  /** knee-lite@2: w's map added to the constant (its kernel's columns are in NHWC order). */
  private readonly wInput: boolean;

  constructor(
    spec: GeneratorSpec,
    private readonly params: Params,
  ) {
    const arch = spec.architecture;
    this.zDim = arch.z_dim;
    this.wDim = arch.w_dim;
    this.resolutions = synthesisSizes(arch.channels);
    this.resolution = this.resolutions[this.resolutions.length - 1];
    this.wInput = arch.type === 'knee-lite@2';
    this.exciteFrom = new Map(Object.entries(arch.excite ?? {}).map(([hi, lo]) => [Number(hi), Number(lo)]));
    this.channels = this.resolutions.map((_, i) => this.params.get(`block/${i}/bias`).shape[0] / 2);
    this.halves = this.resolutions.map((_, i) => {
      const filter = this.params.get(`block/${i}/filter`) as tf.Tensor4D;
      const bias = this.params.get(`block/${i}/bias`) as tf.Tensor1D;
      const biases = tf.split(bias, 2, 0) as tf.Tensor1D[];
      return (tf.split(filter, 2, 3) as tf.Tensor4D[]).map((half, h) => {
        if (i === 0) return { filter: half, bias: biases[h] };
        const stacked = stackedPhaseFilter(half);
        half.dispose(); // only its phase filter is drawn with
        const bias = tf.tile(biases[h], [4]) as tf.Tensor1D;
        biases[h].dispose();
        return { filter: stacked, bias };
      });
    });
    const norms = this.resolutions.map((_, i) => `block/${i}/norm`);
    const get = (suffix: string) => norms.map((prefix) => this.params.get(`${prefix}/${suffix}`));
    this.normFromW = tf.concat(get('from_w/kernel'), 1) as tf.Tensor2D;
    this.normFromGrade = tf.concat(get('from_grade/kernel'), 1) as tf.Tensor2D;
    this.normBias = tf.tidy(() => {
      const gradeBias = get('from_grade/bias');
      return tf.concat(
        get('from_w/bias').map((b, i) => {
          const sum = b.add(gradeBias[i]);
          const half = sum.shape[0]! / 2; // [γ | β]: 1 + γ is what multiplies
          return sum.add(tf.concat([tf.ones([half]), tf.zeros([half])]));
        }),
      );
    }) as tf.Tensor1D;
  }

  /** Per block: [1 + γ of a, 1 + γ of b, β of a, β of b], each [1, C], from one matMul each for w and the grade. */
  private normParams(w: tf.Tensor2D, grade: tf.Tensor2D): tf.Tensor2D[][] {
    return this.perBlock(w.matMul(this.normFromW).add(grade.matMul(this.normFromGrade)).add(this.normBias));
  }

  /** Every block's norm parameters side by side, [1, Σ 4C] -> per block its four [1, C] parts. */
  private perBlock(all: tf.Tensor2D): tf.Tensor2D[][] {
    const parts = tf.split(all, this.channels.flatMap((c) => Array<number>(4).fill(c)), 1) as tf.Tensor2D[];
    return this.resolutions.map((_, i) => parts.slice(4 * i, 4 * i + 4));
  }

  /**
   * Per masked direction and block: the offset's share of [1 + γ, β] (the grade's part is linear,
   * so offset · kernel, no bias) and its mask at the block's map, in the layout the block draws in.
   */
  private maskedNorms(masked: readonly MaskedOffset[]): MaskedNorm[][] {
    const perBlock: MaskedNorm[][] = this.resolutions.map(() => []);
    for (const { offset, mask } of masked) {
      const parts = this.perBlock(tf.tensor2d(offset, [1, offset.length]).matMul(this.normFromGrade) as tf.Tensor2D);
      this.resolutions.forEach((res, i) => {
        const full = resizeMask(mask, res);
        const map =
          i === 0 ? tf.tensor4d(full, [1, res, res, 1]) : tf.tensor(stackPhases(full, res), [1, res / 2 + 1, res / 2 + 1, 4, 1]);
        perBlock[i].push({ mask: map, parts: parts[i] });
      });
    }
    return perBlock;
  }

  /**
   * 3×3 conv to 2C -> conditional norm (pixel norm over all 2C channels, then x·(1 + γ) + β) ->
   * GLU (a · sigmoid(b)), on the two halves a and b. A [1, C] vector broadcasts over [1, H, W, C].
   */
  private block(x: tf.Tensor4D, i: number, norm: tf.Tensor2D[], masked: MaskedNorm[]): tf.Tensor4D {
    const [a, b] = this.halves[i].map(({ filter, bias }) => tf.fused.conv2d({ x, filter, strides: 1, pad: 'same', bias }));
    return this.normGlu(a, b, norm, masked);
  }

  /** The block after a nearest ×2, drawn on the small map x to the four phases (2× the size out). */
  private upBlock(x: tf.Tensor4D, i: number, norm: tf.Tensor2D[], masked: MaskedNorm[]): tf.Tensor4D {
    const [a, b] = this.halves[i].map(({ filter, bias }) => {
      const y = tf.fused.conv2d({ x, filter, strides: 1, pad: STACKED_PADDING, bias });
      const [n, h, w, channels] = y.shape;
      return y.reshape([n, h, w, 4, channels / 4]); // one pixel per phase: the norm spans the last axis
    });
    return interleaveStacked(this.normGlu(a, b, norm, masked)); // per pixel, so it may run before the interleave
  }

  /** A masked direction adds mask · its [γ, β] offsets: [1, C] rows times a [.., 1] map. */
  private normGlu<T extends tf.Tensor>(a: T, b: T, norm: tf.Tensor2D[], masked: MaskedNorm[]): T {
    const channels = a.shape[a.rank - 1];
    const meanSquare = a.square().sum(-1, true).add(b.square().sum(-1, true)).div(2 * channels);
    const inverseNorm = tf.rsqrt(meanSquare.add(1e-8));
    const [scaleA, scaleB, shiftA, shiftB] = norm.map((part, k) =>
      masked.reduce<tf.Tensor>((sum, { mask, parts }) => sum.add(mask.mul(parts[k])), part),
    );
    const valueA = a.mul(inverseNorm).mul(scaleA).add(shiftA);
    const gateB = b.mul(inverseNorm).mul(scaleB).add(shiftB);
    return valueA.mul(tf.sigmoid(gateB));
  }

  private excite(low: tf.Tensor4D, high: tf.Tensor4D, res: number): tf.Tensor4D {
    const pooled = low.mean([1, 2]) as tf.Tensor2D;
    const hidden = this.params.denseLrelu(pooled, `excite/${res}/fc1`);
    const gate = tf.sigmoid(this.params.dense(hidden, `excite/${res}/fc2`));
    return high.mul(gate.reshape([1, 1, 1, high.shape[3]]));
  }

  generate(input: GenerateInput): tf.Tensor4D {
    return tf.tidy(() => {
      const w = mapping(this.params, input.z, this.zDim, this.wDim, input.truncation, input.wOffset);
      const norms = this.normParams(w, gradeEmbedding(this.params, input.kl, input.gradeOffset ?? null));
      const masked = this.maskedNorms(input.masked ?? []);
      let x = this.params.get('const') as tf.Tensor4D;
      if (this.wInput) x = x.add(this.params.dense(w, 'w_input').reshape([-1, ...x.shape.slice(1)]));
      x = this.block(x, 0, norms[0], masked[0]);
      const feats = new Map<number, tf.Tensor4D>([[this.resolutions[0], x]]);
      this.resolutions.slice(1).forEach((res, k) => {
        x = this.upBlock(x, k + 1, norms[k + 1], masked[k + 1]);
        const from = this.exciteFrom.get(res);
        if (from !== undefined) x = this.excite(feats.get(from)!, x, res);
        feats.set(res, x);
      });
      return conv(this.params, x, 'to_img');
    });
  }

  dispose(): void {
    this.params.dispose();
    this.halves.forEach((pair) => pair.forEach(({ filter, bias }) => tf.dispose([filter, bias])));
    tf.dispose([this.normFromW, this.normFromGrade, this.normBias]);
  }
}
