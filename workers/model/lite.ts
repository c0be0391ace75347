// The browser's forward pass of `knee-lite@1` and `@2` (contract/README.md). It mirrors
// training/knee_gan/lite.py; workers/model/parity.test.ts binds the two.
//
// One change of form for speed (scripts/bench-ort.mjs, README "Benchmark"): PyTorch convolves to
// 2C channels and splits them for the GLU; in tfjs's NHWC layout that split is a strided copy of
// the whole map (7 ms a frame at 224² on wasm, measured), so each block convolves twice, to the
// two halves, with filters and biases cut once per model. The norm spans both halves, as before.
// And the blocks' [γ, β] come from one matMul each for w and the grade, on kernels concatenated
// once per model (with the 1 of 1 + γ in the bias), instead of five small kernel calls per block.
// And a nearest ×2 followed by a 3×3 conv is drawn as four 2×2 convs on the small map, one per
// output phase, interleaved after the block (phase-filters.ts): the same sums, 4 taps instead of 9.
import * as tf from '@tensorflow/tfjs';
import { conv, gradeEmbedding, mapping, Params, synthesisSizes } from './common';
import { interleavePhases, PHASES, phaseFilters, phasePadding } from './phase-filters';
import type { GenerateInput, GeneratorSpec, ImageGenerator } from './types';

export class LiteGenerator implements ImageGenerator {
  readonly zDim: number;
  readonly wDim: number;
  readonly resolution: number;
  private readonly resolutions: number[];
  /** Fine resolution -> the coarse resolution whose global average gates it. */
  private readonly exciteFrom: Map<number, number>;
  /**
   * Per block: its conv cut into the GLU's value half and gate half, each with its bias and its
   * filters: block 0's 3×3 filter alone; an upsampling block's four 2×2 phase filters (PHASES order).
   */
  private readonly halves: { filters: tf.Tensor4D[]; bias: tf.Tensor1D }[][];
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
    this.halves = this.resolutions.map((_, i) => {
      const filter = this.params.get(`block/${i}/filter`) as tf.Tensor4D;
      const bias = this.params.get(`block/${i}/bias`) as tf.Tensor1D;
      const biases = tf.split(bias, 2, 0) as tf.Tensor1D[];
      return (tf.split(filter, 2, 3) as tf.Tensor4D[]).map((half, h) => {
        if (i === 0) return { filters: [half], bias: biases[h] };
        const phases = phaseFilters(half);
        half.dispose(); // only its phase filters are drawn with
        return { filters: phases, bias: biases[h] };
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
    const all = w.matMul(this.normFromW).add(grade.matMul(this.normFromGrade)).add(this.normBias);
    const sizes = this.halves.flatMap(([a]) => Array<number>(4).fill(a.bias.shape[0]));
    const parts = tf.split(all, sizes, 1) as tf.Tensor2D[];
    return this.halves.map((_, i) => parts.slice(4 * i, 4 * i + 4));
  }

  /**
   * 3×3 conv to 2C -> conditional norm (pixel norm over all 2C channels, then x·(1 + γ) + β) ->
   * GLU (a · sigmoid(b)), on the two halves a and b. A [1, C] vector broadcasts over [1, H, W, C].
   */
  private block(x: tf.Tensor4D, i: number, norm: tf.Tensor2D[]): tf.Tensor4D {
    const [a, b] = this.halves[i].map(({ filters, bias }) =>
      tf.fused.conv2d({ x, filter: filters[0], strides: 1, pad: 'same', bias }),
    );
    return this.normGlu(a, b, norm);
  }

  /** The block after a nearest ×2, drawn per output phase on the small map x (2× the size out). */
  private upBlock(x: tf.Tensor4D, i: number, norm: tf.Tensor2D[]): tf.Tensor4D {
    const [value, gate] = this.halves[i];
    const perPhase = PHASES.map((phase, p) => {
      const pad = phasePadding(phase);
      const a = tf.fused.conv2d({ x, filter: value.filters[p], strides: 1, pad, bias: value.bias });
      const b = tf.fused.conv2d({ x, filter: gate.filters[p], strides: 1, pad, bias: gate.bias });
      return this.normGlu(a, b, norm); // per pixel, so it may run before the interleave
    });
    return interleavePhases(perPhase);
  }

  private normGlu(a: tf.Tensor4D, b: tf.Tensor4D, norm: tf.Tensor2D[]): tf.Tensor4D {
    const meanSquare = a.square().sum(3, true).add(b.square().sum(3, true)).div(2 * a.shape[3]);
    const inverseNorm = tf.rsqrt(meanSquare.add(1e-8));
    const [scaleA, scaleB, shiftA, shiftB] = norm;
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
      let x = this.params.get('const') as tf.Tensor4D;
      if (this.wInput) x = x.add(this.params.dense(w, 'w_input').reshape([-1, ...x.shape.slice(1)]));
      x = this.block(x, 0, norms[0]);
      const feats = new Map<number, tf.Tensor4D>([[this.resolutions[0], x]]);
      this.resolutions.slice(1).forEach((res, k) => {
        x = this.upBlock(x, k + 1, norms[k + 1]);
        const from = this.exciteFrom.get(res);
        if (from !== undefined) x = this.excite(feats.get(from)!, x, res);
        feats.set(res, x);
      });
      return conv(this.params, x, 'to_img');
    });
  }

  dispose(): void {
    this.params.dispose();
    this.halves.forEach((pair) => pair.forEach(({ filters, bias }) => tf.dispose([...filters, bias])));
    tf.dispose([this.normFromW, this.normFromGrade, this.normBias]);
  }
}
