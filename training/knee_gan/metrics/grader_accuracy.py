"""Classification metrics of a KL grader: accuracy, macro-F1, quadratic-weighted kappa, confusion.

`grader_test_accuracy` is these numbers for the grader on the real test split; `grade_fidelity`
(see grade_fidelity.py) is the accuracy of the same grader on generated images at their intended
integer grade.
"""
import numpy as np
import torch

from ..pixels import from_uint8

NUM_GRADES = 5


def confusion(y_true, y_pred, k: int = NUM_GRADES) -> np.ndarray:
    """Rows: true grade, columns: predicted grade."""
    m = np.zeros((k, k), dtype=np.int64)
    np.add.at(m, (np.asarray(y_true, dtype=np.int64), np.asarray(y_pred, dtype=np.int64)), 1)
    return m


def macro_f1(cm: np.ndarray) -> float:
    tp = np.diag(cm).astype(np.float64)
    precision = tp / np.maximum(cm.sum(0), 1)
    recall = tp / np.maximum(cm.sum(1), 1)
    f1 = np.where(precision + recall > 0, 2 * precision * recall / np.maximum(precision + recall, 1e-12), 0.0)
    present = cm.sum(1) > 0
    return float(f1[present].mean()) if present.any() else 0.0


def quadratic_kappa(cm: np.ndarray) -> float:
    k = cm.shape[0]
    n = cm.sum()
    if n == 0:
        return 0.0
    i, j = np.meshgrid(np.arange(k), np.arange(k), indexing="ij")
    weights = (i - j) ** 2 / (k - 1) ** 2
    expected = np.outer(cm.sum(1), cm.sum(0)) / n
    denom = (weights * expected).sum()
    return float(1.0 - (weights * cm).sum() / denom) if denom > 0 else 0.0


def classification_report(y_true, y_pred) -> dict:
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    cm = confusion(y_true, y_pred)
    rows = cm.sum(1)
    return {
        "accuracy": float((y_true == y_pred).mean()) if len(y_true) else 0.0,
        # recall of each grade (diagonal / row): what `*_per_grade` in the manifest holds, KL 0-4
        "per_grade": [float(cm[k, k] / rows[k]) if rows[k] else None for k in range(cm.shape[0])],
        "macro_f1": macro_f1(cm),
        "quadratic_kappa": quadratic_kappa(cm),
        "n": int(len(y_true)),
        "confusion": cm.tolist(),
    }


@torch.no_grad()
def grader_logits(grader, images, batch: int = 128, device: str = "cpu") -> torch.Tensor:
    """Logits for images given as uint8 (N, H, W) numpy or float (N, 1, H, W) in [-1, 1]."""
    out = []
    for i in range(0, len(images), batch):
        x = images[i:i + batch]
        if isinstance(x, np.ndarray):
            x = from_uint8(x)
        out.append(grader(x.to(device)).float().cpu())
    return torch.cat(out) if out else torch.zeros(0, NUM_GRADES)


def grader_test_accuracy(grader, images, grades, device: str = "cpu") -> dict:
    """The grader on real images (the test split when reporting)."""
    pred = grader_logits(grader, images, device=device).argmax(1).numpy()
    return classification_report(grades, pred)


def compute(ctx) -> dict:
    """The grader on the real test split: the instrument's own accuracy, for reading the rest."""
    rep = ctx.grader_test_report
    ctx.log(f"grader on test: accuracy {rep['accuracy']:.3f}")
    return {"grader_test_accuracy": rep["accuracy"], "grader_test_macro_f1": rep["macro_f1"],
            "grader_test_quadratic_kappa": rep["quadratic_kappa"], "grader_test_accuracy_per_grade": rep["per_grade"],
            "details": {"grader_test": rep}}
