"""Improved precision and recall (Kynkaanniemi et al. 2019) with k = 3 in the grader's features.

Each set's manifold is the union of balls around its points with radius = distance to the k-th
nearest neighbour within the set. Precision: share of generated points inside the real manifold
(realism). Recall: share of real points inside the generated manifold (coverage; mode collapse
shows as low recall). Both sets should be the same size.
"""
import numpy as np
import torch


def _pairwise(a: np.ndarray, b: np.ndarray, chunk: int = 2048) -> np.ndarray:
    a_t, b_t = torch.from_numpy(np.asarray(a, np.float64)), torch.from_numpy(np.asarray(b, np.float64))
    return torch.cat([torch.cdist(a_t[i:i + chunk], b_t) for i in range(0, len(a_t), chunk)]).numpy()


def knn_radii(x: np.ndarray, k: int = 3) -> np.ndarray:
    d = _pairwise(x, x)
    return np.sort(d, axis=1)[:, k]  # column 0 is the point itself


def coverage(query: np.ndarray, support: np.ndarray, k: int = 3) -> float:
    """Share of query points within the k-NN ball of at least one support point."""
    radii = knn_radii(support, k)
    d = _pairwise(query, support)
    return float((d <= radii[None, :]).any(axis=1).mean())


def precision_recall(real: np.ndarray, generated: np.ndarray, k: int = 3) -> dict:
    return {"precision": coverage(generated, real, k), "recall": coverage(real, generated, k), "k": k,
            "n_real": int(len(real)), "n_generated": int(len(generated))}


def compute(ctx) -> dict:
    pr = precision_recall(ctx.test_outputs[0], ctx.generated_test_mix_outputs[0], k=3)
    ctx.log(f"precision {pr['precision']:.3f}, recall {pr['recall']:.3f}")
    return {"precision": pr["precision"], "recall": pr["recall"], "details": {"precision_recall": pr}}
