"""Distribution metrics on small synthetic feature sets whose answers are known."""
import numpy as np
import pytest
import torch

from knee_gan.metrics.common import correlation, downsample, generate, latents
from knee_gan.metrics.detector_auc import auc, detector_auc
from knee_gan.metrics.frechet import frechet_distance, frechet_report
from knee_gan.metrics.grade_fidelity import grade_fidelity, spearman
from knee_gan.metrics.identity import identity_report
from knee_gan.metrics.memorisation import memorisation, nearest
from knee_gan.metrics.precision_recall import precision_recall


def test_frechet_known_values():
    rng = np.random.default_rng(0)
    a = rng.normal(size=(4000, 4))
    assert frechet_distance(a, a) == pytest.approx(0.0, abs=1e-8)
    # mean shift only: FD = |shift|^2
    assert frechet_distance(a, a + np.array([1.0, 2.0, 0, 0])) == pytest.approx(5.0, rel=1e-6)
    # diagonal covariances: FD = sum (s1 - s2)^2 for standard deviations s
    b = rng.normal(size=(200000, 2)) * np.array([1.0, 3.0])
    c = rng.normal(size=(200000, 2)) * np.array([2.0, 1.0])
    assert frechet_distance(b, c) == pytest.approx(1.0 + 4.0, rel=0.03)
    rep = frechet_report(a + 1, a[:2000], a[2000:])
    assert rep["fd_ratio"] > 10


def test_precision_recall_mode_collapse():
    rng = np.random.default_rng(0)
    real = rng.normal(size=(400, 3))
    same = rng.normal(size=(400, 3))
    pr = precision_recall(real, same, k=3)
    assert pr["precision"] > 0.8 and pr["recall"] > 0.8
    collapsed = rng.normal(size=(400, 3)) * 0.05  # all generated near one point
    pr = precision_recall(real, collapsed, k=3)
    assert pr["precision"] > 0.9 and pr["recall"] < 0.3
    far = precision_recall(real, real + 100.0, k=3)
    assert far["precision"] == 0.0 and far["recall"] == 0.0


def test_auc_and_detector():
    assert auc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1]) == 1.0
    assert auc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1]) == 0.0
    assert auc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1]) == 0.5
    rng = np.random.default_rng(0)
    real = rng.normal(size=(300, 5))
    assert detector_auc(real, rng.normal(size=(300, 5)))["detector_auc"] < 0.65
    assert detector_auc(real, rng.normal(size=(300, 5)) + 3.0)["detector_auc"] > 0.99


def test_memorisation_flags_copies():
    rng = np.random.default_rng(0)
    train = rng.integers(0, 255, size=(60, 16, 16)).astype(np.uint8)
    test = rng.integers(0, 255, size=(40, 16, 16)).astype(np.uint8)
    val = rng.integers(0, 255, size=(40, 16, 16)).astype(np.uint8)
    copies = train[:30].copy()
    rep = memorisation(copies, train, test, val, pairs=3)
    assert rep["memorised"] == 1.0
    assert rep["closest_pairs"][0]["distance"] == pytest.approx(0.0, abs=1e-3)
    assert {p["train"] for p in rep["closest_pairs"]} <= set(range(30))
    fresh = memorisation(rng.integers(0, 255, size=(30, 16, 16)).astype(np.uint8), train, test, val)
    assert fresh["memorised"] < 0.2
    d, j = nearest(np.array([[0.0, 0.0], [5.0, 5.0]]), np.array([[1.0, 0.0], [5.0, 4.0], [9.0, 9.0]]))
    assert d.tolist() == pytest.approx([1.0, 1.0]) and j.tolist() == [0, 1]


def test_identity_reference_pairs():
    rng = np.random.default_rng(0)
    knees = rng.integers(0, 255, size=(6, 16, 16)).astype(np.uint8)
    # test split: patients a, b, c with L and mirrored R knees
    test = np.stack([knees[0], knees[0][:, ::-1], knees[1], knees[1][:, ::-1], knees[2], knees[3]])
    names = ["aL", "aR", "bL", "bR", "cL", "dR"]
    rep = identity_report(knees[:4], knees[:4], test, names)
    assert rep["same_latent_kl0_vs_kl4"]["mean"] == pytest.approx(1.0)
    assert rep["same_patient_left_vs_right"]["mean"] == pytest.approx(1.0)
    assert rep["same_patient_left_vs_right"]["n"] == 2
    assert abs(rep["different_patients"]["mean"]) < 0.5
    assert correlation(knees[:1], knees[:1].astype(float) * 2 + 3)[0] == pytest.approx(1.0)


def test_grade_fidelity_and_spearman():
    intended = np.array([0, 1, 2, 3, 4, 4])
    logits = torch.full((6, 5), -5.0)
    logits[torch.arange(6), torch.tensor([0, 1, 2, 3, 4, 3])] = 5.0
    rep = grade_fidelity(intended, logits)
    assert rep["grade_fidelity"] == pytest.approx(5 / 6)
    assert rep["mean_expected_grade"]["0"] < 0.1
    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    assert spearman([1, 2, 2, 3], [1, 2, 2, 3]) == pytest.approx(1.0)


def test_generation_helpers_are_deterministic():
    from knee_gan.configs import CONFIGS
    from knee_gan.networks import Generator
    cfg = CONFIGS["tiny"]
    torch.manual_seed(0)
    g = Generator.from_config(cfg).eval()
    z = latents([1, 2, 3], cfg.z_dim)
    a = generate(g, z, torch.tensor([0.0, 2.0, 4.0]), batch=2)
    b = generate(g, z, torch.tensor([0.0, 2.0, 4.0]), batch=3)
    assert a.dtype == np.uint8 and a.shape == (3, 16, 16)
    assert np.array_equal(a, b)
    assert np.array_equal(latents([7], cfg.z_dim), latents([7], cfg.z_dim))
    assert downsample(a, 8).shape == (3, 8, 8)
