"""A model package's generator as ONNX, for comparing speed against ONNX Runtime (scripts/bench-ort.mjs).

  python3 -m knee_gan.onnx_export --package ../public/models/knee-cpu128 --out /tmp/knee.onnx [--check]

The network is rebuilt from the package itself (package_io.generator_from_package: either
architecture, with or without the upsampler), so the ONNX file holds exactly the weights the app
decodes (float16-packed weights come back as the same float32 values). Inputs and output follow the
app's forward pass (workers/model/common.ts mapping()):

  z [1, z_dim], kl [1], truncation [1], w_offset [1, w_dim], grade_offset [1, grade_dim]
      ->  image [1, 1, H, W], about [-1, 1]

w = w_avg + truncation * (mapping(z) - w_avg), then + w_offset (the w direction sliders, after
truncation), then synthesis at the blended grade + grade_offset (the grade-space sliders). The image
is not clamped, as in the app. Masked directions (acting only where their mask is) are not in the
graph: it is a speed comparison of the forward pass, and its checks leave them out.

--check runs the file in onnxruntime (when importable) against PyTorch on a few states, including
truncation and direction offsets, and prints max |d| and the largest 8-bit difference.
"""
import argparse
import sys
import warnings

import numpy as np
import torch
import torch.nn as nn

from .export import direction_offset, render
from .latent import seed_to_latent
from .package_io import generator_from_package, read_manifest
from .pixels import to_uint8

# torch 1.13 exports opsets 7-17; 17 is its newest and onnxruntime-web runs it.
OPSET = 17


INPUTS = ("z", "kl", "truncation", "w_offset", "grade_offset")


class OnnxForward(nn.Module):
    """The app's forward pass with every per-frame value as a tensor input, none baked in."""

    def __init__(self, generator: nn.Module):
        super().__init__()
        self.g = generator

    def forward(self, z, kl, truncation, w_offset, grade_offset):
        # Truncation is always applied (the app does too; psi = 1 is the identity up to rounding).
        w = self.g.truncate(self.g.map(z), truncation[:, None]) + w_offset
        return self.g.synthesis(w, self.g.grade(kl) + grade_offset)


def check_states(directions: list) -> list:
    """States the comparison covers: plain, truncated, between grades, and direction offsets."""
    states = [{"seed": 42, "kl": 0.0, "truncation": 1.0, "directions": {}},
              {"seed": 7, "kl": 2.5, "truncation": 0.7, "directions": {}},
              {"seed": 123456, "kl": 4.0, "truncation": 0.5, "directions": {}}]
    directions = [d for d in directions if not d.get("mask")]  # the graph takes unmasked offsets only
    if directions:
        states.append({"seed": 2024, "kl": 1.5, "truncation": 0.8,
                       "directions": {d["id"]: d["range"][1] * 0.5 for d in directions}})
        states.append({"seed": 9, "kl": 3.2, "truncation": 1.0, "directions": {directions[0]["id"]: directions[0]["range"][0]}})
    return states


def state_inputs(state: dict, directions: list, z_dim: int, w_dim: int, grade_dim: int) -> dict:
    """One state as the ONNX model's named float32 inputs."""
    return {"z": seed_to_latent(state["seed"], z_dim)[None],
            "kl": np.array([state["kl"]], dtype=np.float32),
            "truncation": np.array([state["truncation"]], dtype=np.float32),
            "w_offset": direction_offset(state, directions, w_dim).numpy().astype(np.float32),
            "grade_offset": direction_offset(state, directions, grade_dim, "grade").numpy().astype(np.float32)}


def export_onnx(package_dir: str, out_path: str, opset: int = OPSET) -> dict:
    g, info = generator_from_package(package_dir)
    manifest = read_manifest(package_dir)
    example = state_inputs(check_states(manifest["directions"])[1], manifest["directions"], g.z_dim, g.w_dim, g.grade_dim)
    with torch.no_grad(), warnings.catch_warnings():
        # torch 1.13 warns about shape inference of constants it then folds; the graph is checked by tests
        warnings.filterwarnings("ignore", message="The shape inference of prim::Constant")
        torch.onnx.export(OnnxForward(g), tuple(torch.from_numpy(example[k]) for k in INPUTS),
                          out_path, input_names=list(INPUTS), output_names=["image"],
                          opset_version=opset, do_constant_folding=True)
    return {"model_id": info["model_id"], "architecture": info["architecture"], "resolution": manifest["resolution"],
            "opset": opset, "out": out_path}


def check_with_onnxruntime(package_dir: str, onnx_path: str) -> list:
    """[(state, max |d|, max 8-bit d)] of onnxruntime against PyTorch; ImportError without onnxruntime."""
    import onnxruntime

    g, _ = generator_from_package(package_dir)
    directions = read_manifest(package_dir)["directions"]
    session = onnxruntime.InferenceSession(onnx_path, providers=["CPUExecutionProvider"])
    rows = []
    for state in check_states(directions):
        expected = render(g, state, directions)
        (got,) = session.run(["image"], state_inputs(state, directions, g.z_dim, g.w_dim, g.grade_dim))
        got = got[0, 0]
        rows.append((state, float(np.abs(got - expected).max()), int(np.abs(to_uint8(got).astype(np.int32) - to_uint8(expected)).max())))
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--package", required=True, help="a model package folder (with manifest.json and weights)")
    ap.add_argument("--out", required=True, help="the .onnx file to write")
    ap.add_argument("--opset", type=int, default=OPSET)
    ap.add_argument("--check", action="store_true", help="compare onnxruntime with PyTorch (needs onnxruntime)")
    args = ap.parse_args(argv)
    torch.set_num_threads(1)  # a training run may hold the other core
    done = export_onnx(args.package, args.out, args.opset)
    print(f"onnx_export: {done['model_id']} ({done['architecture']}, {done['resolution'][0]}²) -> {args.out}, opset {done['opset']}")
    if args.check:
        try:
            rows = check_with_onnxruntime(args.package, args.out)
        except ImportError:
            print("onnx_export: --check needs onnxruntime (pip install onnxruntime)", file=sys.stderr)
            return 2
        for state, diff, grey in rows:
            print(f"  {state}: max |d| {diff:.2e}, max 8-bit d {grey}")
        if max(r[2] for r in rows) > 2:
            print("onnx_export: onnxruntime and PyTorch disagree by more than 2/255", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
