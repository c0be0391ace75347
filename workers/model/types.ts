// What every forward pass needs of a manifest and gives back; ModelManifest satisfies GeneratorSpec.
import type * as tf from '@tensorflow/tfjs';
import type { ModelArchitecture } from '../../core/state/manifest';
import type { MaskedOffset } from './offset';

export interface GeneratorSpec {
  resolution: number[];
  architecture: ModelArchitecture;
  weights: { manifest: tf.io.WeightsManifestConfig };
}

export interface GenerateInput {
  z: Float32Array;
  /** KL grade, continuous in [0, 4]. */
  kl: number;
  /** Truncation ψ: 0 = the average knee, 1 = the full prior. */
  truncation: number;
  /** Σ αᵢ·directionᵢ over the directions in w space, or null. */
  wOffset: Float32Array | null;
  /** Σ αᵢ·directionᵢ over the unmasked directions in grade-embedding space, or null (absent: none). */
  gradeOffset?: Float32Array | null;
  /** Masked grade directions (knee-lite only): each acts only where its mask is. */
  masked?: MaskedOffset[];
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
