"""Frechet distance between two feature sets (the FID formula, in the KL grader's features).

ImageNet Inception weights are neither available here nor of the right domain, so the features
are the grader's penultimate layer. FD is biased by sample size, so it is reported beside a
real-vs-real reference of the same sizes (val vs test): `fd_ratio` = FD(generated, test) /
FD(val, test), where 1.0 means "as far from test as other real knees are".
"""
import numpy as np

SEED_VAL_MIX = 2_000_000  # the generated set in the val split's grade mix


def _sqrtm_psd(m: np.ndarray) -> np.ndarray:
    vals, vecs = np.linalg.eigh((m + m.T) / 2)
    return (vecs * np.sqrt(np.clip(vals, 0, None))) @ vecs.T


def frechet_distance(a: np.ndarray, b: np.ndarray) -> float:
    """||mu_a - mu_b||^2 + Tr(S_a + S_b - 2 (S_a S_b)^1/2), features as rows."""
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    mu_a, mu_b = a.mean(0), b.mean(0)
    s_a, s_b = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    root_a = _sqrtm_psd(s_a)
    # Tr (S_a S_b)^1/2 = Tr (S_a^1/2 S_b S_a^1/2)^1/2, a symmetric PSD form (numerically stable)
    inner = np.linalg.eigvalsh(root_a @ s_b @ root_a)
    tr_cross = np.sqrt(np.clip(inner, 0, None)).sum()
    return float(((mu_a - mu_b) ** 2).sum() + np.trace(s_a) + np.trace(s_b) - 2 * tr_cross)


def frechet_report(generated: np.ndarray, val: np.ndarray, test: np.ndarray) -> dict:
    fd_gen = frechet_distance(generated, test)
    fd_val = frechet_distance(val, test)
    return {"fd_generated_vs_test": fd_gen, "fd_val_vs_test": fd_val,
            "fd_ratio": fd_gen / fd_val if fd_val > 0 else float("inf"),
            "n_generated": int(len(generated)), "n_val": int(len(val)), "n_test": int(len(test))}


def compute(ctx) -> dict:
    """Generated knees in val's grade mix (as many as val holds) against test, beside val against test."""
    generated, _ = ctx.grader_outputs(ctx.generate(SEED_VAL_MIX, ctx.val_y))
    fd = frechet_report(generated, ctx.val_outputs[0], ctx.test_outputs[0])
    ctx.log(f"FD generated/test {fd['fd_generated_vs_test']:.3f}, val/test {fd['fd_val_vs_test']:.3f}")
    return {"fd_generated_vs_test": fd["fd_generated_vs_test"], "fd_val_vs_test": fd["fd_val_vs_test"],
            "fd_ratio": fd["fd_ratio"], "details": {"frechet": fd}}
