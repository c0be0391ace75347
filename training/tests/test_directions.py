"""Latent directions on a random tiny generator: shapes, the contract's fields, and the fitting."""
import json
import os

import numpy as np
import pytest
import torch

from knee_gan.configs import CONFIGS
from knee_gan.directions.find import find_directions, find_osteophytes, grade_basis, ridge, unit
from knee_gan.directions.masked import best_calibrated
from knee_gan.directions.measure import Measurer, auto_label, joint_band_share
from knee_gan.grader.model import Grader
from knee_gan.networks import Generator

SCHEMA = os.path.join(os.path.dirname(__file__), "..", "..", "contract", "manifest.schema.json")


def tiny():
    torch.manual_seed(0)
    cfg = CONFIGS["tiny"]
    g = Generator.from_config(cfg).eval().requires_grad_(False)
    grader = Grader(resolution=16, width=4, feature_dim=8).eval().requires_grad_(False)
    return g, grader


def dark_rows(images: np.ndarray) -> np.ndarray:
    """A stand-in width for tests: how many rows of the middle band are darker than the image mean."""
    x = images.astype(np.float64)
    band = x[:, 4:12].mean(2)
    return (band < x.mean((1, 2))[:, None]).sum(1) + band.mean(1) / 255.0


def check_direction_entry(d: dict, dims: dict):
    item_schema = json.load(open(SCHEMA))["properties"]["directions"]["items"]
    try:
        import jsonschema
        jsonschema.validate(d, item_schema)
    except ImportError:
        for key in item_schema["required"]:
            assert key in d
    assert d["space"] in dims and d["kind"] in ("semantic", "principal")
    assert len(d["vector"]) == dims[d["space"]]
    assert np.linalg.norm(d["vector"]) == pytest.approx(1.0, abs=1e-6)
    assert d["range"][0] < d["range"][1]
    json.dumps(d, allow_nan=False) if all(np.isfinite(v) for v in d["vector"]) else None


def test_ridge_recovers_a_linear_gradient():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(500, 6))
    covariates = np.eye(3)[rng.integers(0, 3, size=500)]
    true = np.array([2.0, -1.0, 0, 0, 0.5, 0])
    y = x @ true + covariates @ np.array([5.0, -5.0, 0.0]) + rng.normal(0, 0.1, size=500)
    grad, fit = ridge(x, y, covariates)
    assert np.allclose(grad, true, atol=0.05)
    assert fit["r2_in_sample"] > 0.99


def test_find_directions_on_tiny_generator():
    g, grader = tiny()
    dirs, summary, extras = find_directions(g, grader, jsw_fn=dark_rows, n_find=80, n_pca=500, k=3, knees=6,
                                            labels={"pc2": {"label": "Wider knee", "description": "seen in sweeps"}},
                                            keep_images=True)
    assert [d["id"] for d in dirs] == ["jsn", "osteophytes", "pc1", "pc2", "pc3"]
    for d in dirs:
        check_direction_entry(d, {"w": g.w_dim, "grade": g.grade_dim})
        assert len(d["effect"]["alphas"]) == 7 and len(d["effect"]["mean_jsw_px"]) == 7
    # osteophytes live in the grade embedding (w cannot raise the grade), everything else in w
    assert [d["space"] for d in dirs] == ["w", "grade", "w", "w", "w"]
    jsn, ost = dirs[0], dirs[1]
    assert jsn["kind"] == "semantic" and dirs[2]["kind"] == "principal"
    # the measured width slope left along the osteophyte direction was cancelled on calibration knees
    calib = summary["fit"]["calibration"]
    chosen = summary["fit"]["calibration_chosen_round"]
    assert len(calib) == 4 and abs(calib[chosen]["jsw_slope_osteophytes"]) <= abs(calib[0]["jsw_slope_osteophytes"])
    assert dirs[3]["label"] == "Wider knee" and dirs[3]["effect"]["label_source"].startswith("person")
    assert dirs[2]["effect"]["label_source"].startswith("automatic")
    for key in ("jsn_spearman", "osteophyte_jsw_ratio", "osteophyte_kl_per_unit"):
        assert key in summary
    assert summary["osteophyte_jsw_ratio"] >= 0
    assert extras["jsn"]["images"].shape == (7, 6, 16, 16)
    assert extras["jsn"]["change"].shape == (16, 16)


def test_without_calibration_the_width_gradient_is_projected_out():
    """Uncalibrated, the osteophyte direction is the KL gradient minus the width and nuisance gradients,
    in the grade span's coefficients (units of the grade rows' spread)."""
    g, grader = tiny()
    found = find_osteophytes(g, Measurer(grader, dark_rows), n=80, calib_knees=0)
    basis, spread, _ = grade_basis(g)
    assert basis.shape == (g.grade_dim, 4) and np.allclose(basis.T @ basis, np.eye(4))
    coef = basis.T @ found["vector"] / spread
    grads = found["fit"]["gradients_per_spread"]
    for key in ("joint_space_width_px", "brightness", "contrast"):
        assert abs(coef @ np.array(grads[key])) < 1e-9 * np.linalg.norm(coef) * np.linalg.norm(grads[key])
    assert coef @ np.array(grads["grader_kl"]) > 0  # and it raises the grade
    assert found["fit"]["calibration"] == []


def test_measurer_and_helpers():
    g, grader = tiny()
    imgs = np.random.default_rng(0).integers(0, 255, size=(5, 16, 16)).astype(np.uint8)
    d = Measurer(grader, dark_rows)(imgs)
    assert set(d) >= {"joint_space_width_px", "grader_kl", "brightness", "contrast"}
    assert all(len(v) == 5 for v in d.values())
    assert ((d["grader_kl"] >= 0) & (d["grader_kl"] <= 4)).all()
    change = np.zeros((20, 20))
    change[9:12] = 1.0
    share = joint_band_share(change, 10, 2)
    assert share["joint_band_change_share"] == pytest.approx(1.0)
    label, desc = auto_label({"standardised_change_over_range": {"brightness": -2.0, "contrast": 0.5}})
    assert label == "Darker image" and "brightness" in desc
    assert np.linalg.norm(unit(np.array([3.0, 4.0]))) == pytest.approx(1.0)


def test_relabel_rewrites_files(tmp_path):
    from knee_gan.package_io import relabel_directions
    dirs = [{"id": "pc1", "label": "auto", "description": "", "space": "w", "vector": [1.0], "range": [-1, 1],
             "kind": "principal", "method": "pca", "effect": {}}]
    json.dump({"directions": dirs, "summary": {}}, open(tmp_path / "directions.json", "w"))
    out = relabel_directions(str(tmp_path), {"pc1": {"label": "Knee width", "description": "looked"}})
    assert out[0]["label"] == "Knee width"
    assert json.load(open(tmp_path / "manifest-directions.json"))[0]["effect"]["label_source"].startswith("person")


def test_automatic_labels_never_repeat(monkeypatch):
    """Two principal directions measured as 'mostly brighter' must not give two sliders of one name."""
    import knee_gan.directions.find as find
    monkeypatch.setattr(find, "auto_label", lambda effect: ("Brighter image", "measured: mostly brighter image"))
    g, grader = tiny()
    dirs, _, _ = find_directions(g, grader, jsw_fn=dark_rows, n_find=80, n_pca=300, k=3, knees=4, calib_knees=0)
    assert [d["label"] for d in dirs[2:]] == ["Brighter image", "Brighter image (pc2)", "Brighter image (pc3)"]


def test_width_swing_sees_a_bulge_the_ends_hide():
    from knee_gan.model_card import width_swing
    assert width_swing({"mean_jsw_px": [6.0, 6.6, 6.3, 6.0]}) == pytest.approx(0.6 / 6.225)
    assert width_swing({"mean_jsw_px": [6.0, 6.0]}) == 0.0


def test_the_calibrated_range_meets_each_target_going_out_from_zero():
    from knee_gan.directions.measure import calibrated_range

    alphas = np.linspace(-6, 6, 13)
    rising = 0.25 * alphas + 2.0  # 0.5 at -6, 3.5 at +6
    r = calibrated_range(alphas, rising, 1.5, 3.0, min_half=0.1)
    assert r["range"] == pytest.approx([-2.0, 4.0]) and r["start_reached"] and r["end_reached"]
    falling = -rising  # width-like: the targets are met on the same sides
    r = calibrated_range(alphas, falling, -1.5, -3.0, min_half=0.1)
    assert r["range"] == pytest.approx([-2.0, 4.0])
    # a curve that turns back at the far negative end never reaches 1.0 there: the closest point
    turning = rising.copy()
    turning[:4] = [1.6, 1.3, 1.4, 1.5]  # at -6 ... -3 (the lowest, 1.3, at -5)
    r = calibrated_range(alphas, turning, 1.0, 3.0, min_half=0.1)
    assert r["range"][0] == pytest.approx(-5.0) and not r["start_reached"]
    # unreachable on the far side: that end of the sweep; and the range always holds 0
    r = calibrated_range(alphas, rising, 1.5, 9.0, min_half=0.1)
    assert r["range"][1] == pytest.approx(6.0) and not r["end_reached"]
    r = calibrated_range(alphas, rising, 2.5, None, min_half=0.5)
    assert r["range"][0] == pytest.approx(-0.5) and r["range"][1] == pytest.approx(6.0)


def test_on_a_lite_generator_the_osteophyte_direction_carries_a_margin_mask():
    from knee_gan.lite import LiteGenerator
    from knee_gan.masks import MASK_GRID

    torch.manual_seed(0)
    g = LiteGenerator.from_config(CONFIGS["tiny-lite2"]).eval().requires_grad_(False)
    grader = Grader(resolution=g.resolution, width=4, feature_dim=8).eval().requires_grad_(False)
    dirs, summary, extras = find_directions(g, grader, jsw_fn=dark_rows, n_find=60, n_pca=300, k=1, knees=4,
                                            calib_knees=4, keep_images=True)
    ost = next(d for d in dirs if d["id"] == "osteophytes")
    check_direction_entry(ost, {"w": g.w_dim, "grade": g.grade_dim})
    # two candidates (found without and through the mask), each calibrated through the mask; the kept
    # one is best_calibrated's pick, and the slider's range is its calibrated range
    effects = summary["fit"]["calibrated_effect"]
    names = ["unmasked fit", "masked secant fit"]
    assert sorted(effects) == sorted(names)
    pick = names[best_calibrated([(effects[n]["grade_span"], effects[n]["width_fraction"]) for n in names])]
    assert summary["fit"]["chosen"] == pick
    assert ost["range"] == ost["effect"]["calibration"]["range"]
    rounds = summary["fit"]["masked_fit"]["rounds"]
    assert len(rounds) == 3 and 0 <= summary["fit"]["masked_fit"]["chosen_round"] < 3
    assert ost["mask"]["size"] == [MASK_GRID, MASK_GRID] and len(ost["mask"]["values"]) == MASK_GRID ** 2
    assert "mask" not in next(d for d in dirs if d["id"] == "jsn")
    # its sweep was drawn through the mask: the middle column moves far less than the outer ones
    # (unmasked, this tiny generator moves the middle as much: 93 against 77 and 88 grey levels)
    change = extras["osteophytes"]["change"]
    h = change.shape[0]
    outer = (change[:, :h // 6].mean() + change[:, -(h // 6):].mean()) / 2
    assert change[:, h // 2].mean() < 0.5 * outer
    # without the mask option the direction acts everywhere
    plain, _, _ = find_directions(g, grader, jsw_fn=dark_rows, n_find=60, n_pca=300, k=1, knees=4, calib_knees=4,
                                  margin_mask=False)
    assert "mask" not in next(d for d in plain if d["id"] == "osteophytes")


def test_the_osteophyte_candidate_kept_holds_the_width_then_spans_most_grade():
    # (grade span, width fraction): a wider span loses to one that keeps the width under 10%
    assert best_calibrated([(2.0, 0.16), (1.6, 0.05), (1.2, 0.02)]) == 1
    # a direction that does nothing never wins, however little it moves the width
    assert best_calibrated([(1.5, 0.12), (-0.02, 0.006)]) == 0
    # none holds the width: the most grade per width moved
    assert best_calibrated([(1.0, 0.30), (0.9, 0.12)]) == 1


def test_the_jsn_range_is_calibrated_on_its_own_larger_set_of_knees():
    """Its start lies near the knees' mean width, so it is calibrated on more knees than the others."""
    g, grader = tiny()
    dirs, _, _ = find_directions(g, grader, jsw_fn=dark_rows, n_find=60, n_pca=300, k=1, knees=4, calib_knees=4,
                                 jsw_targets=(9.0, 5.0), jsn_calib_knees=12)
    jsn, ost = dirs[0], dirs[1]
    assert jsn["effect"]["calibration"]["knees"] == 12 and jsn["range"] == jsn["effect"]["calibration"]["range"]
    assert jsn["effect"]["calibration"]["start_target"] == 9.0
    assert ost["effect"]["calibration"]["knees"] == 4
