// How well someone tells real knees from synthetic ones: accuracy, sensitivity (synthetic called
// synthetic), specificity (real called real), d′ and accuracy per KL grade. Pure.
//
// d′ = z(hit rate) − z(false-alarm rate), a hit being "synthetic" said of a synthetic knee and a
// false alarm "synthetic" said of a real one. Rates of 0 or 1 would make z infinite, so both rates
// use the log-linear correction (Hautus 1995): (count + 0.5) / (trials + 1), applied to every
// count, not only the extreme ones, so that d′ does not jump when a rate reaches 0 or 1.

export type Kind = 'real' | 'synthetic';

export interface Trial {
  truth: Kind;
  answer: Kind;
  grade: number;
}

export interface GradeAccuracy {
  grade: number;
  n: number;
  correct: number;
  /** null when no image of this grade was shown */
  accuracy: number | null;
}

export interface DetectionSummary {
  n: number;
  correct: number;
  accuracy: number | null;
  /** Synthetic knees called synthetic, of all synthetic knees; null without any. */
  sensitivity: number | null;
  /** Real knees called real, of all real knees; null without any. */
  specificity: number | null;
  /** Log-linear corrected; null unless there were both real and synthetic knees. */
  dPrime: number | null;
  perGrade: GradeAccuracy[];
}

// Wichura's algorithm AS 241 (PPND16): the standard normal quantile to about 1e-16 (its
// coefficients as the nearest doubles).
const A = [
  3.3871328727963665, 133.14166789178438, 1971.5909503065513, 13731.69376550946, 45921.95393154987, 67265.7709270087,
  33430.57558358813, 2509.0809287301227,
];
const B = [
  1, 42.31333070160091, 687.1870074920579, 5394.196021424751, 21213.794301586597, 39307.89580009271, 28729.085735721943,
  5226.495278852546,
];
const C = [
  1.4234371107496835, 4.630337846156546, 5.769497221460691, 3.6478483247632045, 1.2704582524523684, 0.2417807251774506,
  0.022723844989269184, 0.0007745450142783414,
];
const D = [
  1, 2.053191626637759, 1.6763848301838038, 0.6897673349851, 0.14810397642748008, 0.015198666563616457,
  0.0005475938084995345, 1.0507500716444169e-9,
];
const E = [
  6.657904643501103, 5.463784911164114, 1.7848265399172913, 0.29656057182850487, 0.026532189526576124,
  0.0012426609473880784, 0.000027115555687434876, 2.0103343992922881e-7,
];
const F = [
  1, 0.599832206555888, 0.1369298809227358, 0.014875361290850615, 0.0007868691311456133, 0.000018463183175100548,
  1.421511758316446e-7, 2.0442631033899397e-15,
];

const poly = (c: number[], x: number) => c.reduceRight((sum, k) => sum * x + k, 0);

/** z(p): the standard normal quantile, for 0 < p < 1. */
export function inverseNormalCdf(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`z(p) needs 0 < p < 1, got ${p}`);
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * poly(A, r)) / poly(B, r);
  }
  const r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  const z = r <= 5 ? poly(C, r - 1.6) / poly(D, r - 1.6) : poly(E, r - 5) / poly(F, r - 5);
  return q < 0 ? -z : z;
}

/** d′ from two rates, both strictly between 0 and 1. */
export function dPrime(hitRate: number, falseAlarmRate: number): number {
  return inverseNormalCdf(hitRate) - inverseNormalCdf(falseAlarmRate);
}

/** The log-linear corrected rate (Hautus 1995): never 0 or 1. */
export function logLinearRate(count: number, trials: number): number {
  return (count + 0.5) / (trials + 1);
}

const ratio = (count: number, n: number) => (n === 0 ? null : count / n);

export function summarise(trials: readonly Trial[], grades: readonly number[] = [0, 1, 2, 3, 4]): DetectionSummary {
  const synthetic = trials.filter((t) => t.truth === 'synthetic');
  const real = trials.filter((t) => t.truth === 'real');
  const hits = synthetic.filter((t) => t.answer === 'synthetic').length;
  const correctRejections = real.filter((t) => t.answer === 'real').length;
  const falseAlarms = real.length - correctRejections;
  const correct = hits + correctRejections;
  const perGrade = grades.map((grade) => {
    const of = trials.filter((t) => t.grade === grade);
    const right = of.filter((t) => t.answer === t.truth).length;
    return { grade, n: of.length, correct: right, accuracy: ratio(right, of.length) };
  });
  return {
    n: trials.length,
    correct,
    accuracy: ratio(correct, trials.length),
    sensitivity: ratio(hits, synthetic.length),
    specificity: ratio(correctRejections, real.length),
    dPrime:
      synthetic.length === 0 || real.length === 0
        ? null
        : dPrime(logLinearRate(hits, synthetic.length), logLinearRate(falseAlarms, real.length)),
    perGrade,
  };
}

/** "85%", or "—" for a share that does not exist. */
export function percent(value: number | null): string {
  return value === null ? '—' : `${Math.round(100 * value)}%`;
}

/** "1.5", or "—". */
export function twoDecimals(value: number | null): string {
  return value === null ? '—' : value.toFixed(2);
}
