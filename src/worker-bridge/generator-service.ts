// The features' door to the generator: the editor's live frames, one-off images (progression,
// quiz, real-or-synthetic), the dataset export job and the device's model cache. It outlives the
// worker behind it, which is replaced when the backend or the model changes.
import type { DatasetOptions } from '../../core/dataset/plan';
import type { ShareState } from '../../core/state/fragment';
import type { CachedPackageInfo, Frame, LoadOptions, LoadResult } from '../../workers/api';
import { GeneratorBridge, type BridgeEvents } from './bridge';

export class GeneratorService {
  private bridge: GeneratorBridge | null = null;

  /** Stops the current worker, if any, and starts a fresh one whose live frames go to `events`. */
  restart(events: BridgeEvents): void {
    this.bridge?.terminate();
    this.bridge = new GeneratorBridge(events);
  }

  get started(): boolean {
    return this.bridge !== null;
  }

  /** True while a live frame is being drawn. */
  get busy(): boolean {
    return this.bridge?.busy ?? false;
  }

  get stats() {
    return this.bridge?.stats ?? null;
  }

  private use<T>(call: (bridge: GeneratorBridge) => Promise<T>): Promise<T> {
    return this.bridge ? call(this.bridge) : Promise.reject(new Error('no model is loaded'));
  }

  load(options: LoadOptions): Promise<LoadResult> {
    return this.use((bridge) => bridge.load(options));
  }

  /** Asks for the live frame of `state` (see GeneratorBridge.request). */
  request(state: ShareState): void {
    this.bridge?.request(state);
  }

  /** One image of `state`, outside the live slot (see GeneratorBridge.renderOnce). */
  renderOnce(state: ShareState): Promise<Frame> {
    return this.use((bridge) => bridge.renderOnce(state));
  }

  /** A dataset's ZIP, made in the worker as one job (see GeneratorBridge.exportDataset). */
  exportDataset(
    modelId: string,
    options: DatasetOptions,
    onImage: (done: number) => boolean,
  ): Promise<Uint8Array | null> {
    return this.use((bridge) => bridge.exportDataset(modelId, options, onImage));
  }

  numTensors(): Promise<number> {
    return this.bridge?.numTensors() ?? Promise.resolve(0);
  }

  isCached(id: string, sha256: string): Promise<boolean> {
    return this.use((bridge) => bridge.isCached(id, sha256));
  }

  /** The model packages kept on this device. */
  listCached(): Promise<CachedPackageInfo[]> {
    return this.bridge ? this.bridge.listCached() : Promise.resolve([]);
  }

  /** Deletes the kept packages; the loaded model keeps drawing. Returns how many went. */
  clearCached(): Promise<number> {
    return this.bridge ? this.bridge.clearCached() : Promise.resolve(0);
  }
}
