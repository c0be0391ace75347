"""Evaluate a generator: every metric of the model card, its figures and the latent directions.

  python3 -m knee_gan.evaluate --checkpoint ~/runs/cpu128/checkpoint.pt --grader ~/runs/grader/grader.pt \
      --data ../shared/data/knee-kl224 --out ~/runs/eval
  python3 -m knee_gan.evaluate --package public/models/<id> --grader ... --data ... --out ...

Writes into --out: `metrics.json` (every number, with the command that produced it),
`directions.json` (manifest-ready direction entries and a summary), `manifest-metrics.json` and
`manifest-directions.json` (what `python3 -m knee_gan.export --metrics ... --directions ...`
reads), `fig-*.png` (flat, so the exporter can copy them into the package) and `model-card.md`.
`merge_into_manifest(manifest, out_dir)` copies metrics and directions into a package manifest
(the exporter calls it).

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
from .metrics.common import generate, grader_outputs, latents
from .metrics.detector_auc import detector_auc
from .metrics.frechet import frechet_report
from .metrics.grade_fidelity import grade_fidelity, spearman
from .metrics.grader_accuracy import classification_report
from .metrics.identity import identity_report
from .metrics.memorisation import memorisation, pairs_figure
from .metrics.precision_recall import precision_recall
from .metrics.spectrum import spectrum_figure, spectrum_report

SEED_FIDELITY = 1_000_000   # generated set in the test split's grade mix (fidelity, P/R, detector, memorisation)
SEED_FD = 2_000_000         # generated set in the val split's grade mix (FD)
SEED_IDENTITY = 6_000_000
SEED_FIGURES = 7_000_000
SEED_BALANCED = 3_000_000    # equal knees per grade, for grade_fidelity_per_grade
BALANCED_PER_GRADE = 200

# The numbers the manifest carries (flat), in model-card order.
HEADLINE = ("grader_test_accuracy", "grader_test_macro_f1", "grader_test_quadratic_kappa", "grade_fidelity",
            "grade_fidelity_per_grade", "grader_test_accuracy_per_grade",
            "fd_generated_vs_test", "fd_val_vs_test", "fd_ratio", "precision", "recall", "detector_auc",
            "memorised", "memorised_val", "identity_kl0_vs_kl4", "identity_left_vs_right",
            "identity_different_patients", "jsn_spearman", "osteophyte_jsw_ratio")


# ---- loading ---------------------------------------------------------------------------------
def load_package_generator(package_dir: str):
    """Rebuild the PyTorch generator from an exported package (any architecture; see package_io)."""
    from .package_io import generator_from_package
    return generator_from_package(package_dir)


def load_checkpoint_generator(path: str):
    from .loading import load_checkpoint, load_generator
    state = load_checkpoint(path)
    info = {"checkpoint": os.path.abspath(path), "kimg": state.get("nimg", 0) / 1000, "step": state.get("step"),
            "wall_s": state.get("wall"), "cpu_s": state.get("cpu"), "config": state.get("config", {}).get("name"),
            "arch": state.get("config", {}).get("arch", "style"), "teacher": state.get("teacher"),
            "command": state.get("command"),
            "num_images": state.get("num_images"), "hardware": state.get("hardware")}
    del state
    return load_generator(path), info


# ---- figures -----------------------------------------------------------------------------------
def _plt():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def grid_figure(rows: list, row_labels: list, col_labels, path: str, title: str):
    from .metrics.common import montage
    montage(rows, path, title, row_labels=row_labels, col_labels=col_labels)


def jsw_grade_figure(real: dict, generated: dict, path: str):
    plt = _plt()
    grades = sorted(real, key=int)
    x = np.arange(len(grades))
    fig, ax = plt.subplots(figsize=(5, 3.2))
    ax.bar(x - 0.2, [real[g]["min_mean"] for g in grades], 0.4, yerr=[real[g]["min_sd"] for g in grades],
           label="real test", capsize=3, color="#4c78a8")
    if generated:
        ax.bar(x + 0.2, [generated[g]["min_mean"] for g in grades], 0.4,
               yerr=[generated[g]["min_sd"] for g in grades], label="generated", capsize=3, color="#f58518")
    ax.set_xticks(x)
    ax.set_xticklabels([f"KL{g}" for g in grades])
    ax.set_ylabel("minimum joint-space width (px)")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


# ---- the run -------------------------------------------------------------------------------------
def jsw_stats(values: np.ndarray, grades: np.ndarray) -> dict:
    out = {}
    for g in sorted(set(int(x) for x in grades)):
        v = values[grades == g]
        out[str(g)] = {"n": int(len(v)), "min_mean": float(v.mean()), "min_sd": float(v.std())}
    return out


def evaluate(g, gen_info: dict, grader, data_root: str, out: str, cache: str, command: str, jsw_fn=None,
             labels=None, n_find: int = 2000, knees: int = 128, principal_knees: int = 32,
             n_identity: int = 200, principal: int = 5,
             device: str = "cpu", grader_path: str = None, core: bool = False, log=print) -> dict:
    from .directions import find_directions, heatmap_figure, sweep_figure
    from .metrics import jsw as jsw_mod

    t_start = time.time()
    os.makedirs(out, exist_ok=True)

    def fig(name):  # flat names: a package's files may not sit in sub-folders
        return os.path.join(out, f"fig-{name}")

    res = g.resolution
    os.makedirs(cache, exist_ok=True)
    split = {}
    for name in ("train", "val", "test"):
        split[name] = load_split_cached(data_root, name, res, cache)
    tr_x, _, _ = split["train"]
    va_x, va_y, _ = split["val"]
    te_x, te_y, te_files = split["test"]
    te_names = [f.patient_side for f in te_files]
    measured_jsw = jsw_fn is None
    if jsw_fn is None:
        jsw_fn = jsw_mod.min_jsw
    m = {"command": command, "generator": gen_info, "grader": dict(getattr(grader, "info", {}).get("config", {})),
         "grader_selected_epoch": getattr(grader, "info", {}).get("epoch"), "data_root": os.path.abspath(data_root),
         "grader_path": os.path.abspath(grader_path) if grader_path else None,
         "resolution": res, "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t_start))}

    # 1. grader on real test
    f_te, l_te = grader_outputs(grader, te_x, device=device)
    f_va, _ = grader_outputs(grader, va_x, device=device)
    rep = classification_report(te_y, l_te.argmax(1).numpy())
    m.update(grader_test_accuracy=rep["accuracy"], grader_test_macro_f1=rep["macro_f1"],
             grader_test_quadratic_kappa=rep["quadratic_kappa"], grader_test_accuracy_per_grade=rep["per_grade"])
    m["details"] = {"grader_test": rep}
    log(f"grader on test: accuracy {rep['accuracy']:.3f}")

    # 2. generated set in test's grade mix: fidelity, precision/recall, detector, memorisation
    z_fid = latents(range(SEED_FIDELITY, SEED_FIDELITY + len(te_y)), g.z_dim)
    gen_fid = generate(g, z_fid, torch.from_numpy(te_y.astype(np.float32)), device=device)
    f_gen, l_gen = grader_outputs(grader, gen_fid, device=device)
    fid = grade_fidelity(te_y, l_gen)
    m["grade_fidelity"] = fid["grade_fidelity"]
    m["details"]["grade_fidelity"] = fid
    # per grade on an equal number of knees per grade (the test split has only 51 KL4 knees)
    n_per = max(1, min(BALANCED_PER_GRADE, len(te_y)))
    bal_y = np.repeat(np.arange(5), n_per)
    z_bal = latents(range(SEED_BALANCED, SEED_BALANCED + len(bal_y)), g.z_dim)
    _, l_bal = grader_outputs(grader, generate(g, z_bal, torch.from_numpy(bal_y.astype(np.float32)), device=device),
                              device=device)
    bal = grade_fidelity(bal_y, l_bal)
    m["grade_fidelity_per_grade"] = bal["per_grade"]
    m["grade_fidelity_ratio_per_grade"] = [f / r if (f is not None and r) else None
                                           for f, r in zip(bal["per_grade"], rep["per_grade"])]
    m["details"]["grade_fidelity_balanced"] = bal
    log("per grade (generated, balanced): " + ", ".join(f"{x:.2f}" for x in bal["per_grade"])
        + " | real test: " + ", ".join(f"{x:.2f}" for x in rep["per_grade"]))
    pr = precision_recall(f_te, f_gen, k=3)
    m.update(precision=pr["precision"], recall=pr["recall"])
    m["details"]["precision_recall"] = pr
    det = detector_auc(f_te, f_gen)
    m["detector_auc"] = det["detector_auc"]
    m["details"]["detector"] = det
    mem = memorisation(gen_fid, tr_x, te_x, va_x)
    m.update(memorised=mem["memorised"], memorised_val=mem["memorised_val"])
    m["details"]["memorisation"] = mem
    pairs_figure(gen_fid, tr_x, mem, fig("nearest_neighbours.png"))
    log(f"fidelity {fid['grade_fidelity']:.3f}, precision {pr['precision']:.3f}, recall {pr['recall']:.3f}, "
        f"detector AUC {det['detector_auc']:.3f}, memorised {mem['memorised']:.4f} (val {mem['memorised_val']:.4f})")

    # 3. Frechet distance: generated in val's grade mix (as many as val holds) vs test; val vs test
    z_fd = latents(range(SEED_FD, SEED_FD + len(va_y)), g.z_dim)
    gen_fd = generate(g, z_fd, torch.from_numpy(va_y.astype(np.float32)), device=device)
    f_fd, _ = grader_outputs(grader, gen_fd, device=device)
    fd = frechet_report(f_fd, f_va, f_te)
    m.update(fd_generated_vs_test=fd["fd_generated_vs_test"], fd_val_vs_test=fd["fd_val_vs_test"], fd_ratio=fd["fd_ratio"])
    m["details"]["frechet"] = fd
    log(f"FD generated/test {fd['fd_generated_vs_test']:.3f}, val/test {fd['fd_val_vs_test']:.3f}")
    # 3b. mean power spectra, generated (test mix) vs real test
    spec = spectrum_report(te_x, gen_fid)
    spectrum_figure(spec, fig("spectrum.png"), "mean power spectra: real test vs generated (same grade mix)")
    spec.pop("spectra")
    m["spectrum"] = spec
    m["spectrum_high_band_ratio"] = spec["high_band_radial_ratio"]
    log("spectrum generated/real per band: " + ", ".join(f"{x:.2f}" for x in spec["radial_ratio"]))
    # 4. identity along KL
    n_id = min(n_identity, max(2, len(te_y)))
    z_id = latents(range(SEED_IDENTITY, SEED_IDENTITY + n_id), g.z_dim)
    kl0, kl4 = generate(g, z_id, 0.0, device=device), generate(g, z_id, 4.0, device=device)
    ident = identity_report(kl0, kl4, te_x, te_names)
    m.update(identity_kl0_vs_kl4=ident["same_latent_kl0_vs_kl4"]["mean"],
             identity_left_vs_right=ident["same_patient_left_vs_right"]["mean"],
             identity_different_patients=ident["different_patients"]["mean"])
    m["details"]["identity"] = ident
    if core:  # the bake-off's metrics only: stop before JSW, directions and figures
        m["seconds"] = time.time() - t_start
        m["headline"] = {k: m[k] for k in HEADLINE if k in m}
        with open(os.path.join(out, "metrics.json"), "w") as f:
            json.dump(finite(m), f, indent=1, allow_nan=False)
        return m


    # 5. joint-space width on real test images (per grade, overlays) and on the generated set
    sides = [n[-1] for n in te_names]
    if measured_jsw:
        res_te = jsw_mod.measure_jsw(te_x, sides=sides)
        jsw_te = np.array([r["minWidth"] for r in res_te])
        per_grade = jsw_stats(jsw_te, te_y)
        for gr in per_grade:
            idx = [i for i in np.flatnonzero(te_y == int(gr))]
            for comp in ("medial", "lateral"):
                v = np.array([res_te[i][comp]["minWidth"] for i in idx if res_te[i].get(comp)])
                if len(v):
                    per_grade[gr][f"{comp}_mean"], per_grade[gr][f"{comp}_sd"] = float(v.mean()), float(v.std())
        rng = np.random.default_rng(0)
        pick = np.concatenate([rng.choice(np.flatnonzero(te_y == gr), min(3, int((te_y == gr).sum())), replace=False)
                               for gr in sorted(set(int(x) for x in te_y))])
        ov = jsw_mod.measure_jsw(te_x[pick], sides=[sides[i] for i in pick], margins=True)
        jsw_mod.overlay_figure(te_x[pick], ov, fig("jsw_overlays_test.png"),
                               titles=[f"KL{te_y[i]} {te_names[i]}" for i in pick], columns=5)
        gen_pick = np.concatenate([np.flatnonzero(te_y == gr)[:2] for gr in sorted(set(int(x) for x in te_y))])
        ov_g = jsw_mod.measure_jsw(gen_fid[gen_pick], margins=True)
        jsw_mod.overlay_figure(gen_fid[gen_pick], ov_g, fig("jsw_overlays_generated.png"),
                               titles=[f"generated KL{te_y[i]}" for i in gen_pick], columns=5)
    else:
        jsw_te = np.asarray(jsw_fn(te_x), np.float64)
        per_grade = jsw_stats(jsw_te, te_y)
    jsw_gen = np.asarray(jsw_fn(gen_fid), np.float64)
    per_grade_gen = jsw_stats(jsw_gen, te_y)
    m["jsw_per_grade_test"] = per_grade
    m["jsw_per_grade_generated"] = per_grade_gen
    m["jsw_spearman_vs_kl_test"] = spearman(te_y, jsw_te)
    m["jsw_spearman_vs_kl_generated"] = spearman(te_y, jsw_gen)
    m["jsw_measurement"] = "core/measure/jsw.ts (minimum over both compartments, pixels at %d px)" % res
    jsw_grade_figure(per_grade, per_grade_gen, fig("jsw_per_grade.png"))
    log("JSW per grade (test): " + ", ".join(f"KL{k} {v['min_mean']:.2f}" for k, v in per_grade.items()))

    # 6. directions
    # the JSN slider runs from a normal joint space to near bone-on-bone, as real knees measure
    jsw_targets = (float(np.median(jsw_te[te_y == 0])), float(np.percentile(jsw_te[te_y == 4], 10)))
    m["jsn_targets_px"] = {"kl0_median": jsw_targets[0], "kl4_p10": jsw_targets[1]}
    dirs, summary, extras = find_directions(g, grader, jsw_fn=None if measured_jsw else jsw_fn, n_find=n_find,
                                            jsw_targets=jsw_targets,
                                            k=principal, knees=knees, labels=labels, device=device, keep_images=True,
                                            principal_knees=principal_knees)
    m.update(jsn_spearman=summary["jsn_spearman"], osteophyte_jsw_ratio=summary["osteophyte_jsw_ratio"])
    m["details"]["directions"] = summary
    for d in dirs:
        sweep_figure(extras[d["id"]]["images"], d["effect"]["alphas"], fig(f"sweep_{d['id']}.png"),
                     f"{d['label']} ({d['id']}): rows = knees, columns = slider value")
    heatmap_figure({k: extras[k]["change"] for k in ("jsn", "osteophytes")},
                   {k: extras[k]["images"][len(extras[k]["images"]) // 2].mean(0) for k in ("jsn", "osteophytes")},
                   fig("change_heatmap.png"))
    log(f"jsn_spearman {summary['jsn_spearman']:.3f}, osteophyte_jsw_ratio {summary['osteophyte_jsw_ratio']:.3f}")

    # 7. sample figures
    cols = 8
    rows = [generate(g, latents(range(SEED_FIGURES + 100 * k, SEED_FIGURES + 100 * k + cols), g.z_dim), float(k),
                     device=device) for k in range(5)]
    grid_figure([list(r) for r in rows], [f"KL{k}" for k in range(5)], None, fig("samples_per_grade.png"),
                "generated samples per grade (different knees in every cell, truncation 1.0)")
    kls = np.linspace(0, 4, 9)
    z_sw = latents(range(SEED_FIGURES + 1000, SEED_FIGURES + 1005), g.z_dim)
    sw = [generate(g, z_sw, float(k), device=device) for k in kls]
    grid_figure([[sw[j][i] for j in range(len(kls))] for i in range(len(z_sw))],
                [f"seed {SEED_FIGURES + 1000 + i}" for i in range(len(z_sw))], [f"KL {k:g}" for k in kls],
                fig("kl_sweep.png"), "the same knee (one latent per row) across KL")
    m["seconds"] = time.time() - t_start
    m["headline"] = {k: m[k] for k in HEADLINE}
    m = finite(m)
    dump = {"directions": finite(dirs), "summary": finite(summary)}
    for name, obj in (("directions.json", dump), ("metrics.json", m),
                      # the shapes `python3 -m knee_gan.export --directions ... --metrics ...` reads
                      ("manifest-directions.json", dump["directions"]), ("manifest-metrics.json", manifest_metrics(m))):
        with open(os.path.join(out, name), "w") as f:
            json.dump(obj, f, indent=1, allow_nan=False)
    return m


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


def merge_into_manifest(manifest: dict, evaluation_dir: str) -> dict:
    """Copy an evaluation's metrics and directions into a package manifest (returns it)."""
    with open(os.path.join(evaluation_dir, "metrics.json")) as f:
        m = json.load(f)
    with open(os.path.join(evaluation_dir, "directions.json")) as f:
        d = json.load(f)
    manifest["metrics"] = manifest_metrics(m)
    manifest["directions"] = finite(d["directions"])
    return manifest


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
    from .grader.model import load_grader
    from .metrics import jsw as jsw_mod
    if not jsw_mod.available():
        raise SystemExit("error: the joint-space-width measurement needs node and the project's node_modules "
                         "(npm install in the project root)")
    g, info = load_package_generator(args.package) if args.package else load_checkpoint_generator(args.checkpoint)
    if args.upsampler:
        from .train_upsampler import load_upsampler
        from .upsampler import Cascade
        g, info = Cascade(g, load_upsampler(args.upsampler)), {**info, "upsampler": os.path.abspath(args.upsampler)}
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
        from .model_card import write_model_card
        write_model_card(args.out)
    print(json.dumps(m["headline"], indent=1))


if __name__ == "__main__":
    main()
