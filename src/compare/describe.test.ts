import { describe, expect, it } from 'vitest';
import type { ShareState } from '../../core/state/fragment';
import { describeState } from './describe';

const state: ShareState = { model: 'm', seed: 123, kl: 0, truncation: 0.7, directions: {} };
const names = [
  { id: 'jsn', label: 'Joint-space narrowing' },
  { id: 'osteophytes', label: 'Osteophytes' },
];

describe('describeState', () => {
  it('names the grade with two decimals and the seed', () => {
    expect(describeState(state)).toBe('KL 0.00, seed 123');
    expect(describeState({ ...state, kl: 2.5, seed: 9 })).toBe('KL 2.50, seed 9');
  });

  it('adds the directions that are not at zero, in the manifest order, with their sign', () => {
    const s = { ...state, directions: { osteophytes: 1.2, jsn: -0.5, pc1: 0 } };
    expect(describeState(s, names)).toBe('KL 0.00, seed 123, Joint-space narrowing −0.50, Osteophytes +1.20');
  });

  it('names unknown directions by id', () => {
    expect(describeState({ ...state, directions: { other: 2 } }, names)).toBe('KL 0.00, seed 123, other +2.00');
  });

  it('adds truncation and model only where they differ from the other image', () => {
    const other = { ...state, truncation: 1, model: 'n' };
    expect(describeState(state, names, state)).toBe('KL 0.00, seed 123');
    expect(describeState(state, names, other)).toBe('KL 0.00, seed 123, truncation 0.70, model m');
  });
});
