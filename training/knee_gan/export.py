"""Export a trained generator as a model package (contract/README.md).

  python3 -m knee_gan.export --checkpoint ~/runs/cpu128/checkpoint.pt --id knee-cpu128 \
      --name "Knee OA · 128 px (CPU)" --out ../public/models --default

Writes weights.bin (float16 when its measured error allows, else float32), reference.json (images
PyTorch makes from fixed states with exactly the exported weights), manifest.json (validated
against contract/manifest.schema.json) and updates index.json. With --share-generator-from ID (the
same generator as package ID, byte for byte, before another upsampler or with other directions), the
generator's weights are read from ../ID/weights.bin and this package's weights.bin holds the upsampler's.
"""
import argparse
import copy
import datetime
import glob
import json
import os
import subprocess

import numpy as np
import torch

from .latent import seed_to_latent
from .loading import config_of, generator_from_state, load_checkpoint
from .masks import masked_offsets
from .networks import Generator
from .package_io import (REPO_ROOT, copy_into_package, file_entry, sha256_file, shared_from, update_index,
                         write_card, write_manifest, write_reference, write_weights)
from .pixels import ONE_GREY_LEVEL
from .upsampler import Cascade

FORMAT = "knee-oa-studio/model@1"
# float16 is kept when it moves no output value more than one 8-bit grey level.
FLOAT16_TOLERANCE = ONE_GREY_LEVEL
DATA_CITATION = ("Chen P. (2018). Knee Osteoarthritis Severity Grading Dataset. Mendeley Data, v1. "
                 "doi:10.17632/56rmx5bjcr.1 (CC BY 4.0). Images from the Osteoarthritis Initiative (OAI).")
METHOD_CITATION = {
    "knee-stylegan@1": "Karras et al. 2020, Analyzing and Improving the Image Quality of StyleGAN (modulated "
                       "convolution, R1, EMA); Miyato & Koyama 2018, cGANs with Projection Discriminator; "
                       "Zhao et al. 2020, Differentiable Augmentation for Data-Efficient GAN Training.",
    "knee-lite@1": "Liu et al. 2021, Towards Faster and Stabilized GAN Training for High-fidelity Few-shot Image "
                   "Synthesis (FastGAN: GLU up-blocks, skip-layer excitation); Karras et al. 2019-2020 (mapping "
                   "network, EMA, truncation); Miyato & Koyama 2018, cGANs with Projection Discriminator and "
                   "spectral norm; Zhao et al. 2020, Differentiable Augmentation for Data-Efficient GAN Training.",
}
METHOD_CITATION["knee-lite@2"] = METHOD_CITATION["knee-lite@1"] + (" Minibatch standard deviation in the "
                                                                   "discriminator: Karras et al. 2018 (ProGAN).")
UPSAMPLER_CITATION = ("Shi et al. 2016, Real-Time Single Image and Video Super-Resolution Using an Efficient "
                      "Sub-Pixel Convolutional Neural Network (ESPCN); degradations after Wang et al. 2021, Real-ESRGAN.")
KL_TICKS = [{"value": 0, "label": "None"}, {"value": 1, "label": "Doubtful"}, {"value": 2, "label": "Minimal"},
            {"value": 3, "label": "Moderate"}, {"value": 4, "label": "Severe"}]
REFERENCE_STATES = [
    {"seed": 42, "kl": 0.0, "truncation": 0.7, "directions": {}},
    {"seed": 42, "kl": 4.0, "truncation": 0.7, "directions": {}},
    {"seed": 7, "kl": 2.5, "truncation": 1.0, "directions": {}},
]


def code_revision() -> str:
    try:
        rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "training"], cwd=REPO_ROOT, capture_output=True, text=True).stdout.strip()
        return rev + ("+uncommitted-training-changes" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"


def architecture_of(g) -> dict:
    """The manifest's `architecture` for a generator, a lite generator, or either with an upsampler."""
    inner = getattr(g, "generator", g)
    arch = {"type": getattr(inner, "architecture", "knee-stylegan@1"), "z_dim": inner.z_dim, "w_dim": inner.w_dim,
            "grade_dim": inner.grade_dim, "mapping_layers": len(inner.mapping),
            "channels": {str(k): v for k, v in inner.channels.items()}}
    if hasattr(inner, "excite_from"):
        arch["excite"] = {str(k): v for k, v in inner.excite_from.items()}
    if hasattr(g, "upsampler"):
        arch["upsampler"] = g.upsampler.config()
    return arch


def method_citation(arch: dict) -> str:
    text = METHOD_CITATION[arch["type"]]
    return text + (" Upsampler: " + UPSAMPLER_CITATION if "upsampler" in arch else "")


def round_to_float16(g: Generator) -> Generator:
    """A copy whose exported weights are float16-rounded: what the app computes with."""
    rounded = copy.deepcopy(g)
    rounded.round_effective_(lambda t: t.half().float())
    return rounded


def direction_offset(state: dict, directions: list, dim: int, space: str = "w") -> torch.Tensor:
    """Σ value · vector over the state's unmasked directions in `space` (w, or the grade embedding), (1, dim)."""
    offset = torch.zeros(1, dim)
    by_id = {d["id"]: d for d in directions}
    for did, value in state["directions"].items():
        if by_id[did].get("space", "w") == space and not by_id[did].get("mask"):
            offset += value * torch.tensor(by_id[did]["vector"], dtype=torch.float32)[None]
    return offset


@torch.no_grad()
def render(g: Generator, state: dict, directions: list) -> np.ndarray:
    """One state -> float32 [H, W] image, the way the app computes it."""
    z = torch.from_numpy(seed_to_latent(state["seed"], g.z_dim))[None]
    w = g.truncate(g.map(z), state["truncation"]) + direction_offset(state, directions, g.w_dim)
    grade = g.grade(torch.tensor([float(state["kl"])])) + direction_offset(state, directions, g.grade_dim, "grade")
    return g.synthesis(w, grade, masked_offsets(state["directions"], directions))[0, 0].numpy()


def float16_error(g: Generator, samples: int = 16) -> float:
    g16 = round_to_float16(g)
    states = [{"seed": 1000 + i, "kl": (i % 9) / 2, "truncation": 1.0, "directions": {}} for i in range(samples)]
    return max(float(np.abs(render(g, s, []) - render(g16, s, [])).max()) for s in states)


def reference_states(directions: list) -> list:
    states = [dict(s) for s in REFERENCE_STATES]
    if directions:  # one state that moves every direction, so the offsets are checked too
        states.append({"seed": 2024, "kl": 1.5, "truncation": 0.8,
                       "directions": {d["id"]: d["range"][1] * 0.5 for d in directions}})
    return states


def figures_kept_elsewhere(out_root: str, model_id: str, figures: dict, prefer: str = None) -> dict:
    """{figure: "../<id>/<figure>"} for each figure a kept package already ships, byte for byte (as
    its own file, not a link), so it is read from there instead of shipped again: the same generator
    draws many of the same figures, and the real test images' figures never change. `prefer` (the
    package the generator is shared with) is looked at first, then the others by id."""
    others = sorted(d for d in os.listdir(out_root) if d != model_id
                    and os.path.exists(os.path.join(out_root, d, "manifest.json")))
    if prefer in others:
        others.remove(prefer)
        others.insert(0, prefer)
    same = {}
    for fig, src in figures.items():
        digest = sha256_file(src)
        for other in others:
            path = os.path.join(out_root, other, fig)
            if os.path.isfile(path) and sha256_file(path) == digest:
                same[fig] = f"../{other}/{fig}"
                break
    return same


def export_package(g: Generator, out_root: str, model_id: str, *, name: str, description: str,
                   training: dict, directions=(), metrics=None, precision: str = "auto",
                   truncation_default: float = 0.7, model_card: str = None, figures=(),
                   make_default: bool = False, share_generator_from: str = None) -> str:
    g = g.cpu().eval()
    directions = list(directions)
    pkg = os.path.join(out_root, model_id)
    os.makedirs(pkg, exist_ok=True)
    fp16_error = float16_error(g)
    if precision == "auto":
        precision = "float16" if fp16_error <= FLOAT16_TOLERANCE else "float32"
    exported = round_to_float16(g) if precision == "float16" else g
    share = os.path.join(out_root, share_generator_from) if share_generator_from else None
    weights_manifest = write_weights(g.export(), os.path.join(pkg, "weights.bin"), precision, share)

    states = reference_states(directions)
    shared = [p for group in weights_manifest for p in group["paths"] if shared_from(p)]
    files = ["weights.bin", *shared, write_reference(pkg, states, [render(exported, s, directions) for s in states])]
    figures = {os.path.basename(figure): figure for figure in figures}
    same = figures_kept_elsewhere(out_root, model_id, figures, share_generator_from)
    for fig, shared_path in same.items():
        model_card = model_card.replace(f"]({fig})", f"]({shared_path})") if model_card else model_card
    if model_card:
        files.append(write_card(pkg, model_card))
    files += copy_into_package(pkg, {fig: src for fig, src in figures.items() if fig not in same})
    files += list(same.values())

    architecture = architecture_of(g)
    manifest = {
        "format": FORMAT, "id": model_id, "name": name, "description": description,
        "license": "Weights: CC BY 4.0 (trained on CC BY 4.0 data). Code: see the project licence.",
        "citation": {"data": DATA_CITATION, "method": method_citation(architecture)},
        "intended_use": "Education and research; not for diagnosis. Every image is synthetic.",
        "resolution": [g.resolution, g.resolution], "channels": 1, "output_range": [-1, 1],
        "pixel_spacing_mm": None,
        "architecture": architecture,
        "weights": {"precision": precision, "float16_max_abs_error": fp16_error,
                    "manifest": weights_manifest},
        "latent": {"dim": g.z_dim, "prior": "normal", "seed_rule": "lowbias32-box-muller@1",
                   "truncation": {"default": truncation_default, "min": 0.0, "max": 1.5}},
        "conditions": [{"id": "kl", "label": "KL grade", "min": 0, "max": 4, "default": 2, "ticks": KL_TICKS}],
        "directions": directions,
        "files": [file_entry(pkg, p) for p in files],
        "training": training,
        "metrics": metrics or {},
    }
    if model_card:
        manifest["model_card"] = "model-card.md"
    write_manifest(pkg, manifest)
    update_index(out_root, model_id, name, make_default)
    return pkg


def training_metadata(state: dict) -> dict:
    cfg = config_of(state)
    return {"dataset": "knee-kl224 train split (Chen 2018, OAI), " + os.path.basename(state.get("data_root", "")),
            "num_images": state.get("num_images"), "images_shown": state["nimg"], "steps": state["step"],
            "hardware": state.get("hardware", "unknown"), "wall_time_s": round(state["wall"], 1),
            "date": datetime.datetime.utcnow().strftime("%Y-%m-%dT%H:%M:%SZ"), "code_revision": code_revision(),
            "config": cfg.to_dict(),  # with `extra`: the options that make lite2-112 differ from lite-112
            "command": state.get("command"), "stages": state.get("history") or []}


def upsampler_metadata(path: str) -> dict:
    state = load_checkpoint(path)
    return {"config": state["config"], "steps": state["step"], "val": state["val"],
            "trained_on": "real train/ pairs (half size -> full size), see knee_gan/train_upsampler.py"}


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--checkpoint", required=True)
    p.add_argument("--upsampler", help="upsampler.pt from knee_gan.train_upsampler: ship generator + x2 upsampler")
    p.add_argument("--out", default=os.path.join(REPO_ROOT, "public", "models"))
    p.add_argument("--id", required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--description", default="")
    p.add_argument("--directions", help="JSON file: a list of directions (knee_gan.directions)")
    p.add_argument("--metrics", help="JSON file: the metrics object (knee_gan.evaluate)")
    p.add_argument("--model-card", help="markdown file to ship as model-card.md")
    p.add_argument("--figures", help="folder whose fig-*.png the model card shows (knee_gan.evaluate --out)")
    p.add_argument("--precision", default="auto", choices=["auto", "float16", "float32"])
    p.add_argument("--default", action="store_true", help="make this the app's default model")
    p.add_argument("--share-generator-from", metavar="ID",
                   help="a kept package in --out with this model's generator (byte for byte): read the generator's "
                        "weights from its file instead of shipping them again; only the upsampler's ship")
    args = p.parse_args(argv)
    state = load_checkpoint(args.checkpoint)
    g = generator_from_state(state)
    training = training_metadata(state)
    if args.upsampler:
        from .train_upsampler import load_upsampler
        g = Cascade(g, load_upsampler(args.upsampler))
        training["upsampler"] = upsampler_metadata(args.upsampler)
    load_json = lambda path, default: json.load(open(path)) if path else default  # noqa: E731
    pkg = export_package(g, args.out, args.id, name=args.name, description=args.description,
                         training=training, directions=load_json(args.directions, []),
                         metrics=load_json(args.metrics, {}), precision=args.precision,
                         model_card=open(args.model_card).read() if args.model_card else None,
                         figures=sorted(glob.glob(os.path.join(args.figures, "fig-*.png"))) if args.figures else (),
                         make_default=args.default, share_generator_from=args.share_generator_from)
    print(f"wrote {pkg}")


if __name__ == "__main__":
    main()
