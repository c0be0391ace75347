"""Metric vs images shown for one run: the curve the README shows, from `evaluate --core` folders.

  python3 -m knee_gan.curve ~/runs/eval-lite112-21k ~/runs/eval-lite112-30k ... --out ../docs/training-curve.png

Each folder is one checkpoint of the same run evaluated the same way; points are ordered by the
images the checkpoint had shown. Prints a markdown table and draws FD ratio, precision, recall,
detector AUC and the grade fidelity per grade against images shown.
"""
import argparse

from .figures import curve_figure
from .package_io import read_metrics


def load_points(folders) -> list:
    points = []
    for folder in folders:
        m = read_metrics(folder)
        points.append({"kimg": m["generator"]["kimg"], "fd_ratio": m.get("fd_ratio"), "precision": m.get("precision"),
                       "recall": m.get("recall"), "detector_auc": m.get("detector_auc"),
                       "per_grade": m.get("grade_fidelity_per_grade"), "identity": m.get("identity_kl0_vs_kl4"),
                       "resolution": m.get("resolution")})
    return sorted(points, key=lambda p: p["kimg"])


def table(points: list) -> str:
    def f(v, d=2):
        return "—" if v is None else f"{v:.{d}f}"
    lines = ["| images shown | FD ratio | precision | recall | detector AUC | identity KL0↔KL4 | accuracy per grade KL0–4 |",
             "|---|---|---|---|---|---|---|"]
    for p in points:
        grades = " / ".join(f(v) for v in (p["per_grade"] or []))
        lines.append(f"| {p['kimg'] * 1000:,.0f} | {f(p['fd_ratio'], 1)} | {f(p['precision'])} | {f(p['recall'])} | "
                     f"{f(p['detector_auc'])} | {f(p['identity'])} | {grades} |")
    return "\n".join(lines)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("folders", nargs="+")
    p.add_argument("--out", help="figure to write")
    p.add_argument("--title", default="lite-112: metrics vs images shown (evaluate --core, real test split)")
    args = p.parse_args(argv)
    points = load_points(args.folders)
    if args.out:
        curve_figure(points, args.out, args.title)
    print(table(points))


if __name__ == "__main__":
    main()
