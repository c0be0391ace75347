"""Finding the latent directions: ridge regression of measured widths and read grades on w (the
semantic sliders), principal components of w, and the manifest entries with their measured effect
(see the package's docstring for the method)."""
import numpy as np
import torch

from ..metrics.common import synthesize_w
from .measure import Measurer, auto_label, calibrate, measure_direction, sample_w

SEED_FIND = 3_000_000      # seeds for finding directions
SEED_PCA = 5_000_000


def ridge(x: np.ndarray, y: np.ndarray, covariates: np.ndarray, lambdas=(1e-3, 1e-2, 1e-1, 1.0, 10.0), seed: int = 0):
    """Gradient of y w.r.t. x (rows = samples) by ridge regression with unpenalised covariates;
    the penalty (relative to the mean eigenvalue of x's covariance) is picked by 2-fold CV."""
    n, dim = x.shape
    xc = x - x.mean(0)
    scale = np.trace(xc.T @ xc) / dim

    def fit(idx, lam):
        a = np.concatenate([xc[idx], covariates[idx]], axis=1)
        reg = np.zeros(a.shape[1])
        reg[:dim] = lam * scale
        coef = np.linalg.solve(a.T @ a + np.diag(reg) + 1e-9 * np.eye(a.shape[1]), a.T @ y[idx])
        return coef

    rng = np.random.default_rng(seed)
    fold = rng.permutation(n) % 2 == 0
    best, best_err = lambdas[0], np.inf
    for lam in lambdas:
        err = 0.0
        for tr in (fold, ~fold):
            coef = fit(np.flatnonzero(tr), lam)
            pred = np.concatenate([xc[~tr], covariates[~tr]], axis=1) @ coef
            err += ((pred - y[~tr]) ** 2).sum()
        if err < best_err:
            best, best_err = lam, err
    coef = fit(np.arange(n), best)
    pred = np.concatenate([xc, covariates], axis=1) @ coef
    r2 = 1 - ((y - pred) ** 2).sum() / max(((y - y.mean()) ** 2).sum(), 1e-12)
    return coef[:dim], {"lambda": best, "r2_in_sample": float(r2), "cv_mse": float(best_err / n)}


def unit(v: np.ndarray) -> np.ndarray:
    return v / max(np.linalg.norm(v), 1e-12)


def find_semantic(g, measure: Measurer, n: int = 2000, device: str = "cpu", calib_knees: int = 64,
                  calib_rounds: int = 2, nuisances=("brightness", "contrast")) -> dict:
    """The JSN and osteophyte directions (unit vectors in w) and how they were fitted."""
    seeds = range(SEED_FIND, SEED_FIND + n)
    w = sample_w(g, seeds)
    rng = np.random.default_rng(0)
    grades = rng.integers(0, 5, size=n)
    images = synthesize_w(g, w, torch.from_numpy(grades.astype(np.float32)), device=device)
    d = measure(images)
    onehot = np.eye(5)[grades]
    wn = w.double().numpy()
    grad_jsw, fit_jsw = ridge(wn, d["joint_space_width_px"], onehot)
    grad_kl, fit_kl = ridge(wn, d["grader_kl"], onehot)
    # Nuisances: global brightness and contrast also move the measured width (and the grader), so
    # their gradients are projected out of both directions: a slider should not just brighten.
    nuisance = [ridge(wn, d[key], onehot)[0] for key in nuisances]
    q = np.linalg.qr(np.stack(nuisance, axis=1))[0] if nuisance else np.zeros((wn.shape[1], 0))

    def project_out(v, basis):
        return v - basis @ (basis.T @ v)

    d_jsn = -unit(project_out(grad_jsw, q))  # positive = narrower
    q2 = np.linalg.qr(np.concatenate([q, d_jsn[:, None]], axis=1))[0]
    d_ost = unit(project_out(grad_kl, q2))
    spread = wn - wn.mean(0)
    sig_jsn = float((spread @ d_jsn).std())
    # The regression gradient is a noisy estimate, so the projection above leaves some width change.
    # Remove what is left by measurement: finite-difference width slopes along both directions on
    # calibration knees (seeds used neither for fitting nor for reporting), then subtract the
    # multiple of the JSN direction that cancels the osteophyte direction's width slope.
    calib = []
    step = 3.0 * sig_jsn

    def slopes(direction):
        d = torch.from_numpy(direction.astype(np.float32))
        hi = measure(synthesize_w(g, cw + step * d, torch.from_numpy(cg), device=device))
        lo = measure(synthesize_w(g, cw - step * d, torch.from_numpy(cg), device=device))
        return ((hi["joint_space_width_px"] - lo["joint_space_width_px"]).mean() / (2 * step),
                (hi["grader_kl"] - lo["grader_kl"]).mean() / (2 * step))

    chosen = None
    if calib_knees:
        cw = sample_w(g, range(SEED_FIND + n, SEED_FIND + n + calib_knees))
        cg = rng.integers(0, 5, size=calib_knees).astype(np.float32)
        s_jsn, _ = slopes(d_jsn)
        candidates = []
        for r in range(calib_rounds + 1):
            s_ost, k_ost = slopes(d_ost)
            candidates.append(d_ost)
            calib.append({"round": r, "jsw_slope_osteophytes": float(s_ost), "kl_slope_osteophytes": float(k_ost),
                          "jsw_slope_jsn": float(s_jsn)})
            if abs(s_jsn) < 1e-9 or r == calib_rounds:
                break
            d_ost = unit(d_ost - (s_ost / s_jsn) * d_jsn)
        # keep the candidate whose width slope on the calibration knees is smallest
        chosen = int(np.argmin([abs(c["jsw_slope_osteophytes"]) for c in calib]))
        d_ost = candidates[chosen]
    return {
        "jsn": d_jsn, "osteophytes": d_ost,
        "sigma": {"jsn": sig_jsn, "osteophytes": float((spread @ d_ost).std())},
        "fit": {"jsw": fit_jsw, "kl": fit_kl, "n": n, "calibration_knees": calib_knees, "calibration": calib,
                "calibration_chosen_round": chosen,
                "cos_kl_gradient_vs_jsn": float(unit(grad_kl) @ d_jsn),
                "nuisances_projected_out": list(nuisances),
                "cos_width_gradient_vs_jsn": float(-unit(grad_jsw) @ d_jsn)},
    }


def find_principal(g, k: int = 5, n: int = 10000) -> dict:
    w = sample_w(g, range(SEED_PCA, SEED_PCA + n)).double().numpy()
    wc = w - w.mean(0)
    _, s, vt = np.linalg.svd(wc, full_matrices=False)
    var = s ** 2 / (n - 1)
    return {"vectors": vt[:k], "sigma": np.sqrt(var[:k]), "explained": (var[:k] / var.sum()).tolist(), "n": n}


def find_directions(g, grader, jsw_fn=None, n_find: int = 2000, n_pca: int = 10000, k: int = 5, knees: int = 64,
                    range_sigmas: float = 3.0, labels: dict = None, device: str = "cpu", keep_images: bool = False,
                    calib_knees: int = None, principal_knees: int = None, jsw_targets=None):
    """All directions as manifest entries (plus sweeps/heat maps when keep_images). jsw_targets:
    (real KL 0 median, real KL 4 10th percentile) minimum JSW in pixels at the generator's size,
    the JSN slider's two ends."""
    measure = Measurer(grader, jsw_fn, device)
    labels = labels or {}
    calib_knees = knees if calib_knees is None else calib_knees
    sem = find_semantic(g, measure, n_find, device, calib_knees=calib_knees)
    pcs = find_principal(g, k, n_pca)
    found = [
        ("jsn", "Joint-space narrowing", "semantic", sem["jsn"], sem["sigma"]["jsn"],
         f"ridge regression of measured minimum joint-space width (core/measure/jsw.ts) on w over {n_find} generated "
         "knees at random grades (grade as covariate); minus the gradient, with the brightness and contrast "
         "gradients (same regression) projected out; unit length",
         "Narrows the joint space (positive) or widens it (negative)."),
        ("osteophytes", "Osteophytes", "semantic", sem["osteophytes"], sem["sigma"]["osteophytes"],
         f"ridge regression of the grader's expected KL on w over the same {n_find} knees (grade as covariate), "
         "with the JSN direction and the brightness and contrast gradients projected out, then the remaining measured width slope cancelled "
         f"with the JSN direction (finite differences on {calib_knees} separate calibration knees); unit length",
         "Raises the signs the grader reads as osteoarthritis other than joint-space width."),
    ]
    for i in range(k):
        found.append((f"pc{i + 1}", f"Principal component {i + 1}", "principal", pcs["vectors"][i], float(pcs["sigma"][i]),
                      f"principal component {i + 1} of w over {n_pca} mapped latents "
                      f"({100 * pcs['explained'][i]:.1f}% of w variance)", ""))
    out, extras = [], {}
    for did, label, kind, vec, sigma, method, desc in found:
        r = float(range_sigmas * sigma)
        n_knees = knees if kind == "semantic" else (principal_knees or knees)
        calibration = None
        if kind == "semantic" and (did != "jsn" or jsw_targets):
            calibration = calibrate(g, measure, did, vec, sigma, jsw_targets, min(calib_knees or 32, 48), device)
            r_lo, r_hi = calibration["range"]
        else:
            r_lo, r_hi = -r, r
        eff, imgs, change = measure_direction(g, measure, vec, (r_lo, r_hi), n_knees, device=device, return_images=True)
        if calibration:
            eff["calibration"] = calibration
        if kind == "principal":
            # orient so the strongest measured descriptor increases with the slider
            s = eff["standardised_change_over_range"]
            key = max(s, key=lambda kk: abs(s[kk]))
            if s[key] < 0:  # the same sweep read backwards (the range is symmetric)
                vec = -vec
                eff, imgs, change = measure_direction(g, measure, vec, (-r, r), n_knees, device=device,
                                                      return_images=True, images=np.ascontiguousarray(imgs[::-1]))
            auto, auto_desc = auto_label(eff)
            taken = {d["label"] for d in out}
            if did not in labels and auto in taken:  # two sliders must never share a name
                auto = f"{auto} ({did})"
            label, desc = labels.get(did, {}).get("label", auto), labels.get(did, {}).get("description", auto_desc)
            eff["label_source"] = "person, from slider sweeps" if did in labels else "automatic, from measured effect"
        eff["sigma_w"] = sigma
        eff["range_in_sigmas"] = range_sigmas
        out.append({"id": did, "label": label, "description": desc, "space": "w",
                    "vector": [float(x) for x in unit(np.asarray(vec, np.float64))], "range": [r_lo, r_hi],
                    "kind": kind, "method": method, "effect": eff})
        if keep_images:
            extras[did] = {"images": imgs, "change": change}
    jsn = next(d for d in out if d["id"] == "jsn")["effect"]
    ost = next(d for d in out if d["id"] == "osteophytes")["effect"]
    summary = {
        "jsn_spearman": jsn["jsw_spearman_mean_curve"],
        "jsn_spearman_pooled": jsn["jsw_spearman_pooled"],
        "jsn_spearman_per_knee_mean": jsn["jsw_spearman_per_knee_mean"],
        "jsn_jsw_px_per_unit": jsn["jsw_per_unit"],
        "osteophyte_jsw_px_per_unit": ost["jsw_per_unit"],
        "osteophyte_jsw_ratio": abs(ost["jsw_per_unit"]) / max(abs(jsn["jsw_per_unit"]), 1e-12),
        "osteophyte_kl_per_unit": ost["kl_per_unit"],
        "osteophyte_kl_spearman": ost["kl_spearman_mean_curve"],
        "jsn_jsw_px_at_ends": jsn["jsw_px_at_ends"],
        "jsn_targets_px": list(jsw_targets) if jsw_targets else None,
        "osteophyte_kl_change": ost["grader_kl_at_ends"][1] - ost["grader_kl_at_ends"][0],
        "osteophyte_jsw_change_fraction": abs(ost["jsw_px_at_ends"][1] - ost["jsw_px_at_ends"][0])
        / max(float(np.mean(ost["mean_jsw_px"])), 1e-9),
        "osteophyte_margin_change_share": ost["joint_margin_change_share"],
        "osteophyte_margin_area_share": ost["joint_margin_area_share"],
        "jsn_kl_per_unit": jsn["kl_per_unit"],
        "fit": sem["fit"], "pca_explained": pcs["explained"],
    }
    return out, summary, extras

