import { describe, expect, it } from 'vitest';
import { packageLine, storageSummary } from './storage-summary';

const knee = { id: 'knee', name: 'Knee OA · 128 px', sha256: 'd2e33f7a'.padEnd(64, '0'), bytes: 10_912_345 };

describe('the Storage line', () => {
  it('counts the kept packages and their size', () => {
    expect(storageSummary([])).toBe('no models on this device');
    expect(storageSummary([knee])).toBe('1 model on this device (10.9 MB)');
    expect(storageSummary([knee, { ...knee, sha256: 'e'.repeat(64), bytes: 88_000 }])).toBe(
      '2 models on this device (11.0 MB)',
    );
  });

  it('names each package with its weights prefix', () => {
    expect(packageLine(knee)).toBe('Knee OA · 128 px, weights d2e33f7a…, 10.9 MB');
  });
});
