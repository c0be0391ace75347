"""Evaluate a generator: every metric of the model card, its figures and the latent directions.

  python3 -m knee_gan.evaluate --checkpoint ~/runs/cpu128/checkpoint.pt --grader ~/runs/grader/grader.pt \
      --data ../shared/data/knee-kl224 --out ~/runs/eval
  python3 -m knee_gan.evaluate --package public/models/<id> --grader ... --data ... --out ...

Writes into --out: `metrics.json` (every number, with the command that produced it),
`directions.json` (manifest-ready direction entries and a summary), `manifest-metrics.json` and
`manifest-directions.json` (what `python3 -m knee_gan.export --metrics ... --directions ...`
reads), `fig-*.png` (flat, so the exporter can copy them into the package) and `model-card.md`.
`package_io.merge_into_manifest(manifest, out_dir)` copies metrics and directions into a package
manifest.

The metrics are the registry's (knee_gan.metrics.METRICS), run in order on one shared context;
then the latent directions (knee_gan.directions) and the sample figures.

Data rules: the grader was trained on train/ and selected on val/; every number here is on test/
(val/ only as the real-vs-real reference of FD and memorisation, as the metric definitions say).
Generated images come from fixed seed ranges through the contract's seed -> latent rule, so a
run is reproducible to the bit on the same checkpoint and torch build.
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch

from .commands import portable_command
from .data import DatasetError, load_split_cached
from .directions.find import find_directions
from .figures import direction_figures, montage
from .grader.model import load_grader
from .metrics import METRICS
from .metrics.common import generate, latents
from .metrics.context import MetricContext
from .metrics.jsw import available as jsw_available
from .model_card import write_model_card
from .package_io import HEADLINE, finite, load_generator, write_evaluation

SEED_FIGURES = 7_000_000


def run_metrics(ctx: MetricContext, m: dict, core: bool = False):
    """Every registered metric (with core, only the bake-off's) into m, in the registry's order."""
    for metric in METRICS.values():
        if core and not metric.core:
            continue
        values = dict(metric.compute(ctx))
        details = values.pop("details", {})
        m.update(values)
        m.setdefault("details", {}).update(details)


def run_directions(ctx: MetricContext, m: dict, **options) -> tuple:
    """The sliders, measured; their headline numbers into m, their figures beside it."""
    # the JSN slider runs from a normal joint space to near bone-on-bone, as real knees measure
    y = ctx.test_y
    jsw_targets = (float(np.median(ctx.test_jsw[y == 0])), float(np.percentile(ctx.test_jsw[y == 4], 10)))
    m["jsn_targets_px"] = {"kl0_median": jsw_targets[0], "kl4_p10": jsw_targets[1]}
    dirs, summary, extras = find_directions(ctx.g, ctx.grader, jsw_fn=ctx.jsw_fn, jsw_targets=jsw_targets,
                                            device=ctx.device, keep_images=True, **options)
    m.update(jsn_spearman=summary["jsn_spearman"], osteophyte_jsw_ratio=summary["osteophyte_jsw_ratio"])
    m["details"]["directions"] = summary
    direction_figures(dirs, extras, ctx.figure)
    ctx.log(f"jsn_spearman {summary['jsn_spearman']:.3f}, osteophyte_jsw_ratio {summary['osteophyte_jsw_ratio']:.3f}")
    return dirs, summary


def sample_figures(g, path_of, device: str = "cpu"):
    """Different knees per grade, and the same knees (one latent per row) across KL."""
    cols = 8
    rows = [generate(g, latents(range(SEED_FIGURES + 100 * k, SEED_FIGURES + 100 * k + cols), g.z_dim), float(k),
                     device=device) for k in range(5)]
    montage([list(r) for r in rows], path_of("samples_per_grade.png"),
            "generated samples per grade (different knees in every cell, truncation 1.0)",
            row_labels=[f"KL{k}" for k in range(5)])
    kls = np.linspace(0, 4, 9)
    z = latents(range(SEED_FIGURES + 1000, SEED_FIGURES + 1005), g.z_dim)
    sweep = [generate(g, z, float(k), device=device) for k in kls]
    montage([[sweep[j][i] for j in range(len(kls))] for i in range(len(z))], path_of("kl_sweep.png"),
            "the same knee (one latent per row) across KL",
            row_labels=[f"seed {SEED_FIGURES + 1000 + i}" for i in range(len(z))], col_labels=[f"KL {k:g}" for k in kls])


def evaluate(g, gen_info: dict, grader, data_root: str, out: str, cache: str, command: str, jsw_fn=None,
             labels=None, n_find: int = 2000, knees: int = 128, principal_knees: int = 32,
             n_identity: int = 200, principal: int = 5,
             device: str = "cpu", grader_path: str = None, core: bool = False, log=print) -> dict:
    """Every metric, then (unless core: the bake-off's metrics only) the directions and figures.
    jsw_fn: a stand-in for the app's width measurement (None: the real one, in Node)."""
    t_start = time.time()
    os.makedirs(out, exist_ok=True)
    os.makedirs(cache, exist_ok=True)
    splits = {name: load_split_cached(data_root, name, g.resolution, cache) for name in ("train", "val", "test")}
    ctx = MetricContext(g, grader, splits, out, device=device, jsw_fn=jsw_fn, n_identity=n_identity, log=log)
    m = {"command": command, "generator": gen_info, "grader": dict(getattr(grader, "info", {}).get("config", {})),
         "grader_selected_epoch": getattr(grader, "info", {}).get("epoch"), "data_root": os.path.abspath(data_root),
         "grader_path": os.path.abspath(grader_path) if grader_path else None,
         "resolution": g.resolution, "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t_start))}
    run_metrics(ctx, m, core)
    if core:  # the bake-off: no JSW, directions or sample figures
        m["seconds"] = time.time() - t_start
        m["headline"] = {k: m[k] for k in HEADLINE if k in m}
        write_evaluation(out, m)
        return m
    dirs, summary = run_directions(ctx, m, labels=labels, n_find=n_find, k=principal, knees=knees,
                                   principal_knees=principal_knees)
    sample_figures(g, ctx.figure, device)
    m["seconds"] = time.time() - t_start
    m["headline"] = {k: m[k] for k in HEADLINE}
    m = finite(m)
    write_evaluation(out, m, dirs, summary)
    return m


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--checkpoint", help="a training checkpoint.pt (its EMA generator)")
    src.add_argument("--package", help="an exported package folder (manifest.json + weights)")
    p.add_argument("--grader", required=True, help="grader.pt from knee_gan.grader.train")
    p.add_argument("--data", required=True, help="dataset root holding {train,val,test}/{0..4}/")
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("--cache", default=os.path.expanduser("~/runs/eval-cache"), help="decoded-split cache folder")
    p.add_argument("--labels", help="JSON {direction id: {label, description}} from looking at the sweeps")
    p.add_argument("--n-find", type=int, default=2000, help="generated knees to fit the semantic directions on")
    p.add_argument("--knees", type=int, default=128, help="knees to measure (and calibrate) the semantic directions on")
    p.add_argument("--principal-knees", type=int, default=32, help="knees to measure each principal direction on")
    p.add_argument("--principal", type=int, default=5, help="principal directions to export")
    p.add_argument("--identity", type=int, default=200, help="latents for the identity-along-KL measure")
    p.add_argument("--no-card", action="store_true", help="do not write model-card.md")
    p.add_argument("--core", action="store_true",
                   help="only grade fidelity, FD, precision/recall, detector and memorisation (the bake-off)")
    p.add_argument("--upsampler", help="with --checkpoint: evaluate generator + this upsampler.pt as one")
    p.add_argument("--threads", type=int, default=os.cpu_count())
    args = p.parse_args(argv)
    torch.set_num_threads(args.threads)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    argv_used = argv if argv is not None else sys.argv[1:]
    command = portable_command("knee_gan.evaluate", argv_used)
    if not jsw_available():
        raise SystemExit("error: the joint-space-width measurement needs node and the project's node_modules "
                         "(npm install in the project root)")
    g, info = load_generator(args.package, args.checkpoint, args.upsampler)
    g = g.to(device)
    grader = load_grader(args.grader, device)
    labels = json.load(open(args.labels)) if args.labels else None
    os.makedirs(args.out, exist_ok=True)
    os.makedirs(args.cache, exist_ok=True)
    try:
        m = evaluate(g, info, grader, args.data, args.out, args.cache, command, labels=labels, n_find=args.n_find,
                     knees=args.knees, principal_knees=args.principal_knees, n_identity=args.identity,
                     principal=args.principal, device=device,
                     grader_path=args.grader, core=args.core)
    except DatasetError as err:
        raise SystemExit(f"error: {err}")
    if not args.no_card and not args.core:
        write_model_card(args.out)
    print(json.dumps(m["headline"], indent=1))


if __name__ == "__main__":
    main()
