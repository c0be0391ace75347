""""Does synthetic data help?": KL classifiers trained with and without a model's synthetic knees.

  python3 -m knee_gan.augmentation_study --package ../public/models/<id> --data ../shared/data/knee-kl224 \
      --out ~/runs/study-<id> [--seeds 0 1 2] [--resolution 64] [--epochs 8]

Arms (the same classifier, epochs and selection on real val; reported once on real test):
- `real`: the real train split only.
- `real+50%`, `real+100%`: real train plus synthetic knees numbering 50% / 100% of it, the synthetic
  part spent on the rarest grades first so the combined set is as balanced as it can be.
- `synthetic`: synthetic knees only, in the real train split's grade mix ("train on synthetic, test
  on real"), so only the images differ from the `real` arm.
Synthetic knees are drawn at truncation 1 from fixed seeds (the contract's seed -> latent rule) and
resized exactly as the real ones are (box filter from the model's size to --resolution).
Writes study.json (every run and the mean +- sd per arm), study.md (the table), fig-augmentation.png
and manifest-study.json (the manifest's `tstr_accuracy` and `augmentation`).
"""
import argparse
import json
import os
import sys

import numpy as np
import torch
from PIL import Image

from .commands import portable_command
from .data import DatasetError, load_split_cached
from .figures import augmentation_figure
from .grader.model import load_grader
from .grader.train import train as train_classifier
from .metrics.common import generate, latents
from .metrics.grader_accuracy import classification_report, grader_logits
from .model_card import STUDY_HEADING, study_section
from .package_io import add_to_package, load_generator

SEED_STUDY = 8_000_000
ARMS = ("real", "real+50%", "real+100%", "synthetic")


def balancing_allocation(counts: np.ndarray, extra: int) -> np.ndarray:
    """How many synthetic images per grade so that counts + allocation is as level as possible
    (water-filling: raise the smallest grades first). Sums to `extra`."""
    counts = np.asarray(counts, np.int64)
    lo, hi = 0, int(counts.max() + extra + 1)
    while lo < hi:  # the highest level L with sum(max(0, L - counts)) <= extra
        mid = (lo + hi + 1) // 2
        if np.maximum(0, mid - counts).sum() <= extra:
            lo = mid
        else:
            hi = mid - 1
    alloc = np.maximum(0, lo - counts)
    left = extra - int(alloc.sum())
    for k in np.argsort(counts + alloc, kind="stable")[:left]:  # the remainder, one each to the smallest
        alloc[k] += 1
    return alloc


def synthetic_counts(arm: str, real_counts: np.ndarray) -> np.ndarray:
    n = int(real_counts.sum())
    if arm == "real":
        return np.zeros_like(real_counts)
    if arm == "synthetic":
        return real_counts.copy()
    share = {"real+50%": 0.5, "real+100%": 1.0}[arm]
    return balancing_allocation(real_counts, int(round(share * n)))


def resize_like_data(images: np.ndarray, resolution: int) -> np.ndarray:
    """uint8 (N, H, W) -> (N, r, r) with PIL's box filter, as knee_gan.data resizes the real crops."""
    if images.shape[-1] == resolution:
        return images
    return np.stack([np.asarray(Image.fromarray(im).resize((resolution, resolution), Image.BOX)) for im in images])


def synthetic_pool(g, per_grade: np.ndarray, resolution: int, device: str = "cpu", log=print) -> dict:
    """{grade: uint8 (n, r, r)} drawn from fixed seeds (grade k uses seeds SEED_STUDY + k*1e5 + i)."""
    pool = {}
    for k, n in enumerate(per_grade):
        z = latents(range(SEED_STUDY + k * 100_000, SEED_STUDY + k * 100_000 + int(n)), g.z_dim)
        pool[k] = resize_like_data(generate(g, z, float(k), device=device), resolution)
        log(f"synthetic KL{k}: {n} images")
    return pool


def arm_data(arm: str, real_x, real_y, pool: dict):
    real_counts = np.bincount(real_y, minlength=5)
    synth = synthetic_counts(arm, real_counts)
    xs, ys = ([real_x], [real_y]) if arm != "synthetic" else ([], [])
    for k, n in enumerate(synth):
        if n:
            xs.append(pool[k][:n])
            ys.append(np.full(n, k, np.int64))
    return np.concatenate(xs), np.concatenate(ys), synth


def summarise(runs: list) -> dict:
    keys = ("accuracy", "quadratic_kappa", "macro_f1")
    out = {}
    for arm in ARMS:
        rs = [r for r in runs if r["arm"] == arm]
        if not rs:
            continue
        row = {"n_runs": len(rs), "train_images": rs[0]["train_images"], "synthetic_per_grade": rs[0]["synthetic_per_grade"]}
        for key in keys:
            v = np.array([r["test"][key] for r in rs])
            row[key] = {"mean": float(v.mean()), "sd": float(v.std(ddof=1)) if len(v) > 1 else 0.0}
        per = np.array([r["test"]["per_grade"] for r in rs], dtype=np.float64)
        row["per_grade_recall"] = {"mean": per.mean(0).tolist(), "sd": (per.std(0, ddof=1) if len(rs) > 1 else 0 * per[0]).tolist()}
        out[arm] = row
    return out


def table(summary: dict) -> str:
    def ms(d):
        return f"{d['mean']:.3f} ± {d['sd']:.3f}"
    lines = ["| arm | train images | accuracy | quadratic κ | macro-F1 | recall KL0 / 1 / 2 / 3 / 4 |", "|---|---|---|---|---|---|"]
    for arm, r in summary.items():
        rec = " / ".join(f"{m:.2f}" for m in r["per_grade_recall"]["mean"])
        lines.append(f"| {arm} | {r['train_images']:,} | {ms(r['accuracy'])} | {ms(r['quadratic_kappa'])} | "
                     f"{ms(r['macro_f1'])} | {rec} |")
    return "\n".join(lines)


def manifest_entry(summary: dict, settings: dict) -> dict:
    """What the manifest's metrics carry: `tstr_accuracy` and one `augmentation` entry per arm."""
    return {"tstr_accuracy": summary.get("synthetic", {}).get("accuracy", {}).get("mean"),
            "augmentation": [{"arm": arm, **{k: r[k] for k in ("accuracy", "quadratic_kappa", "macro_f1")},
                              "per_grade_recall": r["per_grade_recall"]["mean"], "train_images": r["train_images"],
                              "runs": r["n_runs"]} for arm, r in summary.items()],
            "augmentation_settings": settings}


def run_study(g, data_root: str, out: str, cache: str, seeds=(0, 1, 2), resolution: int = 64, epochs: int = 8,
              arms=ARMS, device: str = "cpu", command: str = "", log=print) -> dict:
    os.makedirs(out, exist_ok=True)
    os.makedirs(cache, exist_ok=True)
    split = {s: load_split_cached(data_root, s, resolution, cache)[:2] for s in ("train", "val", "test")}
    (tr_x, tr_y), (va_x, va_y), (te_x, te_y) = split["train"], split["val"], split["test"]
    real_counts = np.bincount(tr_y, minlength=5)
    runs_path = os.path.join(out, "runs.jsonl")
    done = {(r["arm"], r["seed"]): r for r in map(json.loads, open(runs_path))} if os.path.exists(runs_path) else {}
    pool = None
    if any((a, s) not in done for s in seeds for a in arms):  # a finished study only rewrites its outputs
        need = np.max([synthetic_counts(a, real_counts) for a in arms], axis=0)
        pool = synthetic_pool(g, need, resolution, device, log)
    runs = []
    for seed in seeds:
        for arm in arms:
            if (arm, seed) in done:  # resumable: a finished run is not repeated
                runs.append(done[(arm, seed)])
                continue
            x, y, synth = arm_data(arm, tr_x, tr_y, pool)
            run_dir = os.path.join(out, f"{arm.replace('%', 'pc').replace('+', '_')}-seed{seed}")
            train_classifier(x, y, va_x, va_y, run_dir, epochs=epochs, resolution=resolution, seed=seed,
                             device=device, log=lambda *_: None)
            model = load_grader(os.path.join(run_dir, "grader.pt"), device)
            test = classification_report(te_y, grader_logits(model, te_x, device=device).argmax(1).numpy())
            row = {"arm": arm, "seed": seed, "train_images": int(len(y)), "synthetic_per_grade": synth.tolist(),
                   "selected_epoch": model.info["epoch"], "val_accuracy": model.info["val"]["accuracy"], "test": test}
            with open(runs_path, "a") as f:
                f.write(json.dumps(row) + "\n")
            runs.append(row)
            log(f"{arm} seed {seed}: test accuracy {test['accuracy']:.3f}, kappa {test['quadratic_kappa']:.3f}")
    summary = summarise(runs)
    settings = {"resolution": resolution, "epochs": epochs, "seeds": list(seeds), "classifier": "knee_gan.grader (width 16)",
                "selection": "best val accuracy epoch", "command": command}
    result = {"summary": summary, "runs": runs, "settings": settings}
    with open(os.path.join(out, "study.json"), "w") as f:
        json.dump(result, f, indent=1)
    with open(os.path.join(out, "study.md"), "w") as f:
        f.write(table(summary) + "\n")
    with open(os.path.join(out, "manifest-study.json"), "w") as f:
        json.dump(manifest_entry(summary, settings), f, indent=1)
    augmentation_figure(summary, os.path.join(out, "fig-augmentation.png"))
    return result


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--package", help="an exported model package folder")
    src.add_argument("--checkpoint", help="a training checkpoint.pt")
    p.add_argument("--upsampler", help="with --checkpoint: generator + this upsampler.pt")
    p.add_argument("--data", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--cache", default=os.path.expanduser("~/runs/eval-cache"))
    p.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    p.add_argument("--resolution", type=int, default=64)
    p.add_argument("--epochs", type=int, default=8)
    p.add_argument("--arms", nargs="+", default=list(ARMS), choices=ARMS)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--write-package", action="store_true",
                   help="with --package: add the table, figure and metrics to that package's card and manifest")
    args = p.parse_args(argv)
    torch.set_num_threads(args.threads)
    g, _ = load_generator(args.package, args.checkpoint, args.upsampler)
    command = portable_command("knee_gan.augmentation_study", argv or sys.argv[1:])
    try:
        result = run_study(g.eval(), args.data, args.out, args.cache, tuple(args.seeds), args.resolution, args.epochs,
                           tuple(args.arms), command=command)
    except DatasetError as err:
        raise SystemExit(f"error: {err}")
    print(table(result["summary"]))
    if args.write_package and args.package:
        write_to_package(args.package, args.out, result)


def write_to_package(package_dir: str, out: str, result: dict):
    with open(os.path.join(out, "manifest-study.json")) as f:
        metrics = json.load(f)
    add_to_package(package_dir, {"fig-augmentation.png": os.path.join(out, "fig-augmentation.png")}, metrics,
                   (STUDY_HEADING, study_section(result, table(result["summary"]))))
    print(f"added the study to {package_dir}")


if __name__ == "__main__":
    main()
