import { describe, expect, it } from 'vitest';
import {
  CASES_FORMAT,
  caseOf,
  casesFileOf,
  cleanName,
  mergeCases,
  parseCasesFile,
  uniqueName,
  type SavedCase,
} from './cases';

const state = { model: 'knee-cpu128', seed: 7, kl: 3, truncation: 0.7, directions: { jsn: 1.5 } };
const when = new Date('2026-11-23T10:00:00Z');
let counter = 0;
const newId = () => `id-${++counter}`;

describe('saved cases', () => {
  it('stores the state as a share fragment', () => {
    const saved = caseOf('a', '  Severe   medial JSN ', state, when);
    expect(saved).toEqual({
      id: 'a',
      name: 'Severe medial JSN',
      link: 'v1&m=knee-cpu128&s=7&kl=3&t=0.7&d=jsn:1.5',
      savedAt: '2026-11-23T10:00:00.000Z',
    });
    expect(caseOf('b', '   ', state, when).name).toBe('Untitled case');
    expect(cleanName('x'.repeat(500))).toHaveLength(120);
  });

  it('keeps the weights prefix, and reads cases saved before links had one', () => {
    const saved = caseOf('c', 'Versioned', { ...state, weights: 'd2e33f7a' }, when);
    expect(saved.link).toBe('v1&m=knee-cpu128&w=d2e33f7a&s=7&kl=3&t=0.7&d=jsn:1.5');
    const file = JSON.stringify({
      format: CASES_FORMAT,
      notice: 'synthetic',
      cases: [
        { name: 'Old', link: 'v1&m=knee-cpu128&s=7&kl=3&t=0.7', savedAt: '2026-01-01T00:00:00Z' },
        { name: 'New', link: saved.link, savedAt: saved.savedAt },
      ],
    });
    const parsed = parseCasesFile(file);
    expect(parsed.ok && parsed.cases.map((c) => c.name)).toEqual(['Old', 'New']);
    expect(parsed.ok && parsed.problems).toEqual([]);
  });

  it('makes names unique', () => {
    expect(uniqueName('Knee', ['Other'])).toBe('Knee');
    expect(uniqueName('Knee', ['Knee', 'Knee (2)'])).toBe('Knee (3)');
  });

  it('round-trips through the file format', () => {
    const cases = [caseOf('a', 'One', state, when), caseOf('b', 'Two', { ...state, kl: 0 }, when)];
    const parsed = parseCasesFile(JSON.stringify(casesFileOf(cases, 'synthetic')));
    expect(parsed).toEqual({
      ok: true,
      cases: cases.map(({ name, link, savedAt }) => ({ name, link, savedAt })),
      problems: [],
    });
  });

  it('refuses what is not a cases file, with a reason', () => {
    expect(parseCasesFile('{not json')).toEqual({ ok: false, error: 'the file is not JSON' });
    expect(parseCasesFile('[]')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/not a Knee OA Studio cases file/),
    });
    expect(parseCasesFile(JSON.stringify({ format: CASES_FORMAT }))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/no list/),
    });
    expect(parseCasesFile(' '.repeat(2_000_001))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/too large/),
    });
  });

  it('skips bad cases and says which', () => {
    const file = {
      format: CASES_FORMAT,
      cases: [
        { name: 'Good', link: 'v1&m=knee-cpu128&s=1&kl=2&t=0.7', savedAt: '2026-01-01T00:00:00Z' },
        { name: 'Bad link', link: 'v9&m=x', savedAt: '2026-01-01T00:00:00Z' },
        { name: 'No seed', link: 'v1&m=knee-cpu128', savedAt: '2026-01-01T00:00:00Z' },
        { name: 'Bad time', link: 'v1&m=knee-cpu128&s=1', savedAt: 'yesterday' },
        { name: 'Junk field', link: 'v1&m=knee-cpu128&s=1&zz=3', savedAt: '2026-01-01T00:00:00Z' },
        'text',
        { link: 'v1&m=knee-cpu128&s=1' },
      ],
    };
    const parsed = parseCasesFile(JSON.stringify(file));
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.cases.map((c) => c.name)).toEqual(['Good']);
    expect(parsed.problems).toEqual([
      expect.stringMatching(/^case 2 \("Bad link"\) has a bad link/),
      'case 3 ("No seed") has a link without a model and seed',
      'case 4 ("Bad time") has no valid savedAt time',
      expect.stringMatching(/^case 5 \("Junk field"\) has a bad link: ignored the unknown field/),
      'case 6 is not an object',
      'case 7 has no name',
    ]);
  });

  it('merges without replacing or duplicating', () => {
    const existing: SavedCase[] = [caseOf('a', 'One', state, when)];
    const imported = [
      { name: 'One', link: existing[0].link, savedAt: existing[0].savedAt },
      { name: 'One', link: 'v1&m=knee-cpu128&s=99&kl=1&t=0.7', savedAt: existing[0].savedAt },
      { name: 'Two', link: 'v1&m=knee-cpu128&s=5&kl=1&t=0.7', savedAt: existing[0].savedAt },
    ];
    const merged = mergeCases(existing, imported, newId);
    expect(merged.added).toBe(2);
    expect(merged.duplicates).toBe(1);
    expect(merged.cases.map((c) => c.name)).toEqual(['One', 'One (2)', 'Two']);
    expect(existing).toHaveLength(1);
  });
});
