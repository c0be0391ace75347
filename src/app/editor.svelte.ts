// The editor's state and actions, shared by the components. It keeps the URL fragment in step
// with what is on screen and asks the generator service for the live frames of its state.
import type { BackendInfo, BackendPreference, Frame, LoadResult, ModelEntry } from '../worker-bridge/worker-types';
import { defaultState, resolveState, sameState } from '../../core/state/editor-state';
import { decodeFragment, encodeFragment, type ShareState } from '../../core/state/fragment';
import { MAX_SEED } from '../../core/state/latent';
import type { ModelManifest } from '../../core/state/manifest';
import { matchesWeights, resolutionNotice, weightsSha256 } from '../../core/state/model-version';
import { backendFromQuery, scheduleFragment, setBackendInQuery } from '../share/location';
import { explainFailure, type ShownFrame } from '../worker-bridge/bridge';
import type { GeneratorService } from '../worker-bridge/generator-service';

export type Phase = 'loading' | 'ready' | 'failed';

const RECENT_FRAMES = 20;

function summarise(problems: string[]): string | null {
  if (problems.length === 0) return null;
  const shown = problems.slice(0, 2).join('; ');
  const more = problems.length > 2 ? ` (and ${problems.length - 2} more)` : '';
  return `Part of the link could not be used: ${shown}${more}.`;
}

export function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0] % (MAX_SEED + 1);
}

export class Editor {
  phase = $state<Phase>('loading');
  /** A failure that leaves nothing to show (no model could be loaded). */
  fatal = $state<string | null>(null);
  /** A short message about something the app worked around (bad link, failed frame). */
  notice = $state<string | null>(null);
  manifest = $state.raw<ModelManifest | null>(null);
  models = $state.raw<ModelEntry[]>([]);
  state = $state<ShareState | null>(null);
  frame = $state.raw<ShownFrame | null>(null);
  /** A frame shown in place of the live one (a progression being played); null shows the live frame. */
  preview = $state.raw<Frame | null>(null);
  /** What the viewer draws: the preview while one is set, else the live frame. */
  shown = $derived<Frame | null>(this.preview ?? this.frame);
  backend = $state.raw<BackendInfo | null>(null);
  backendPreference = $state<BackendPreference>('auto');
  load = $state.raw<LoadResult | null>(null);
  modelCached = $state(false);
  recentMs = $state.raw<number[]>([]);
  /** The first frame after loading includes one-off warm-up (shader or wasm compilation). */
  firstFrameMs = $state<number | null>(null);
  // Plain callbacks (tests, benchmark), not UI state: no reactivity wanted.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  frameListeners = new Set<(frame: ShownFrame) => void>();

  msPerFrame = $derived(
    this.recentMs.length === 0 ? null : this.recentMs.reduce((a, b) => a + b, 0) / this.recentMs.length,
  );

  get modelsUrl(): string {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a one-off URL, not state
    return new URL('models/', document.baseURI).href;
  }

  private readonly generator: GeneratorService;

  constructor(generator: GeneratorService) {
    this.generator = generator;
  }

  /** A fresh worker: its live frames come here. */
  private restartGenerator(): void {
    this.generator.restart({
      onFrame: (frame) => this.showFrame(frame),
      onError: (message) => {
        if (this.phase === 'ready') this.notice = `Could not draw that image: ${message}`;
        else this.fail(message);
      },
    });
  }

  private fail(message: string): void {
    this.phase = 'failed';
    this.fatal = message;
  }

  private showFrame(frame: ShownFrame): void {
    // A frame for a model that has since been replaced is not worth showing.
    if (!this.state || frame.state.model !== this.state.model) return;
    this.frame = frame;
    if (this.firstFrameMs === null) this.firstFrameMs = frame.ms;
    else this.recentMs = [...this.recentMs.slice(-(RECENT_FRAMES - 1)), frame.ms];
    for (const listener of this.frameListeners) listener(frame);
  }

  /** Loads the model the fragment asks for (or the default) and draws the state it describes. */
  async start(hash = location.hash): Promise<void> {
    this.backendPreference = backendFromQuery(location.search);
    await this.openFragment(hash, true);
  }

  async openFragment(hash: string, freshWorker = false): Promise<void> {
    const decoded = decodeFragment(hash);
    const partial = decoded.ok ? decoded.state : {};
    const problems = decoded.ok ? decoded.problems : [];
    if (freshWorker || !this.generator.started) this.restartGenerator();
    const loaded = this.manifest;
    const needsLoad =
      freshWorker ||
      !loaded ||
      (partial.model !== undefined && partial.model !== loaded.id) ||
      !matchesWeights(weightsSha256(loaded), partial.weights);
    let versionNotice: string | null = null;
    try {
      if (needsLoad) {
        this.phase = 'loading';
        this.fatal = null;
        const result = await this.generator.load({
          modelsUrl: this.modelsUrl,
          modelId: partial.model,
          weightsPrefix: partial.weights,
          backend: this.backendPreference,
        });
        this.load = result;
        this.backend = result.backend;
        this.models = result.models;
        this.manifest = result.manifest;
        this.recentMs = [];
        this.firstFrameMs = null;
        versionNotice = resolutionNotice(result.resolution);
        const sha = weightsSha256(result.manifest);
        this.modelCached = false;
        if (sha) void this.generator.isCached(result.manifest.id, sha).then((cached) => (this.modelCached = cached));
      }
    } catch (error) {
      this.fail(explainFailure(error));
      return;
    }
    const manifest = this.manifest!;
    const resolved = resolveState(partial, manifest);
    problems.push(...resolved.problems);
    const linkNotice = decoded.ok ? summarise(problems) : decoded.error;
    this.notice = [versionNotice, linkNotice].filter((text) => text !== null).join(' ') || null;
    this.phase = 'ready';
    this.setState(resolved.state);
  }

  setState(next: ShareState): void {
    if (this.state && sameState(this.state, next) && this.frame) {
      // Same image; the address may still name other weights (a pasted link): name the loaded ones.
      if (next.weights !== this.state.weights) this.state = next;
      scheduleFragment(this.state);
      return;
    }
    this.state = next;
    scheduleFragment(next);
    this.generator.request(next);
  }

  update(patch: Partial<Omit<ShareState, 'model' | 'directions'>>): void {
    if (this.state) this.setState({ ...this.state, ...patch });
  }

  setDirection(id: string, value: number): void {
    if (this.state) this.setState({ ...this.state, directions: { ...this.state.directions, [id]: value } });
  }

  newKnee(): void {
    this.update({ seed: randomSeed() });
  }

  /** Every slider back to the model's default; the knee (seed) stays. */
  reset(): void {
    if (this.manifest && this.state) this.setState(defaultState(this.manifest, this.state.seed));
  }

  async selectModel(id: string): Promise<void> {
    if (!this.state || id === this.state.model) return;
    const seed = this.state.seed;
    await this.openFragment(`#v1&m=${id}&s=${seed}`);
  }

  async changeBackend(preference: BackendPreference): Promise<void> {
    this.backendPreference = preference;
    setBackendInQuery(preference);
    this.frame = null;
    // The current state, not location.hash: the fragment may be a moment behind while dragging.
    await this.start(this.state ? `#${encodeFragment(this.state)}` : location.hash);
  }
}
