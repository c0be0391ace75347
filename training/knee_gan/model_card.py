"""Write the model card (markdown) from an evaluation folder.

  python3 -m knee_gan.model_card --eval ~/runs/eval [--out model-card.md] [--grader-report ~/runs/grader/report.json]

Reads `metrics.json` and `directions.json` written by `knee_gan.evaluate` and links the `fig-*.png`
figures beside them (flat names, so the exporter can copy the card and its figures into a
package). Every number comes from those files; nothing here is typed in by hand.
"""
import argparse
import json
import os

import numpy as np

from .package_io import read_directions, read_metrics

DATA_CREDIT = (
    "Chen, P. (2018). *Knee Osteoarthritis Severity Grading Dataset*. Mendeley Data, v1. "
    "doi:10.17632/56rmx5bjcr.1 — CC BY 4.0. Images from the Osteoarthritis Initiative (OAI), a public, "
    "de-identified research cohort. Chen P., Gao L., Shi X., Allen K., Yang L. *Fully automatic knee "
    "osteoarthritis severity grading using deep neural networks with a novel ordinal loss.* Computerized "
    "Medical Imaging and Graphics, 2019."
)

METRIC_ROWS = [
    # key, name, what it means, wanted / reference
    ("grader_test_accuracy", "Grader accuracy (real test)", "the compact KL grader on real test knees",
     "published graders: ~0.6–0.7"),
    ("grader_test_macro_f1", "Grader macro-F1 (real test)", "mean F1 over the five grades", ""),
    ("grader_test_quadratic_kappa", "Grader quadratic-weighted κ (real test)", "agreement weighted by grade distance", ""),
    ("grade_fidelity", "Grade fidelity", "grader accuracy on generated knees at the intended grade "
     "(test's count per grade)", "≈ grader test accuracy"),
    ("fd_generated_vs_test", "FD generated vs test", "Fréchet distance in grader features, 826 generated "
     "(val's grade mix) vs test", "lower is better"),
    ("fd_val_vs_test", "FD val vs test", "the same for real val vs real test: the real-vs-real floor", "reference"),
    ("fd_ratio", "FD ratio", "FD generated / FD val", "1.0 = as close as real knees"),
    ("precision", "Precision (k=3)", "share of generated knees inside the real feature manifold (realism)", "higher"),
    ("recall", "Recall (k=3)", "share of real knees inside the generated manifold (coverage)", "higher"),
    ("detector_auc", "Detector AUC", "real-vs-generated logistic regression on grader features, "
     "two-fold", "0.5 = indistinguishable"),
    ("memorised", "Memorised share", "generated knees closer to a training image than the 1st percentile "
     "of test→train distances (64×64 pixels)", "≈ val's share"),
    ("memorised_val", "Memorised share, real val", "the same for real held-out knees", "reference ≈ 0.01"),
    ("identity_kl0_vs_kl4", "Identity, same latent KL0 vs KL4", "correlation of 32×32 images", "≥ L/R pair"),
    ("identity_left_vs_right", "Identity, same patient L vs R", "left and mirrored right knee of one test patient",
     "reference"),
    ("identity_different_patients", "Identity, different patients", "random test pairs", "floor"),
    ("jsn_spearman", "JSN direction: Spearman ρ", "slider value vs measured width, knee-averaged curve",
     "ρ ≤ −0.9 (narrowing as the slider rises)"),
    ("osteophyte_jsw_ratio", "Osteophyte/JSN width ratio", "width change over the osteophyte slider's range / "
     "over the JSN slider's range", "≤ 0.25"),
]

ARCH_WORDS = {
    "style": "Conditional StyleGAN2-style generator (`knee-stylegan@1`: mapping network, modulated convolutions "
             "with separate identity (w) and grade styles)",
    "lite": "Conditional FastGAN-style generator (`knee-lite`: mapping network, nearest ×2 + 3×3 convolution + "
            "GLU blocks with a conditional normalisation whose scale and shift come from w (identity) and from the "
            "grade, skip-layer excitation; `@2` also adds a map projected from w to the learned constant it starts "
            "from)",
}
TRAINING_WORDS = {
    "style": "Non-saturating logistic loss with lazy R1, DiffAugment, EMA generator, residual projection "
             "discriminator (see `training/knee_gan/train.py`).",
    "lite": "Hinge loss, DiffAugment, EMA generator, lean spectral-norm projection discriminator without R1 "
            "(see `training/knee_gan/train.py`, `training/knee_gan/lite.py`).",
}


STUDY_HEADING = "## Does synthetic data help? (KL classifiers with and without this model's images)"


def _compare(s: dict, arm: str, metric: str) -> tuple:
    """(difference from real-only, the seeds' spread, the word for it): beyond 2 sd either way counts."""
    gain = s[arm][metric]["mean"] - s["real"][metric]["mean"]
    noise = max(s["real"][metric]["sd"], s[arm][metric]["sd"])
    word = "better" if gain > 2 * noise else "worse" if gain < -2 * noise else "no clear change"
    return gain, noise, word


def study_verdict(s: dict) -> str:
    """Accuracy, macro-F1 (which weighs the rare grades equally) and the largest per-grade recall change
    of the best augmented arm against real-only: synthetic data can help one and not the other."""
    augmented = [a for a in s if a.startswith("real+")]
    if "real" not in s or not augmented:
        return ""
    best = max(augmented, key=lambda a: s[a]["accuracy"]["mean"])
    parts = []
    for metric, name in (("accuracy", "accuracy"), ("quadratic_kappa", "quadratic κ"), ("macro_f1", "macro-F1")):
        gain, noise, word = _compare(s, best, metric)
        parts.append(f"{name} {gain:+.3f} (seeds' spread ±{noise:.3f}: {word})")
    b, r = s[best]["per_grade_recall"], s["real"]["per_grade_recall"]
    recall = [x - y for x, y in zip(b["mean"], r["mean"])]
    k = max(range(len(recall)), key=lambda i: abs(recall[i]))
    spread = max(b["sd"][k], r["sd"][k])
    return (f"Against real-only, the best augmented arm by accuracy ({best}) has " + ", ".join(parts)
            + f"; its largest per-grade change is KL {k} recall {recall[k]:+.2f} (seeds' spread ±{spread:.2f}).")


def study_section(study: dict, table_md: str) -> str:
    """The augmentation study's section (knee_gan.augmentation_study), also appended to shipped cards."""
    st = study["settings"]
    s = study["summary"]
    verdict = study_verdict(s)
    tstr = s.get("synthetic", {}).get("accuracy", {})
    lines = [STUDY_HEADING, "",
             f"The project's grader network (width 16) at {st['resolution']}×{st['resolution']} px, {st['epochs']} epochs, "
             f"the epoch chosen on real val, reported once on real test; mean ± sd over seeds {st['seeds']}. Arms: real "
             "train only; real + synthetic knees numbering 50% / 100% of it, spent on the rarest grades first; "
             "synthetic only in the real grade mix (“train on synthetic, test on real”). Small and low-resolution so "
             "it fits two CPU cores beside a training run: absolute accuracies are below the full-size grader's.", "",
             "```", st["command"], "```", "", table_md, "", "![augmentation study](fig-augmentation.png)", ""]
    if verdict:
        lines += [verdict, ""]
    if tstr:
        lines += [f"Train on synthetic, test on real: accuracy {tstr['mean']:.3f} ± {tstr['sd']:.3f} (`tstr_accuracy`).", ""]
    return "\n".join(lines)


def per_grade_lines(m: dict) -> list:
    gen, real = m.get("grade_fidelity_per_grade"), m.get("grader_test_accuracy_per_grade")
    if not gen or not real:
        return []
    out = ["", "Per grade, on an equal number of generated knees per grade (200, truncation 1.0): the grader's "
           "accuracy at the intended grade, next to its accuracy on real test knees of that grade.", "",
           "| | KL0 | KL1 | KL2 | KL3 | KL4 |", "|---|---|---|---|---|---|",
           "| real test (`grader_test_accuracy_per_grade`) | " + " | ".join(fmt(v, 2) for v in real) + " |",
           "| generated (`grade_fidelity_per_grade`) | " + " | ".join(fmt(v, 2) for v in gen) + " |",
           "| ratio (wanted ≥ 0.7) | " + " | ".join(fmt(g / r, 2) if (g is not None and r) else "—"
                                                 for g, r in zip(gen, real)) + " |"]
    return out


def width_swing(effect: dict) -> float:
    """Largest departure of the knee-averaged minimum JSW from its value at the slider's start, anywhere
    along the measured range, as a share of the mean width (the ends alone can hide a bulge between them)."""
    jsw = np.asarray(effect.get("mean_jsw_px") or [np.nan], np.float64)
    return float(np.abs(jsw - jsw[0]).max() / max(jsw.mean(), 1e-9))


def slider_lines(s: dict, directions: list = ()) -> list:
    if not s or s.get("jsn_jsw_px_at_ends") is None:
        return []
    ost_direction = next((d for d in directions if d["id"] == "osteophytes"), {})
    ost = ost_direction.get("effect", {})
    where = ("a direction in the grade embedding that acts only at the joint margins, through its mask "
             "(`training/knee_gan/masks.py`): the knee's latent stays" if ost_direction.get("mask") else
             "a direction in the grade embedding: the knee's latent stays")
    t = s.get("jsn_targets_px") or [None, None]
    ends = s["jsn_jsw_px_at_ends"]
    return ["## What the semantic sliders do", "",
            f"- **Joint-space narrowing**: over its range the mean minimum JSW of the same knees goes from "
            f"{fmt(ends[0], 2)} px to {fmt(ends[1], 2)} px; wanted: from the real KL 0 median ({fmt(t[0], 2)} px) to the "
            f"real KL 4 10th percentile ({fmt(t[1], 2)} px).",
            f"- **Osteophytes** ({where}): over its range "
            f"the grader's expected grade changes by "
            f"{fmt(s.get('osteophyte_kl_change'), 2)} (wanted ≥ 1.5) while the minimum JSW changes by "
            f"{fmt(100 * s.get('osteophyte_jsw_change_fraction', float('nan')), 1)}% from end to end (wanted < 10%; "
            f"at most {fmt(100 * width_swing(ost), 1)}% anywhere along the range); "
            f"{fmt(100 * s.get('osteophyte_margin_change_share', float('nan')), 0)}% of the absolute pixel change falls at the "
            f"joint margins (rows within 0.12 h of the measured joint line, outer 35% of columns on either side), "
            f"a region of {fmt(100 * s.get('osteophyte_margin_area_share', float('nan')), 0)}% of the image.",
            "- Measured on knees not used to find or calibrate the directions "
            "(`training/knee_gan/directions/`).", ""]


FIGURES = [
    ("samples_per_grade.png", "Generated samples per grade (rows KL0–KL4)."),
    ("spectrum.png", "Mean power spectra, real test vs generated, and their ratio per frequency band."),
    ("kl_sweep.png", "KL sweep: the same latent (one knee per row) from KL 0 to KL 4."),
    ("sweep_jsn.png", "Joint-space-narrowing slider sweep."),
    ("sweep_osteophytes.png", "Osteophyte slider sweep."),
    ("change_heatmap.png", "Where the semantic sliders change the image (mean |change| over the range)."),
    ("nearest_neighbours.png", "The generated knees closest to a training image, with that image."),
    ("jsw_overlays_test.png", "Joint-space-width measurement on real test knees (cyan: femoral margin, "
     "orange: tibial margin, red: minimum)."),
    ("jsw_overlays_generated.png", "The same measurement on generated knees."),
    ("jsw_per_grade.png", "Mean minimum joint-space width per KL grade, real test vs generated."),
]


def machines(gen: dict) -> str:
    """The hardware of every stage in order ("CPU …, then NVIDIA H200"), or the checkpoint's own."""
    seen = []
    for stage in gen.get("stages") or [{"hardware": gen.get("hardware")}]:
        if stage["hardware"] and stage["hardware"] not in seen:
            seen.append(stage["hardware"])
    return ", then ".join(seen)


def stage_lines(stages: list) -> list:
    """One row per training stage (the weights may have moved between configs and machines); the last
    stage's command is printed below the table."""
    if len(stages) < 2:
        return []
    rows = ["| images shown | config | hardware | wall time | command |", "|---|---|---|---|---|"]
    for st in stages:
        rows.append(f"| {st['images'][0]:,} → {st['images'][1]:,} | `{st['config']}` | {st['hardware']} | "
                    f"{st['wall_s'] / 60:.0f} min | `{st['command']}` |")
    return ["The weights went through these stages, each continuing the last (`--init-from` a compact "
            "state or a resumed checkpoint):", ""] + rows + ["", "The last stage's command:", ""]


def fmt(v, digits: int = 3) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:.{digits}f}"
    return str(v)


def render(metrics: dict, directions: dict, figures_present=None, grader_report=None, manifest=None) -> str:
    gen = metrics.get("generator", {})
    name = (manifest or {}).get("name") or gen.get("model_id") or gen.get("config") or "Knee OA Studio generator"
    lines = [f"# Model card: {name}", "",
             "**For education and research, not for diagnosis.** The images are synthetic; they show what a "
             "generator learned from a public data set, not any patient. Do not use them, or the app's "
             "measurements, to make or support a clinical decision.", ""]
    arch = gen.get("arch") or "style"
    kind = ARCH_WORDS.get(arch, ARCH_WORDS["style"])
    ups = (f" followed by a learned ×2 upsampler (`espcn-x2@1`, trained on real image pairs: "
           f"`training/knee_gan/train_upsampler.py`; how its state was chosen: `training/README.md`)"
           if gen.get("upsampler") else "")
    lines += ["## Model", "",
              f"- {kind}{ups}; output {metrics.get('resolution')}×{metrics.get('resolution')} greyscale, conditioned on "
              "the Kellgren–Lawrence grade (continuous 0–4).",
              f"- Evaluated checkpoint: {fmt(gen.get('kimg'), 1)} thousand images shown"
              + (f", config `{gen['config']}`" if gen.get("config") else "")
              + (f", {fmt(gen['wall_s'] / 60, 0)} min training" if gen.get("wall_s") else "")
              + (f", on {machines(gen)}" if gen.get("hardware") or gen.get("stages") else "") + ".", ""]
    lines += ["## Data and credit", "", f"- {DATA_CREDIT}",
              "- The copy used was most likely CLAHE-enhanced before redistribution: the generator learned "
              "contrast-enhanced crops, not raw radiographs.",
              "- Splits: the generator and the grader were trained on `train/` (5,778 knees), the grader was "
              "selected on `val/` (826), and every number below is on `test/` (1,656); no patient is in two "
              "splits.", ""]
    lines += ["## Training", ""] + stage_lines(gen.get("stages") or []) + [
              "```", gen.get("command") or ("python3 -m knee_gan.train --data ../shared/data/knee-kl224 --config "
                                            f"{gen.get('config') or 'cpu-128'} --out ~/runs/<run>"), "```",
              TRAINING_WORDS.get(arch, TRAINING_WORDS["style"])
              + (" A frozen KL grader trained separately from the one that measures below (the *teacher*, "
                 "`knee_gan.grader.train` with another seed and width) adds its cross-entropy at the intended grade "
                 "to the generator's loss; grades are sampled equally for real and generated images."
                 if gen.get("teacher") else ""), ""]
    # grader
    lines += ["## The measuring instrument: a compact KL grader", "",
              "ImageNet Inception weights are neither available offline nor of this domain, so the distribution "
              "metrics use the penultimate features of a small CNN KL grader "
              f"(`training/knee_gan/grader/`, config {json.dumps(metrics.get('grader', {}))}, selected epoch "
              f"{metrics.get('grader_selected_epoch')} by val accuracy).", "",
              "```", (grader_report or {}).get("command",
                                                "python3 -m knee_gan.grader.train --data ../shared/data/knee-kl224 --out ~/runs/grader"),
              "```", ""]
    if grader_report:
        v = grader_report.get("val", {})
        lines += [f"Val (selection): accuracy {fmt(v.get('accuracy'))}, macro-F1 {fmt(v.get('macro_f1'))}, "
                  f"κ {fmt(v.get('quadratic_kappa'))}."]
    lines += [f"Test (reported once): accuracy {fmt(metrics.get('grader_test_accuracy'))}, macro-F1 "
              f"{fmt(metrics.get('grader_test_macro_f1'))}, quadratic-weighted κ "
              f"{fmt(metrics.get('grader_test_quadratic_kappa'))} — published graders on this data set reach "
              "roughly 0.6–0.7 accuracy with larger, ImageNet-pretrained networks at full resolution.", ""]
    # metrics
    lines += ["## Metrics", "",
              "All generated images use truncation 1.0 (no truncation) and fixed seed ranges through the "
              "contract's seed → latent rule, so the run is reproducible. Produced by (from `training/`):", "",
              "```", metrics.get("command", ""), "```", "",
              "| metric | value | what it measures | wanted / reference |", "|---|---|---|---|"]
    for key, label, what, want in METRIC_ROWS:
        if key in metrics:
            lines.append(f"| {label} (`{key}`) | {fmt(metrics[key])} | {what} | {want} |")
    lines += per_grade_lines(metrics)
    det = metrics.get("details", {})
    fid = det.get("grade_fidelity")
    if fid:
        lines += ["", "Grader's mean expected grade on generated knees, per intended grade: "
                  + ", ".join(f"KL{k} → {fmt(v, 2)}" for k, v in fid["mean_expected_grade"].items())
                  + f" (Spearman {fmt(fid.get('spearman_intended_vs_expected'))})."]
    cm = det.get("grader_test", {}).get("confusion")
    if cm:
        lines += ["", "Grader confusion on real test (rows: true KL0–4, columns: predicted):", "", "```"]
        lines += [" ".join(f"{x:5d}" for x in row) for row in cm] + ["```"]
    lines.append("")
    # JSW
    jt, jg = metrics.get("jsw_per_grade_test"), metrics.get("jsw_per_grade_generated")
    if jt:
        lines += ["## Joint-space width", "",
                  "Measured by `core/measure/jsw.ts` (the same code as the app's overlay; Python runs it in Node): "
                  "femoral and tibial margins per column in each compartment, minimum width in pixels at "
                  f"{metrics.get('resolution')} px (no pixel spacing is known for these crops, so no millimetres).", "",
                  "| KL | n (test) | real test: min JSW px (SD) | medial | lateral | generated: min JSW px (SD) |",
                  "|---|---|---|---|---|---|"]
        for k in sorted(jt, key=int):
            r = jt[k]
            gg = (jg or {}).get(k, {})
            lines.append(f"| {k} | {r['n']} | {fmt(r['min_mean'], 2)} ({fmt(r['min_sd'], 2)}) | "
                         f"{fmt(r.get('medial_mean'), 2)} | {fmt(r.get('lateral_mean'), 2)} | "
                         f"{fmt(gg.get('min_mean'), 2)} ({fmt(gg.get('min_sd'), 2)}) |")
        lines += ["", f"Spearman ρ(min JSW, KL): real test {fmt(metrics.get('jsw_spearman_vs_kl_test'))}, "
                  f"generated {fmt(metrics.get('jsw_spearman_vs_kl_generated'))}.", ""]
    spec = metrics.get("spectrum")
    if spec:
        lines += ["## Texture: power spectra", "",
                  "Mean power spectrum of generated knees over that of real test knees, per band of spatial "
                  "frequency (fraction of Nyquist; `training/knee_gan/metrics/spectrum.py`). Above 1: the generator "
                  "adds power there (noise, stripes); below 1: it loses detail. Along the horizontal-frequency axis "
                  "(vertical stripes):", "",
                  "| band | " + " | ".join(b.split(" ")[0] for b in spec["bands"]) + " |",
                  "|---|" + "---|" * len(spec["bands"]),
                  "| all directions | " + " | ".join(fmt(v, 2) for v in spec["radial_ratio"]) + " |",
                  "| horizontal axis | " + " | ".join(fmt(v, 2) for v in spec["horizontal_axis_ratio"]) + " |",
                  "| real: vertical / horizontal structure | "
                  + " | ".join(fmt(v, 2) for v in spec["real_vertical_over_horizontal"]) + " |", ""]
    lines += slider_lines((directions or {}).get("summary", {}), (directions or {}).get("directions", []))
    # directions
    dirs = (directions or {}).get("directions", [])
    if dirs:
        lines += ["## Sliders (latent directions: in w, or in the grade embedding)", "",
                  "| id | label | kind | space | range | JSW px / unit | grader KL / unit | ρ(JSW) | joint-band share of change | how found |",
                  "|---|---|---|---|---|---|---|---|---|---|"]
        for d in dirs:
            e = d.get("effect", {})
            lines.append(f"| `{d['id']}` | {d['label']} | {d['kind']} | {d.get('space', 'w')} | "
                         f"[{fmt(d['range'][0], 1)}, {fmt(d['range'][1], 1)}] | "
                         f"{fmt(e.get('jsw_per_unit'))} | {fmt(e.get('kl_per_unit'))} | "
                         f"{fmt(e.get('jsw_spearman_mean_curve'), 2)} | {fmt(e.get('joint_band_change_share'), 2)} "
                         f"(area {fmt(e.get('joint_band_area_share'), 2)}) | {d['method']} |")
        s = directions.get("summary", {})
        lines += ["", f"`jsn_spearman` = {fmt(s.get('jsn_spearman'))} (pooled over all knees "
                  f"{fmt(s.get('jsn_spearman_pooled'))}, per knee mean {fmt(s.get('jsn_spearman_per_knee_mean'))}); "
                  f"`osteophyte_jsw_ratio` = {fmt(s.get('osteophyte_jsw_ratio'))}; the osteophyte slider moves the "
                  f"grader's KL by {fmt(s.get('osteophyte_kl_per_unit'))} per unit (JSN slider: "
                  f"{fmt(s.get('jsn_kl_per_unit'))}).",
                  "Principal-slider labels marked *automatic* name the measured descriptor that moves most; the "
                  "others were written by a person after looking at the sweeps.", ""]
        for d in dirs:
            if d["kind"] == "principal":
                lines.append(f"- `{d['id']}` — {d['label']}: {d.get('description', '')} "
                             f"({d['effect'].get('label_source', '')})")
        lines.append("")
    # figures
    present = [f for f in FIGURES if figures_present is None or f[0] in figures_present]
    if present:
        lines += ["## Figures", ""]
        for fname, caption in present:
            lines += [f"![{caption}](fig-{fname})", "", f"*{caption}*", ""]
        extra = sorted(f for f in (figures_present or []) if f.startswith("sweep_pc"))
        for fname in extra:
            lines += [f"![slider sweep {fname[6:-4]}](fig-{fname})", ""]
    lines += ["## Limitations", "",
              "- Small model, short training on two CPU cores: the images are blurrier and less varied than real "
              "radiographs; the numbers above say by how much.",
              "- All distribution metrics use a compact grader trained here; its features are not a standard, so "
              "FD values are comparable only with the val-vs-test reference of the same run, not across papers.",
              "- The grader itself is imperfect (see its test accuracy); grade fidelity cannot exceed what it can read.",
              *(["- The generator learned from a frozen *teacher* grader of the same family as the measuring grader "
                 "(same data, a similar small CNN): a grade fidelity near 1.0 partly measures features both graders "
                 "share, not only radiological signs. Read it next to FD, precision, recall and the detector."]
                if gen.get("teacher") else []),
              f"- Joint-space width is measured in pixels on {metrics.get('resolution')}-pixel images; at KL 3–4 bone-on-bone "
              "contact the margins are hard to find and the measure flattens out. No pixel spacing is known.",
              "- Directions are linear in w and fitted by regression on this model's own images; they move what the "
              "measurements read, which is correlated with, not identical to, the radiological sign.",
              "- Training data are CLAHE-enhanced OAI crops: one cohort, one kind of scanner workflow, no "
              "demographic balance checked. Left/right knees were mixed with horizontal flips.",
              "- Not a medical device. For education and research, not for diagnosis.", ""]
    return "\n".join(lines)


def write_model_card(eval_dir: str, out_path: str = None, grader_report: str = None, manifest: dict = None) -> str:
    metrics, directions = read_metrics(eval_dir), read_directions(eval_dir)
    report = None
    if grader_report is None and metrics.get("grader_path"):
        grader_report = os.path.join(os.path.dirname(metrics["grader_path"]), "report.json")
    if grader_report and os.path.exists(grader_report):
        with open(grader_report) as f:
            report = json.load(f)
    figures = [n[4:] for n in os.listdir(eval_dir) if n.startswith("fig-") and n.endswith(".png")]
    text = render(metrics, directions, figures, report, manifest)
    out_path = out_path or os.path.join(eval_dir, "model-card.md")
    with open(out_path, "w") as f:
        f.write(text)
    return out_path


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--eval", required=True, help="folder written by knee_gan.evaluate")
    p.add_argument("--out", help="markdown file to write (default: <eval>/model-card.md)")
    p.add_argument("--grader-report", help="report.json of the grader run")
    p.add_argument("--manifest", help="a package manifest.json (for the model's name)")
    args = p.parse_args(argv)
    manifest = json.load(open(args.manifest)) if args.manifest else None
    print(write_model_card(args.eval, args.out, args.grader_report, manifest))


if __name__ == "__main__":
    main()
