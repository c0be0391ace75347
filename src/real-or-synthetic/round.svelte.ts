// A round of "Real or synthetic?" on screen. Every knee of the round is prepared before the first
// is shown (real ones read and checked, generated ones drawn through the generator service), all by
// the same pipeline, so neither the page nor its timing tells them apart. What a knee is stays in
// this object's private fields until it is answered; the page sees only its pixels.
import type { Editor } from '../app/editor.svelte';
import type { GeneratorService } from '../worker-bridge/generator-service';
import { Progress, throwIfCancelled } from '../jobs/progress.svelte';
import { klCondition, wholeGrades } from '../../core/state/editor-state';
import type { ShareState } from '../../core/state/fragment';
import { weightsSha256 } from '../../core/state/model-version';
import type { GreyImage } from './box-resize';
import type { ClassStudy } from './class-study.svelte';
import type { Kind } from './detection-stats';
import { shownKnee } from './pipeline';
import { fetchRealImage, fetchRealSet, type RealSetStatus } from './real-set-loader';
import type { AnswerRecord, Confidence } from './results-csv';
import { gradeOf, imageIdOf, planRound, type PlannedItem } from './round';

export type Phase = 'idle' | 'preparing' | 'question' | 'answered' | 'results';

function cryptoRandom(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0] / 2 ** 32;
}

interface RoundItem {
  plan: PlannedItem;
  image: GreyImage;
}

export class RealOrSyntheticRound {
  realSet = $state.raw<RealSetStatus>({ kind: 'loading' });
  phase = $state<Phase>('idle');
  /** The knee on screen: pixels only. */
  image = $state.raw<GreyImage | null>(null);
  /** Index in the round of the knee on screen. */
  position = $state(0);
  total = $state(0);
  confidence = $state<Confidence | null>(null);
  /** The answer just given (with the truth), shown as feedback; null while a knee awaits its answer. */
  feedback = $state.raw<AnswerRecord | null>(null);
  /** This round's answers. */
  answers = $state.raw<AnswerRecord[]>([]);
  readonly progress = new Progress();

  private readonly editor: Editor;
  private readonly generator: GeneratorService;
  private readonly study: ClassStudy;
  private readonly random: () => number;
  private items: RoundItem[] = [];
  private model = { id: '', sha256: '' };
  private shownAt = 0;
  /** Real knees shown in this visit: later rounds prefer others. Never shown, so not reactive. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private readonly seen = new Set<string>();

  constructor(editor: Editor, generator: GeneratorService, study: ClassStudy, random: () => number = cryptoRandom) {
    this.editor = editor;
    this.generator = generator;
    this.study = study;
    this.random = random;
  }

  get grades(): number[] {
    if (!this.editor.manifest) return [0, 1, 2, 3, 4];
    const kl = klCondition(this.editor.manifest);
    return wholeGrades(kl.min, kl.max);
  }

  get canStart(): boolean {
    return this.realSet.kind === 'ready' && this.editor.phase === 'ready' && !this.progress.running;
  }

  async loadRealSet(): Promise<void> {
    if (this.realSet.kind === 'loading') this.realSet = await fetchRealSet();
  }

  /** A plain knee at truncation 1 (the model's full variety): every direction at 0. */
  private stateOf(seed: number, kl: number): ShareState {
    const manifest = this.editor.manifest!;
    return {
      model: manifest.id,
      seed,
      kl,
      truncation: 1,
      directions: Object.fromEntries(manifest.directions.map((d) => [d.id, 0])),
    };
  }

  async start(): Promise<void> {
    const manifest = this.editor.manifest;
    if (!this.canStart || !manifest || this.realSet.kind !== 'ready') return;
    const plan = planRound(this.realSet.set.images, this.grades, this.random, undefined, this.seen);
    this.phase = 'preparing';
    this.image = null;
    this.feedback = null;
    this.answers = [];
    this.model = { id: manifest.id, sha256: weightsSha256(manifest) ?? '' };
    const items = await this.progress
      .run('Preparing the round', plan.length, async (tick, signal) => {
        const prepared: RoundItem[] = [];
        for (const item of plan) {
          throwIfCancelled(signal);
          const source =
            item.kind === 'real'
              ? await fetchRealImage(item.entry)
              : await this.generator.renderOnce(this.stateOf(item.seed, item.grade));
          prepared.push({ plan: item, image: shownKnee(source, manifest.resolution) });
          tick();
        }
        return prepared;
      })
      .catch(() => null); // the ProgressBar shows the failure
    if (!items) {
      this.phase = 'idle';
      return;
    }
    for (const item of items) if (item.plan.kind === 'real') this.seen.add(item.plan.entry.id);
    this.items = items;
    this.total = items.length;
    this.show(0);
  }

  private show(position: number): void {
    this.position = position;
    this.image = this.items[position].image;
    this.confidence = null;
    this.feedback = null;
    this.phase = 'question';
    this.shownAt = performance.now();
    // From when the knee is on screen, not from when it was handed to the page.
    requestAnimationFrame(() => (this.shownAt = performance.now()));
  }

  setConfidence(level: Confidence): void {
    if (this.phase === 'question') this.confidence = this.confidence === level ? null : level;
  }

  answer(kind: Kind): void {
    if (this.phase !== 'question') return;
    const { plan } = this.items[this.position];
    const record: AnswerRecord = {
      participant: this.study.participant.trim(),
      imageId: imageIdOf(plan),
      truth: plan.kind,
      grade: gradeOf(plan),
      answer: kind,
      confidence: this.confidence,
      responseMs: Math.max(0, Math.round(performance.now() - this.shownAt)),
      modelId: this.model.id,
      weightsSha256: this.model.sha256,
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a one-off time stamp, not state
      timestamp: new Date().toISOString(),
    };
    this.feedback = record;
    this.answers = [...this.answers, record];
    this.phase = 'answered';
    void this.study.add(record);
  }

  get isLast(): boolean {
    return this.position >= this.total - 1;
  }

  next(): void {
    if (this.phase !== 'answered') return;
    if (this.isLast) {
      this.phase = 'results';
      this.image = null;
      this.items = [];
    } else this.show(this.position + 1);
  }

  /** Leaves the round (its answers so far stay on the device). */
  stop(): void {
    this.progress.cancel();
    this.items = [];
    this.image = null;
    this.feedback = null;
    this.phase = this.answers.length > 0 ? 'results' : 'idle';
  }
}
