import { describe, expect, it } from 'vitest';
import { defaultState, resolveState, sameState } from './editor-state';
import { sampleManifest } from './testing/sample-manifest';

describe('editor state for a manifest', () => {
  const manifest = sampleManifest();
  const weights = manifest.files.find((f) => f.path.endsWith('.bin'))!.sha256.slice(0, 8);

  it('defaults come from the manifest, every direction at 0', () => {
    expect(defaultState(manifest)).toEqual({
      model: 'sample-knee',
      weights,
      seed: 42,
      kl: 0,
      truncation: 0.7,
      directions: { osteophytes: 0, jsn: 0, pc1: 0 },
    });
  });

  it('keeps valid values and fills the rest with defaults', () => {
    const { state, problems } = resolveState({ seed: 7, kl: 2.5, directions: { jsn: -1 } }, manifest);
    expect(state).toEqual({
      model: 'sample-knee',
      weights,
      seed: 7,
      kl: 2.5,
      truncation: 0.7,
      directions: { osteophytes: 0, jsn: -1, pc1: 0 },
    });
    expect(problems).toEqual([]);
  });

  it('clamps out-of-range values and drops unknown sliders, saying so', () => {
    const { state, problems } = resolveState({ kl: 9, truncation: -1, directions: { pc1: 5, nope: 1 } }, manifest);
    expect(state.kl).toBe(4);
    expect(state.truncation).toBe(0);
    expect(state.directions.pc1).toBe(2);
    expect(problems).toHaveLength(4);
    expect(problems.join(' ')).toMatch(/KL grade 9.*truncation -1.*Principal 1 5.*nope/);
  });

  it('sameState treats a missing direction as 0', () => {
    const a = defaultState(manifest);
    expect(sameState(a, { ...a, directions: {} })).toBe(true);
    expect(sameState(a, { ...a, weights: undefined })).toBe(true);
    expect(sameState(a, { ...a, kl: 1 })).toBe(false);
    expect(sameState(a, { ...a, directions: { jsn: 0.5 } })).toBe(false);
  });
});
