"""knee_gan.onnx_export on tiny packages of both architectures (the upsampler included).

Exporting needs only torch. Checking the graph needs the `onnx` package (Debian: python3-onnx);
running it needs `onnxruntime` (pip only: Debian does not package it), so those tests skip without.
"""
import os

import pytest

from knee_gan.onnx_export import check_states, check_with_onnxruntime, export_onnx
from knee_gan.package_io import read_manifest
from package_fixture import export_tiny

KINDS = ["style", "lite+up"]


def exported(tmp_path, kind):
    _, pkg = export_tiny(tmp_path, kind=kind)
    out = str(tmp_path / "g.onnx")
    return pkg, out, export_onnx(pkg, out)


@pytest.mark.parametrize("kind", KINDS)
def test_export_writes_a_file_for_the_package(tmp_path, kind):
    pkg, out, info = exported(tmp_path, kind)
    manifest = read_manifest(pkg)
    assert os.path.getsize(out) > 1000
    assert info["model_id"] == "tiny-test" and info["resolution"] == manifest["resolution"]
    assert 13 <= info["opset"] <= 17


@pytest.mark.parametrize("kind", KINDS)
def test_graph_is_valid_and_has_the_apps_inputs(tmp_path, kind):
    onnx = pytest.importorskip("onnx", reason="the onnx package is not installed (Debian: python3-onnx)")
    pkg, out, _ = exported(tmp_path, kind)
    manifest = read_manifest(pkg)
    model = onnx.load(out)
    onnx.checker.check_model(model)
    dims = lambda v: [d.dim_value for d in v.type.tensor_type.shape.dim]  # noqa: E731
    arch = manifest["architecture"]
    assert {v.name: dims(v) for v in model.graph.input} == {
        "z": [1, arch["z_dim"]], "kl": [1], "truncation": [1], "w_offset": [1, arch["w_dim"]],
        "grade_offset": [1, arch["grade_dim"]]}
    assert [(v.name, dims(v)) for v in model.graph.output] == [("image", [1, 1, *manifest["resolution"]])]


@pytest.mark.parametrize("kind", KINDS)
def test_onnxruntime_draws_what_pytorch_draws(tmp_path, kind):
    pytest.importorskip("onnxruntime", reason="onnxruntime is not installed (pip only; Debian has no package)")
    pkg, out, _ = exported(tmp_path, kind)
    rows = check_with_onnxruntime(pkg, out)
    directions = read_manifest(pkg)["directions"]
    assert len(rows) == len(check_states(directions)) >= 5  # truncation and direction offsets included
    assert any(state["directions"] for state, _, _ in rows) and any(state["truncation"] != 1 for state, _, _ in rows)
    for state, max_abs, max_8bit in rows:
        assert max_abs <= 1e-4, f"{state}: max |d| {max_abs}"
        assert max_8bit <= 1, f"{state}: max 8-bit d {max_8bit}"
