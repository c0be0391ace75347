"""The real-set packer on a fixture dataset made here (never ../shared): test split only,
deterministic, opaque ids, index.json fields, clear errors."""
import hashlib
import json
import os

import numpy as np
import pytest
from PIL import Image

from conftest import write_knee_like
from knee_gan.data import DatasetError
from knee_gan.real_set import CITATION, FORMAT, LICENSE, main, pack, read_set

PER_GRADE_IN_TEST = 4


@pytest.fixture
def dataset(tmp_path):
    """train/val/test, every file a different picture, so a picked image names its source."""
    rng = np.random.default_rng(3)
    root = tmp_path / "knee"
    for split, per_grade in (("train", 3), ("val", 2), ("test", PER_GRADE_IN_TEST)):
        for grade in range(5):
            folder = root / split / str(grade)
            folder.mkdir(parents=True)
            for i in range(per_grade):
                write_knee_like(str(folder / f"{9000000 + 100 * grade + i}L.png"), 32, grade, rng)
    return root


def pixels_of(folder):
    """sha256 of the decoded pixels -> (split, grade) for every image under a dataset folder."""
    found = {}
    for split in os.listdir(folder):
        for grade in os.listdir(folder / split):
            for name in os.listdir(folder / split / grade):
                pixels = np.asarray(Image.open(folder / split / grade / name).convert("L"))
                found[hashlib.sha256(pixels.tobytes()).hexdigest()] = (split, int(grade))
    return found


def test_picks_test_images_only_with_their_grades(dataset, tmp_path):
    out = tmp_path / "real"
    index = pack(str(dataset), str(out), per_grade=2)
    sources = pixels_of(dataset)
    assert len(index["images"]) == 10
    for entry in index["images"]:
        pixels = np.asarray(Image.open(out / entry["file"]))
        assert pixels.dtype == np.uint8 and pixels.shape == (32, 32)  # 8-bit grey, native size
        assert sources[hashlib.sha256(pixels.tobytes()).hexdigest()] == ("test", entry["grade"])
    assert sorted(e["grade"] for e in index["images"]) == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]


def test_deterministic(dataset, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    pack(str(dataset), str(a), per_grade=3)
    pack(str(dataset), str(b), per_grade=3)
    assert sorted(os.listdir(a)) == sorted(os.listdir(b))
    for name in os.listdir(a):
        assert (a / name).read_bytes() == (b / name).read_bytes()
    other = tmp_path / "other-seed"
    pack(str(dataset), str(other), per_grade=3, seed=12)
    assert (other / "index.json").read_bytes() != (a / "index.json").read_bytes()


def test_opaque_ids_and_index_fields(dataset, tmp_path):
    out = tmp_path / "real"
    pack(str(dataset), str(out), per_grade=3)
    index = json.loads((out / "index.json").read_text())
    assert index["format"] == FORMAT
    assert index["license"] == LICENSE == "CC BY 4.0"
    assert "doi:10.17632/56rmx5bjcr.1" in index["citation"] and "Osteoarthritis Initiative" in CITATION
    assert index["size"] == [32, 32]
    ids = [e["id"] for e in index["images"]]
    assert ids == [f"r{i:03d}" for i in range(1, 16)]
    grades = [e["grade"] for e in index["images"]]
    assert grades != sorted(grades)  # shuffled: the order does not give the grade away
    for entry in index["images"]:
        assert set(entry) == {"id", "grade", "file", "sha256"}
        assert entry["file"] == f"{entry['id']}.png"  # no grade, no patient id
        assert hashlib.sha256((out / entry["file"]).read_bytes()).hexdigest() == entry["sha256"]
        assert Image.open(out / entry["file"]).info == {}  # no text chunks
    assert sorted(os.listdir(out)) == sorted(["index.json", *(f"{i}.png" for i in ids)])
    images, read_grades = read_set(str(out))
    assert images.shape == (15, 32, 32) and read_grades.tolist() == grades


def test_repacking_replaces_the_earlier_set(dataset, tmp_path):
    out = tmp_path / "real"
    pack(str(dataset), str(out), per_grade=4)
    pack(str(dataset), str(out), per_grade=1)
    assert sorted(os.listdir(out)) == ["index.json", "r001.png", "r002.png", "r003.png", "r004.png", "r005.png"]


@pytest.mark.parametrize("problem, message", [
    ("missing", "dataset folder not found"),
    ("no-test", "no 'test' folder"),
    ("too-few", "only 4 images of KL 0, fewer than --per-grade 5"),
    ("foreign-out", "holds files that are not a real set"),
])
def test_bad_folders_are_clear_errors(dataset, tmp_path, problem, message):
    data, out, per_grade = str(dataset), tmp_path / "real", 2
    if problem == "missing":
        data = str(tmp_path / "nowhere")
    if problem == "no-test":
        os.rename(dataset / "test", dataset / "holdout")
    if problem == "too-few":
        per_grade = 5
    if problem == "foreign-out":
        out.mkdir()
        (out / "notes.txt").write_text("mine")
    with pytest.raises(DatasetError, match=message):
        pack(data, str(out), per_grade=per_grade)
    if problem == "foreign-out":
        assert (out / "notes.txt").read_text() == "mine"  # nothing of someone else's is deleted


def test_command_line_errors_exit_with_the_reason(tmp_path, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--data", str(tmp_path / "nowhere"), "--out", str(tmp_path / "real")])
    assert "dataset folder not found" in str(stop.value)
    with pytest.raises(SystemExit):
        main(["--out", str(tmp_path / "real")])  # neither --data nor --check-package
    with pytest.raises(SystemExit) as stop:
        main(["--out", str(tmp_path / "empty"), "--check-package", str(tmp_path)])
    assert "no real set" in str(stop.value)


def test_statistic_check_on_a_tiny_package(dataset, tmp_path, capsys):
    from package_fixture import export_tiny

    _, package = export_tiny(tmp_path / "models")
    out = tmp_path / "real"
    main(["--data", str(dataset), "--out", str(out), "--per-grade", "2", "--check-package", package])
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result["n_real"] == result["n_synthetic"] == 10
    assert result["resolution"] == 16  # the real 32x32 knees were box-resized to the model's size
    for name in ("mean", "std", "png_bytes"):
        r = result["features"][name]
        assert 0 <= r["auc"] <= 1 and r["separation"] == round(max(r["auc"], 1 - r["auc"]), 3)
