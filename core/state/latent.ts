// The seed -> latent rule shared with training/knee_gan/latent.py (contract/README.md), pinned by
// contract/latent-vectors.json: seed 42 is the same knee in the app, a share URL and the metrics.

export const MAX_SEED = 0xffffffff;

/** lowbias32 integer hash (C. Wellons); a bijection on unsigned 32-bit integers. */
export function mix32(input: number): number {
  let x = input >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b) >>> 0;
  x ^= x >>> 16;
  return x >>> 0;
}

function uniform(key: number, counter: number): number {
  const bits = mix32((key ^ mix32((counter ^ 0x9e3779b9) >>> 0)) >>> 0);
  return (bits + 0.5) / 4294967296;
}

export function isValidSeed(seed: number): boolean {
  return Number.isInteger(seed) && seed >= 0 && seed <= MAX_SEED;
}

/** A standard-normal latent of length `dim` from an unsigned 32-bit seed (Box–Muller on hashed counters). */
export function seedToLatent(seed: number, dim: number): Float32Array {
  if (!isValidSeed(seed)) throw new RangeError(`seed must be an integer in [0, ${MAX_SEED}], got ${seed}`);
  const key = mix32(seed);
  const z = new Float32Array(dim);
  for (let k = 0; 2 * k < dim; k++) {
    const radius = Math.sqrt(-2 * Math.log(uniform(key, 2 * k)));
    const angle = 2 * Math.PI * uniform(key, 2 * k + 1);
    z[2 * k] = radius * Math.cos(angle);
    if (2 * k + 1 < dim) z[2 * k + 1] = radius * Math.sin(angle);
  }
  return z;
}
