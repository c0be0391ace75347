"""The seed -> latent rule shared with the app (core/state/latent.ts); pinned by
shared/latent-vectors.json, which both test suites read.

  key       = mix32(seed)
  bits(i)   = mix32(key XOR mix32(i XOR 0x9E3779B9))          for counter i = 0, 1, 2, ...
  u(i)      = (bits(i) + 0.5) / 2^32                          in (0, 1)
  z[2k]     = sqrt(-2 ln u(2k)) * cos(2 pi u(2k+1))           Box-Muller
  z[2k+1]   = sqrt(-2 ln u(2k)) * sin(2 pi u(2k+1))

mix32 is the 'lowbias32' integer hash (Wellons): x ^= x>>16; x *= 0x7feb352d; x ^= x>>15;
x *= 0x846ca68b; x ^= x>>16, all modulo 2^32. Seeds are unsigned 32-bit integers.
"""
import math

import numpy as np

MASK = 0xFFFFFFFF
MAX_SEED = MASK


def mix32(x: int) -> int:
    x &= MASK
    x ^= x >> 16
    x = (x * 0x7FEB352D) & MASK
    x ^= x >> 15
    x = (x * 0x846CA68B) & MASK
    x ^= x >> 16
    return x


def uniform(seed: int, counter: int) -> float:
    bits = mix32(mix32(seed) ^ mix32(counter ^ 0x9E3779B9))
    return (bits + 0.5) / 4294967296.0


def seed_to_latent(seed: int, dim: int) -> np.ndarray:
    if not (isinstance(seed, int) and 0 <= seed <= MAX_SEED):
        raise ValueError(f"seed must be an integer in [0, {MAX_SEED}], got {seed!r}")
    z = np.empty(dim, dtype=np.float64)
    for k in range((dim + 1) // 2):
        radius = math.sqrt(-2.0 * math.log(uniform(seed, 2 * k)))
        angle = 2.0 * math.pi * uniform(seed, 2 * k + 1)
        z[2 * k] = radius * math.cos(angle)
        if 2 * k + 1 < dim:
            z[2 * k + 1] = radius * math.sin(angle)
    return z.astype(np.float32)
