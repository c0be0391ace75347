// The grading quiz's rules, pure: a question (a knee and its hidden grade) from a random source
// the caller passes in, and the score and streaks after each answer.
import { MAX_SEED } from '../../core/state/latent';

export interface Question {
  seed: number;
  /** The hidden whole KL grade. */
  grade: number;
}

export interface QuizScore {
  answered: number;
  correct: number;
  /** Correct answers in a row, up to the last answer. */
  streak: number;
  bestStreak: number;
}

export const EMPTY_SCORE: QuizScore = Object.freeze({ answered: 0, correct: 0, streak: 0, bestStreak: 0 });

/** A small seeded generator (mulberry32): the same seed gives the same questions, for tests. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random knee at a random grade; `random` returns numbers in [0, 1) like Math.random. */
export function randomQuestion(random: () => number, grades: number[]): Question {
  if (grades.length === 0) throw new Error('the quiz needs at least one grade');
  const seed = Math.floor(random() * (MAX_SEED + 1));
  const grade = grades[Math.min(grades.length - 1, Math.floor(random() * grades.length))];
  return { seed, grade };
}

export function scoreAnswer(score: QuizScore, correct: boolean): QuizScore {
  const streak = correct ? score.streak + 1 : 0;
  return {
    answered: score.answered + 1,
    correct: score.correct + (correct ? 1 : 0),
    streak,
    bestStreak: Math.max(score.bestStreak, streak),
  };
}

/** A stored score if it is a sound one (it comes from the device's storage, which may hold anything). */
export function parseScore(value: unknown): QuizScore | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const counts = [v.answered, v.correct, v.streak, v.bestStreak];
  if (!counts.every((n) => Number.isSafeInteger(n) && (n as number) >= 0)) return null;
  const [answered, correct, streak, bestStreak] = counts as number[];
  if (correct > answered || streak > correct || bestStreak > correct || streak > bestStreak) return null;
  return { answered, correct, streak, bestStreak };
}

export function accuracyText(score: QuizScore): string {
  if (score.answered === 0) return 'no answers yet';
  return `${Math.round((100 * score.correct) / score.answered)}% right`;
}
