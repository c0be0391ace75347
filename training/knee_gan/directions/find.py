"""Finding the latent directions: ridge regression of measured widths and read grades on w (the
semantic sliders), principal components of w, and the manifest entries with their measured effect
(see the package's docstring for the method)."""
import numpy as np
import torch

from ..metrics.common import synthesize_w
from ..masks import joint_margin_mask, mask_tensor
from .measure import Measurer, auto_label, calibrate, edited, joint_row_of, measure_direction, sample_w, supports_masks

SEED_FIND = 3_000_000      # seeds for finding directions
SEED_PCA = 5_000_000
SEED_FIND_GRADE = 3_500_000  # knees for the grade-space osteophyte direction
NUISANCES = ("brightness", "contrast")
# The width slope cancelled along the osteophyte direction is the secant over about the slider's range
# (in sigmas): the wanted grade span (measure.OSTEOPHYTE_KL_SPAN, -0.5 to +1.2) is asymmetric, and the
# width bends away from a straight line at the far end: cancelling the slope at 0 (a secant over
# +-2 sigma) still left the ends 12% of the width apart on the 1.72M-image generator.
OSTEOPHYTE_SECANT = (-1.5, 3.25)
# A masked offset moves only part of the image, so it takes larger offsets for the same read grade
# (about 2.5 times, measured on calibration knees with the joint-margin mask): the calibration sweep
# reaches that much further.
MASKED_REACH = 2.5
# Knees the JSN slider's range is calibrated on. Its start (the real KL 0 median width) lies only about
# 0.5 px above the generated knees' mean, and a mean over 48 knees varies by about 0.3 px (per-knee SD
# about 2 px): on knee-lite224f's generator 48 calibration knees averaged 7.55 px where 256 averaged
# 7.21 and the 128 measuring knees 7.17, so the range started too early and the measured start fell
# 0.34 px short.
JSN_CALIBRATION_KNEES = 256


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


def project_out(v: np.ndarray, basis: np.ndarray) -> np.ndarray:
    return v - basis @ (basis.T @ v)


def find_jsn(g, measure: Measurer, n: int = 2000, device: str = "cpu", nuisances=NUISANCES) -> dict:
    """The JSN direction in w: minus the width gradient, with the nuisances' gradients projected out
    (brightening also reads as narrower: a slider should not just brighten)."""
    w = sample_w(g, range(SEED_FIND, SEED_FIND + n))
    grades = np.random.default_rng(0).integers(0, 5, size=n)
    d = measure(synthesize_w(g, w, torch.from_numpy(grades.astype(np.float32)), device=device))
    onehot = np.eye(5)[grades]
    wn = w.double().numpy()
    grad_jsw, fit_jsw = ridge(wn, d["joint_space_width_px"], onehot)
    q = np.linalg.qr(np.stack([ridge(wn, d[key], onehot)[0] for key in nuisances], axis=1))[0]
    d_jsn = -unit(project_out(grad_jsw, q))  # positive = narrower
    return {"vector": d_jsn, "sigma": float(((wn - wn.mean(0)) @ d_jsn).std()),
            "fit": {"jsw": fit_jsw, "n": n, "cos_width_gradient_vs_jsn": float(-unit(grad_jsw) @ d_jsn)}}


def grade_basis(g) -> tuple:
    """An orthonormal basis (D, 4) of the span of the grade table's centred rows, the rows' spread
    along each basis vector, and the centred rows: the part of the grade embedding training shaped."""
    table = g.grade_table.detach().double().cpu().numpy()
    centred = table - table.mean(0)
    _, s, vt = np.linalg.svd(centred, full_matrices=False)
    k = table.shape[0] - 1
    return vt[:k].T, s[:k] / np.sqrt(table.shape[0]), centred


def find_osteophytes(g, measure: Measurer, n: int = 800, device: str = "cpu", calib_knees: int = 64,
                     calib_rounds: int = 3, nuisances=NUISANCES) -> dict:
    """The osteophyte direction in the grade embedding: what moves a knee towards a higher grade,
    minus what narrows its joint space. Knees at random continuous grades get random offsets in the
    span of the grade table's rows (scaled to the rows' spread); ridge regression of the grader's
    expected KL, the width and the nuisances on the offsets; the KL gradient with the width and
    nuisance gradients projected out. The width slope still measured along it (finite differences
    on separate calibration knees) is then cancelled with the grade-space narrowing direction. (Found
    without the slider's mask: fitted through the mask, the grade response is weaker and the
    narrowing direction too weak to cancel the width with, which left a worse direction.)"""
    basis, spread, rows = grade_basis(g)
    rng = np.random.default_rng(0)
    w = sample_w(g, range(SEED_FIND_GRADE, SEED_FIND_GRADE + n))
    kl = rng.uniform(0, 4, size=n)
    coef = rng.normal(size=(n, basis.shape[1]))  # offsets in units of the rows' spread
    d = measure(synthesize_w(g, w, kl, device=device, grade_offset=(coef * spread) @ basis.T))
    covariates = np.stack([np.ones(n), kl, kl ** 2], axis=1)
    fits = {key: ridge(coef, d[key], covariates) for key in ("grader_kl", "joint_space_width_px", *nuisances)}
    q = np.linalg.qr(np.stack([fits[key][0] for key in ("joint_space_width_px", *nuisances)], axis=1))[0]

    def to_embedding(v):
        return unit(basis @ (v * spread))

    d_ost = to_embedding(project_out(fits["grader_kl"][0], q))
    d_narrow = to_embedding(-fits["joint_space_width_px"][0])
    sigma = float((rows @ d_ost).std())  # how far apart the grades lie along it
    calib, chosen = [], None
    if calib_knees:
        cw = sample_w(g, range(SEED_FIND_GRADE + n, SEED_FIND_GRADE + n + calib_knees))
        cg = rng.uniform(0, 4, size=calib_knees)
        lo_step, hi_step = OSTEOPHYTE_SECANT[0] * sigma, OSTEOPHYTE_SECANT[1] * sigma

        def slopes(direction):
            hi = measure(edited(g, cw, cg, direction, hi_step, "grade", device))
            lo = measure(edited(g, cw, cg, direction, lo_step, "grade", device))
            return ((hi["joint_space_width_px"] - lo["joint_space_width_px"]).mean() / (hi_step - lo_step),
                    (hi["grader_kl"] - lo["grader_kl"]).mean() / (hi_step - lo_step))

        s_narrow, _ = slopes(d_narrow)
        candidates = []
        for r in range(calib_rounds + 1):
            s_ost, k_ost = slopes(d_ost)
            candidates.append(d_ost)
            calib.append({"round": r, "jsw_slope_osteophytes": float(s_ost), "kl_slope_osteophytes": float(k_ost),
                          "jsw_slope_narrowing": float(s_narrow)})
            if abs(s_narrow) < 1e-9 or r == calib_rounds:
                break
            d_ost = unit(d_ost - (s_ost / s_narrow) * d_narrow)
        chosen = int(np.argmin([abs(c["jsw_slope_osteophytes"]) for c in calib]))  # the flattest width
        d_ost = candidates[chosen]
    return {"vector": d_ost, "sigma": float((rows @ d_ost).std()),
            "fit": {"kl": fits["grader_kl"][1], "jsw": fits["joint_space_width_px"][1], "n": n,
                    "gradients_per_spread": {key: fit[0].tolist() for key, fit in fits.items()},
                    "grade_basis_spread": spread.tolist(), "calibration_knees": calib_knees, "calibration": calib,
                    "calibration_chosen_round": chosen, "nuisances_projected_out": list(nuisances)}}


def find_principal(g, k: int = 5, n: int = 10000) -> dict:
    w = sample_w(g, range(SEED_PCA, SEED_PCA + n)).double().numpy()
    wc = w - w.mean(0)
    _, s, vt = np.linalg.svd(wc, full_matrices=False)
    var = s ** 2 / (n - 1)
    return {"vectors": vt[:k], "sigma": np.sqrt(var[:k]), "explained": (var[:k] / var.sum()).tolist(), "n": n}


def find_directions(g, grader, jsw_fn=None, n_find: int = 2000, n_pca: int = 10000, k: int = 5, knees: int = 64,
                    range_sigmas: float = 3.0, labels: dict = None, device: str = "cpu", keep_images: bool = False,
                    calib_knees: int = None, principal_knees: int = None, jsw_targets=None,
                    margin_mask: bool = True, jsn_calib_knees: int = JSN_CALIBRATION_KNEES):
    """All directions as manifest entries (plus sweeps/heat maps when keep_images). jsw_targets:
    (real KL 0 median, real KL 4 10th percentile) minimum JSW in pixels at the generator's size,
    the JSN slider's two ends. margin_mask: the osteophyte direction acts only at the joint margins
    (masks.py) where the generator can (knee-lite); else everywhere. jsn_calib_knees: knees the JSN
    range is calibrated on (with calib_knees > 0; the other sliders use min(calib_knees, 48))."""
    measure = Measurer(grader, jsw_fn, device)
    labels = labels or {}
    calib_knees = knees if calib_knees is None else calib_knees
    jsn_found = find_jsn(g, measure, n_find, device)
    n_grade = min(n_find, 800)  # 4 unknowns in the grade span: far fewer knees than for w
    mask = joint_margin_mask(joint_row_of(g, device)) if margin_mask and supports_masks(g) else None
    ost_found = find_osteophytes(g, measure, n_grade, device, calib_knees=calib_knees)
    ost_calibration, ost_how = None, "unmasked fit"
    if mask and calib_knees:
        from .masked import pick_masked_osteophytes  # it builds on this module's helpers

        ost_found, ost_calibration, ost_how = pick_masked_osteophytes(g, measure, ost_found, mask,
                                                                      min(calib_knees, 48), device)
    pcs = find_principal(g, k, n_pca)
    found = [
        ("jsn", "Joint-space narrowing", "semantic", "w", jsn_found["vector"], jsn_found["sigma"],
         f"ridge regression of measured minimum joint-space width (core/measure/jsw.ts) on w over {n_find} generated "
         "knees at random grades (grade as covariate); minus the gradient, with the brightness and contrast "
         "gradients (same regression) projected out; unit length",
         "Narrows the joint space (positive) or widens it (negative)."),
        ("osteophytes", "Osteophytes", "semantic", "grade", ost_found["vector"], ost_found["sigma"],
         f"in the grade embedding: {n_grade} generated knees at random continuous grades, each with a random "
         "offset in the span of the grade table's rows; ridge regression of the grader's expected KL, the measured "
         "minimum joint-space width, brightness and contrast on the offsets (grade as covariate); the KL gradient "
         "with the other three projected out, then the remaining measured width slope cancelled with the "
         f"grade-space narrowing direction (finite differences on {calib_knees} separate calibration knees); unit length"
         + ("; applied through its mask (the joint margins), so it acts only there, its range calibrated through"
            " the mask" if mask else "")
         + ("; this direction lost to one found through the mask (kept): along each basis vector of the grade span, "
            "the secant of the read grade and the width through the mask, the grade gradient with the width "
            "gradient projected out, which spanned more read grade through the mask"
            if ost_how == "masked secant fit" else ""),
         ("Grows osteophytes and sclerosis at the joint margins (it acts only there), keeping the knee and its "
          "joint-space width." if mask else
          "Raises the signs of osteoarthritis other than joint-space narrowing (osteophytes, sclerosis at the "
          "joint margins), keeping the knee and its joint-space width.")),
    ]
    for i in range(k):
        found.append((f"pc{i + 1}", f"Principal component {i + 1}", "principal", "w", pcs["vectors"][i],
                      float(pcs["sigma"][i]),
                      f"principal component {i + 1} of w over {n_pca} mapped latents "
                      f"({100 * pcs['explained'][i]:.1f}% of w variance)", ""))
    out, extras = [], {}
    for did, label, kind, space, vec, sigma, method, desc in found:
        r = float(range_sigmas * sigma)
        n_knees = knees if kind == "semantic" else (principal_knees or knees)
        own_mask = mask if did == "osteophytes" else None
        own_mask_t = mask_tensor(own_mask) if own_mask else None
        calibration = None
        if did == "osteophytes" and ost_calibration:
            calibration = ost_calibration
            r_lo, r_hi = calibration["range"]
        elif kind == "semantic" and (did != "jsn" or jsw_targets):
            n_cal = jsn_calib_knees if did == "jsn" and calib_knees else min(calib_knees or 32, 48)
            calibration = calibrate(g, measure, did, vec, sigma, jsw_targets, n_cal, device,
                                    space=space, mask=own_mask_t, max_sigmas=6.0 * (MASKED_REACH if own_mask else 1.0))
            r_lo, r_hi = calibration["range"]
        else:
            r_lo, r_hi = -r, r
        eff, imgs, change = measure_direction(g, measure, vec, (r_lo, r_hi), n_knees, device=device, return_images=True,
                                              space=space, mask=own_mask_t)
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
        eff["sigma"] = sigma  # the spread along it in its space (w: of knees; grade: of the grade rows)
        eff["range_in_sigmas"] = range_sigmas
        entry = {"id": did, "label": label, "description": desc, "space": space,
                 "vector": [float(x) for x in unit(np.asarray(vec, np.float64))], "range": [r_lo, r_hi],
                 "kind": kind, "method": method, "effect": eff}
        if own_mask:
            entry["mask"] = own_mask
        out.append(entry)
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
        # over each slider's whole range (per unit would compare units of different spaces)
        "osteophyte_jsw_ratio": abs(ost["jsw_change_over_range"]) / max(abs(jsn["jsw_change_over_range"]), 1e-12),
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
        "fit": {**ost_found["fit"], "jsn": jsn_found["fit"]}, "pca_explained": pcs["explained"],
    }
    return out, summary, extras

