// The quiz's state on screen: the current question and its image, the answer, the same knee at
// every grade once answered, and the score kept on this device. It draws through
// the generator service (renderOnce) and never touches the editor's state or the URL.
import type { GeneratorService } from '../worker-bridge/generator-service';
import type { Frame } from '../worker-bridge/worker-types';
import type { Editor } from '../app/editor.svelte';
import { Progress, throwIfCancelled } from '../jobs/progress.svelte';
import { klCondition, wholeGrades } from '../../core/state/editor-state';
import type { ShareState } from '../../core/state/fragment';
import { EMPTY_SCORE, randomQuestion, scoreAnswer, type Question, type QuizScore } from './quiz';
import { clearScore, loadScore, saveScore } from './score-store';

function cryptoRandom(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0] / 2 ** 32;
}

export class Quiz {
  question = $state.raw<Question | null>(null);
  image = $state.raw<Frame | null>(null);
  /** The grade the student picked; null until they answer. */
  answer = $state<number | null>(null);
  /** The same knee at every whole grade, after the answer. */
  reveal = $state.raw<Frame[] | null>(null);
  score = $state.raw<QuizScore>({ ...EMPTY_SCORE });
  error = $state<string | null>(null);
  readonly progress = new Progress();

  private readonly editor: Editor;
  private readonly generator: GeneratorService;
  private readonly random: () => number;
  /** Bumped per question, so a late image of an earlier question is never shown. */
  private generation = 0;

  constructor(editor: Editor, generator: GeneratorService, random: () => number = cryptoRandom) {
    this.editor = editor;
    this.generator = generator;
    this.random = random;
  }

  get grades(): number[] {
    if (!this.editor.manifest) return [0, 1, 2, 3, 4];
    const kl = klCondition(this.editor.manifest);
    return wholeGrades(kl.min, kl.max);
  }

  get correct(): boolean | null {
    return this.answer === null || !this.question ? null : this.answer === this.question.grade;
  }

  /** A plain knee: the model's default truncation and every direction at 0. */
  private stateOf(seed: number, kl: number): ShareState {
    const manifest = this.editor.manifest;
    if (!manifest) throw new Error('no model is loaded');
    return {
      model: manifest.id,
      seed,
      kl,
      truncation: manifest.latent.truncation.default,
      directions: Object.fromEntries(manifest.directions.map((d) => [d.id, 0])),
    };
  }

  async loadScore(): Promise<void> {
    this.score = await loadScore();
  }

  async next(): Promise<void> {
    const generation = ++this.generation;
    this.progress.cancel();
    const question = randomQuestion(this.random, this.grades);
    this.question = question;
    this.image = null;
    this.answer = null;
    this.reveal = null;
    this.error = null;
    try {
      const frame = await this.generator.renderOnce(this.stateOf(question.seed, question.grade));
      if (generation === this.generation) this.image = frame;
    } catch (error) {
      if (generation === this.generation) this.error = error instanceof Error ? error.message : String(error);
    }
  }

  async choose(grade: number): Promise<void> {
    if (!this.question || !this.image || this.answer !== null) return;
    this.answer = grade;
    this.score = scoreAnswer(this.score, grade === this.question.grade);
    await Promise.all([saveScore(this.score).catch(() => {}), this.showAllGrades()]);
  }

  /** Draws the same knee at every grade (the question's own image is reused). */
  async showAllGrades(): Promise<void> {
    const question = this.question;
    const image = this.image;
    if (!question || !image || this.progress.running) return;
    const generation = this.generation;
    const frames = await this.progress
      .run('Drawing the knee at every grade', this.grades.length, async (tick, signal) => {
        const frames: Frame[] = [];
        for (const grade of this.grades) {
          throwIfCancelled(signal);
          frames.push(
            grade === question.grade ? image : await this.generator.renderOnce(this.stateOf(question.seed, grade)),
          );
          tick();
        }
        return frames;
      })
      .catch(() => null); // the ProgressBar shows the failure
    if (frames && generation === this.generation) this.reveal = frames;
  }

  async resetScore(): Promise<void> {
    this.score = { ...EMPTY_SCORE };
    await clearScore().catch(() => {});
  }
}
