// A small, valid manifest for unit tests (not a model: it has no weights file on disk).
import type { ModelManifest } from '../manifest';

export function sampleManifest(): ModelManifest {
  return {
    format: 'knee-oa-studio/model@1',
    id: 'sample-knee',
    name: 'Sample knee model',
    description: 'test fixture',
    license: 'CC BY 4.0',
    citation: { data: 'Chen 2018', method: 'StyleGAN2-style' },
    intended_use: 'education and research; not for diagnosis',
    model_card: 'model-card.md',
    resolution: [8, 8],
    channels: 1,
    output_range: [-1, 1],
    pixel_spacing_mm: null,
    architecture: {
      type: 'knee-stylegan@1',
      z_dim: 4,
      w_dim: 3,
      grade_dim: 2,
      mapping_layers: 2,
      channels: { '4': 8, '8': 4 },
    },
    weights: {
      precision: 'float32',
      manifest: [{ paths: ['weights.bin'], weights: [{ name: 'w_avg', shape: [3], dtype: 'float32' }] }],
    },
    latent: {
      dim: 4,
      prior: 'normal',
      seed_rule: 'lowbias32-box-muller@1',
      truncation: { default: 0.7, min: 0, max: 1 },
    },
    conditions: [
      {
        id: 'kl',
        label: 'KL grade',
        min: 0,
        max: 4,
        default: 0,
        ticks: [
          { value: 0, label: 'None' },
          { value: 1, label: 'Doubtful' },
          { value: 2, label: 'Minimal' },
          { value: 3, label: 'Moderate' },
          { value: 4, label: 'Severe' },
        ],
      },
    ],
    directions: [
      {
        id: 'osteophytes',
        label: 'Osteophytes',
        space: 'w',
        vector: [1, 0, 0],
        range: [-3, 3],
        kind: 'semantic',
        method: 'test',
      },
      {
        id: 'jsn',
        label: 'Joint-space narrowing',
        space: 'w',
        vector: [0, 1, 0],
        range: [-3, 3],
        kind: 'semantic',
        method: 'test',
      },
      {
        id: 'pc1',
        label: 'Principal 1',
        space: 'w',
        vector: [0, 0, 1],
        range: [-2, 2],
        kind: 'principal',
        method: 'PCA',
      },
    ],
    files: [{ path: 'weights.bin', bytes: 12, sha256: 'a'.repeat(64) }],
    training: {
      dataset: 'knee-kl224',
      num_images: 1,
      images_shown: 1,
      hardware: 'cpu',
      wall_time_s: 1,
      date: '2026-11-23',
      code_revision: 'test',
      config: {},
    },
    metrics: {},
  };
}
