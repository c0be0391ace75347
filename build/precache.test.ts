import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from './csp-plugin';
import { isPrecached, precacheManifest } from './precache';

describe('service worker precache list', () => {
  it('keeps the app and manifests, leaves weights and reference images to IndexedDB', () => {
    expect(isPrecached('index.html')).toBe(true);
    expect(isPrecached('assets/tfjs-backend-wasm-simd-abc.wasm')).toBe(true);
    expect(isPrecached('models/index.json')).toBe(true);
    expect(isPrecached('models/knee/manifest.json')).toBe(true);
    expect(isPrecached('models/knee/weights.bin')).toBe(false);
    expect(isPrecached('models/knee/reference.json')).toBe(false);
    expect(isPrecached('models/knee/model-card.md')).toBe(true);
    expect(isPrecached('models/knee/fig-kl_sweep.png')).toBe(false);
    expect(isPrecached('icons/icon-192.png')).toBe(true);
    // The real set of "Real or synthetic?" (when a deployer packed one): the mode works offline.
    expect(isPrecached('real/index.json')).toBe(true);
    expect(isPrecached('real/r001.png')).toBe(true);
    expect(isPrecached('sw.js')).toBe(false);
  });

  it('lists a build folder and changes version when a file changes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'precache-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html>');
    writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
    const first = precacheManifest(dir);
    expect(first.files).toEqual(['assets/app.js', 'index.html']);
    writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(2)');
    expect(precacheManifest(dir).version).not.toBe(first.version);
  });
});

describe('content security policy', () => {
  it('allows only the app itself', () => {
    expect(CONTENT_SECURITY_POLICY).toMatch(/default-src 'self'/);
    expect(CONTENT_SECURITY_POLICY).toMatch(/connect-src 'self'(;|$)/);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|\*|'unsafe-eval'/);
  });
});
