// The model package manifest (contract/manifest.schema.json, format knee-oa-studio/model@1):
// its types, and validation against the one schema the exporter's tests also use.
// @cfworker/json-schema compiles no code at run time, so it works under a strict CSP.
import { Validator, type Schema } from '@cfworker/json-schema';
import schema from '../../contract/manifest.schema.json';
import { isOwnWeights, sharedFrom } from './package-files';

export const MANIFEST_FORMAT = 'knee-oa-studio/model@1';

export interface WeightEntry {
  name: string;
  shape: number[];
  dtype: 'float32';
  quantization?: { dtype: 'float16'; [key: string]: unknown };
}

export interface WeightsGroup {
  paths: string[];
  weights: WeightEntry[];
}

export interface ConditionTick {
  value: number;
  label: string;
}

export interface Condition {
  id: string;
  label: string;
  min: number;
  max: number;
  default: number;
  ticks?: ConditionTick[];
}

export interface Direction {
  id: string;
  label: string;
  description?: string;
  /** w: added to w after truncation; grade: added to the KL-blended grade embedding. */
  space: 'w' | 'grade';
  vector: number[];
  /** Grade directions of knee-lite models: the offset acts only where this map is (row-major, [0, 1]). */
  mask?: { size: [number, number]; values: number[]; about?: string };
  range: [number, number];
  kind: 'semantic' | 'principal';
  method: string;
  effect?: Record<string, unknown>;
}

export interface PackageFile {
  /** A file of this package, or `../<id>/<file>`: a file of another kept package it shares. */
  path: string;
  bytes: number;
  sha256: string;
}

/** Bytes the weights of one group take: float16-quantised 2 per value, float32 4. */
export function groupByteLength(group: WeightsGroup): number {
  return group.weights.reduce(
    (n, w) => n + w.shape.reduce((a, b) => a * b, 1) * (w.quantization?.dtype === 'float16' ? 2 : 4),
    0,
  );
}

/** The network a package holds (contract/README.md); the worker's forward passes read it. */
export interface ModelArchitecture {
  type: 'knee-stylegan@1' | 'knee-lite@1' | 'knee-lite@2';
  z_dim: number;
  w_dim: number;
  grade_dim: number;
  mapping_layers: number;
  /** Synthesis channels per resolution; the smallest key is the base, the largest the generator's output. */
  channels: Record<string, number>;
  /** knee-lite@1, @2: fine resolution -> the coarse resolution whose global average gates it. */
  excite?: Record<string, number>;
  /** A learned x2 upsampler after the generator; `resolution` is then twice the generator's. */
  upsampler?: { type: 'espcn-x2@1'; channels: number; layers: number };
}

export interface ModelManifest {
  format: typeof MANIFEST_FORMAT;
  id: string;
  name: string;
  description: string;
  license: string;
  citation: { data: string; method: string };
  intended_use: string;
  model_card?: string;
  resolution: [number, number];
  channels: 1;
  output_range: [number, number];
  pixel_spacing_mm: number | null;
  architecture: ModelArchitecture;
  weights: {
    precision?: 'float32' | 'float16';
    max_abs_error_vs_float32?: number;
    manifest: WeightsGroup[];
  };
  latent: {
    dim: number;
    prior: 'normal';
    seed_rule: 'lowbias32-box-muller@1';
    truncation: { default: number; min: number; max: number };
  };
  conditions: Condition[];
  directions: Direction[];
  files: PackageFile[];
  training: Record<string, unknown>;
  metrics: Record<string, unknown>;
}

export type ManifestResult = { ok: true; manifest: ModelManifest } | { ok: false; errors: string[] };

const validator = new Validator(schema as unknown as Schema, '2020-12', false);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks the schema cannot express: lengths that depend on other fields, and ordered ranges. */
function consistencyErrors(m: ModelManifest): string[] {
  const errors: string[] = [];
  if (m.latent.dim !== m.architecture.z_dim)
    errors.push(`latent.dim (${m.latent.dim}) differs from architecture.z_dim (${m.architecture.z_dim})`);
  const made = Math.max(...Object.keys(m.architecture.channels).map(Number)) * (m.architecture.upsampler ? 2 : 1);
  if (m.resolution[0] !== made || m.resolution[1] !== made)
    errors.push(`resolution ${m.resolution.join('×')} differs from the ${made}×${made} the architecture makes`);
  const t = m.latent.truncation;
  if (!(t.min <= t.default && t.default <= t.max))
    errors.push(`latent.truncation default ${t.default} is outside [${t.min}, ${t.max}]`);
  for (const c of m.conditions)
    if (!(c.min <= c.default && c.default <= c.max))
      errors.push(`condition ${c.id}: default ${c.default} is outside [${c.min}, ${c.max}]`);
  const ids = new Set<string>();
  for (const d of m.directions) {
    if (ids.has(d.id)) errors.push(`direction ${d.id} appears twice`);
    ids.add(d.id);
    const dim = d.space === 'grade' ? 'grade_dim' : 'w_dim';
    if (d.vector.length !== m.architecture[dim])
      errors.push(`direction ${d.id}: vector has ${d.vector.length} values, ${dim} is ${m.architecture[dim]}`);
    if (!(d.range[0] < d.range[1])) errors.push(`direction ${d.id}: range [${d.range.join(', ')}] is empty`);
    if (d.mask) {
      if (d.space !== 'grade' || !m.architecture.type.startsWith('knee-lite'))
        errors.push(`direction ${d.id}: a mask needs a grade direction of a knee-lite model`);
      if (d.mask.values.length !== d.mask.size[0] * d.mask.size[1])
        errors.push(`direction ${d.id}: mask has ${d.mask.values.length} values, not ${d.mask.size.join('×')}`);
    }
  }
  const listed = new Set(m.files.map((f) => f.path));
  for (const group of m.weights.manifest)
    group.paths.forEach((path, i) => {
      if (!listed.has(path)) errors.push(`weights file ${path} is not listed in files[] (no checksum)`);
      // A shared file may hold more than this group reads (another model's tail), so only at the end.
      if (sharedFrom(path) !== null && i !== group.paths.length - 1)
        errors.push(`shared weights file ${path} must be the last file of its weights group`);
    });
  for (const f of m.files)
    if (sharedFrom(f.path) === m.id) errors.push(`file ${f.path} names this package as another one`);
  if (m.files.some((f) => sharedFrom(f.path) !== null) && !m.files.some((f) => isOwnWeights(f.path)))
    errors.push('a package that shares weights must have a weights file of its own (its version)');
  return errors;
}

/** Validates parsed JSON against contract/manifest.schema.json plus the cross-field rules above. */
export function validateManifest(json: unknown): ManifestResult {
  if (isRecord(json) && typeof json.format === 'string' && json.format !== MANIFEST_FORMAT)
    return {
      ok: false,
      errors: [`unknown model format "${json.format}"; this app reads ${MANIFEST_FORMAT}`],
    };
  const result = validator.validate(json);
  if (!result.valid) {
    // Leaf errors say what is wrong where; the wrapping "properties"/"items" errors only repeat them.
    const leaves = result.errors.filter((e) => !['properties', 'items', 'allOf', '$ref'].includes(e.keyword));
    const chosen = leaves.length > 0 ? leaves : result.errors;
    return {
      ok: false,
      errors: [...new Set(chosen.map((e) => `${e.instanceLocation.replace(/^#/, '') || '/'}: ${e.error}`))],
    };
  }
  const manifest = json as unknown as ModelManifest;
  const errors = consistencyErrors(manifest);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, manifest };
}
