// window.kneeStudio: read-only facts for the end-to-end tests and the benchmark (frame pixels,
// timings, tensor count). It exposes nothing a user could not already see or do in the page.
import type {} from './debug-hook-types'; // declares window.kneeStudio
import type { ShownFrame } from '../worker-bridge/bridge';
import type { GeneratorService } from '../worker-bridge/generator-service';
import type { Editor } from './editor.svelte';

export function installDebugHook(editor: Editor, generator: GeneratorService): void {
  let count = 0;
  const log: { requestedAt: number; arrivedAt: number; ms: number; kl: number }[] = [];
  editor.frameListeners.add((frame: ShownFrame) => {
    count++;
    log.push({ requestedAt: frame.requestedAt, arrivedAt: frame.arrivedAt, ms: frame.ms, kl: frame.state.kl });
    if (log.length > 1000) log.shift();
  });
  window.kneeStudio = {
    phase: () => editor.phase,
    frameCount: () => count,
    lastState: () => editor.frame?.state ?? null,
    lastFrame: () => {
      const f = editor.frame;
      return f ? { state: f.state, width: f.width, height: f.height, pixels: Array.from(f.pixels), ms: f.ms } : null;
    },
    backend: () => editor.backend?.name ?? null,
    load: () => (editor.load ? { loadMs: editor.load.loadMs, fromCache: editor.load.fromCache } : null),
    numTensors: () => generator.numTensors(),
    busy: () => generator.busy,
    stats: () => (generator.stats ? { ...generator.stats } : null),
    show: (patch) =>
      new Promise((resolve) => {
        const started = performance.now();
        const target = { ...editor.state!, ...patch };
        const listener = (frame: ShownFrame) => {
          if (frame.state.kl !== target.kl || frame.state.seed !== target.seed) return;
          editor.frameListeners.delete(listener);
          resolve({ ms: frame.ms, roundTripMs: performance.now() - started });
        };
        editor.frameListeners.add(listener);
        editor.setState(target);
      }),
    frameLog: () => log.slice(),
  };
}
