// What every forward pass needs of a manifest and gives back; ModelManifest satisfies GeneratorSpec.
import type * as tf from '@tensorflow/tfjs';

export interface GeneratorSpec {
  resolution: number[];
  architecture: {
    type: 'knee-stylegan@1' | 'knee-lite@1';
    z_dim: number;
    w_dim: number;
    grade_dim: number;
    mapping_layers: number;
    /** Synthesis channels per resolution; the smallest key is the base, the largest the generator's output. */
    channels: Record<string, number>;
    /** knee-lite@1: fine resolution -> the coarse resolution that gates it. */
    excite?: Record<string, number>;
    /** A learned x2 upsampler after the generator; `resolution` is then twice the generator's. */
    upsampler?: { type: 'espcn-x2@1'; channels: number; layers: number };
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

export interface ImageGenerator {
  readonly zDim: number;
  readonly wDim: number;
  /** Side of the square output image. */
  readonly resolution: number;
  /** One image, [1, H, W, 1], values about [-1, 1] (not clamped). The caller disposes it. */
  generate(input: GenerateInput): tf.Tensor4D;
  dispose(): void;
}
