// Picks the fastest tfjs backend this browser offers — WebGPU, WebGL, wasm, then cpu — and says
// which one it took and why it passed over the others.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
// The wasm binaries are served by the app itself (no CDN), emitted by Vite next to the worker.
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import { BACKEND_ORDER, type BackendInfo, type BackendName, type BackendPreference } from './api';

// Threaded wasm needs cross-origin isolation (COOP/COEP headers) that a plain static host lacks,
// and crashed in a minified build; single-threaded SIMD is what every browser here gets.
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlainUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  // tfjs insists on an entry for every binary; with multithreading off this one is never fetched.
  'tfjs-backend-wasm-threaded-simd.wasm': wasmSimdUrl,
});

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|software|microsoft basic render/i;

async function webgpuDescription(): Promise<
  { ok: false; reason: string } | { ok: true; adapter: string; software: boolean }
> {
  if (!('gpu' in navigator) || !navigator.gpu) return { ok: false, reason: 'WebGPU not available in this browser' };
  let adapter: GPUAdapter | null = null;
  try {
    adapter = await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch {
    adapter = null;
  }
  if (!adapter) return { ok: false, reason: 'WebGPU has no adapter on this device' };
  // GPUAdapter.info is newer than these type definitions.
  const info = (adapter as GPUAdapter & { info?: GPUAdapterInfo }).info;
  const words = [info?.vendor, info?.architecture, info?.description].filter((w) => w && w.length > 0);
  const text = words.length > 0 ? [...new Set(words)].join(' ') : 'unknown adapter';
  const software =
    SOFTWARE_RENDERER.test(text) || Boolean((adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter);
  return { ok: true, adapter: text, software };
}

function webglRenderer(): string {
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) return 'unknown renderer';
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    return String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  } catch {
    return 'unknown renderer';
  }
}

async function trySetBackend(name: BackendName): Promise<string | null> {
  try {
    if (!(await tf.setBackend(name))) return `${name} failed to start`;
    await tf.ready();
    // A tiny computation proves the backend can really run kernels.
    const probe = tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(2)));
    const value = (await probe.data())[0];
    probe.dispose();
    return value === 3 ? null : `${name} computed a wrong result`;
  } catch (error) {
    return `${name} failed: ${error instanceof Error ? error.message : String(error)}`;
  }
}

const LABELS: Record<BackendName, string> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'wasm', cpu: 'cpu' };

/** Starts the first backend that works, in `preference` order; 'auto' = WebGPU → WebGL → wasm → cpu. */
export async function chooseBackend(preference: BackendPreference): Promise<BackendInfo> {
  const order = preference === 'auto' ? BACKEND_ORDER : [preference, ...BACKEND_ORDER.filter((b) => b !== preference)];
  const skipped: BackendInfo['skipped'] = [];
  for (const name of order) {
    let detail = '';
    let software = false;
    if (name === 'webgpu') {
      const gpu = await webgpuDescription();
      if (!gpu.ok) {
        skipped.push({ name, reason: gpu.reason });
        continue;
      }
      detail = gpu.adapter;
      software = gpu.software;
    }
    if (name === 'webgl') {
      detail = webglRenderer();
      software = SOFTWARE_RENDERER.test(detail);
    }
    // A software "GPU" (SwiftShader) emulates the GPU on the CPU: measured here it is many times
    // slower than wasm, so automatic choice passes over it. Choosing it by hand still works.
    if (software && preference === 'auto') {
      skipped.push({ name, reason: `${LABELS[name]} is only a software renderer here (${detail})` });
      continue;
    }
    const failure = await trySetBackend(name);
    if (failure) {
      skipped.push({ name, reason: failure });
      continue;
    }
    const why = skipped.length > 0 ? ` — ${skipped[0].reason}` : '';
    const what = detail ? ` · ${detail}${software ? ' (software, no GPU)' : ''}` : '';
    return { name, label: `${LABELS[name]}${what}${why}`, software, skipped };
  }
  throw new Error(`no TensorFlow.js backend could start: ${skipped.map((s) => s.reason).join('; ')}`);
}
