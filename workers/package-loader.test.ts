import { describe, expect, it } from 'vitest';
import { isPackageCached, loadIndex, loadPackage, parseIndex, type PackageStore } from './package-loader';
import { weightsSha256 } from '../core/state/model-version';
import { entry, fixture, mapStore, MODELS } from './testing/package-fixture';

describe('model package loading', () => {
  it('loads, verifies and caches; the second load reads no weights from the network', async () => {
    const f = fixture();
    const first = await loadPackage(f.fetcher, f.store, MODELS, entry);
    expect(first.fromCache).toBe(false);
    expect(new Uint8Array(first.weights)).toEqual(f.weights);
    expect(await isPackageCached(f.store, 'sample-knee', f.sha)).toBe(true);
    expect([...f.map.keys()]).toContain(`model-package:sample-knee:${f.sha}`);

    f.requests.length = 0;
    const second = await loadPackage(f.fetcher, f.store, MODELS, entry);
    expect(second.fromCache).toBe(true);
    expect(new Uint8Array(second.weights)).toEqual(f.weights);
    expect(f.requests.some((url) => url.endsWith('.bin'))).toBe(false);
  });

  it('works offline from the cache, index included', async () => {
    const f = fixture();
    await loadIndex(f.fetcher, f.store, MODELS);
    await loadPackage(f.fetcher, f.store, MODELS, entry);
    f.goOffline();
    const index = await loadIndex(f.fetcher, f.store, MODELS);
    expect(index.default).toBe('sample-knee');
    const pkg = await loadPackage(f.fetcher, f.store, MODELS, entry);
    expect(pkg.fromCache).toBe(true);
  });

  it('refuses a corrupt weights file and does not cache it', async () => {
    const f = fixture();
    const corrupt = f.weights.slice();
    corrupt[3] ^= 0xff;
    f.files.set(
      `${MODELS}sample-knee/weights.bin`,
      () => new Response(corrupt, { headers: { 'content-type': 'application/octet-stream' } }),
    );
    await expect(loadPackage(f.fetcher, f.store, MODELS, entry)).rejects.toThrow(
      /weights\.bin is damaged: its SHA-256/,
    );
    expect(await isPackageCached(f.store, 'sample-knee', f.sha)).toBe(false);
  });

  it('replaces a damaged cached copy with a fresh download', async () => {
    const f = fixture();
    await loadPackage(f.fetcher, f.store, MODELS, entry);
    new Uint8Array(f.map.get(`model-file:${f.sha}`) as ArrayBuffer)[0] ^= 1;
    const again = await loadPackage(f.fetcher, f.store, MODELS, entry);
    expect(again.fromCache).toBe(false);
    expect(new Uint8Array(again.weights)).toEqual(f.weights);
    expect(new Uint8Array(f.map.get(`model-file:${f.sha}`) as ArrayBuffer)).toEqual(f.weights); // kept repaired
  });

  it('says "model file missing" when the server answers with HTML or 404', async () => {
    const f = fixture();
    f.files.delete(`${MODELS}sample-knee/weights.bin`);
    await expect(loadPackage(f.fetcher, f.store, MODELS, entry)).rejects.toThrow('model file missing: weights.bin');
    f.files.set(`${MODELS}sample-knee/weights.bin`, new Response('nope', { status: 404 }));
    await expect(loadPackage(f.fetcher, f.store, MODELS, entry)).rejects.toThrow('model file missing: weights.bin');
    f.files.set(`${MODELS}sample-knee/weights.bin`, new Response('err', { status: 500 }));
    await expect(loadPackage(f.fetcher, f.store, MODELS, entry)).rejects.toThrow(/HTTP 500/);
  });

  it('refuses an invalid manifest or one of an unknown format, with the reason', async () => {
    const f = fixture();
    const json = (body: unknown) =>
      new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
    f.files.set(`${MODELS}sample-knee/manifest.json`, json({ ...f.manifest, format: 'knee-oa-studio/model@9' }));
    await expect(loadPackage(f.fetcher, f.store, MODELS, entry)).rejects.toThrow(/model@9/);
    f.files.set(`${MODELS}sample-knee/manifest.json`, json({ ...f.manifest, id: 'other' }));
    await expect(loadPackage(f.fetcher, f.store, MODELS, entry)).rejects.toThrow(/says "other"/);
  });

  it("reads the part of another package's weights file it shares, and is named by its own file", async () => {
    const f = fixture();
    // sample-knee-b: the first 8 of sample-knee's 12 bytes (say, its generator) and 4 bytes of its own.
    const own = new Uint8Array([9, 8, 7, 6]);
    const b = f.publish(own, 'sample-knee-b');
    b.weights.manifest = [
      { paths: ['../sample-knee/weights.bin'], weights: [{ name: 'w_avg', shape: [2], dtype: 'float32' }] },
      { paths: ['weights.bin'], weights: [{ name: 'extra', shape: [1], dtype: 'float32' }] },
    ];
    b.files.push({ path: '../sample-knee/weights.bin', bytes: 12, sha256: f.sha });
    f.files.set(`${MODELS}sample-knee-b/manifest.json`, () => new Response(JSON.stringify(b)));
    const entryB = { id: 'sample-knee-b', name: 'B', path: 'sample-knee-b' };

    const pkg = await loadPackage(f.fetcher, f.store, MODELS, entryB);
    expect(new Uint8Array(pkg.weights)).toEqual(new Uint8Array([...f.weights.slice(0, 8), ...own]));
    expect(weightsSha256(pkg.manifest)).toBe(b.files[0].sha256);
    expect(weightsSha256(pkg.manifest)).not.toBe(f.sha);
    expect(f.requests).toContain(`${MODELS}sample-knee/weights.bin`);
    expect(await isPackageCached(f.store, 'sample-knee-b', b.files[0].sha256)).toBe(true);

    // The shared file is checked like its own: a damaged one is refused.
    const damaged = f.weights.slice();
    damaged[0] ^= 1;
    f.files.set(`${MODELS}sample-knee/weights.bin`, () => new Response(damaged));
    await expect(loadPackage(f.fetcher, mapStore(new Map()), MODELS, entryB)).rejects.toThrow(
      /sample-knee\/weights\.bin is damaged/,
    );
  });

  it('refuses weights files of the wrong size for their manifest', async () => {
    const f = fixture();
    const short = f.publish(new Uint8Array(8));
    short.weights.manifest[0].weights[0].shape = [3]; // 12 bytes described, 8 served
    f.files.set(`${MODELS}sample-knee/manifest.json`, () => new Response(JSON.stringify(short)));
    await expect(loadPackage(f.fetcher, f.store, MODELS, entry)).rejects.toThrow(
      /hold 8 bytes, the manifest describes 12/,
    );
  });

  it('still loads when the device refuses to store the package', async () => {
    const f = fixture();
    const store: PackageStore = {
      ...mapStore(new Map()),
      set: async () => {
        throw new Error('QuotaExceededError');
      },
    };
    const pkg = await loadPackage(f.fetcher, store, MODELS, entry);
    expect(pkg.cacheProblem).toMatch(/QuotaExceededError/);
  });

  it('rejects a model index that is malformed or names a missing default', async () => {
    const f = fixture();
    const json = (body: unknown) => () =>
      new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
    f.files.set(`${MODELS}index.json`, json({ default: 'x', models: [entry] }));
    await expect(loadIndex(f.fetcher, f.store, MODELS)).rejects.toThrow(/default "x"/);
    f.files.set(`${MODELS}index.json`, json({ default: 'sample-knee', models: [{ ...entry, path: '../../etc' }] }));
    await expect(loadIndex(f.fetcher, f.store, MODELS)).rejects.toThrow(/not a valid model index/);
  });

  it('reads an index without version fields, and drops malformed ones', () => {
    const index = parseIndex({
      default: 'sample-knee',
      models: [
        entry,
        { ...entry, id: 'b', weights_sha256: 'not-a-hash', status: 'retired', added: '2026-01-01' },
        { ...entry, id: 'c', weights_sha256: 'ab'.repeat(32), status: 'earlier', superseded_by: 'sample-knee' },
      ],
    });
    expect(index.models).toEqual([
      entry,
      { ...entry, id: 'b', added: '2026-01-01' },
      { ...entry, id: 'c', weights_sha256: 'ab'.repeat(32), status: 'earlier', superseded_by: 'sample-knee' },
    ]);
  });
});
