"""Read a model package back into PyTorch: manifest -> networks, weights.bin -> their parameters.

Used by evaluation, the studies and the command-line generator, so that everything a package
claims can be re-measured from the package itself (not from a checkpoint that may differ).

Every exported tensor is one parameter (or buffer) times a constant scale, possibly permuted:
a linear map f with f(f^T(t)) = c^2 t. So instead of one inverse per layer type, the loader runs
export() with gradients, gets f^T(t) for each target tensor t as a vector-Jacobian product, and
divides by c^2 (read off by applying f once more). Any architecture whose export() has that form
loads without code of its own.
"""
import json
import os

import numpy as np
import torch

from .configs import Config
from .loading import make_networks
from .upsampler import Cascade, Upsampler


def read_manifest(package_dir: str) -> dict:
    with open(os.path.join(package_dir, "manifest.json")) as f:
        return json.load(f)


def read_tensors(package_dir: str, manifest: dict) -> dict:
    """{name: float32 tensor} from the package's weights files (float16-quantised or float32)."""
    tensors = {}
    for group in manifest["weights"]["manifest"]:
        buf = b"".join(open(os.path.join(package_dir, p), "rb").read() for p in group["paths"])
        offset = 0
        for spec in group["weights"]:
            count = int(np.prod(spec["shape"])) if spec["shape"] else 1
            q = (spec.get("quantization") or {}).get("dtype")
            dtype, size = ("<f2", 2) if q == "float16" else ("<f4", 4)
            arr = np.frombuffer(buf, dtype=dtype, count=count, offset=offset).astype(np.float32)
            tensors[spec["name"]] = torch.from_numpy(arr.reshape(spec["shape"]).copy())
            offset += count * size
        if offset != len(buf):
            raise ValueError(f"{package_dir}: weights files hold {len(buf)} bytes, the manifest describes {offset}")
    return tensors


def build_from_architecture(arch: dict, resolution: int):
    """Untrained networks shaped as a manifest's `architecture` describes."""
    inner_res = resolution // 2 if arch.get("upsampler") else resolution
    cfg = Config(name="package", resolution=inner_res, g_channels={int(k): v for k, v in arch["channels"].items()},
                 d_channels={int(k): v for k, v in arch["channels"].items()}, batch=1, z_dim=arch["z_dim"],
                 w_dim=arch["w_dim"], grade_dim=arch["grade_dim"],
                 arch={"knee-stylegan@1": "style", "knee-lite@1": "lite"}[arch["type"]],
                 extra={"excite": arch["excite"]} if arch.get("excite") else {})
    g, _ = make_networks(cfg)
    if len(g.mapping) != arch["mapping_layers"]:
        raise ValueError(f"mapping_layers {arch['mapping_layers']} is not supported (networks use {len(g.mapping)})")
    up = arch.get("upsampler")
    return Cascade(g, Upsampler(up["channels"], up["layers"])) if up else g


def load_exported_(module: torch.nn.Module, tensors: dict):
    """Set module's parameters and buffers so that module.export() equals `tensors` (see the top)."""
    leaves = [t for t in list(module.parameters()) + list(module.buffers()) if t.is_floating_point()]
    grads_were = [t.requires_grad for t in leaves]
    for t in leaves:
        t.requires_grad_(True)
    try:
        exported = module.export(detach=False)
        missing = set(exported) - set(tensors)
        extra = set(tensors) - set(exported)
        if missing or extra:
            raise ValueError(f"weights do not match the architecture: missing {sorted(missing)[:5]}, "
                             f"unexpected {sorted(extra)[:5]}")
        solutions = {}
        for name, out in exported.items():
            target = tensors[name].reshape(out.shape)
            (leaf,) = [t for t in leaves if _depends_on(out, t)]
            (vjp,) = torch.autograd.grad(out, leaf, target, retain_graph=True)
            solutions.setdefault(id(leaf), (leaf, []))[1].append((name, vjp))
        with torch.no_grad():
            for leaf, parts in solutions.values():
                if len(parts) != 1:
                    raise ValueError(f"a parameter is exported {len(parts)} times: {[p[0] for p in parts]}")
                leaf.copy_(parts[0][1])
        exported = module.export(detach=False)
        for name, out in exported.items():  # f(f^T(t)) = c^2 t: divide c^2 out
            target = tensors[name].reshape(out.shape)
            (leaf,) = [t for t in leaves if _depends_on(out, t)]
            denom = float((target * target).sum())
            if denom > 0:
                with torch.no_grad():
                    leaf.div_(float((out.detach() * target).sum()) / denom)
    finally:
        for t, was in zip(leaves, grads_were):
            t.requires_grad_(was)
    return module


def _depends_on(out: torch.Tensor, leaf: torch.Tensor) -> bool:
    try:
        torch.autograd.grad(out.sum(), leaf, retain_graph=True, allow_unused=False)
        return True
    except RuntimeError:
        return False


def generator_from_package(package_dir: str):
    """(generator in eval mode, info) rebuilt from a package folder."""
    manifest = read_manifest(package_dir)
    g = build_from_architecture(manifest["architecture"], manifest["resolution"][0])
    load_exported_(g, read_tensors(package_dir, manifest))
    info = {"package": os.path.abspath(package_dir), "model_id": manifest.get("id"),
            "kimg": (manifest.get("training") or {}).get("images_shown", 0) / 1000,
            "training": manifest.get("training"), "pixel_spacing_mm": manifest.get("pixel_spacing_mm"),
            "architecture": manifest["architecture"]["type"]}
    return g.eval().requires_grad_(False), info


def add_to_package(package_dir: str, files: dict, metrics: dict, card_section: tuple = None):
    """Add or replace side files of a shipped package without touching its weights: `files`
    {name: source path} are copied in, `metrics` merged into manifest.metrics, `card_section`
    (heading, text) replaces that section of the model card (or is appended), and the manifest's
    `files` list gets the new sizes and SHA-256. Links stay valid: they name the weights' hash."""
    import shutil

    from .export import sha256_file, validate_manifest

    manifest = read_manifest(package_dir)
    for name, src in files.items():
        shutil.copyfile(src, os.path.join(package_dir, name))
    if card_section and manifest.get("model_card"):
        heading, text = card_section
        path = os.path.join(package_dir, manifest["model_card"])
        card = open(path).read()
        if heading in card:  # replace up to the next "## " heading
            start = card.index(heading)
            nxt = card.find("\n## ", start + len(heading))
            card = card[:start] + text + ("\n" + card[nxt + 1:] if nxt >= 0 else "")
        else:
            card = card.rstrip("\n") + "\n\n" + text
        with open(path, "w") as f:
            f.write(card)
    manifest["metrics"] = {**manifest.get("metrics", {}), **metrics}
    listed = {f["path"] for f in manifest["files"]}
    for name in list(files) + ([manifest["model_card"]] if card_section and manifest.get("model_card") else []):
        entry = {"path": name, "bytes": os.path.getsize(os.path.join(package_dir, name)),
                 "sha256": sha256_file(os.path.join(package_dir, name))}
        if name in listed:
            manifest["files"] = [entry if f["path"] == name else f for f in manifest["files"]]
        else:
            manifest["files"].append(entry)
    validate_manifest(manifest)
    with open(os.path.join(package_dir, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    return manifest
