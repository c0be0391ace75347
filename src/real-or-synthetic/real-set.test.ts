import { describe, expect, it } from 'vitest';
import { parseRealSet, REAL_SET_FORMAT } from './real-set';

const image = (id: string, grade = 2) => ({ id, grade, file: `${id}.png`, sha256: 'c'.repeat(64) });
const index = (over: Record<string, unknown> = {}) => ({
  format: REAL_SET_FORMAT,
  license: 'CC BY 4.0',
  citation: 'Chen, P. (2018) … doi:10.17632/56rmx5bjcr.1 … Osteoarthritis Initiative',
  size: [224, 224],
  images: [image('r001', 0), image('r002', 4)],
  ...over,
});

describe('parseRealSet', () => {
  it("reads the packer's index", () => {
    const parsed = parseRealSet(index());
    expect(parsed.ok && parsed.set.images.map((i) => [i.id, i.grade])).toEqual([
      ['r001', 0],
      ['r002', 4],
    ]);
    expect(parsed.ok && parsed.set.license).toBe('CC BY 4.0');
  });

  it('refuses an index it cannot trust, saying why', () => {
    const cases: [unknown, RegExp][] = [
      ['<!doctype html>', /not an object/],
      [index({ format: 'other' }), /not a real set/],
      [index({ license: '' }), /no licence/],
      [index({ citation: 3 }), /no citation/],
      [index({ images: [] }), /no images/],
      [index({ images: [image('r001', 5)] }), /no grade 0–4/],
      [index({ images: [{ ...image('r001'), file: '../models/x.png' }] }), /file name/],
      [index({ images: [{ ...image('r001'), sha256: 'xyz' }] }), /SHA-256/],
      [index({ images: [image('r 1')] }), /valid id/],
      [index({ images: [image('r001'), image('r001')] }), /twice/],
    ];
    for (const [json, reason] of cases)
      expect(parseRealSet(json)).toMatchObject({ ok: false, reason: expect.stringMatching(reason) });
  });
});
