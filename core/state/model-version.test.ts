import { describe, expect, it } from 'vitest';
import { matchesWeights, modelLabel, resolutionNotice, weightsPrefix } from './model-version';
import { sampleManifest } from './testing/sample-manifest';

const sha = 'd2e33f7a19d6961cd7a6b0c091c71cfd6abc6821a3205974c215be1d7999de33';

describe('model versions', () => {
  it('a link carries the first 8 hex digits of the weights hash', () => {
    expect(weightsPrefix(sampleManifest())).toBe('aaaaaaaa');
    expect(weightsPrefix({ ...sampleManifest(), files: [] })).toBeUndefined();
  });

  it('a prefix matches its hash; no prefix matches any weights', () => {
    expect(matchesWeights(sha, 'd2e33f7a')).toBe(true);
    expect(matchesWeights(sha, 'D2E33F7A')).toBe(true);
    expect(matchesWeights(sha, '00000000')).toBe(false);
    expect(matchesWeights(null, 'd2e33f7a')).toBe(false);
    expect(matchesWeights(null, undefined)).toBe(true);
  });

  it('labels a former default in the Model menu', () => {
    expect(modelLabel({ name: 'Knee OA · 128 px', status: 'earlier' })).toBe('Knee OA · 128 px (earlier version)');
    expect(modelLabel({ name: 'Knee OA · 128 px', status: 'current' })).toBe('Knee OA · 128 px');
    expect(modelLabel({ name: 'Knee OA · 128 px' })).toBe('Knee OA · 128 px');
  });

  it('says in one sentence what a link got instead of what it asked for', () => {
    expect(resolutionNotice({ kind: 'as-asked' })).toBeNull();
    expect(resolutionNotice({ kind: 'other-weights', id: 'knee', asked: '00000000', loaded: sha })).toBe(
      'This link was made with weights 00000000… of "knee"; this app has d2e33f7a…, so the image may differ.',
    );
    const missing = resolutionNotice({ kind: 'missing', id: 'old-knee', shown: 'Knee OA' })!;
    expect(missing).toMatch(/no model "old-knee", so it shows Knee OA/);
    expect(missing).toMatch(/git history under public\/models\/old-knee\//);
    expect(resolutionNotice({ kind: 'kept-on-device', id: 'knee', sha256: sha, served: true })).toMatch(
      /weights d2e33f7a… the link names, kept on this device/,
    );
    expect(resolutionNotice({ kind: 'kept-on-device', id: 'knee', sha256: sha, served: false })).toMatch(
      /no longer ships it/,
    );
  });
});
