"""Memorisation: how many generated images are closer to a training image than real knees are.

Distances are Euclidean between images downsampled to 64x64 (pixel space, where a copy is a
copy). The threshold is the 1st percentile of the nearest-training-image distances of the real
test images; a held-out real set therefore scores about 0.01 by construction, so the val split's
share is reported beside the generated one. The closest generated/training pairs are returned for
a figure.
"""
import numpy as np
import torch

from ..figures import nearest_pairs_figure
from .common import downsample


def nearest(query: np.ndarray, reference: np.ndarray, chunk: int = 512):
    """(distance, index) of each query row's nearest reference row."""
    q = torch.from_numpy(query.reshape(len(query), -1).astype(np.float32))
    r = torch.from_numpy(reference.reshape(len(reference), -1).astype(np.float32))
    r2 = (r ** 2).sum(1)
    dists, idxs = [], []
    for i in range(0, len(q), chunk):
        qq = q[i:i + chunk]
        d2 = (qq ** 2).sum(1, keepdim=True) - 2 * qq @ r.T + r2[None]
        d, j = d2.clamp_min(0).min(dim=1)
        dists.append(d.sqrt())
        idxs.append(j)
    return torch.cat(dists).numpy().astype(np.float64), torch.cat(idxs).numpy()


def memorisation(generated: np.ndarray, train: np.ndarray, test: np.ndarray, val: np.ndarray,
                 size: int = 64, percentile: float = 1.0, pairs: int = 8) -> dict:
    """Inputs uint8 (N, H, W). Returns shares, threshold and the closest pairs' indices."""
    size = min(size, train.shape[-1])
    tr = downsample(train, size)
    d_test, _ = nearest(downsample(test, size), tr)
    d_val, _ = nearest(downsample(val, size), tr)
    d_gen, j_gen = nearest(downsample(generated, size), tr)
    thr = float(np.percentile(d_test, percentile))
    order = np.argsort(d_gen)[:pairs]
    return {
        "memorised": float((d_gen < thr).mean()),
        "memorised_val": float((d_val < thr).mean()),
        "threshold": thr, "percentile": percentile, "space": f"pixels {size}x{size}, [-1, 1]",
        "median_nn_distance_generated": float(np.median(d_gen)),
        "median_nn_distance_test": float(np.median(d_test)),
        "closest_pairs": [{"generated": int(i), "train": int(j_gen[i]), "distance": float(d_gen[i])} for i in order],
        "n_generated": int(len(generated)), "n_train": int(len(train)),
    }


def compute(ctx) -> dict:
    gen = ctx.generated_test_mix
    mem = memorisation(gen, ctx.train_x, ctx.test_x, ctx.val_x)
    nearest_pairs_figure(gen, ctx.train_x, mem, ctx.figure("nearest_neighbours.png"))
    ctx.log(f"memorised {mem['memorised']:.4f} (val {mem['memorised_val']:.4f})")
    return {"memorised": mem["memorised"], "memorised_val": mem["memorised_val"], "details": {"memorisation": mem}}
