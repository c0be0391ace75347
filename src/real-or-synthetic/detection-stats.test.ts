import { describe, expect, it } from 'vitest';
import {
  dPrime,
  inverseNormalCdf,
  logLinearRate,
  percent,
  summarise,
  twoDecimals,
  type Kind,
  type Trial,
} from './detection-stats';

// Reference values from scipy.stats.norm.ppf (SciPy 1.10).
describe('inverseNormalCdf', () => {
  it('matches known quantiles of the standard normal', () => {
    const known: [number, number][] = [
      [0.5, 0],
      [0.975, 1.959963984540054],
      [0.025, -1.9599639845400545],
      [0.8, 0.8416212335729143],
      [0.9, 1.2815515655446004],
      [0.3, -0.5244005127080409],
      [0.02425, -1.972961051311885],
      [1e-6, -4.753424308822899],
    ];
    for (const [p, z] of known) expect(inverseNormalCdf(p)).toBeCloseTo(z, 12);
  });

  it('refuses 0, 1 and anything outside', () => {
    for (const p of [0, 1, -0.1, 1.5, Number.NaN]) expect(() => inverseNormalCdf(p)).toThrow(RangeError);
  });
});

describe('dPrime', () => {
  it('matches textbook values', () => {
    expect(dPrime(0.8, 0.2)).toBeCloseTo(1.6832424671458286, 12);
    expect(dPrime(0.9, 0.1)).toBeCloseTo(2.5631031310892007, 12);
    expect(dPrime(0.69, 0.31)).toBeCloseTo(0.9917006946949065, 12);
    expect(dPrime(0.6, 0.6)).toBe(0);
  });

  it('uses the log-linear correction, so perfect and all-wrong answers stay finite', () => {
    expect(logLinearRate(10, 10)).toBeCloseTo(10.5 / 11, 15);
    expect(logLinearRate(0, 10)).toBeCloseTo(0.5 / 11, 15);
    expect(dPrime(logLinearRate(8, 10), logLinearRate(2, 10))).toBeCloseTo(1.4957171895266044, 12);
    expect(dPrime(logLinearRate(10, 10), logLinearRate(0, 10))).toBeCloseTo(3.3812432591697963, 12);
  });
});

const trial = (truth: Kind, answer: Kind, grade = 0): Trial => ({ truth, answer, grade });
const repeat = (n: number, t: Trial) => Array.from({ length: n }, () => t);

describe('summarise', () => {
  it('gives accuracy, sensitivity, specificity and corrected d′ of a round', () => {
    // 10 synthetic (7 called synthetic), 10 real (6 called real, 4 false alarms).
    const trials = [
      ...repeat(7, trial('synthetic', 'synthetic')),
      ...repeat(3, trial('synthetic', 'real')),
      ...repeat(6, trial('real', 'real')),
      ...repeat(4, trial('real', 'synthetic')),
    ];
    const s = summarise(trials);
    expect([s.n, s.correct, s.accuracy, s.sensitivity, s.specificity]).toEqual([20, 13, 0.65, 0.7, 0.6]);
    expect(s.dPrime).toBeCloseTo(0.7026732385714993, 12); // z(7.5/11) − z(4.5/11)
  });

  it('is finite for a perfect round and negative when every answer is the opposite', () => {
    const perfect = summarise([...repeat(10, trial('synthetic', 'synthetic')), ...repeat(10, trial('real', 'real'))]);
    expect(perfect.accuracy).toBe(1);
    expect(perfect.dPrime).toBeCloseTo(3.3812432591697963, 12);
    const opposite = summarise([...repeat(10, trial('synthetic', 'real')), ...repeat(10, trial('real', 'synthetic'))]);
    expect(opposite.dPrime).toBeCloseTo(-3.3812432591697963, 12);
  });

  it('counts accuracy per grade and leaves what cannot be computed empty', () => {
    const s = summarise([trial('real', 'real', 0), trial('synthetic', 'real', 0), trial('synthetic', 'synthetic', 4)]);
    expect(s.perGrade).toEqual([
      { grade: 0, n: 2, correct: 1, accuracy: 0.5 },
      { grade: 1, n: 0, correct: 0, accuracy: null },
      { grade: 2, n: 0, correct: 0, accuracy: null },
      { grade: 3, n: 0, correct: 0, accuracy: null },
      { grade: 4, n: 1, correct: 1, accuracy: 1 },
    ]);
    const onlyReal = summarise([trial('real', 'synthetic')]);
    expect([onlyReal.sensitivity, onlyReal.specificity, onlyReal.dPrime]).toEqual([null, 0, null]);
    const none = summarise([]);
    expect([none.accuracy, none.dPrime, percent(none.accuracy), twoDecimals(none.dPrime)]).toEqual([
      null,
      null,
      '—',
      '—',
    ]);
    expect([percent(0.655), twoDecimals(1.23456)]).toEqual(['66%', '1.23']);
  });
});
