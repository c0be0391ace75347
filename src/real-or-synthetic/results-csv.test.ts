import { describe, expect, it } from 'vitest';
import {
  csvRows,
  mergeRecords,
  parseRecord,
  parseResultsCsv,
  RESULTS_HEADER,
  resultsCsv,
  type AnswerRecord,
} from './results-csv';

const SHA = 'd2e33f7a19d6961cd7a6b0c091c71cfd6abc6821a3205974c215be1d7999de33';
const record = (over: Partial<AnswerRecord> = {}): AnswerRecord => ({
  participant: 'A17',
  imageId: 'r007',
  truth: 'real',
  grade: 2,
  answer: 'synthetic',
  confidence: 2,
  responseMs: 1834,
  modelId: 'knee-cpu128',
  weightsSha256: SHA,
  timestamp: '2026-11-25T10:15:02.123Z',
  ...over,
});

describe('results CSV', () => {
  it('writes one row per answer with the named columns, and reads it back', () => {
    const records = [
      record(),
      record({ imageId: 'seed-123', truth: 'synthetic', confidence: null, participant: 'Smith, "J"' }),
    ];
    const text = resultsCsv(records);
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'participant,image_id,truth,grade,answer,confidence,response_ms,model_id,weights_sha256,timestamp',
    );
    expect(lines[1]).toBe(`A17,r007,real,2,synthetic,2,1834,knee-cpu128,${SHA},2026-11-25T10:15:02.123Z`);
    expect(lines[2]).toContain('"Smith, ""J""",seed-123,synthetic,2,synthetic,,1834');
    expect(parseResultsCsv(text)).toEqual({ ok: true, records, badRows: 0, firstProblem: null });
  });

  it('refuses a file that is not a results file, with the reason', () => {
    for (const text of ['', '{"cases": []}', 'name,link\r\nx,y\r\n', 'PK\0\0binary'])
      expect(parseResultsCsv(text)).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/header|not a text file/),
      });
  });

  it('skips bad rows, counts them and names the first', () => {
    const good = resultsCsv([record()]).trimEnd();
    const text = [
      good,
      `A17,r008,real,7,real,,10,knee-cpu128,${SHA},2026-11-25T10:15:03.000Z`,
      'too,few,cells',
      `A17,r009,"real"x,1,real,,10,knee-cpu128,${SHA},2026-11-25T10:15:04.000Z`,
      `A17,r010,real,1,maybe,,10,knee-cpu128,${SHA},2026-11-25T10:15:05.000Z`,
      `A17,r011,real,1,real,,10,knee-cpu128,${SHA},yesterday`,
      '',
      `B2,r012,synthetic,4,real,3,99,knee-cpu128,${SHA},2026-11-25T10:15:06.000Z`,
    ].join('\n');
    const result = parseResultsCsv(text);
    expect(result.ok && result.records.map((r) => r.imageId)).toEqual(['r007', 'r012']);
    expect(result.ok && result.badRows).toBe(5);
    expect(result.ok && result.firstProblem).toBe('row 3: grade "7" is not 0–4');
  });

  it('reads quoted cells with commas, quotes and line breaks, and flags broken quoting', () => {
    expect(csvRows('a,"b,c","d""e","f\r\ng"\r\nx\n')).toEqual([
      { cells: ['a', 'b,c', 'd"e', 'f\r\ng'] },
      { cells: ['x'] },
    ]);
    expect(csvRows('a,b"c\nd\n')).toEqual([{ error: 'a quote inside an unquoted cell' }, { cells: ['d'] }]);
    expect(csvRows('"a"b,c\nd')).toEqual([{ error: 'text after a closing quote' }, { cells: ['d'] }]);
    expect(csvRows('"never closed\nd')).toEqual([{ error: 'a quoted cell is not closed' }]);
  });
});

describe('mergeRecords', () => {
  it('does not count the same answer twice, from two files or within one', () => {
    const a = record();
    const b = record({ timestamp: '2026-11-25T10:16:00.000Z' });
    const first = mergeRecords([], [a, b, { ...a }]);
    expect([first.records.length, first.added, first.duplicates]).toEqual([2, 2, 1]);
    const second = mergeRecords(first.records, [b, record({ participant: 'B2' })]);
    expect([second.records.length, second.added, second.duplicates]).toEqual([3, 1, 1]);
  });
});

describe('parseRecord', () => {
  it('accepts a stored record and rejects anything else', () => {
    expect(parseRecord(record())).toEqual(record());
    expect(parseRecord(record({ confidence: null }))).toEqual(record({ confidence: null }));
    expect(parseRecord({ ...record(), grade: 9 })).toBeNull();
    expect(parseRecord({ ...record(), truth: 'fake' })).toBeNull();
    expect(parseRecord('r007')).toBeNull();
    expect(parseRecord(null)).toBeNull();
    expect(RESULTS_HEADER).toHaveLength(10);
  });
});
