"""The bake-off table: candidates evaluated the same way (`evaluate --core`), side by side.

  python3 -m knee_gan.bakeoff name=~/runs/eval-bake-a name2=~/runs/eval-bake-b ... [--markdown]

Each argument is `label=<evaluation folder>` (a folder holding metrics.json from knee_gan.evaluate).
CPU minutes and images shown come from the evaluated checkpoint's own counters.
"""
import argparse
import json

from .package_io import read_metrics


def row(label: str, folder: str) -> dict:
    m = read_metrics(folder)
    gen = m.get("generator", {})
    cpu = gen.get("cpu_s")
    kimg = gen.get("kimg")
    return {"label": label, "config": gen.get("config") or gen.get("model_id"), "kimg": kimg,
            "cpu_min": cpu / 60 if cpu else None,
            "img_per_cpu_s": kimg * 1000 / cpu if (cpu and kimg) else None,
            "resolution": m.get("resolution"),
            "per_grade": m.get("grade_fidelity_per_grade"), "ratio": m.get("grade_fidelity_ratio_per_grade"),
            "fd_ratio": m.get("fd_ratio"), "precision": m.get("precision"), "recall": m.get("recall"),
            "detector_auc": m.get("detector_auc"), "memorised": m.get("memorised"),
            "identity": m.get("identity_kl0_vs_kl4"), "spectrum_high": m.get("spectrum_high_band_ratio"),
            "stripes": (m.get("spectrum") or {}).get("horizontal_axis_ratio", [None])[-1]}


def fmt(v, d=2):
    if v is None:
        return "—"
    if isinstance(v, list):
        return " / ".join(fmt(x, d) for x in v)
    return f"{v:.{d}f}" if isinstance(v, float) else str(v)


def markdown(rows: list) -> str:
    head = ("| candidate | config | px | images shown | CPU min | img / CPU s | generated accuracy per grade KL0–4 "
            "| FD ratio | precision | recall | detector AUC | memorised | identity KL0↔KL4 | power >½ Nyquist | stripes (top band) |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in rows:
        lines.append(f"| {r['label']} | `{r['config']}` | {r['resolution']} | {fmt(r['kimg'] * 1000 if r['kimg'] else None, 0)} "
                     f"| {fmt(r['cpu_min'], 0)} | {fmt(r['img_per_cpu_s'])} | {fmt(r['per_grade'])} | {fmt(r['fd_ratio'], 1)} "
                     f"| {fmt(r['precision'])} | {fmt(r['recall'])} | {fmt(r['detector_auc'])} | {fmt(r['memorised'], 4)} "
                     f"| {fmt(r['identity'])} | {fmt(r['spectrum_high'])} | {fmt(r['stripes'])} |")
    return "\n".join(lines)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("candidates", nargs="+", help="label=evaluation folder")
    p.add_argument("--markdown", action="store_true")
    args = p.parse_args(argv)
    rows = [row(*c.split("=", 1)) for c in args.candidates]
    print(markdown(rows) if args.markdown else json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
