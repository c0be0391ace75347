import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateManifest } from './manifest';
import { weightsSha256 } from './model-version';
import { sampleManifest } from './testing/sample-manifest';

function expectInvalid(json: unknown, pattern: RegExp): void {
  const result = validateManifest(json);
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.errors.join('\n')).toMatch(pattern);
}

describe('validateManifest (contract/manifest.schema.json)', () => {
  it('accepts a valid manifest and returns it', () => {
    const result = validateManifest(sampleManifest());
    expect(result).toEqual({ ok: true, manifest: sampleManifest() });
  });

  it('refuses another format version with a message naming both', () => {
    expectInvalid({ ...sampleManifest(), format: 'knee-oa-studio/model@2' }, /model@2.*model@1/);
  });

  it('refuses things that are not manifests', () => {
    for (const bad of [null, 42, 'manifest', [], {}]) expect(validateManifest(bad).ok).toBe(false);
  });

  it('names a missing required field', () => {
    const { files: _files, ...rest } = sampleManifest();
    expectInvalid(rest, /files/);
  });

  it('refuses a malformed sha256 and an unsafe file path', () => {
    const m = sampleManifest();
    m.files[0].sha256 = 'XYZ';
    expectInvalid(m, /sha256/);
    const n = sampleManifest();
    n.files[0].path = '../secret';
    expectInvalid(n, /path/);
  });

  it('refuses a manifest without a kl condition', () => {
    const m = sampleManifest();
    m.conditions[0].id = 'grade';
    expectInvalid(m, /conditions/);
  });

  it('refuses a direction whose vector does not fit w_dim', () => {
    const m = sampleManifest();
    m.directions[0].vector = [1, 2];
    expectInvalid(m, /osteophytes.*w_dim/);
  });

  it('sizes a grade-space direction by grade_dim, not w_dim', () => {
    const m = sampleManifest();
    m.directions[0].space = 'grade';
    expectInvalid(m, /osteophytes.*grade_dim/);
    m.directions[0].vector = Array<number>(m.architecture.grade_dim).fill(0.1);
    expect(validateManifest(m).ok).toBe(true);
  });

  it('accepts a mask only on a grade direction of a knee-lite model, sized as it says', () => {
    const m = sampleManifest();
    m.architecture.type = 'knee-lite@2';
    m.directions[0].space = 'grade';
    m.directions[0].vector = Array<number>(m.architecture.grade_dim).fill(0.5);
    m.directions[0].mask = { size: [2, 3], values: [0, 0.5, 1, 1, 0.5, 0] };
    expect(validateManifest(m).ok).toBe(true);
    const style = structuredClone(m);
    style.architecture.type = 'knee-stylegan@1';
    expectInvalid(style, /mask needs a grade direction of a knee-lite model/);
    const inW = structuredClone(m);
    inW.directions[0].space = 'w';
    inW.directions[0].vector = Array<number>(m.architecture.w_dim).fill(0.5);
    expectInvalid(inW, /mask needs a grade direction/);
    const wrongSize = structuredClone(m);
    wrongSize.directions[0].mask!.size = [3, 3];
    expectInvalid(wrongSize, /mask has 6 values, not 3×3/);
    const outOfRange = structuredClone(m);
    outOfRange.directions[0].mask!.values[0] = 2;
    expectInvalid(outOfRange, /mask/);
  });

  it('refuses duplicate direction ids, empty ranges and defaults outside their range', () => {
    const m = sampleManifest();
    m.directions[1].id = 'osteophytes';
    expectInvalid(m, /appears twice/);
    const n = sampleManifest();
    n.directions[2].range = [1, 1];
    expectInvalid(n, /range/);
    const o = sampleManifest();
    o.latent.truncation.default = 2;
    expectInvalid(o, /truncation/);
  });

  it('refuses weights that have no checksum in files[]', () => {
    const m = sampleManifest();
    m.weights.manifest[0].paths = ['other.bin'];
    expectInvalid(m, /other\.bin/);
  });

  it('accepts weights shared from another package only as ../<id>/<file>, last in a group, beside its own', () => {
    const shared = { path: '../knee-a/weights.bin', bytes: 12, sha256: 'ab'.repeat(32) };
    const m = sampleManifest();
    m.files.push(shared);
    m.weights.manifest.unshift({ paths: [shared.path], weights: [{ name: 'g', shape: [1], dtype: 'float32' }] });
    expect(validateManifest(m).ok).toBe(true);

    for (const path of ['../../knee-a/weights.bin', '../knee-a/../x.bin', '/knee-a/weights.bin', '../Knee/x.bin']) {
      const bad = structuredClone(m);
      bad.files[bad.files.length - 1].path = path;
      expectInvalid(bad, /path/);
    }
    const notLast = structuredClone(m);
    notLast.weights.manifest[0].paths.push('weights.bin');
    expectInvalid(notLast, /must be the last file/);
    const itself = structuredClone(m);
    itself.files[itself.files.length - 1].path = itself.weights.manifest[0].paths[0] = '../sample-knee/weights.bin';
    expectInvalid(itself, /names this package/);
    const noOwn = structuredClone(m);
    noOwn.weights.manifest.pop();
    noOwn.files = noOwn.files.filter((f) => f.path !== 'weights.bin');
    expectInvalid(noOwn, /weights file of its own/);
  });

  it('refuses a latent dim that differs from z_dim', () => {
    const m = sampleManifest();
    m.latent.dim = 5;
    expectInvalid(m, /z_dim/);
  });
});

describe('the bundled model packages', () => {
  const root = resolve(__dirname, '../../public/models');
  const index = JSON.parse(readFileSync(join(root, 'index.json'), 'utf8')) as {
    default: string;
    models: { id: string; name: string; path: string }[];
  };

  it('index.json lists the default model first', () => {
    expect(index.models.length).toBeGreaterThan(0);
    expect(index.models[0].id).toBe(index.default);
  });

  it.each(index.models)('$id has a valid manifest whose id matches the index', (entry) => {
    const manifestPath = join(root, entry.path, 'manifest.json');
    expect(existsSync(manifestPath)).toBe(true);
    const result = validateManifest(JSON.parse(readFileSync(manifestPath, 'utf8')));
    if (!result.ok) throw new Error(result.errors.join('\n'));
    expect(result.manifest.id).toBe(entry.id);
    // Every file as listed, those read from another kept package included (a shared file must not change).
    for (const file of result.manifest.files) {
      const bytes = readFileSync(join(root, entry.path, file.path));
      expect([file.path, bytes.length, createHash('sha256').update(bytes).digest('hex')]).toEqual([
        file.path,
        file.bytes,
        file.sha256,
      ]);
    }
    const listed = (entry as { weights_sha256?: string }).weights_sha256;
    if (listed) expect(weightsSha256(result.manifest)).toBe(listed);
    // The editor promises Osteophytes and Joint-space narrowing sliders (issue 2).
    const semantic = result.manifest.directions.filter((d) => d.kind === 'semantic').map((d) => d.label);
    expect(semantic, 'semantic direction sliders in the manifest').toEqual(
      expect.arrayContaining([expect.stringMatching(/osteophyte/i), expect.stringMatching(/joint.space/i)]),
    );
  });
});
