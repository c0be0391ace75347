"""Which training state to ship, chosen on val/ (never on test/): for each checkpoint, the Fréchet
distance in the evaluation grader's features between its knees, drawn in val's grade mix and as
many as val holds (the way the FD metric draws them against test), and the real val knees; over
several seed sets, since one set's FD moves by about a fifth with the seeds.

  python3 -m knee_gan.select_state ~/runs/gpu4/g_ema.pt ~/runs/gpu6/g_ema.pt \
      --upsampler ~/runs/ups-sharp-1.0/upsampler.pt --grader ~/runs/grader-eval/grader.pt \
      --data ../../shared/data/knee-kl224 [--seed-sets 2]

(A bank at balanced grades, as upsampler_select uses to compare upsamplers on one generator, also
measures how far the grade mix is from val's, and ranked these two states the other way round.)
"""
import argparse
import os

import numpy as np
import torch

from .data import DatasetError, load_split_cached
from .grader.model import load_grader
from .metrics.common import generate, grader_outputs, latents
from .metrics.frechet import frechet_distance
from .package_io import load_generator

SEED_SELECT = 9_000_000  # disjoint from every evaluation seed range
SEED_SET_STRIDE = 100_000


def val_fd(g, grader, real: np.ndarray, val_y: np.ndarray, seed_sets: int = 2, device: str = "cpu") -> list:
    """FD to real val (`real`: the grader's features of the val knees) of the generator's knees in
    val's grade mix, once per seed set."""
    kl = torch.from_numpy(val_y.astype(np.float32))
    out = []
    for k in range(seed_sets):
        first = SEED_SELECT + k * SEED_SET_STRIDE
        images = generate(g, latents(range(first, first + len(val_y)), g.z_dim), kl, device=device)
        out.append(frechet_distance(grader_outputs(grader, images, device=device)[0], real))
    return out


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("checkpoints", nargs="+", help="checkpoints (their EMA generators) to compare")
    p.add_argument("--upsampler", help="each generator followed by this upsampler.pt, as shipped")
    p.add_argument("--grader", required=True, help="the evaluation grader.pt (not the training teacher)")
    p.add_argument("--data", required=True, help="dataset root holding val/{0..4}/")
    p.add_argument("--cache", default=os.path.expanduser("~/runs/eval-cache"), help="decoded-split cache folder")
    p.add_argument("--seed-sets", type=int, default=2)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    args = p.parse_args(argv)
    torch.set_num_threads(args.threads)
    grader = load_grader(args.grader)
    os.makedirs(args.cache, exist_ok=True)
    val = {}  # resolution -> (grader features of the val knees, grades): read and graded once

    def real_val(resolution: int):
        if resolution not in val:
            try:
                val_x, val_y, _ = load_split_cached(args.data, "val", resolution, args.cache)
            except DatasetError as err:
                raise SystemExit(f"error: {err}")
            val[resolution] = (grader_outputs(grader, val_x)[0], val_y)
        return val[resolution]

    rows = []
    for path in args.checkpoints:
        g, info = load_generator(checkpoint=path, upsampler=args.upsampler)
        fds = val_fd(g, grader, *real_val(g.resolution), args.seed_sets)
        rows.append((float(np.mean(fds)), path, info["kimg"], fds))
        print(f"{path}: {info['kimg'] * 1000:,.0f} images, FD to val " + " ".join(f"{x:.4g}" for x in fds)
              + f", mean {np.mean(fds):.4g}", flush=True)
    best = min(rows)
    print(f"lowest mean FD to val: {best[1]} ({best[2] * 1000:,.0f} images)")


if __name__ == "__main__":
    main()
