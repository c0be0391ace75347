"""The one metrics command, end to end on a tiny random generator and a tiny fixture data set."""
import json
import os

import numpy as np
import pytest
import torch

from conftest import write_knee_like
from knee_gan import evaluate as ev
from knee_gan.configs import CONFIGS
from knee_gan.grader.model import Grader, save_grader
from knee_gan import metrics
from knee_gan.metrics import METRICS, Metric
from knee_gan.metrics import jsw as jsw_mod
from knee_gan.model_card import write_model_card
from knee_gan.networks import Generator
from knee_gan.package_io import HEADLINE, generator_from_package, load_generator, merge_into_manifest, validate_manifest

SMALL = ["--n-find", "40", "--knees", "4", "--identity", "6", "--principal", "3", "--threads", "2"]


@pytest.fixture
def setup(tmp_path):
    rng = np.random.default_rng(0)
    root = tmp_path / "knee"
    for split, per_grade in (("train", 4), ("val", 2), ("test", 2)):
        for grade in range(5):
            folder = root / split / str(grade)
            folder.mkdir(parents=True)
            for i in range(per_grade):
                side = "LR"[i % 2]
                patient = 9000000 + 100 * grade + 10 * ("train", "val", "test").index(split) + i // 2
                write_knee_like(str(folder / f"{patient}{side}.png"), 32, grade, rng)
    torch.manual_seed(0)
    cfg = CONFIGS["tiny"]
    g = Generator.from_config(cfg)
    ckpt = str(tmp_path / "checkpoint.pt")
    torch.save({"g_ema": g.state_dict(), "config": cfg.to_dict(), "nimg": 1234, "step": 3, "wall": 5.0,
                "num_images": 20, "hardware": "test"}, ckpt)
    grader_path = str(tmp_path / "grader.pt")
    save_grader(Grader(resolution=16, width=4, feature_dim=8), grader_path, epoch=1, val={"accuracy": 0.2})
    return {"root": str(root), "ckpt": ckpt, "grader": grader_path, "tmp": tmp_path, "g": g}


def check_outputs(out: str):
    m = json.load(open(os.path.join(out, "metrics.json")))
    for key in HEADLINE:
        assert key in m, key
    assert 0 <= m["grader_test_accuracy"] <= 1 and 0 <= m["grade_fidelity"] <= 1
    assert m["details"]["grade_fidelity"]["n"] == 10  # as many generated as the test split holds
    assert m["details"]["frechet"]["n_generated"] == 10  # as many as val holds
    assert m["fd_val_vs_test"] >= 0 and 0 <= m["precision"] <= 1 and 0 <= m["recall"] <= 1
    assert 0 <= m["memorised"] <= 1 and m["details"]["identity"]["same_patient_left_vs_right"]["n"] == 5
    assert set(m["jsw_per_grade_test"]) == {"0", "1", "2", "3", "4"}
    assert m["command"].startswith("python3 -m knee_gan.evaluate")
    d = json.load(open(os.path.join(out, "manifest-directions.json")))
    assert [x["id"] for x in d] == ["jsn", "osteophytes", "pc1", "pc2", "pc3"]
    for name in ("samples_per_grade", "kl_sweep", "sweep_jsn", "change_heatmap", "nearest_neighbours", "jsw_per_grade"):
        assert os.path.exists(os.path.join(out, f"fig-{name}.png")), name
    return m


def test_evaluate_api_with_stand_in_width(setup):
    """Runs without Node: the width measurement is replaced (the CLI test below uses the real one)."""
    from knee_gan.data import load_split_cached  # noqa: F401 - the cache folder is exercised
    out = str(setup["tmp"] / "eval")
    g, info = load_generator(checkpoint=setup["ckpt"])
    from knee_gan.grader.model import load_grader
    grader = load_grader(setup["grader"])
    stand_in = lambda imgs: imgs.astype(np.float64).mean((1, 2)) / 20.0  # noqa: E731
    ev.evaluate(g, info, grader, setup["root"], out, str(setup["tmp"] / "cache"), "python3 -m knee_gan.evaluate (test)",
                jsw_fn=stand_in, n_find=40, knees=4, n_identity=6, principal=3, grader_path=setup["grader"])
    m = check_outputs(out)
    assert m["generator"]["kimg"] == pytest.approx(1.234)
    card = open(write_model_card(out)).read()
    assert "not for diagnosis" in card and "10.17632/56rmx5bjcr.1" in card and "Osteoarthritis Initiative" in card
    assert "fig-kl_sweep.png" in card and m["command"] in card
    manifest = merge_into_manifest({"metrics": {}, "directions": []}, out)
    assert manifest["metrics"]["grade_fidelity"] == m["grade_fidelity"]
    assert len(manifest["directions"]) == 5
    json.dumps(manifest, allow_nan=False)


def test_registry_lists_every_metric_module():
    folder = os.path.dirname(metrics.__file__)
    modules = {f[:-3] for f in os.listdir(folder) if f.endswith(".py")} - {"__init__", "common", "context"}
    registered = {m.compute.__module__.rsplit(".", 1)[1] for m in METRICS.values()}
    assert registered == modules
    assert not METRICS["jsw"].core and METRICS["frechet"].core


def test_evaluate_runs_what_the_registry_holds(setup, monkeypatch):
    """A registered metric's numbers and details reach metrics.json; an unregistered one is not run."""
    from knee_gan.grader.model import load_grader
    contexts = []

    def fake(ctx):
        contexts.append(ctx)
        return {"fake_share": 0.25, "details": {"fake": {"n": int(len(ctx.generated_test_mix))}}}

    monkeypatch.setitem(METRICS, "fake", Metric(fake))
    monkeypatch.setitem(METRICS, "fake_not_core", Metric(lambda ctx: {"fake_not_core": 1.0}, core=False))
    monkeypatch.delitem(METRICS, "diversity")
    g, info = load_generator(checkpoint=setup["ckpt"])
    out = str(setup["tmp"] / "eval-core")
    ev.evaluate(g, info, load_grader(setup["grader"]), setup["root"], out, str(setup["tmp"] / "cache"), "test",
                n_identity=6, core=True)
    m = json.load(open(os.path.join(out, "metrics.json")))
    assert m["fake_share"] == 0.25 and m["details"]["fake"] == {"n": 10}
    assert len(contexts) == 1 and "fake_not_core" not in m and "diversity" not in m
    assert list(m).index("fake_share") > list(m).index("identity_kl0_vs_kl4")  # the registry's order


@pytest.mark.skipif(not jsw_mod.available(), reason="needs node and the project's node_modules (npm install)")
def test_evaluate_cli_on_checkpoint_and_package(setup):
    out = str(setup["tmp"] / "eval-cli")
    ev.main(["--checkpoint", setup["ckpt"], "--grader", setup["grader"], "--data", setup["root"], "--out", out,
             "--cache", str(setup["tmp"] / "cache"), *SMALL])
    m = check_outputs(out)
    assert os.path.exists(os.path.join(out, "model-card.md"))
    assert os.path.exists(os.path.join(out, "fig-jsw_overlays_test.png"))
    # an exported package of the same generator gives the same generator
    try:
        from package_fixture import TRAINING
        from knee_gan.export import export_package
        import jsonschema  # noqa: F401 - the exporter validates with it
    except ImportError:
        pytest.skip("exporter or jsonschema not available")
    pkg = export_package(setup["g"], str(setup["tmp"] / "models"), "tiny-eval", name="tiny", description="",
                         training=TRAINING, precision="float32")
    g2, info = generator_from_package(pkg)
    z = torch.randn(2, g2.z_dim)
    kl = torch.tensor([0.0, 3.5])
    assert torch.allclose(g2(z, kl), setup["g"].eval()(z, kl), atol=1e-5)
    manifest = merge_into_manifest(json.load(open(os.path.join(pkg, "manifest.json"))), out)
    validate_manifest(manifest)
    assert manifest["metrics"]["jsn_spearman"] == m["jsn_spearman"]


def test_the_card_lists_each_training_stage_and_machine():
    from knee_gan.model_card import machines, stage_lines

    stages = [{"config": "lite-112", "hardware": "CPU (x86_64, 1 threads)", "images": [0, 1000], "wall_s": 600,
               "command": "python3 -m knee_gan.train --config lite-112"},
              {"config": "gpu-lite2-112", "hardware": "NVIDIA H200", "images": [1000, 9000], "wall_s": 60,
               "command": "python3 -m knee_gan.train --config gpu-lite2-112 --init-from resume/x.pt"}]
    text = "\n".join(stage_lines(stages))
    assert "| 0 → 1,000 | `lite-112` | CPU (x86_64, 1 threads) | 10 min |" in text
    assert "| 1,000 → 9,000 | `gpu-lite2-112` | NVIDIA H200 | 1 min |" in text
    assert machines({"stages": stages}) == "CPU (x86_64, 1 threads), then NVIDIA H200"
    assert machines({"hardware": "NVIDIA H100"}) == "NVIDIA H100"
    assert stage_lines(stages[:1]) == []  # one stage: the command alone says it


def test_select_state_compares_checkpoints_on_val_in_its_grade_mix(setup, capsys):
    """Two states, two seed sets each: the FD per set and the lowest mean, on val only."""
    from knee_gan import select_state

    other = str(setup["tmp"] / "other.pt")
    torch.manual_seed(1)
    g2 = Generator.from_config(CONFIGS["tiny"])
    state = torch.load(setup["ckpt"], weights_only=False)
    torch.save({**state, "g_ema": g2.state_dict(), "nimg": 5678}, other)
    select_state.main([setup["ckpt"], other, "--grader", setup["grader"], "--data", setup["root"],
                       "--cache", str(setup["tmp"] / "cache"), "--threads", "1"])
    out = capsys.readouterr().out.strip().splitlines()
    assert out[0].startswith(f"{setup['ckpt']}: 1,234 images, FD to val ") and out[1].startswith(f"{other}: 5,678")
    means = [float(line.rsplit("mean ", 1)[1]) for line in out[:2]]
    assert all(m > 0 for m in means) and means[0] != means[1]
    assert out[2].startswith(f"lowest mean FD to val: {(setup['ckpt'], other)[int(np.argmin(means))]}")
    assert os.path.exists(setup["tmp"] / "cache" / "data-val-16.npz")  # val was read, no other split
    assert not os.path.exists(setup["tmp"] / "cache" / "data-test-16.npz")


def test_select_state_refuses_a_wrong_dataset_folder(setup, tmp_path):
    with pytest.raises(SystemExit, match="error:"):
        from knee_gan import select_state
        select_state.main([setup["ckpt"], "--grader", setup["grader"], "--data", str(tmp_path / "nowhere"),
                           "--cache", str(tmp_path / "cache")])
