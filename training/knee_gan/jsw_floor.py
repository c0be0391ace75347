"""What the joint-space measurement (core/measure/jsw.ts) reads on drawn joints of known width: a
bright femur and tibia with a dark gap, edges blurred by a Gaussian. It shows the measurement's floor:
any clean gap narrower than about 5 px at 224 px reads about 5 px (its box blur and central-difference
edges cannot place two edges nearer), so a slider can narrow a knee's measured width only so far.
With --data, the same measurement on a real split per grade, for comparison.

    python3 -m knee_gan.jsw_floor [--data ../../shared/data/knee-kl224 --split test]
"""
import argparse
import os

import numpy as np

from .metrics.jsw import measure_jsw, min_jsw


def drawn_joint(gap: int, blur: float, size: int = 224) -> np.ndarray:
    """uint8 (size, size): femur rows [0.18, 0.58) h at grey 200, a gap of `gap` rows at 70, tibia
    below to 0.89 h at 190, soft tissue 60; edges blurred by a Gaussian of `blur` px."""
    x = np.full((size, size), 60.0)
    top = int(0.58 * size)
    x[int(0.18 * size):top] = 200.0
    x[top + gap:int(0.89 * size)] = 190.0
    x[top:top + gap] = 70.0
    if blur > 0:
        from scipy.ndimage import gaussian_filter

        x = gaussian_filter(x, blur)
    return np.clip(np.round(x), 0, 255).astype(np.uint8)


def read_widths(gaps, blur: float, size: int = 224) -> list:
    """The measured minimum width of each drawn gap."""
    return [r["minWidth"] for r in measure_jsw(np.stack([drawn_joint(g, blur, size) for g in gaps]))]


def per_grade(widths: np.ndarray, grades: np.ndarray, under: float = 5.0) -> dict:
    """{grade: (n, mean, median, 10th percentile, share under `under` px)} of measured widths."""
    out = {}
    for g in sorted(set(int(x) for x in grades)):
        w = widths[grades == g]
        out[g] = (len(w), float(w.mean()), float(np.median(w)), float(np.percentile(w, 10)), float((w < under).mean()))
    return out


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--gaps", type=int, nargs="+", default=[1, 2, 3, 4, 5, 6, 8])
    p.add_argument("--blurs", type=float, nargs="+", default=[0.0, 0.5, 1.0, 1.5, 2.0])
    p.add_argument("--data", help="dataset root holding {train,val,test}/{0..4}/: also read a real split")
    p.add_argument("--split", default="test")
    p.add_argument("--cache", default=os.path.expanduser("~/runs/eval-cache"), help="decoded-split cache folder")
    args = p.parse_args(argv)
    print("blur (px) | " + " | ".join(f"gap {g}" for g in args.gaps))
    for blur in args.blurs:
        print(f"{blur} | " + " | ".join(f"{w:.2f}" for w in read_widths(args.gaps, blur)))
    if args.data:
        from .data import load_split_cached

        images, grades, _ = load_split_cached(args.data, args.split, 224, args.cache)
        print(f"\nreal {args.split} | n | mean | median | 10th percentile | share under 5 px")
        for g, (n, mean, median, p10, share) in per_grade(min_jsw(images), grades).items():
            print(f"KL {g} | {n} | {mean:.2f} | {median:.2f} | {p10:.2f} | {share:.3f}")


if __name__ == "__main__":
    main()
