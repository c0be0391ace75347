import { describe, expect, it } from 'vitest';
import { seededRandom } from '../quiz/quiz';
import { MAX_SEED } from '../../core/state/latent';
import type { RealImageEntry } from './real-set';
import { gradeOf, imageIdOf, pickReal, planRound, shuffle } from './round';

const GRADES = [0, 1, 2, 3, 4];
/** 24 real knees per grade, like the shipped set. */
const SET: RealImageEntry[] = Array.from({ length: 120 }, (_, i) => ({
  id: `r${String(i + 1).padStart(3, '0')}`,
  grade: (i * 7) % 5,
  file: `r${i + 1}.png`,
  sha256: '0'.repeat(64),
}));

const count = (values: number[]) => GRADES.map((g) => values.filter((v) => v === g).length);

describe('planRound', () => {
  it('is half real, half generated, with the same grade mix, in random order', () => {
    const round = planRound(SET, GRADES, seededRandom(1));
    expect(round).toHaveLength(20);
    const real = round.filter((i) => i.kind === 'real');
    const synthetic = round.filter((i) => i.kind === 'synthetic');
    expect(real).toHaveLength(10);
    expect(count(real.map(gradeOf))).toEqual([2, 2, 2, 2, 2]); // spread over the grades
    expect(count(synthetic.map(gradeOf))).toEqual(count(real.map(gradeOf)));
    expect(new Set(real.map(imageIdOf)).size).toBe(10);
    for (const item of synthetic) {
      expect(item.kind === 'synthetic' && Number.isInteger(item.seed) && item.seed >= 0 && item.seed <= MAX_SEED).toBe(
        true,
      );
      expect(imageIdOf(item)).toMatch(/^seed-\d+$/);
    }
    const kinds = round.map((i) => i.kind).join();
    expect(kinds).not.toBe([...Array(10).fill('real'), ...Array(10).fill('synthetic')].join());
  });

  it('is the same for the same random source, different for another', () => {
    expect(planRound(SET, GRADES, seededRandom(5))).toEqual(planRound(SET, GRADES, seededRandom(5)));
    expect(planRound(SET, GRADES, seededRandom(5))).not.toEqual(planRound(SET, GRADES, seededRandom(6)));
  });

  it("keeps to the model's grades and makes do with a small set", () => {
    const round = planRound(SET, [0, 4], seededRandom(2));
    expect(new Set(round.map(gradeOf))).toEqual(new Set([0, 4]));
    const small = planRound(SET.slice(0, 3), GRADES, seededRandom(2));
    expect(small).toHaveLength(6);
    expect(() => planRound(SET, [], seededRandom(2))).toThrow(/no knee/);
  });
});

describe('pickReal', () => {
  it('prefers knees not seen in earlier rounds', () => {
    const first = pickReal(SET, GRADES, 10, seededRandom(3));
    const seen = new Set(first.map((e) => e.id));
    const second = pickReal(SET, GRADES, 10, seededRandom(4), seen);
    expect(second.some((e) => seen.has(e.id))).toBe(false);
    const all = new Set(SET.map((e) => e.id));
    expect(pickReal(SET, GRADES, 10, seededRandom(4), all)).toHaveLength(10); // all seen: repeats allowed
  });
});

describe('shuffle', () => {
  it('keeps every item and does not change its input', () => {
    const items = [1, 2, 3, 4, 5, 6];
    const shuffled = shuffle(items, seededRandom(9));
    expect([...shuffled].sort()).toEqual(items);
    expect(items).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
