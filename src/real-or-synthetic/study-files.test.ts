import { describe, expect, it } from 'vitest';
import type { AnswerRecord } from './results-csv';
import { importMessage, resultsFileName } from './study-files';

const record = (participant: string, second = 0): AnswerRecord => ({
  participant,
  imageId: 'r001',
  truth: 'real',
  grade: 1,
  answer: 'real',
  confidence: null,
  responseMs: 700,
  modelId: 'knee-cpu128',
  weightsSha256: 'ab'.repeat(32),
  timestamp: new Date(Date.UTC(2026, 10, 25, 9, 0, second)).toISOString(),
});
const NOW = new Date(Date.UTC(2026, 10, 25, 12));

describe('resultsFileName', () => {
  it('names the participant when there is exactly one, made safe for a file name', () => {
    expect(resultsFileName([record('P1'), record('P1', 1)], NOW)).toBe(
      'knee-oa-studio_real-or-synthetic_results_P1_2026-11-25.csv',
    );
    expect(resultsFileName([record('Ann M./3')], NOW)).toBe(
      'knee-oa-studio_real-or-synthetic_results_Ann-M-3_2026-11-25.csv',
    );
    expect(resultsFileName([record('P1'), record('P2')], NOW)).toBe(
      'knee-oa-studio_real-or-synthetic_results_2026-11-25.csv',
    );
    expect(resultsFileName([record('')], NOW)).toBe('knee-oa-studio_real-or-synthetic_results_2026-11-25.csv');
  });
});

describe('importMessage', () => {
  it('says what was taken, and what was skipped and why', () => {
    const counts = { added: [record('P1')], duplicates: 0, badRows: 0, firstProblem: null };
    expect(importMessage('a.csv', counts, [])).toBe('Imported 1 answer from a.csv.');
    expect(
      importMessage(
        'b.csv',
        { added: [], duplicates: 20, badRows: 2, firstProblem: 'row 4: grade "7" is not 0–4' },
        [],
      ),
    ).toBe(
      'Imported 0 answers from b.csv: 2 bad rows skipped (row 4: grade "7" is not 0–4); 20 answers already imported, not counted again.',
    );
    expect(importMessage('mine.csv', counts, [record('P1')])).toBe(
      'Imported 1 answer from mine.csv: 1 answer given on this device, counted once.',
    );
  });
});
