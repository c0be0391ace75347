"""Grade fidelity: the grader's accuracy on generated images at the intended integer grade.

As many images per grade as the test split holds (639 / 296 / 447 / 223 / 51 on knee-kl224), so
the number is comparable with `grader_test_accuracy`. Also reported: the confusion matrix, the
mean of the grader's expected grade per intended grade, and the Spearman correlation between
intended and read grade.
"""
import numpy as np
import torch

from ..grader.model import expected_grade
from .grader_accuracy import classification_report

SEED_BALANCED = 3_000_000  # equal knees per grade, for grade_fidelity_per_grade
BALANCED_PER_GRADE = 200


def spearman(a, b) -> float:
    def rank(v):
        v = np.asarray(v, np.float64)
        order = np.argsort(v, kind="mergesort")
        r = np.empty(len(v))
        r[order] = np.arange(len(v))
        # average ties
        _, inv, counts = np.unique(v, return_inverse=True, return_counts=True)
        sums = np.bincount(inv, weights=r)
        return sums[inv] / counts[inv]
    ra, rb = rank(a), rank(b)
    if ra.std() == 0 or rb.std() == 0:
        return float("nan")
    return float(np.corrcoef(ra, rb)[0, 1])


def grade_fidelity(intended: np.ndarray, logits: torch.Tensor) -> dict:
    pred = logits.argmax(1).numpy()
    rep = classification_report(intended, pred)
    eg = expected_grade(logits).numpy()
    per_grade = {str(g): float(eg[intended == g].mean()) for g in sorted(set(int(x) for x in intended))}
    return {"grade_fidelity": rep["accuracy"], "per_grade": rep["per_grade"], "macro_f1": rep["macro_f1"], "quadratic_kappa": rep["quadratic_kappa"],
            "confusion": rep["confusion"], "mean_expected_grade": per_grade,
            "spearman_intended_vs_expected": spearman(intended, eg), "n": rep["n"]}


def compute(ctx) -> dict:
    """On the generated set in test's grade mix, and per grade on an equal number of knees per
    grade (the test split has only 51 KL4 knees), beside the grader's accuracy on real test."""
    fid = grade_fidelity(ctx.test_y, ctx.generated_test_mix_outputs[1])
    per_grade = max(1, min(BALANCED_PER_GRADE, len(ctx.test_y)))
    bal_y = np.repeat(np.arange(5), per_grade)
    _, bal_logits = ctx.grader_outputs(ctx.generate(SEED_BALANCED, bal_y))
    bal = grade_fidelity(bal_y, bal_logits)
    real = ctx.grader_test_report["per_grade"]
    ctx.log(f"grade fidelity {fid['grade_fidelity']:.3f}; per grade (generated, balanced): "
            + ", ".join(f"{x:.2f}" for x in bal["per_grade"]) + " | real test: " + ", ".join(f"{x:.2f}" for x in real))
    return {"grade_fidelity": fid["grade_fidelity"], "grade_fidelity_per_grade": bal["per_grade"],
            "grade_fidelity_ratio_per_grade": [f / r if (f is not None and r) else None
                                               for f, r in zip(bal["per_grade"], real)],
            "details": {"grade_fidelity": fid, "grade_fidelity_balanced": bal}}
