"""Fixtures made in the test: a tiny dataset in the {split}/{grade}/ layout, never ../shared."""
import os
import sys

import numpy as np
import pytest
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def write_knee_like(path: str, size: int, grade: int, rng: np.random.Generator):
    """A bright femur above, a tibia below, a dark gap narrowing with grade; plus noise."""
    y = np.arange(size)[:, None] * np.ones((1, size))
    gap = size * (0.12 - 0.02 * grade)
    img = np.where(np.abs(y - size / 2) < gap / 2, 40.0, 190.0) + rng.normal(0, 12, (size, size))
    Image.fromarray(np.clip(img, 0, 255).astype(np.uint8)).save(path)


@pytest.fixture
def tiny_dataset(tmp_path):
    rng = np.random.default_rng(0)
    root = tmp_path / "knee"
    for split, per_grade in (("train", 4), ("val", 2)):
        for grade in range(5):
            folder = root / split / str(grade)
            folder.mkdir(parents=True)
            for i in range(per_grade):
                write_knee_like(str(folder / f"{9000000 + 10 * grade + i}L.png"), 32, grade, rng)
    return root
