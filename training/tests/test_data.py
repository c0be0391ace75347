import os
import shutil

import numpy as np
import pytest
from PIL import Image

from knee_gan.data import DatasetError, list_split, load_split


def test_loads_the_layout(tiny_dataset):
    images, grades, files = load_split(str(tiny_dataset), "train", 16)
    assert images.shape == (20, 16, 16) and images.dtype == np.uint8
    assert sorted(set(grades.tolist())) == [0, 1, 2, 3, 4]
    assert files[0].patient_side.endswith("L")


def test_wrong_folder_names_it(tmp_path):
    with pytest.raises(DatasetError, match="dataset folder not found"):
        list_split(str(tmp_path / "nope"), "train")
    (tmp_path / "images").mkdir()
    with pytest.raises(DatasetError, match=r"no 'train' folder .*found: images"):
        list_split(str(tmp_path), "train")


def test_missing_grade_names_the_folder(tiny_dataset):
    shutil.rmtree(tiny_dataset / "train" / "3")
    with pytest.raises(DatasetError, match=r"missing grade folder: .*train/3"):
        list_split(str(tiny_dataset), "train")


def test_empty_grade_is_an_error(tiny_dataset):
    for f in (tiny_dataset / "train" / "4").iterdir():
        f.unlink()
    with pytest.raises(DatasetError, match="grade folder is empty"):
        list_split(str(tiny_dataset), "train")


def test_unreadable_file_is_named(tiny_dataset):
    bad = tiny_dataset / "train" / "2" / "9999999R.png"
    bad.write_bytes(b"not an image")
    with pytest.raises(DatasetError, match=r"unreadable image: .*9999999R\.png"):
        load_split(str(tiny_dataset), "train", 16)


def test_odd_sized_file_is_named(tiny_dataset):
    Image.new("L", (40, 40)).save(tiny_dataset / "train" / "4" / "9999998L.png")
    with pytest.raises(DatasetError, match=r"size differs .*9999998L\.png is 40x40, expected 32x32"):
        load_split(str(tiny_dataset), "train", 16)
    Image.new("L", (32, 20)).save(tiny_dataset / "train" / "4" / "9999998L.png")
    with pytest.raises(DatasetError, match="not square"):
        load_split(str(tiny_dataset), "train", 16)


def test_unexpected_entry_is_not_skipped(tiny_dataset):
    (tiny_dataset / "train" / "1" / "notes.txt").write_text("x")
    with pytest.raises(DatasetError, match=r"unexpected entry .*notes\.txt"):
        list_split(str(tiny_dataset), "train")


def test_pack_round_trip_and_bad_pack(tiny_dataset, tmp_path):
    from knee_gan.pack import load_pack, pack_split

    pack = str(tmp_path / "train.npz")
    pack_split(str(tiny_dataset), "train", 95, pack)
    images, grades, paths = load_pack(pack, 16)
    direct, direct_grades, _ = load_split(str(tiny_dataset), "train", 16)
    assert images.shape == direct.shape and list(grades) == list(direct_grades)
    assert paths[0].startswith("train/0/")
    assert np.abs(images.astype(int) - direct.astype(int)).mean() < 6  # JPEG at quality 95
    (tmp_path / "bad.npz").write_bytes(b"nope")
    with pytest.raises(DatasetError, match="not a dataset pack"):
        load_pack(str(tmp_path / "bad.npz"), 16)


def test_a_downscaled_pack_matches_training_at_that_size_and_is_smaller(tiny_dataset, tmp_path):
    from knee_gan.pack import load_pack, pack_split

    full, small = str(tmp_path / "full.npz"), str(tmp_path / "small.npz")
    pack_split(str(tiny_dataset), "train", 95, full)
    pack_split(str(tiny_dataset), "train", 95, small, size_px=16)
    images, _, _ = load_pack(small, 16)
    direct, _, _ = load_split(str(tiny_dataset), "train", 16)
    assert np.abs(images.astype(int) - direct.astype(int)).mean() < 6
    assert os.path.getsize(small) < os.path.getsize(full)
