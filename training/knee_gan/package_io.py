"""Model packages and evaluation folders on disk: every read and write of a manifest, its weights,
its side files, index.json, and the metrics/directions files an evaluation leaves for the exporter.

Reading a package back into PyTorch lets evaluation, the studies and the command-line generator
re-measure everything a package claims from the package itself (not from a checkpoint that may
differ). Every exported tensor is one parameter (or buffer) times a constant scale, possibly
permuted: a linear map f with f(f^T(t)) = c^2 t. So instead of one inverse per layer type, the
loader runs export() with gradients, gets f^T(t) for each target tensor t as a vector-Jacobian
product, and divides by c^2 (read off by applying f once more). Any architecture whose export()
has that form loads without code of its own.
"""
import base64
import datetime
import hashlib
import json
import os
import shutil

import numpy as np
import torch

from .configs import Config
from .loading import checkpoint_generator, make_networks
from .pixels import to_uint8
from .train_upsampler import load_upsampler
from .upsampler import Cascade, Upsampler

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCHEMA_PATH = os.path.join(REPO_ROOT, "contract", "manifest.schema.json")
# The numbers the manifest carries (flat), in model-card order.
HEADLINE = ("grader_test_accuracy", "grader_test_macro_f1", "grader_test_quadratic_kappa", "grade_fidelity",
            "grade_fidelity_per_grade", "grader_test_accuracy_per_grade",
            "fd_generated_vs_test", "fd_val_vs_test", "fd_ratio", "precision", "recall", "detector_auc",
            "memorised", "memorised_val", "identity_kl0_vs_kl4", "identity_left_vs_right",
            "identity_different_patients", "jsn_spearman", "osteophyte_jsw_ratio")


# ---- reading a package ---------------------------------------------------------------------
def read_manifest(package_dir: str) -> dict:
    with open(os.path.join(package_dir, "manifest.json")) as f:
        return json.load(f)


def shared_from(path: str):
    """The id of the package a shared file path (`../<id>/<file>`) reads from; None for a file of
    this package. Sharing lets a package reuse another's generator weights (contract/README.md)."""
    parts = path.split("/")
    return parts[1] if len(parts) == 3 and parts[0] == ".." else None


def own_weights_file(manifest: dict) -> dict:
    """The `files` entry of the package's own weights file (not one shared from another package)."""
    return next(f for f in manifest["files"] if f["path"].endswith(".bin") and not shared_from(f["path"]))


def weights_sha256(manifest: dict) -> str:
    """SHA-256 of the package's own weights file, the one that names its version (a shared file
    names the other package's)."""
    return own_weights_file(manifest)["sha256"]


def _spec_bytes(spec: dict) -> tuple:
    count = int(np.prod(spec["shape"])) if spec["shape"] else 1
    q = (spec.get("quantization") or {}).get("dtype")
    return (count, "<f2", 2) if q == "float16" else (count, "<f4", 4)


def read_tensors(package_dir: str, manifest: dict) -> dict:
    """{name: float32 tensor} from the package's weights files (float16-quantised or float32). A
    group ending in a shared file reads only the bytes its weights take."""
    tensors = {}
    for group in manifest["weights"]["manifest"]:
        buf = b"".join(open(os.path.join(package_dir, p), "rb").read() for p in group["paths"])
        offset = 0
        for spec in group["weights"]:
            count, dtype, size = _spec_bytes(spec)
            if offset + count * size > len(buf):
                raise ValueError(f"{package_dir}: weights files hold {len(buf)} bytes, fewer than the manifest describes")
            arr = np.frombuffer(buf, dtype=dtype, count=count, offset=offset).astype(np.float32)
            tensors[spec["name"]] = torch.from_numpy(arr.reshape(spec["shape"]).copy())
            offset += count * size
        if offset != len(buf) and not shared_from(group["paths"][-1]):
            raise ValueError(f"{package_dir}: weights files hold {len(buf)} bytes, the manifest describes {offset}")
    return tensors


def build_from_architecture(arch: dict, resolution: int):
    """Untrained networks shaped as a manifest's `architecture` describes."""
    inner_res = resolution // 2 if arch.get("upsampler") else resolution
    cfg = Config(name="package", resolution=inner_res, g_channels={int(k): v for k, v in arch["channels"].items()},
                 d_channels={int(k): v for k, v in arch["channels"].items()}, batch=1, z_dim=arch["z_dim"],
                 w_dim=arch["w_dim"], grade_dim=arch["grade_dim"],
                 arch={"knee-stylegan@1": "style", "knee-lite@1": "lite", "knee-lite@2": "lite"}[arch["type"]],
                 extra={**({"excite": arch["excite"]} if arch.get("excite") else {}),
                        **({"w_input": True} if arch["type"] == "knee-lite@2" else {})})
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


def load_generator(package: str = None, checkpoint: str = None, upsampler: str = None):
    """(generator, info) from a package folder or a checkpoint's EMA generator, with a checkpoint
    optionally followed by a trained upsampler (the two evaluated as one network)."""
    g, info = generator_from_package(package) if package else checkpoint_generator(checkpoint)
    if upsampler:
        g, info = Cascade(g, load_upsampler(upsampler)), {**info, "upsampler": os.path.abspath(upsampler)}
    return g, info


# ---- writing a package ---------------------------------------------------------------------
def sha256_file(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def file_entry(package_dir: str, name: str) -> dict:
    """The manifest's `files` entry of a file in the package: size and SHA-256."""
    path = os.path.join(package_dir, name)
    return {"path": name, "bytes": os.path.getsize(path), "sha256": sha256_file(path)}


def validate_manifest(manifest: dict):
    """Checks against the one schema the app also uses; needs python3-jsonschema."""
    import jsonschema

    with open(SCHEMA_PATH) as f:
        jsonschema.validate(manifest, json.load(f))


def write_manifest(package_dir: str, manifest: dict):
    validate_manifest(manifest)
    with open(os.path.join(package_dir, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)


def write_weights(tensors: dict, path: str, precision: str, share: str = None) -> list:
    """weights.bin (float16 or float32, little-endian, in order) and the manifest's weights groups.
    share: a kept package's folder whose weights file starts with this model's generator, byte for
    byte (the same generator before another upsampler): the generator's weights are then read from
    that file (`../<id>/weights.bin`) and weights.bin holds the upsampler's."""
    entries, blobs = [], []
    for name, tensor in tensors.items():
        array = tensor.numpy().astype("<f2" if precision == "float16" else "<f4")
        entry = {"name": name, "shape": list(tensor.shape), "dtype": "float32"}
        if precision == "float16":
            entry["quantization"] = {"dtype": "float16"}
        entries.append(entry)
        blobs.append(array.tobytes())
    groups, first = [], 0
    if share:
        first = next((i for i, e in enumerate(entries) if e["name"].startswith("upsampler/")), len(entries))
        if first == len(entries):
            raise ValueError("only a model with an upsampler can share its generator: it would ship nothing of its own")
        groups.append({"paths": [_shared_generator(share, entries[:first], blobs[:first])], "weights": entries[:first]})
    with open(path, "wb") as f:
        f.write(b"".join(blobs[first:]))
    return groups + [{"paths": [os.path.basename(path)], "weights": entries[first:]}]


def _shared_generator(package_dir: str, entries: list, blobs: list) -> str:
    """The path (as the sharing package names it) of the package's own weights file, after checking
    that it opens with exactly these weights: names, shapes, precision and bytes."""
    manifest = read_manifest(package_dir)
    own = own_weights_file(manifest)["path"]
    groups = manifest["weights"]["manifest"]
    data = open(os.path.join(package_dir, own), "rb").read()
    if groups[0]["paths"] != [own] or groups[0]["weights"][:len(entries)] != entries \
            or data[:sum(map(len, blobs))] != b"".join(blobs):
        raise ValueError(f"{package_dir}'s weights file does not start with this model's generator: nothing to share")
    return f"../{manifest['id']}/{own}"


def write_reference(package_dir: str, states: list, images: list) -> str:
    """reference.json: float32 [-1, 1] images PyTorch made for `states`, and their 8-bit pixels."""
    images = [np.asarray(im, "<f4") for im in images]
    reference = {"about": "PyTorch output for these states with exactly the weights the manifest names",
                 "shape": list(images[0].shape), "states": states,
                 "values": [base64.b64encode(im.tobytes()).decode() for im in images],
                 "pixels": [base64.b64encode(to_uint8(im).tobytes()).decode() for im in images]}
    with open(os.path.join(package_dir, "reference.json"), "w") as f:
        json.dump(reference, f)
    return "reference.json"


def write_card(package_dir: str, text: str, name: str = "model-card.md") -> str:
    with open(os.path.join(package_dir, name), "w") as f:
        f.write(text)
    return name


def copy_into_package(package_dir: str, files: dict) -> list:
    """Copy {name in the package: source path} in; returns the names."""
    for name, src in files.items():
        shutil.copyfile(src, os.path.join(package_dir, name))
    return list(files)


def update_index(out_root: str, model_id: str, name: str, make_default: bool):
    """Adds or replaces `model_id` in index.json and never drops another entry: shared links name
    models, so every package once shipped stays listed. A new default marks the previous one as an
    earlier version ("status": "earlier", "superseded_by"). Each entry carries its weights' SHA-256
    so the app can tell "same id, other weights" from a link's weights prefix."""
    path = os.path.join(out_root, "index.json")
    index = json.load(open(path)) if os.path.exists(path) else {"default": model_id, "models": []}
    old = {m["id"]: m for m in index["models"]}
    models = [m for m in index["models"] if m["id"] != model_id]
    manifest = read_manifest(os.path.join(out_root, model_id))
    weights = weights_sha256(manifest)
    entry = {"id": model_id, "name": name, "path": f"{model_id}/", "weights_sha256": weights,
             "added": old.get(model_id, {}).get("added") or datetime.datetime.utcnow().strftime("%Y-%m-%d")}
    if make_default or not models:
        previous = index.get("default")
        for m in models:
            if m["id"] == previous or m.get("status") == "current":
                m["status"], m["superseded_by"] = "earlier", model_id
        index["default"] = model_id
        entry["status"] = "current"
        models.insert(0, entry)
    else:
        entry["status"] = old.get(model_id, {}).get("status", "available")
        models.append(entry)
    index["models"] = models
    with open(path, "w") as f:
        json.dump(index, f, indent=1)


def add_to_package(package_dir: str, files: dict, metrics: dict, card_section: tuple = None):
    """Add or replace side files of a shipped package without touching its weights: `files`
    {name: source path} are copied in, `metrics` merged into manifest.metrics, `card_section`
    (heading, text) replaces that section of the model card (or is appended), and the manifest's
    `files` list gets the new sizes and SHA-256. Links stay valid: they name the weights' hash."""
    manifest = read_manifest(package_dir)
    changed = copy_into_package(package_dir, files)
    if card_section and manifest.get("model_card"):
        heading, text = card_section
        card = open(os.path.join(package_dir, manifest["model_card"])).read()
        if heading in card:  # replace up to the next "## " heading
            start = card.index(heading)
            nxt = card.find("\n## ", start + len(heading))
            card = card[:start] + text + ("\n" + card[nxt + 1:] if nxt >= 0 else "")
        else:
            card = card.rstrip("\n") + "\n\n" + text
        changed.append(write_card(package_dir, card, manifest["model_card"]))
    manifest["metrics"] = {**manifest.get("metrics", {}), **metrics}
    listed = {f["path"] for f in manifest["files"]}
    for name in changed:
        entry = file_entry(package_dir, name)
        if name in listed:
            manifest["files"] = [entry if f["path"] == name else f for f in manifest["files"]]
        else:
            manifest["files"].append(entry)
    write_manifest(package_dir, manifest)
    return manifest


# ---- an evaluation's files (what the exporter and the model card read) ----------------------
def finite(obj):
    """NaN and infinities -> None, recursively (JSON.parse in the app rejects NaN)."""
    if isinstance(obj, float):
        return obj if np.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: finite(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [finite(v) for v in obj]
    if isinstance(obj, np.generic):
        return finite(obj.item())
    return obj


def write_json(path: str, obj):
    """Strict JSON (no NaN), as the app and the schema read it."""
    with open(path, "w") as f:
        json.dump(finite(obj), f, indent=1, allow_nan=False)


def manifest_metrics(m: dict) -> dict:
    """The compact `metrics` object a package manifest carries."""
    gen = m.get("generator", {})
    return finite({
        **{k: m[k] for k in HEADLINE if k in m},
        "jsw_per_grade_test": m.get("jsw_per_grade_test"),
        "jsw_spearman_vs_kl_test": m.get("jsw_spearman_vs_kl_test"),
        "evaluated_kimg": gen.get("kimg"),
        "command": m.get("command"),
        "definitions": "see the model card (model-card.md) and training/knee_gan/metrics/",
    })


def write_evaluation(out: str, metrics: dict, directions: list = None, summary: dict = None):
    """metrics.json, and with directions also directions.json and the two files
    `python3 -m knee_gan.export --directions ... --metrics ...` reads."""
    if directions is None:  # `evaluate --core`: the metrics only
        write_json(os.path.join(out, "metrics.json"), metrics)
        return
    dump = {"directions": finite(directions), "summary": finite(summary)}
    write_json(os.path.join(out, "directions.json"), dump)
    write_json(os.path.join(out, "metrics.json"), metrics)
    write_json(os.path.join(out, "manifest-directions.json"), dump["directions"])
    write_json(os.path.join(out, "manifest-metrics.json"), manifest_metrics(metrics))


def read_metrics(eval_dir: str) -> dict:
    with open(os.path.join(os.path.expanduser(eval_dir), "metrics.json")) as f:
        return json.load(f)


def read_directions(eval_dir: str):
    """directions.json of an evaluation ({"directions", "summary"}), or None if it has none."""
    path = os.path.join(eval_dir, "directions.json")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def merge_into_manifest(manifest: dict, eval_dir: str) -> dict:
    """Copy an evaluation's metrics and directions into a package manifest (returns it)."""
    manifest["metrics"] = manifest_metrics(read_metrics(eval_dir))
    manifest["directions"] = finite(read_directions(eval_dir)["directions"])
    return manifest


def relabel_directions(eval_dir: str, labels: dict) -> list:
    """Put labels written after looking at the sweeps into an evaluation's direction files."""
    dump = read_directions(eval_dir)
    for d in dump["directions"]:
        if d["id"] in labels:
            d["label"] = labels[d["id"]]["label"]
            d["description"] = labels[d["id"]].get("description", d.get("description", ""))
            d["effect"]["label_source"] = "person, from slider sweeps"
    write_json(os.path.join(eval_dir, "directions.json"), dump)
    write_json(os.path.join(eval_dir, "manifest-directions.json"), dump["directions"])
    return dump["directions"]
