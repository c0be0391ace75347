"""Judging the x2 upsampler through the generator it follows, on val/.

Real pairs alone reward the blurry average (PSNR), and a critic's texture can overshoot: what
matters is what the app shows, the generator's own knees after the upsampler. So a bank of the
generator's images (fixed seeds, balanced grades, truncation 1, as the dataset export draws them)
is upsampled and compared with the real val/ images at full size in a grader's features (Frechet
distance). Use a grader other than the one the evaluation reports with (the training teacher), so
the choice is not made on the report's own features; test/ is never read here.
"""
import numpy as np
import torch

from .metrics.common import generate, grader_outputs, latents
from .metrics.frechet import frechet_distance
from .pixels import from_uint8, to_uint8

SEED_UPSAMPLER_TRAIN = 6_000_000   # generated knees the critic sees as fakes
SEED_UPSAMPLER_SELECT = 6_500_000  # generated knees the val selection upsamples (disjoint)


def generated_bank(g, n: int, first_seed: int, batch: int = 64) -> torch.Tensor:
    """(n, 1, R, R) float images in [-1, 1] from the generator, grades 0-4 in turn, truncation 1,
    quantised to uint8 like every image the app shows."""
    grades = np.arange(n) % 5
    images = generate(g.eval(), latents(range(first_seed, first_seed + n), g.z_dim), grades.astype(np.float32),
                      psi=1.0, batch=batch)
    return from_uint8(images)


@torch.no_grad()
def upsample_uint8(upsampler, low: torch.Tensor, batch: int = 64) -> np.ndarray:
    return np.concatenate([to_uint8(upsampler(low[i:i + batch]))[:, 0] for i in range(0, len(low), batch)])


class ValSelector:
    """FD in a grader's features between the upsampled generated bank and real val/ at full size."""

    def __init__(self, grader, bank: torch.Tensor, val_uint8: np.ndarray):
        self.grader, self.bank = grader, bank
        self.val_features = grader_outputs(grader, val_uint8)[0]

    def fd(self, upsampler) -> float:
        was_training = upsampler.training
        upsampler.eval()
        features = grader_outputs(self.grader, upsample_uint8(upsampler, self.bank))[0]
        upsampler.train(was_training)
        return frechet_distance(features, self.val_features)


def main(argv=None):
    """Val FD through the generator for upsampler states, beside bilinear, no x2 and real train knees."""
    import argparse
    import os

    from .data import DatasetError, load_split_cached
    from .grader.model import load_grader
    from .loading import load_generator
    from .train_upsampler import load_upsampler

    p = argparse.ArgumentParser(description=main.__doc__)
    p.add_argument("upsamplers", nargs="*", help="upsampler.pt files")
    p.add_argument("--generator", required=True)
    p.add_argument("--grader", required=True, action="append", help="one or more graders (repeat the flag)")
    p.add_argument("--data", required=True)
    p.add_argument("--cache", default=os.path.expanduser("~/runs/eval-cache"))
    p.add_argument("--images", type=int, default=1000)
    p.add_argument("--threads", type=int, default=1)
    args = p.parse_args(argv)
    torch.set_num_threads(args.threads)
    g = load_generator(args.generator)
    try:
        val, train = (load_split_cached(args.data, s, 2 * g.resolution, args.cache)[0] for s in ("val", "train"))
    except DatasetError as err:
        raise SystemExit(f"error: {err}")
    bank = generated_bank(g, args.images, SEED_UPSAMPLER_SELECT)
    real = train[np.random.default_rng(0).choice(len(train), args.images, replace=False)]
    selectors = {path: ValSelector(load_grader(path), bank, val) for path in args.grader}
    candidates = {"bilinear": torch.nn.Upsample(scale_factor=2.0, mode="bilinear", align_corners=False),
                  **{path: load_upsampler(path) for path in args.upsamplers}}
    for name, s in selectors.items():
        print(f"grader {name}: real train knees {frechet_distance(grader_outputs(s.grader, real)[0], s.val_features):.3f}, "
              f"no x2 {frechet_distance(grader_outputs(s.grader, to_uint8(bank)[:, 0])[0], s.val_features):.3f}")
        for label, up in candidates.items():
            print(f"  {label}: {s.fd(up):.3f}")


if __name__ == "__main__":
    main()
