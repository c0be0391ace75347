"""Metric vs images shown for one run: the curve the README shows, from `evaluate --core` folders.

  python3 -m knee_gan.curve ~/runs/eval-lite112-21k ~/runs/eval-lite112-30k ... --out ../docs/training-curve.png

Each folder is one checkpoint of the same run evaluated the same way; points are ordered by the
images the checkpoint had shown. Prints a markdown table and draws FD ratio, precision, recall,
detector AUC and the grade fidelity per grade against images shown.
"""
import argparse
import json
import os


def load_points(folders) -> list:
    points = []
    for folder in folders:
        with open(os.path.join(os.path.expanduser(folder), "metrics.json")) as f:
            m = json.load(f)
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


def figure(points: list, path: str, title: str):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    k = [p["kimg"] for p in points]
    fig, axes = plt.subplots(1, 3, figsize=(12, 3.4))
    axes[0].plot(k, [p["fd_ratio"] for p in points], marker="o")
    axes[0].set_yscale("log")
    axes[0].set_title("FD ratio (1 = real vs real)", fontsize=9)
    for key in ("precision", "recall", "detector_auc"):
        axes[1].plot(k, [p[key] for p in points], marker="o", label=key.replace("_", " "))
    axes[1].set_ylim(0, 1.02)
    axes[1].legend(fontsize=7)
    for g in range(5):
        axes[2].plot(k, [(p["per_grade"] or [None] * 5)[g] for p in points], marker="o", label=f"KL{g}")
    axes[2].set_ylim(0, 1.02)
    axes[2].set_title("grader accuracy at the intended grade", fontsize=9)
    axes[2].legend(fontsize=7)
    for ax in axes:
        ax.set_xlabel("images shown (thousands)")
    fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("folders", nargs="+")
    p.add_argument("--out", help="figure to write")
    p.add_argument("--title", default="lite-112: metrics vs images shown (evaluate --core, real test split)")
    args = p.parse_args(argv)
    points = load_points(args.folders)
    if args.out:
        figure(points, args.out, args.title)
    print(table(points))


if __name__ == "__main__":
    main()
