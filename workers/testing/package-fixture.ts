// A model server and device store for the loader's tests: a fetcher over a Map of responses
// (unknown paths answer with HTML, like Vite's dev server) and a Map-backed idb-keyval.
import { createHash } from 'node:crypto';
import { sampleManifest } from '../../core/state/testing/sample-manifest';
import type { PackageStore } from '../package-cache';

export const MODELS = 'https://app.example/sub/models/';
export const entry = { id: 'sample-knee', name: 'Sample', path: 'sample-knee' };

const json = (body: unknown) => () =>
  new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });

export function fixture() {
  const files = new Map<string, Response | (() => Response)>();
  /** Serves model `id` with these weights (a new version when the bytes differ); returns its manifest. */
  const publish = (weights: Uint8Array, id = 'sample-knee') => {
    const manifest = { ...sampleManifest(), id };
    // One float32 weight as long as the bytes, so the manifest describes exactly what is served.
    manifest.weights.manifest = [
      { paths: ['weights.bin'], weights: [{ name: 'w_avg', shape: [weights.length / 4], dtype: 'float32' }] },
    ];
    manifest.files = [
      { path: 'weights.bin', bytes: weights.length, sha256: createHash('sha256').update(weights).digest('hex') },
    ];
    files.set(`${MODELS}${id}/manifest.json`, json(manifest));
    files.set(
      `${MODELS}${id}/weights.bin`,
      () => new Response(weights.slice(), { headers: { 'content-type': 'application/octet-stream' } }),
    );
    return manifest;
  };
  const weights = new Uint8Array(12).map((_, i) => i * 7);
  const manifest = publish(weights);
  files.set(`${MODELS}index.json`, json({ default: 'sample-knee', models: [entry] }));
  const requests: string[] = [];
  let offline = false;
  const fetcher = async (url: string) => {
    requests.push(url);
    if (offline) throw new TypeError('Failed to fetch');
    const file = files.get(url);
    // Like Vite's dev server: an unknown path gets the app's index.html.
    if (!file) return new Response('<!doctype html>', { headers: { 'content-type': 'text/html' } });
    return typeof file === 'function' ? file() : file;
  };
  const map = new Map<string, unknown>();
  const store = mapStore(map);
  const sha = manifest.files[0].sha256;
  const goOffline = () => (offline = true);
  return { weights, manifest, sha, files, publish, requests, fetcher, store, map, goOffline };
}

export function mapStore(map: Map<string, unknown>): PackageStore {
  return {
    get: async (k) => map.get(k),
    set: async (k, v) => void map.set(k, v),
    del: async (k) => void map.delete(k),
    keys: async () => [...map.keys()],
  };
}
