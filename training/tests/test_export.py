import base64
import hashlib
import json
import os

import numpy as np
import pytest

from knee_gan.export import render, round_to_float16
from knee_gan.package_io import validate_manifest
from package_fixture import export_tiny


def read_weights(pkg, manifest):
    raw = open(os.path.join(pkg, "weights.bin"), "rb").read()
    dtype = "<f2" if manifest["weights"]["precision"] == "float16" else "<f4"
    out, offset = {}, 0
    for entry in manifest["weights"]["manifest"][0]["weights"]:
        n = int(np.prod(entry["shape"]))
        out[entry["name"]] = np.frombuffer(raw, dtype, n, offset).reshape(entry["shape"]).astype(np.float32)
        offset += n * np.dtype(dtype).itemsize
    assert offset == len(raw), "weights.bin holds more bytes than the manifest describes"
    return out


@pytest.mark.parametrize("precision", ["float16", "float32"])
def test_round_trip(tmp_path, precision):
    g, pkg = export_tiny(tmp_path, precision=precision, model_card="# card\n", make_default=True)
    manifest = json.load(open(os.path.join(pkg, "manifest.json")))
    validate_manifest(manifest)
    assert manifest["weights"]["precision"] == precision
    for f in manifest["files"]:
        data = open(os.path.join(pkg, f["path"]), "rb").read()
        assert len(data) == f["bytes"] and hashlib.sha256(data).hexdigest() == f["sha256"]
    assert {f["path"] for f in manifest["files"]} == {"weights.bin", "reference.json", "model-card.md"}

    expected = (round_to_float16(g) if precision == "float16" else g).export()
    weights = read_weights(pkg, manifest)
    assert set(weights) == set(expected)
    for name, value in weights.items():
        # the rounded model's weights are stored divided by their run-time scale: 1 float32 ulp apart
        np.testing.assert_allclose(value, expected[name].numpy(), rtol=1e-6, atol=1e-12, err_msg=name)

    reference = json.load(open(os.path.join(pkg, "reference.json")))
    exported = round_to_float16(g) if precision == "float16" else g
    assert len(reference["states"]) == 4 and reference["states"][-1]["directions"]
    for state, values in zip(reference["states"], reference["values"]):
        stored = np.frombuffer(base64.b64decode(values), "<f4").reshape(reference["shape"])
        np.testing.assert_array_equal(stored, render(exported, state, manifest["directions"]))

    index = json.load(open(tmp_path / "index.json"))
    assert index["default"] == "tiny-test" and index["models"][0]["path"] == "tiny-test/"


def test_kl_only_changes_little_and_directions_move_pixels(tmp_path):
    g, pkg = export_tiny(tmp_path)
    manifest = json.load(open(os.path.join(pkg, "manifest.json")))
    base = {"seed": 3, "kl": 2.0, "truncation": 1.0, "directions": {}}
    img = render(g, base, manifest["directions"])
    moved = render(g, {**base, "directions": {"pc1": 2.0}}, manifest["directions"])
    assert np.abs(img - moved).mean() > 1e-3


def test_schema_rejects_a_broken_manifest(tmp_path):
    import jsonschema

    _, pkg = export_tiny(tmp_path)
    manifest = json.load(open(os.path.join(pkg, "manifest.json")))
    for breakage in (lambda m: m.pop("files"), lambda m: m.update(format="knee-oa-studio/model@9"),
                     lambda m: m["files"][0].update(sha256="xyz"), lambda m: m.update(conditions=[])):
        broken = json.loads(json.dumps(manifest))
        breakage(broken)
        with pytest.raises(jsonschema.ValidationError):
            validate_manifest(broken)


@pytest.mark.parametrize("kind,precision", [("style", "float32"), ("lite", "float16"), ("lite+up", "float32"),
                                                ("lite2", "float16")])
def test_a_package_loads_back_into_pytorch_with_the_same_images(tmp_path, kind, precision):
    from knee_gan.package_io import generator_from_package
    g, pkg = export_tiny(tmp_path, precision=precision, kind=kind)
    loaded, info = generator_from_package(pkg)
    reference = round_to_float16(g) if precision == "float16" else g
    for state in ({"seed": 3, "kl": 0.0, "truncation": 1.0, "directions": {}},
                  {"seed": 9, "kl": 3.3, "truncation": 0.6, "directions": {}}):
        a, b = render(reference, state, []), render(loaded, state, [])
        assert np.abs(a - b).max() < 1e-4, f"{kind}: max |Δ| {np.abs(a - b).max()}"
    assert info["architecture"] == {"style": "knee-stylegan@1", "lite": "knee-lite@1", "lite2": "knee-lite@2"}[kind.split("+")[0]]
