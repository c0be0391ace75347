import { describe, expect, it } from 'vitest';
import { openModel } from './open-model';
import { clearCachedPackages, isPackageCached, listCachedPackages } from './package-cache';
import { loadIndex, loadPackage } from './package-loader';
import { entry, fixture, MODELS } from './testing/package-fixture';

const v2Weights = new Uint8Array(16).map((_, i) => 200 - i);
const text = (body: string) => () => new Response(body, { headers: { 'content-type': 'text/markdown' } });
const jsonFile = (body: unknown) => () =>
  new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });

/** The server's index after a new version of sample-knee shipped (it names its weights). */
function serveIndex(f: ReturnType<typeof fixture>, models: object[], defaultId = 'sample-knee') {
  f.files.set(`${MODELS}index.json`, jsonFile({ default: defaultId, models }));
  return loadIndex(f.fetcher, f.store, MODELS);
}

describe('model versions on this device', () => {
  it('keeps two versions of one model side by side, lists and clears them', async () => {
    const f = fixture();
    await loadPackage(f.fetcher, f.store, MODELS, entry);
    const v2 = f.publish(v2Weights);
    await loadPackage(f.fetcher, f.store, MODELS, entry);
    const v2Sha = v2.files[0].sha256;
    expect(await isPackageCached(f.store, 'sample-knee', f.sha)).toBe(true);
    expect(await isPackageCached(f.store, 'sample-knee', v2Sha)).toBe(true);
    expect(await listCachedPackages(f.store)).toEqual([
      { id: 'sample-knee', name: v2.name, sha256: v2Sha, bytes: 16, files: [{ sha256: v2Sha, bytes: 16 }] },
      { id: 'sample-knee', name: f.manifest.name, sha256: f.sha, bytes: 12, files: [{ sha256: f.sha, bytes: 12 }] },
    ]);

    await loadIndex(f.fetcher, f.store, MODELS);
    expect(await clearCachedPackages(f.store)).toBe(2);
    expect(await listCachedPackages(f.store)).toEqual([]);
    expect([...f.map.keys()]).toEqual(['models-index']); // the weights files went too
    expect(f.map.has('models-index')).toBe(true); // the index stays: it is not a download to clear
  });

  it('moves a package cached under the old single-version key, and uses it offline', async () => {
    const f = fixture();
    await loadIndex(f.fetcher, f.store, MODELS);
    await loadPackage(f.fetcher, f.store, MODELS, entry);
    const record = f.map.get(`model-package:sample-knee:${f.sha}`) as object;
    const stored = f.map.get(`model-file:${f.sha}`);
    const f2 = fixture(); // a fresh worker session on a device an earlier app version wrote
    // as that version stored it: one key per model, the files inside the record
    f2.map.set('model-package:sample-knee', { ...record, files: { 'weights.bin': stored } });
    f2.goOffline();
    f2.map.set('models-index', { default: 'sample-knee', models: [entry] });
    const pkg = await loadPackage(f2.fetcher, f2.store, MODELS, entry);
    expect(pkg.fromCache).toBe(true);
    expect(new Uint8Array(pkg.weights)).toEqual(f.weights);
    expect([...f2.map.keys()].sort()).toEqual([
      `model-file:${f.sha}`,
      `model-package:sample-knee:${f.sha}`,
      'models-index',
    ]);
    expect(f2.map.get(`model-package:sample-knee:${f.sha}`)).not.toHaveProperty('files.weights.bin');
  });

  it('moves files kept inside a versioned record out to their SHA-256', async () => {
    const f = fixture();
    await loadPackage(f.fetcher, f.store, MODELS, entry);
    const record = f.map.get(`model-package:sample-knee:${f.sha}`) as object;
    const f2 = fixture();
    f2.map.set(`model-package:sample-knee:${f.sha}`, { ...record, files: { 'weights.bin': f.weights.slice().buffer } });
    expect(await isPackageCached(f2.store, 'sample-knee', f.sha)).toBe(true);
    expect(new Uint8Array(f2.map.get(`model-file:${f.sha}`) as ArrayBuffer)).toEqual(f.weights);
    expect(f2.map.get(`model-package:sample-knee:${f.sha}`)).not.toHaveProperty('files.weights.bin');
  });

  it('a file another kept package shares is not downloaded again, and is kept once', async () => {
    const f = fixture();
    await loadPackage(f.fetcher, f.store, MODELS, entry);
    // "sample-knee-b" reads its first weights from ../sample-knee/weights.bin and adds its own
    const own = new Uint8Array(8).map((_, i) => 50 + i);
    const b = f.publish(own, 'sample-knee-b');
    const shared = { ...f.manifest.files[0], path: '../sample-knee/weights.bin' };
    b.weights.manifest = [
      { paths: [shared.path], weights: f.manifest.weights.manifest[0].weights },
      { paths: ['weights.bin'], weights: [{ name: 'extra', shape: [2], dtype: 'float32' }] },
    ];
    b.files = [b.files[0], shared];
    f.files.set(
      `${MODELS}sample-knee-b/manifest.json`,
      () =>
        new Response(JSON.stringify(b), {
          headers: { 'content-type': 'application/json' },
        }),
    );
    f.requests.length = 0;
    const bEntry = { id: 'sample-knee-b', name: 'B', path: 'sample-knee-b' };
    const pkg = await loadPackage(f.fetcher, f.store, MODELS, bEntry);
    const weightsRequests = f.requests.filter((url) => url.endsWith('.bin'));
    expect(weightsRequests).toEqual([`${MODELS}sample-knee-b/weights.bin`]); // not ../sample-knee/weights.bin
    expect(new Uint8Array(pkg.weights)).toEqual(new Uint8Array([...f.weights, ...own]));
    expect([...f.map.keys()].filter((k) => k.startsWith('model-file:')).sort()).toEqual(
      [`model-file:${b.files[0].sha256}`, `model-file:${f.sha}`].sort(),
    );
    const listed = await listCachedPackages(f.store);
    expect(listed.map((p) => [p.id, p.bytes])).toEqual([
      ['sample-knee-b', 20],
      ['sample-knee', 12],
    ]);
  });

  it('keeps the model card with the weights', async () => {
    const f = fixture();
    f.files.set(`${MODELS}sample-knee/model-card.md`, text('# Sample card v1'));
    await loadPackage(f.fetcher, f.store, MODELS, entry);
    const record = f.map.get(`model-package:sample-knee:${f.sha}`) as { texts: Record<string, string> };
    expect(record.texts).toEqual({ 'model-card.md': '# Sample card v1' });
  });
});

describe('which package answers a link (open-model)', () => {
  const prefixOf = (sha: string) => sha.slice(0, 8);

  it('(a) the served model when its weights are the link’s, or the link names none', async () => {
    const f = fixture();
    const index = await loadIndex(f.fetcher, f.store, MODELS);
    const exact = await openModel(f.fetcher, f.store, MODELS, index, { id: 'sample-knee', prefix: prefixOf(f.sha) });
    expect(exact.resolution).toEqual({ kind: 'as-asked' });
    const old = await openModel(f.fetcher, f.store, MODELS, index, { id: 'sample-knee' });
    expect(old.resolution).toEqual({ kind: 'as-asked' });
    const none = await openModel(f.fetcher, f.store, MODELS, index, {});
    expect(none.pkg.manifest.id).toBe('sample-knee');
  });

  it('(b) weights kept on this device when the server now has others, without downloading', async () => {
    const f = fixture();
    f.files.set(`${MODELS}sample-knee/model-card.md`, text('# Sample card v1'));
    await loadPackage(f.fetcher, f.store, MODELS, entry);
    const v2 = f.publish(v2Weights);
    f.files.set(`${MODELS}sample-knee/model-card.md`, text('# Sample card v2'));
    const index = await serveIndex(f, [{ ...entry, weights_sha256: v2.files[0].sha256 }]);
    f.requests.length = 0;
    const opened = await openModel(f.fetcher, f.store, MODELS, index, { id: 'sample-knee', prefix: prefixOf(f.sha) });
    expect(opened.resolution).toEqual({ kind: 'kept-on-device', id: 'sample-knee', sha256: f.sha, served: true });
    expect(new Uint8Array(opened.pkg.weights)).toEqual(f.weights);
    expect(opened.texts['model-card.md']).toBe('# Sample card v1');
    expect(f.requests).toEqual([]);
  });

  it('(b) also with an older index that does not name its weights', async () => {
    const f = fixture();
    await loadPackage(f.fetcher, f.store, MODELS, entry);
    f.publish(v2Weights);
    const index = await loadIndex(f.fetcher, f.store, MODELS);
    const opened = await openModel(f.fetcher, f.store, MODELS, index, { id: 'sample-knee', prefix: prefixOf(f.sha) });
    expect(opened.resolution.kind).toBe('kept-on-device');
    expect(new Uint8Array(opened.pkg.weights)).toEqual(f.weights);
  });

  it('(c) the served weights, saying they differ, when this device has none of the link’s', async () => {
    const f = fixture();
    const index = await loadIndex(f.fetcher, f.store, MODELS);
    const opened = await openModel(f.fetcher, f.store, MODELS, index, { id: 'sample-knee', prefix: '0badc0de' });
    expect(opened.resolution).toEqual({ kind: 'other-weights', id: 'sample-knee', asked: '0badc0de', loaded: f.sha });
    expect(new Uint8Array(opened.pkg.weights)).toEqual(f.weights);
  });

  it('(c) a damaged kept copy is not used', async () => {
    const f = fixture();
    await loadPackage(f.fetcher, f.store, MODELS, entry);
    new Uint8Array(f.map.get(`model-file:${f.sha}`) as ArrayBuffer)[0] ^= 1;
    const v2 = f.publish(v2Weights);
    const index = await serveIndex(f, [{ ...entry, weights_sha256: v2.files[0].sha256 }]);
    const opened = await openModel(f.fetcher, f.store, MODELS, index, { id: 'sample-knee', prefix: prefixOf(f.sha) });
    expect(opened.resolution.kind).toBe('other-weights');
  });

  it('(d) the default model, naming the missing one; a kept copy of it is used instead', async () => {
    const f = fixture();
    const index = await loadIndex(f.fetcher, f.store, MODELS);
    const missing = await openModel(f.fetcher, f.store, MODELS, index, { id: 'retired-knee', prefix: '12345678' });
    expect(missing.resolution).toEqual({ kind: 'missing', id: 'retired-knee', shown: 'Sample' });
    expect(missing.pkg.manifest.id).toBe('sample-knee');

    // A model this device kept from before it was retired still opens, offline included.
    const retired = f.publish(v2Weights, 'retired-knee');
    await loadPackage(f.fetcher, f.store, MODELS, { id: 'retired-knee', name: 'Retired', path: 'retired-knee' });
    f.goOffline();
    const kept = await openModel(f.fetcher, f.store, MODELS, index, { id: 'retired-knee' });
    expect(kept.resolution).toEqual({
      kind: 'kept-on-device',
      id: 'retired-knee',
      sha256: retired.files[0].sha256,
      served: false,
    });
    expect(kept.entry).toBeNull();
  });
});
