import { describe, expect, it } from 'vitest';
import { explainFailure } from './bridge';

describe('explainFailure', () => {
  it('turns what a worker throws into one short sentence', () => {
    expect(explainFailure(new Error('model file missing: weights.bin'))).toBe('model file missing: weights.bin');
    expect(explainFailure('plain text')).toBe('plain text');
    expect(explainFailure({ weird: true })).toBe('unknown error');
    expect(explainFailure(new Error('x'.repeat(1000))).length).toBeLessThanOrEqual(301);
    expect(explainFailure(new Error('Failed to allocate buffer'))).toMatch(/^The generator ran out of memory/);
  });
});
