"""Detector AUC: how well a real-vs-generated classifier tells them apart on held-out images.

A logistic-regression detector on the grader's (standardised) penultimate features is fitted on
one half of the real and generated images and scored on the other half, then the halves swap and
the two AUCs are averaged. 0.5 = indistinguishable in these features; 1.0 = always told apart.
"""
import numpy as np
import torch


def auc(scores: np.ndarray, labels: np.ndarray) -> float:
    """Area under the ROC curve (Mann-Whitney U, ties counted half)."""
    scores, labels = np.asarray(scores, np.float64), np.asarray(labels).astype(bool)
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(len(scores))
    s = scores[order]
    i = 0
    while i < len(s):  # average ranks of ties
        j = i
        while j + 1 < len(s) and s[j + 1] == s[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    n_pos, n_neg = labels.sum(), (~labels).sum()
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    return float((ranks[labels].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1e-2, steps: int = 200):
    x_t, y_t = torch.from_numpy(x).double(), torch.from_numpy(y).double()
    w = torch.zeros(x.shape[1], dtype=torch.float64, requires_grad=True)
    b = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([w, b], max_iter=steps, line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        loss = torch.nn.functional.binary_cross_entropy_with_logits(x_t @ w + b, y_t) + l2 * (w ** 2).sum()
        loss.backward()
        return loss

    opt.step(closure)
    return w.detach().numpy(), float(b.detach())


def detector_auc(real: np.ndarray, generated: np.ndarray, seed: int = 0) -> dict:
    rng = np.random.default_rng(seed)
    x = np.concatenate([real, generated]).astype(np.float64)
    y = np.concatenate([np.ones(len(real)), np.zeros(len(generated))])
    half = np.zeros(len(x), dtype=bool)
    for label in (0, 1):  # stratified halves
        idx = rng.permutation(np.flatnonzero(y == label))
        half[idx[: len(idx) // 2]] = True
    aucs = []
    for train in (half, ~half):
        mu, sd = x[train].mean(0), x[train].std(0) + 1e-8
        w, b = fit_logistic((x[train] - mu) / sd, y[train])
        scores = ((x[~train] - mu) / sd) @ w + b
        aucs.append(auc(scores, y[~train]))
    return {"detector_auc": float(np.mean(aucs)), "folds": aucs, "detector": "logistic regression on grader features",
            "n_real": int(len(real)), "n_generated": int(len(generated))}


def compute(ctx) -> dict:
    det = detector_auc(ctx.test_outputs[0], ctx.generated_test_mix_outputs[0])
    ctx.log(f"detector AUC {det['detector_auc']:.3f}")
    return {"detector_auc": det["detector_auc"], "details": {"detector": det}}
