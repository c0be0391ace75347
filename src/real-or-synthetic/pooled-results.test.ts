import { describe, expect, it } from 'vitest';
import { NO_CODE, poolByParticipant } from './pooled-results';
import type { AnswerRecord } from './results-csv';

let clock = 0;
const answer = (
  participant: string,
  truth: AnswerRecord['truth'],
  said: AnswerRecord['answer'],
  grade = 1,
): AnswerRecord => ({
  participant,
  imageId: `r${++clock}`,
  truth,
  grade,
  answer: said,
  confidence: null,
  responseMs: 900,
  modelId: 'knee-cpu128',
  weightsSha256: 'ab'.repeat(32),
  timestamp: new Date(Date.UTC(2026, 10, 25, 10, 0, clock)).toISOString(),
});

describe('poolByParticipant', () => {
  it('gives a row per participant (sorted, numbers in order) and one for everyone', () => {
    const records = [
      answer('P10', 'real', 'real'),
      answer('P2', 'real', 'synthetic'),
      answer('P2', 'synthetic', 'synthetic', 3),
      answer('P10', 'synthetic', 'real', 3),
      answer('  ', 'real', 'real'),
    ];
    const table = poolByParticipant(records);
    expect(table.participants.map((r) => [r.label, r.summary.n, r.summary.accuracy])).toEqual([
      [NO_CODE, 1, 1],
      ['P2', 2, 0.5],
      ['P10', 2, 0.5],
    ]);
    expect(table.overall.summary).toMatchObject({ n: 5, correct: 3, sensitivity: 0.5, specificity: 2 / 3 });
    expect(table.overall.summary.perGrade[3]).toEqual({ grade: 3, n: 2, correct: 1, accuracy: 0.5 });
    expect(table.models).toEqual(['knee-cpu128 (abababab)']);
  });

  it('is empty but well-formed without answers', () => {
    const table = poolByParticipant([]);
    expect(table.participants).toEqual([]);
    expect(table.overall.summary.n).toBe(0);
  });
});
