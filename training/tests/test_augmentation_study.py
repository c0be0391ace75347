"""The augmentation study on a tiny random-weights model and a fixture dataset (never ../shared)."""
import json
import os

import numpy as np
import pytest

from knee_gan.augmentation_study import ARMS, balancing_allocation, run_study, synthetic_counts, write_to_package
from knee_gan.package_io import generator_from_package, sha256_file, validate_manifest
from package_fixture import export_tiny


def test_balancing_raises_the_rarest_grades_first_and_spends_exactly_the_budget():
    counts = np.array([2286, 1046, 1516, 757, 173])
    alloc = balancing_allocation(counts, 2889)
    assert alloc.sum() == 2889 and alloc[0] == 0
    level = counts + alloc
    assert level[1:].max() - level[1:].min() <= 1  # grades 1-4 raised to one level
    alloc = balancing_allocation(counts, 5778)
    assert (counts + alloc).max() - (counts + alloc).min() <= 1  # everything level
    assert synthetic_counts("synthetic", counts).tolist() == counts.tolist()
    assert synthetic_counts("real", counts).sum() == 0


@pytest.fixture
def study_dataset(tiny_dataset):
    # the study also reports on test/: add one to the fixture (knee-like images, grades 0-4)
    from conftest import write_knee_like
    rng = np.random.default_rng(1)
    for grade in range(5):
        folder = tiny_dataset / "test" / str(grade)
        folder.mkdir(parents=True)
        for i in range(2):
            write_knee_like(str(folder / f"{9100000 + 10 * grade + i}R.png"), 32, grade, rng)
    return tiny_dataset


def test_study_runs_every_arm_resumes_and_writes_into_a_package(study_dataset, tmp_path):
    _, pkg = export_tiny(tmp_path / "models", precision="float32", kind="lite", model_card="# Model card\n\n## Limits\n- tiny\n")
    g, _ = generator_from_package(pkg)
    out = tmp_path / "study"
    result = run_study(g, str(study_dataset), str(out), str(tmp_path / "cache"), seeds=(0,), resolution=16, epochs=1,
                       log=lambda *_: None)
    assert set(result["summary"]) == set(ARMS)
    real = result["summary"]["real"]
    assert real["train_images"] == 20 and result["summary"]["real+100%"]["train_images"] == 40
    for name in ("study.json", "study.md", "manifest-study.json", "fig-augmentation.png", "runs.jsonl"):
        assert os.path.exists(out / name), name
    lines = open(out / "runs.jsonl").read()
    run_study(g, str(study_dataset), str(out), str(tmp_path / "cache"), seeds=(0,), resolution=16, epochs=1,
              log=lambda *_: None)
    assert open(out / "runs.jsonl").read() == lines, "a finished run was trained again"

    write_to_package(pkg, str(out), result)
    write_to_package(pkg, str(out), result)  # twice: the section is replaced, not repeated
    manifest = json.load(open(os.path.join(pkg, "manifest.json")))
    validate_manifest(manifest)
    card = open(os.path.join(pkg, "model-card.md")).read()
    assert card.count("## Does synthetic data help?") == 1 and "## Limits" in card
    assert [a["arm"] for a in manifest["metrics"]["augmentation"]] == list(ARMS)
    assert "tstr_accuracy" in manifest["metrics"]
    listed = {f["path"]: f for f in manifest["files"]}
    assert "fig-augmentation.png" in listed
    assert listed["model-card.md"]["sha256"] == sha256_file(os.path.join(pkg, "model-card.md"))
