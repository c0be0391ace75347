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


def test_a_new_upsampler_shares_the_generator_weights_of_a_kept_package(tmp_path):
    """--share-generator-from: the same generator is read from the other package's file, byte for
    byte; only the upsampler ships, and the package's version is its own file's SHA-256."""
    import copy
    import hashlib

    import torch

    from knee_gan.export import export_package
    from knee_gan.package_io import generator_from_package
    from package_fixture import TRAINING, tiny_generator

    a = tiny_generator(kind="lite2+up")
    figures = tmp_path / "figures"
    figures.mkdir()
    (figures / "fig-same.png").write_bytes(b"drawn by the same generator")
    (figures / "fig-new.png").write_bytes(b"drawn once")
    card = "![same](fig-same.png) ![new](fig-new.png)"
    export_package(a, str(tmp_path), "tiny-a", name="A", description="", training=TRAINING, precision="float32",
                   model_card=card, figures=[str(figures / "fig-same.png"), str(figures / "fig-new.png")])
    (figures / "fig-new.png").write_bytes(b"drawn again, differently")
    b = copy.deepcopy(a)
    with torch.no_grad():
        for p in b.upsampler.parameters():  # retrained: every upsampler weight differs
            p.add_(0.05)
    pkg = export_package(b, str(tmp_path), "tiny-b", name="B", description="", training=TRAINING,
                         precision="float32", share_generator_from="tiny-a", model_card=card,
                         figures=[str(figures / "fig-same.png"), str(figures / "fig-new.png")])
    manifest = json.load(open(os.path.join(pkg, "manifest.json")))
    validate_manifest(manifest)
    # a figure the shared package holds byte for byte is read from there, and the card links it there
    paths = {f["path"] for f in manifest["files"]}
    assert {"../tiny-a/fig-same.png", "fig-new.png"} <= paths and "fig-same.png" not in paths
    assert not os.path.exists(os.path.join(pkg, "fig-same.png"))
    assert open(os.path.join(pkg, "model-card.md")).read() == "![same](../tiny-a/fig-same.png) ![new](fig-new.png)"
    assert manifest["name"] == "B"
    shared, own = manifest["weights"]["manifest"]
    assert shared["paths"] == ["../tiny-a/weights.bin"] and own["paths"] == ["weights.bin"]
    assert [w["name"].startswith("upsampler/") for w in own["weights"]] == [True] * len(own["weights"])
    assert not any(w["name"].startswith("upsampler/") for w in shared["weights"])
    own_bytes = open(os.path.join(pkg, "weights.bin"), "rb").read()
    assert len(own_bytes) == sum(4 * int(np.prod(w["shape"])) for w in own["weights"])
    index = {m["id"]: m for m in json.load(open(tmp_path / "index.json"))["models"]}
    assert index["tiny-b"]["name"] == "B"
    assert index["tiny-b"]["weights_sha256"] == hashlib.sha256(own_bytes).hexdigest()
    assert index["tiny-b"]["weights_sha256"] != index["tiny-a"]["weights_sha256"]

    loaded, _ = generator_from_package(pkg)
    state = {"seed": 5, "kl": 2.5, "truncation": 1.0, "directions": {}}
    assert np.abs(render(b, state, []) - render(loaded, state, [])).max() < 1e-5
    assert np.abs(render(a, state, []) - render(loaded, state, [])).max() > 1e-4  # the new upsampler is used

    # the same generator and upsampler with other directions: the upsampler's bytes are its own file
    same = export_package(a, str(tmp_path), "tiny-d", name="D", description="", training=TRAINING,
                          precision="float32", share_generator_from="tiny-a")
    loaded, _ = generator_from_package(same)
    assert np.abs(render(a, state, []) - render(loaded, state, [])).max() < 1e-5
    with pytest.raises(ValueError, match="only a model with an upsampler"):
        export_package(tiny_generator(kind="lite2"), str(tmp_path), "tiny-e", name="E", description="",
                       training=TRAINING, precision="float32", share_generator_from="tiny-a")

    other = tiny_generator(seed=1, kind="lite2+up")  # another generator: nothing to share
    with pytest.raises(ValueError, match="nothing to share"):
        export_package(other, str(tmp_path), "tiny-c", name="C", description="", training=TRAINING,
                       precision="float32", share_generator_from="tiny-a")


def test_a_figure_any_kept_package_ships_byte_for_byte_is_read_from_there(tmp_path):
    """Without a shared generator, a figure identical to one a kept package ships as its own file
    (the real test images' figures never change) is linked there; a figure that package only links
    is not a source, and one that differs ships again."""
    from knee_gan.export import export_package
    from package_fixture import TRAINING, tiny_generator

    figures = tmp_path / "figures"
    figures.mkdir()
    (figures / "fig-real.png").write_bytes(b"real test knees")
    (figures / "fig-drawn.png").write_bytes(b"drawn by generator a")
    card = "![real](fig-real.png) ![drawn](fig-drawn.png)"
    out = tmp_path / "models"
    out.mkdir()
    both = [str(figures / "fig-real.png"), str(figures / "fig-drawn.png")]
    export_package(tiny_generator(kind="lite2"), str(out), "tiny-a", name="A", description="", training=TRAINING,
                   precision="float32", model_card=card, figures=both)
    export_package(tiny_generator(seed=1, kind="lite2"), str(out), "tiny-b", name="B", description="",
                   training=TRAINING, precision="float32", model_card=card, figures=both)
    (figures / "fig-drawn.png").write_bytes(b"drawn by generator c")
    pkg = export_package(tiny_generator(seed=2, kind="lite2"), str(out), "tiny-c", name="C", description="",
                         training=TRAINING, precision="float32", model_card=card, figures=both)
    b = {f["path"] for f in json.load(open(out / "tiny-b" / "manifest.json"))["files"]}
    assert {"../tiny-a/fig-real.png", "../tiny-a/fig-drawn.png"} <= b  # b's figures were a's, byte for byte
    manifest = json.load(open(os.path.join(pkg, "manifest.json")))
    validate_manifest(manifest)
    paths = {f["path"] for f in manifest["files"]}
    assert {"../tiny-a/fig-real.png", "fig-drawn.png"} <= paths and "../tiny-b/fig-real.png" not in paths
    assert open(os.path.join(pkg, "fig-drawn.png"), "rb").read() == b"drawn by generator c"
    assert open(os.path.join(pkg, "model-card.md")).read() == "![real](../tiny-a/fig-real.png) ![drawn](fig-drawn.png)"


def test_a_packages_upsampler_unpacks_to_the_file_the_training_tools_read(tmp_path):
    """A new machine rebuilds upsampler.pt from the shipped package: loaded with load_upsampler, it
    gives the package's float16 upsampler exactly; a package without one is refused by name."""
    import torch

    from knee_gan.export import export_package
    from knee_gan.train_upsampler import load_upsampler
    from knee_gan.unpack import unpack_upsampler
    from package_fixture import TRAINING, tiny_generator

    g = tiny_generator(kind="lite2+up")
    pkg = export_package(g, str(tmp_path), "tiny-up", name="U", description="", training=TRAINING,
                         precision="float16")
    up = load_upsampler(unpack_upsampler(pkg, str(tmp_path / "runs" / "upsampler.pt")))
    x = torch.randn(2, 1, 12, 12)
    expected = round_to_float16(g).upsampler
    with torch.no_grad():
        assert torch.allclose(up(x), expected(x), atol=1e-5)
        assert not torch.allclose(up(x), torch.nn.functional.interpolate(x, scale_factor=2.0, mode="bilinear"))

    plain = export_package(tiny_generator(kind="lite2"), str(tmp_path), "tiny-plain", name="P", description="",
                           training=TRAINING, precision="float32")
    with pytest.raises(ValueError, match="has no upsampler"):
        unpack_upsampler(plain, str(tmp_path / "x.pt"))
