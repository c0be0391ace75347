"""Diversity: mean pairwise distance of generated images over that of real images.

A generator that ignores z draws the same knee for every latent and scores near 0; one as varied
as the data scores near 1. Cheap enough to run at every checkpoint.
"""
import torch
import torch.nn.functional as F

from ..pixels import from_uint8


def mean_pairwise_distance(images: torch.Tensor, size: int = 32) -> float:
    x = F.adaptive_avg_pool2d(images.float(), size).flatten(1)
    d = torch.cdist(x, x)
    n = x.shape[0]
    return float(d.sum() / (n * (n - 1))) / (x.shape[1] ** 0.5)


def diversity_ratio(generated: torch.Tensor, real: torch.Tensor) -> float:
    return mean_pairwise_distance(generated) / max(mean_pairwise_distance(real), 1e-12)


def pooled(images, size: int = 32, chunk: int = 256) -> torch.Tensor:
    """uint8 (N, H, W) -> float (N, 1, size, size), a chunk at a time (a whole split at 224 px is large)."""
    return torch.cat([F.adaptive_avg_pool2d(from_uint8(images[i:i + chunk]), size) for i in range(0, len(images), chunk)])


def compute(ctx) -> dict:
    """The generated set in test's grade mix against real test (training logs it on 64 of each)."""
    ratio = diversity_ratio(pooled(ctx.generated_test_mix), pooled(ctx.test_x))
    ctx.log(f"diversity {ratio:.3f}")
    return {"diversity": ratio}
