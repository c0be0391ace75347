"""The command-line dataset generator (`npm run generate`, scripts/generate-cli.ts) on a tiny
random-weights package: the browser export's files, PyTorch's pixels (within 2/255), provenance in
every PNG, resuming, and clear refusals of bad options, models and folders."""
import csv
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import zipfile

import numpy as np
import pytest
from PIL import Image

from knee_gan.export import render, round_to_float16
from knee_gan.pixels import to_uint8
from package_fixture import export_tiny

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PER_GRADE, GRADES, FIRST_SEED, TRUNCATION = 3, (0, 2, 4), 7, 0.8
DIRECTIONS = {"pc1": 1.5, "pc2": 0, "grade1": -1.0}  # the browser sends every direction once one is set
TEXT_FILES = ["README.txt", "labels.csv", "MODEL_CARD.md", "provenance.json"]


def generate(*args):
    assert os.path.exists(os.path.join(ROOT, "node_modules", "rolldown")), "node_modules missing: run `npm ci` first"
    env = {k: v for k, v in os.environ.items() if k != "INIT_CWD"}  # paths here are absolute
    return subprocess.run(["node", "scripts/run-ts.mjs", "scripts/generate-cli.ts", *map(str, args)], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=600)


def options_args(pkg, out, *extra):
    return ["--model", pkg, "--out", out, "--per-grade", PER_GRADE, "--grades", "4,0,2", "--first-seed", FIRST_SEED,
            "--truncation", TRUNCATION, "--direction", "pc1=1.5", "--direction", "grade1=-1", "--workers", 2, *extra]


def expected_items():
    """What core/dataset/plan.ts plans: grade by grade, fresh seeds per grade (not --paired)."""
    items = []
    for g, kl in enumerate(GRADES):
        for i in range(PER_GRADE):
            seed = FIRST_SEED + g * PER_GRADE + i
            items.append((f"images/kl{kl}/kl{kl}_seed{seed}.png", seed, kl))
    return items


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    root = tmp_path_factory.mktemp("models")
    g, pkg = export_tiny(root, precision="float16", kind="style", model_card="# Tiny card\n")
    out = str(tmp_path_factory.mktemp("dataset") / "set")
    result = generate(*options_args(pkg, out, "--zip"))
    assert result.returncode == 0, result.stdout + result.stderr
    manifest = json.load(open(os.path.join(pkg, "manifest.json")))
    return {"g": round_to_float16(g), "pkg": pkg, "out": out, "manifest": manifest, "result": result}


def all_files(folder):
    return sorted(os.path.relpath(os.path.join(d, f), folder) for d, _, files in os.walk(folder) for f in files)


def weights_sha(manifest):
    from knee_gan.package_io import weights_sha256

    return weights_sha256(manifest)


def zip_name(manifest):
    return f"knee-oa-studio_SYNTHETIC_dataset_{manifest['id']}_{len(expected_items())}images_seed{FIRST_SEED}.zip"


def test_writes_the_browser_exports_files(made):
    manifest = made["manifest"]
    assert all_files(made["out"]) == sorted(TEXT_FILES + [zip_name(manifest)] + [f for f, _, _ in expected_items()])
    assert "backend: wasm (single-threaded)" in made["result"].stderr, made["result"].stderr
    assert re.search(r"drew 9 images .* images/s", made["result"].stdout), made["result"].stdout
    assert open(os.path.join(made["out"], "MODEL_CARD.md")).read() == "# Tiny card\n"
    readme = open(os.path.join(made["out"], "README.txt")).read()
    assert "not for diagnosis" in readme and "Images: 9 (3 per grade, grades 0, 2, 4)" in readme
    provenance = json.load(open(os.path.join(made["out"], "provenance.json")))
    model = {"id": manifest["id"], "name": manifest["name"], "weightsSha256": weights_sha(manifest)}
    assert provenance["model"] == model
    assert provenance["options"] == {"grades": list(GRADES), "perGrade": PER_GRADE, "firstSeed": FIRST_SEED,
                                     "paired": False, "truncation": TRUNCATION, "directions": DIRECTIONS}


def test_labels_have_one_row_per_image_as_plan_ts_writes_them(made):
    manifest = made["manifest"]
    raw = open(os.path.join(made["out"], "labels.csv"), newline="").read()
    assert raw.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(raw)))
    assert rows[0] == ["file", "seed", "kl", "truncation", "direction_pc1", "direction_pc2",
                       "direction_grade1", "model_id",
                       "model_sha256", "link"]
    assert len(rows) == 1 + len(expected_items())
    for row, (file, seed, kl) in zip(rows[1:], expected_items()):
        assert row[:9] == [file, str(seed), str(kl), str(TRUNCATION), "1.5", "0", "-1", manifest["id"], weights_sha(manifest)]
        link = dict(part.split("=", 1) for part in row[9].lstrip("#").split("&") if "=" in part)
        assert (link["m"], link["s"], link["kl"], link["t"]) == (manifest["id"], str(seed), str(kl), str(TRUNCATION))


def test_pixels_match_pytorch_and_pngs_carry_provenance(made):
    manifest = made["manifest"]
    worst = 0
    for file, seed, kl in expected_items():
        with Image.open(os.path.join(made["out"], file)) as png:
            assert png.mode == "L" and png.size == tuple(manifest["resolution"])
            pixels = np.asarray(png).astype(int)
            text = dict(png.text)
        state = {"seed": seed, "kl": kl, "truncation": TRUNCATION, "directions": DIRECTIONS}
        expected = to_uint8(render(made["g"], state, manifest["directions"])).astype(int)
        worst = max(worst, int(np.abs(pixels - expected).max()))
        assert set(text) == {"Title", "Software", "Source", "Disclaimer", "Comment"}
        assert text["Title"] == f"Synthetic knee radiograph, KL {kl}, seed {seed} (synthetic)"
        assert text["Software"] == "Knee OA Studio" and "not for diagnosis" in text["Disclaimer"]
        assert weights_sha(manifest) in text["Source"]
        comment = json.loads(text["Comment"])
        assert comment["model"]["weightsSha256"] == weights_sha(manifest)
        assert f"s={seed}&" in comment["state"] and f"kl={kl}&" in comment["state"]
    print(f"worst pixel difference from PyTorch: {worst}/255")
    assert worst <= 2, f"pixels differ from PyTorch by up to {worst}/255"


def test_zip_holds_the_same_files_in_the_browsers_order(made):
    with zipfile.ZipFile(os.path.join(made["out"], zip_name(made["manifest"]))) as z:
        assert z.namelist() == TEXT_FILES + [f for f, _, _ in expected_items()]
        for name in z.namelist():
            assert z.read(name) == open(os.path.join(made["out"], name), "rb").read(), name


def test_a_rerun_skips_finished_images_and_redraws_missing_or_cut_ones(made, tmp_path):
    out = str(tmp_path / "copy")
    shutil.copytree(made["out"], out)
    files = [os.path.join(out, f) for f, _, _ in expected_items()]
    mtimes = {f: os.stat(f).st_mtime_ns for f in files}
    again = generate(*options_args(made["pkg"], out))
    assert again.returncode == 0, again.stderr
    assert "drew 0 images" in again.stdout and "9 already there" in again.stdout
    assert {f: os.stat(f).st_mtime_ns for f in files} == mtimes

    os.remove(files[0])
    with open(files[1], "r+b") as f:  # a copy cut short
        f.truncate(40)
    resumed = generate(*options_args(made["pkg"], out))
    assert resumed.returncode == 0, resumed.stderr
    assert "drew 2 images" in resumed.stdout, resumed.stdout
    for f in files:
        assert open(f, "rb").read() == open(f.replace(out, made["out"]), "rb").read()
    assert not [f for f in all_files(out) if f.endswith(".partial")]


def test_refuses_a_folder_of_another_model_or_other_settings(made, tmp_path):
    _, other = export_tiny(tmp_path / "other", precision="float32")  # same id, other weights
    result = generate(*options_args(other, made["out"]))
    assert result.returncode == 1
    assert "already holds images of model" in result.stderr and "choose another folder" in result.stderr
    result = generate(*options_args(made["pkg"], made["out"], "--truncation", 0.5))
    assert result.returncode == 1 and "truncation 0.8, not 0.5" in result.stderr, result.stderr
    stranger = tmp_path / "stranger"
    stranger.mkdir()
    (stranger / "notes.txt").write_text("mine")
    result = generate(*options_args(made["pkg"], stranger))
    assert result.returncode == 1 and "no provenance.json" in result.stderr, result.stderr
    assert os.listdir(stranger) == ["notes.txt"]


@pytest.mark.parametrize("args,code,message", [
    (["--per-grade", 0], 2, "images per grade must be a whole number ≥ 1"),
    (["--per-grade", "lots"], 2, '--per-grade must be a whole number, got "lots"'),
    (["--grades", "0,7"], 2, "grade 7 is not one of 0–4"),
    (["--truncation", 9], 2, "truncation must be within 0–1.5"),
    (["--direction", "nope=1"], 2, 'the model has no direction "nope" (its directions: pc1, pc2, grade1)'),
    (["--frobnicate"], 2, 'unknown option "--frobnicate"'),
    (["--model", "/no/such/model"], 1, 'could not open the model: no model "/no/such/model"'),
])
def test_bad_options_say_what_is_wrong(made, tmp_path, args, code, message):
    result = generate("--model", made["pkg"], "--out", tmp_path / "x", "--per-grade", 1, *args)
    assert result.returncode == code, result.stdout + result.stderr
    assert message in result.stderr, result.stderr
    assert not (tmp_path / "x").exists()


def test_missing_options_and_damaged_weights_are_refused(made, tmp_path):
    result = generate("--model", made["pkg"])
    assert result.returncode == 2
    assert "--per-grade N is required" in result.stderr and "--out DIR is required" in result.stderr
    damaged = tmp_path / "tiny-test"
    shutil.copytree(made["pkg"], damaged)
    data = bytearray((damaged / "weights.bin").read_bytes())
    data[100] ^= 0xFF
    (damaged / "weights.bin").write_bytes(bytes(data))
    result = generate("--model", damaged, "--out", tmp_path / "x", "--per-grade", 1)
    assert result.returncode == 1
    assert "weights.bin is damaged: its SHA-256 does not match the manifest" in result.stderr, result.stderr
    assert hashlib.sha256(bytes(data)).hexdigest() != weights_sha(made["manifest"])


def test_goes_past_the_browsers_5000_image_cap(made, tmp_path):
    result = generate("--model", made["pkg"], "--out", tmp_path / "big", "--per-grade", 2000, "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "10000 images into" in result.stderr and "10000 to draw" in result.stderr
    assert not (tmp_path / "big").exists()


def test_cpu_backend_draws_the_same_pixels(made, tmp_path):
    out = tmp_path / "cpu"
    result = generate("--model", made["pkg"], "--out", out, "--per-grade", 2, "--grades", 3, "--backend", "cpu")
    assert result.returncode == 0, result.stderr
    assert "backend: cpu (cpu was asked for)" in result.stderr
    truncation = made["manifest"]["latent"]["truncation"]["default"]
    for seed in (0, 1):
        pixels = np.asarray(Image.open(out / "images" / "kl3" / f"kl3_seed{seed}.png")).astype(int)
        state = {"seed": seed, "kl": 3, "truncation": truncation, "directions": {}}
        expected = to_uint8(render(made["g"], state, made["manifest"]["directions"])).astype(int)
        assert np.abs(pixels - expected).max() <= 2
