import { describe, expect, it } from 'vitest';
import { packageLine, storageSummary } from './storage-summary';

const sha = (c: string) => c.repeat(64);
const knee = {
  id: 'knee',
  name: 'Knee OA · 128 px',
  sha256: 'd2e33f7a'.padEnd(64, '0'),
  bytes: 10_912_345,
  files: [{ sha256: sha('a'), bytes: 10_912_345 }],
};

describe('the Storage line', () => {
  it('counts the kept packages and their size', () => {
    expect(storageSummary([])).toBe('no models on this device');
    expect(storageSummary([knee])).toBe('1 model on this device (10.9 MB)');
    const other = { ...knee, sha256: sha('e'), bytes: 88_000, files: [{ sha256: sha('b'), bytes: 88_000 }] };
    expect(storageSummary([knee, other])).toBe('2 models on this device (11.0 MB)');
  });

  it('counts a weights file two packages share once', () => {
    const sharing = {
      ...knee,
      id: 'knee-b',
      sha256: sha('f'),
      bytes: 10_912_345 + 10_000,
      files: [...knee.files, { sha256: sha('c'), bytes: 10_000 }],
    };
    expect(storageSummary([sharing, knee])).toBe('2 models on this device (10.9 MB)');
  });

  it('names each package with its weights prefix', () => {
    expect(packageLine(knee)).toBe('Knee OA · 128 px, weights d2e33f7a…, 10.9 MB');
  });
});
