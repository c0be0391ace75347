import { describe, expect, it } from 'vitest';
import { MAX_SEED } from '../../core/state/latent';
import { accuracyText, EMPTY_SCORE, parseScore, randomQuestion, scoreAnswer, seededRandom } from './quiz';

const GRADES = [0, 1, 2, 3, 4];

describe('randomQuestion', () => {
  it('is the same for the same seeded source and differs for another', () => {
    const a = Array.from(
      { length: 5 },
      (
        (r) => () =>
          randomQuestion(r, GRADES)
      )(seededRandom(7)),
    );
    const b = Array.from(
      { length: 5 },
      (
        (r) => () =>
          randomQuestion(r, GRADES)
      )(seededRandom(7)),
    );
    const c = Array.from(
      { length: 5 },
      (
        (r) => () =>
          randomQuestion(r, GRADES)
      )(seededRandom(8)),
    );
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('draws valid seeds and every grade, each about equally often', () => {
    const random = seededRandom(1);
    const counts = [0, 0, 0, 0, 0];
    for (let i = 0; i < 5000; i++) {
      const q = randomQuestion(random, GRADES);
      expect(Number.isInteger(q.seed) && q.seed >= 0 && q.seed <= MAX_SEED).toBe(true);
      counts[q.grade]++;
    }
    for (const n of counts) expect(n).toBeGreaterThan(850); // 1000 expected each
  });

  it('handles the edges of the random source', () => {
    expect(randomQuestion(() => 0, GRADES)).toEqual({ seed: 0, grade: 0 });
    expect(randomQuestion(() => 1 - 2 ** -53, GRADES)).toEqual({ seed: MAX_SEED, grade: 4 });
    expect(() => randomQuestion(() => 0, [])).toThrow();
  });
});

describe('scoreAnswer', () => {
  it('counts answers and right answers, and keeps the current and best streak', () => {
    const answers = [true, true, false, true, true, true, false];
    const scores = answers.reduce((all, right) => [...all, scoreAnswer(all[all.length - 1], right)], [EMPTY_SCORE]);
    expect(scores.map((s) => s.streak)).toEqual([0, 1, 2, 0, 1, 2, 3, 0]);
    expect(scores.map((s) => s.bestStreak)).toEqual([0, 1, 2, 2, 2, 2, 3, 3]);
    expect(scores[7]).toEqual({ answered: 7, correct: 5, streak: 0, bestStreak: 3 });
    expect(accuracyText(scores[7])).toBe('71% right');
    expect(accuracyText(EMPTY_SCORE)).toBe('no answers yet');
  });

  it('does not change the score it is given', () => {
    const before = { answered: 1, correct: 1, streak: 1, bestStreak: 1 };
    scoreAnswer(before, true);
    expect(before).toEqual({ answered: 1, correct: 1, streak: 1, bestStreak: 1 });
  });
});

describe('parseScore', () => {
  it('accepts a sound stored score and rejects anything else', () => {
    expect(parseScore({ answered: 3, correct: 2, streak: 1, bestStreak: 2 })).toEqual({
      answered: 3,
      correct: 2,
      streak: 1,
      bestStreak: 2,
    });
    expect(parseScore(undefined)).toBeNull();
    expect(parseScore('3/2')).toBeNull();
    expect(parseScore({ answered: 1, correct: 2, streak: 0, bestStreak: 0 })).toBeNull();
    expect(parseScore({ answered: 2, correct: 1, streak: 1, bestStreak: 0 })).toBeNull();
    expect(parseScore({ answered: -1, correct: 0, streak: 0, bestStreak: 0 })).toBeNull();
    expect(parseScore({ answered: 1.5, correct: 0, streak: 0, bestStreak: 0 })).toBeNull();
  });
});
