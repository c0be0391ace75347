import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeFragment, encodeFragment, MAX_FRAGMENT_LENGTH, type ShareState } from './fragment';
import { MAX_SEED } from './latent';

const modelId = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/);
const directionId = fc.stringMatching(/^[a-z0-9_]{1,12}$/);
// -0 is written as 0, the same value for every purpose here.
const finite = fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => (v === 0 ? 0 : v));
const weightsPrefix = fc.stringMatching(/^[0-9a-f]{8}$/);
// `weights` is optional: links made before it existed have none.
const shareState: fc.Arbitrary<ShareState> = fc.record(
  {
    model: modelId,
    weights: weightsPrefix,
    seed: fc.integer({ min: 0, max: MAX_SEED }),
    kl: finite,
    truncation: finite,
    directions: fc.dictionary(
      directionId,
      finite.filter((v) => v !== 0),
      { maxKeys: 8 },
    ),
  },
  { requiredKeys: ['model', 'seed', 'kl', 'truncation', 'directions'] },
);

/** A state is valid when every field present has the right type and range. */
function isValidPartial(state: Partial<ShareState>): boolean {
  const okNumber = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  if (state.model !== undefined && !/^[a-z0-9][a-z0-9-]{0,62}$/.test(state.model)) return false;
  if (state.weights !== undefined && !/^[0-9a-f]{8,64}$/.test(state.weights)) return false;
  if (state.seed !== undefined && !(Number.isInteger(state.seed) && state.seed >= 0 && state.seed <= MAX_SEED))
    return false;
  if (state.kl !== undefined && !okNumber(state.kl)) return false;
  if (state.truncation !== undefined && !okNumber(state.truncation)) return false;
  return Object.entries(state.directions ?? {}).every(([id, v]) => /^[a-z0-9_]{1,32}$/.test(id) && okNumber(v));
}

describe('share fragment codec', () => {
  it('encodes a short, readable, versioned fragment', () => {
    const text = encodeFragment({
      model: 'knee-v1',
      seed: 42,
      kl: 2.5,
      truncation: 0.7,
      directions: { osteo: 1.2, jsn: -0.5, pc1: 0 },
    });
    expect(text).toBe('v1&m=knee-v1&s=42&kl=2.5&t=0.7&d=osteo:1.2,jsn:-0.5');
    const versioned = encodeFragment({
      model: 'knee-v1',
      weights: 'd2e33f7a',
      seed: 42,
      kl: 2.5,
      truncation: 0.7,
      directions: {},
    });
    expect(versioned).toBe('v1&m=knee-v1&w=d2e33f7a&s=42&kl=2.5&t=0.7');
  });

  it('round-trips every state exactly (property)', () => {
    fc.assert(
      fc.property(shareState, (state) => {
        const decoded = decodeFragment(`#${encodeFragment(state)}`);
        // Zero sliders are left out of links; "no d field" means every slider at 0.
        const { directions, ...rest } = state;
        const expected = Object.keys(directions).length > 0 ? state : rest;
        expect(decoded).toEqual({ ok: true, state: expected, problems: [] });
      }),
      { numRuns: 500 },
    );
  });

  it('decodes any string to a valid partial state or a clear error, never throwing (property)', () => {
    const anyText = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.string({ maxLength: 200 }).map((s) => `v1&${s}`),
      fc
        .array(fc.tuple(fc.constantFrom('m', 'w', 's', 'kl', 't', 'd', 'x', ''), fc.string({ maxLength: 20 })), {
          maxLength: 8,
        })
        .map((pairs) => `#v1&${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`),
    );
    fc.assert(
      fc.property(anyText, (text) => {
        const result = decodeFragment(text);
        if (result.ok) {
          expect(isValidPartial(result.state)).toBe(true);
          result.problems.forEach((p) => expect(p.length).toBeLessThan(200));
        } else {
          expect(result.error.length).toBeGreaterThan(0);
          expect(result.error.length).toBeLessThan(200);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('an empty fragment is an empty state', () => {
    expect(decodeFragment('')).toEqual({ ok: true, state: {}, problems: [] });
    expect(decodeFragment('#')).toEqual({ ok: true, state: {}, problems: [] });
  });

  it('refuses a foreign or unversioned fragment', () => {
    for (const text of ['#section-2', '#v2&s=1', '#s=42&kl=2', '#V1&s=1']) {
      const result = decodeFragment(text);
      expect(result.ok).toBe(false);
    }
  });

  it('refuses an oversized fragment without parsing it', () => {
    expect(decodeFragment(`v1&${'x'.repeat(MAX_FRAGMENT_LENGTH)}`).ok).toBe(false);
  });

  it('keeps the valid fields of a partly broken link and names the rest', () => {
    const result = decodeFragment('#v1&m=knee-v1&s=-3&kl=2.5&t=abc&d=osteo:1,BAD:2,jsn:x&zz=1');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.state).toEqual({ model: 'knee-v1', kl: 2.5, directions: { osteo: 1 } });
    expect(result.problems).toHaveLength(5);
    expect(result.problems.join(' ')).toMatch(/seed.*truncation.*BAD.*jsn.*zz/);
  });

  it('rejects seeds beyond 32 bits, non-decimal numbers, and repeated keys', () => {
    const result = decodeFragment('v1&s=4294967296&kl=0x10&t=Infinity&kl=1');
    expect(result.ok && result.state).toEqual({});
    const dup = decodeFragment('v1&s=1&s=2&d=a:1,a:2');
    expect(dup.ok && dup.state).toEqual({ seed: 1, directions: { a: 1 } });
  });

  it('accepts percent-encoded values and survives broken escapes', () => {
    expect(decodeFragment('v1&kl=%32.5')).toEqual({ ok: true, state: { kl: 2.5 }, problems: [] });
    const broken = decodeFragment('v1&kl=%E0%A4%A&s=7');
    expect(broken.ok && broken.state).toEqual({ seed: 7 });
  });
});

describe('share fragment codec, weights prefix (w=)', () => {
  it('still decodes links made before w= existed, exactly as before', () => {
    expect(decodeFragment('#v1&m=knee-cpu128&s=42&kl=2.5&t=0.7')).toEqual({
      ok: true,
      state: { model: 'knee-cpu128', seed: 42, kl: 2.5, truncation: 0.7 },
      problems: [],
    });
  });

  it('adding w= to any link adds the prefix and changes nothing else (property)', () => {
    fc.assert(
      fc.property(shareState, weightsPrefix, (state, weights) => {
        const old = { ...state, weights: undefined };
        const oldText = encodeFragment(old);
        const withWeights = decodeFragment(oldText.replace(/^v1&m=[^&]*/, (head) => `${head}&w=${weights}`));
        const without = decodeFragment(oldText);
        expect(without.ok && without.state.weights).toBeUndefined();
        expect(withWeights).toEqual(without.ok ? { ...without, state: { ...without.state, weights } } : without);
      }),
      { numRuns: 300 },
    );
  });

  it('reads a longer or upper-case prefix, and names a malformed one without failing', () => {
    const sha = 'D2E33F7A19D6961CD7A6B0C091C71CFD6ABC6821A3205974C215BE1D7999DE33';
    expect(decodeFragment(`v1&m=k&w=${sha}`)).toEqual({
      ok: true,
      state: { model: 'k', weights: sha.toLowerCase() },
      problems: [],
    });
    for (const bad of ['', 'd2e33f7', 'xyz12345', 'd2e33f7a-1', '0'.repeat(65)]) {
      const result = decodeFragment(`v1&m=k&w=${bad}&s=3`);
      expect(result.ok && result.state).toEqual({ model: 'k', seed: 3 });
      expect(result.ok && result.problems).toEqual([expect.stringMatching(/ignored the weights prefix/)]);
    }
  });
});

describe('share fragment codec, hostile keys', () => {
  it('keeps "__proto__" as a plain direction id', () => {
    const result = decodeFragment('v1&d=__proto__:1,constructor:2');
    expect(result.ok && Object.keys(result.state.directions ?? {})).toEqual(['__proto__', 'constructor']);
    expect(result.ok && Object.getPrototypeOf(result.state.directions)).toBe(Object.prototype);
  });
});
