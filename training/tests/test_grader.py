"""The compact KL grader: shapes, training/selection on a tiny fixture, save/load, metrics."""
import json
import os

import numpy as np
import pytest
import torch

from knee_gan.grader.model import Grader, expected_grade, load_grader
from knee_gan.grader.train import augment_batch, train
from knee_gan.metrics.grader_accuracy import classification_report, confusion, macro_f1, quadratic_kappa


def brightness_dataset(n: int, size: int = 16, seed: int = 0):
    """Grade g is drawn as a bright square whose brightness grows with g (learnable in a few steps)."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 5, size=n)
    x = rng.integers(0, 40, size=(n, size, size)).astype(np.uint8)
    for i, g in enumerate(y):
        x[i, 4:12, 4:12] = 40 + 50 * g
    return x, y


def test_shapes_and_features():
    g = Grader(resolution=16, width=4, feature_dim=8).eval()
    x = torch.rand(3, 1, 16, 16) * 2 - 1
    assert g(x).shape == (3, 5)
    assert g.features(x).shape == (3, 8)
    # other input sizes are resized to the grader's resolution
    assert g(torch.rand(2, 1, 32, 32)).shape == (2, 5)
    assert g(torch.rand(2, 1, 24, 24)).shape == (2, 5)
    eg = expected_grade(torch.tensor([[10.0, 0, 0, 0, 0], [0, 0, 0, 0, 10.0]]))
    assert eg[0] < 0.01 and eg[1] > 3.99


def test_augment_keeps_shape_and_range():
    x = torch.rand(4, 1, 16, 16) * 2 - 1
    y = augment_batch(x, torch.Generator().manual_seed(0), shift=2)
    assert y.shape == x.shape and y.min() >= -1 and y.max() <= 1


def test_train_selects_on_val_and_reloads(tmp_path):
    tr_x, tr_y = brightness_dataset(200, seed=0)
    va_x, va_y = brightness_dataset(60, seed=1)
    out = str(tmp_path / "grader")
    result = train(tr_x, tr_y, va_x, va_y, out, epochs=4, batch=20, lr=5e-3, resolution=16, width=4, log=lambda s: None)
    assert len(result["history"]) == 4
    history = json.load(open(os.path.join(out, "history.json")))
    best = max(h["val_accuracy"] for h in history)
    model = load_grader(os.path.join(out, "grader.pt"))
    assert model.info["val"]["accuracy"] == pytest.approx(best)
    assert model.info["epoch"] == 1 + [h["val_accuracy"] for h in history].index(best)
    assert best > 0.4  # well above chance (0.2) on an easy task


def test_classification_metrics():
    y = np.array([0, 1, 2, 3, 4, 0, 1])
    perfect = classification_report(y, y)
    assert perfect["accuracy"] == 1.0 and perfect["macro_f1"] == 1.0
    assert perfect["quadratic_kappa"] == pytest.approx(1.0)
    cm = confusion([0, 0, 1, 1], [0, 1, 1, 1], k=2)
    assert cm.tolist() == [[1, 1], [0, 2]]
    assert macro_f1(cm) == pytest.approx((2 / 3 + 0.8) / 2)
    # quadratic kappa of a 2x2 table equals Cohen's kappa: po = 0.75, pe = 0.5*0.25 + 0.5*0.75 = 0.5
    assert quadratic_kappa(cm) == pytest.approx(0.5)
    # off-by-one errors cost less than off-by-four errors
    near = classification_report([0, 1, 2, 3, 4], [1, 2, 3, 4, 3])
    far = classification_report([0, 1, 2, 3, 4], [4, 4, 0, 0, 0])
    assert near["quadratic_kappa"] > far["quadratic_kappa"]
