import { describe, expect, it } from 'vitest';
import { formatKl, klWords } from './kl-label';

describe('KL grade words', () => {
  it('names whole grades and the space between them', () => {
    expect(klWords(0)).toBe('None');
    expect(klWords(2)).toBe('Minimal');
    expect(klWords(2.5)).toBe('between Minimal and Moderate');
    expect(klWords(3.99)).toBe('between Moderate and Severe');
    expect(klWords(4)).toBe('Severe');
  });

  it('uses the manifest ticks when given', () => {
    expect(
      klWords(0.5, [
        { value: 0, label: 'A' },
        { value: 1, label: 'B' },
      ]),
    ).toBe('between A and B');
  });

  it('formats grades briefly', () => {
    expect([formatKl(2), formatKl(2.5), formatKl(2.25), formatKl(1.05)]).toEqual(['2', '2.5', '2.25', '1.05']);
  });
});
