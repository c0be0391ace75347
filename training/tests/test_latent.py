import json
import os

import numpy as np
import pytest

from knee_gan.latent import MAX_SEED, mix32, seed_to_latent

VECTORS = os.path.join(os.path.dirname(__file__), "..", "..", "contract", "latent-vectors.json")


def test_matches_the_vectors_shared_with_typescript():
    vectors = json.load(open(VECTORS))
    for value, expected in vectors["mix32"]:
        assert mix32(value) == expected
    for case in vectors["cases"]:
        z = seed_to_latent(case["seed"], case["dim"])
        np.testing.assert_allclose(z, np.array(case["z"], dtype=np.float32), atol=1e-6, rtol=0)


def test_standard_normal_and_deterministic():
    z = seed_to_latent(2024, 20000)
    assert abs(z.mean()) < 0.03 and abs(z.var() - 1) < 0.05
    assert np.array_equal(seed_to_latent(5, 32), seed_to_latent(5, 32))
    assert not np.array_equal(seed_to_latent(5, 32), seed_to_latent(6, 32))


@pytest.mark.parametrize("bad", [-1, MAX_SEED + 1, 1.5, "3"])
def test_rejects_bad_seeds(bad):
    with pytest.raises(ValueError, match="seed must be"):
        seed_to_latent(bad, 4)
