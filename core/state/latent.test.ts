import { describe, expect, it } from 'vitest';
import vectors from '../../contract/latent-vectors.json';
import { isValidSeed, MAX_SEED, mix32, seedToLatent } from './latent';

describe('seed -> latent (contract/latent-vectors.json, shared with Python)', () => {
  it('mix32 matches the shared vectors', () => {
    for (const [input, output] of vectors.mix32) expect(mix32(input)).toBe(output);
  });

  it.each(vectors.cases)('seed $seed, dim $dim matches Python', ({ seed, dim, z }) => {
    const latent = seedToLatent(seed, dim);
    expect(latent.length).toBe(dim);
    latent.forEach((value, i) => expect(Math.abs(value - z[i])).toBeLessThanOrEqual(1e-6));
  });

  it('is deterministic and differs between seeds', () => {
    expect(seedToLatent(7, 64)).toEqual(seedToLatent(7, 64));
    expect(seedToLatent(7, 64)).not.toEqual(seedToLatent(8, 64));
  });

  it('looks standard normal over many values', () => {
    const z = seedToLatent(2024, 20000);
    const mean = z.reduce((a, b) => a + b, 0) / z.length;
    const variance = z.reduce((a, b) => a + (b - mean) ** 2, 0) / z.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });

  it('rejects seeds outside unsigned 32-bit integers', () => {
    for (const bad of [-1, 1.5, MAX_SEED + 1, Number.NaN]) {
      expect(isValidSeed(bad)).toBe(false);
      expect(() => seedToLatent(bad, 4)).toThrow(RangeError);
    }
    expect(isValidSeed(MAX_SEED)).toBe(true);
  });
});
