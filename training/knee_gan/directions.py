"""Latent directions in w for the app's sliders, each with its measured effect.

  python3 -m knee_gan.directions --checkpoint ~/runs/cpu128/checkpoint.pt --grader ~/runs/grader/grader.pt \
      --out ~/runs/eval/directions.json [--labels labels.json]

(`knee_gan.evaluate` runs this too; `--relabel EVAL_DIR --labels labels.json` only writes labels a
person chose after looking at the sweeps into an evaluation's files and re-renders its card.)
Every direction is a unit vector in w (the contract applies it after truncation: w += alpha * d)
with the fields contract/manifest.schema.json asks for:
`{"id", "label", "space": "w", "vector", "range", "kind", "method", "effect"}`.

- **jsn** (semantic): ridge regression of the measured minimum joint-space width (core/measure/jsw.ts)
  on w over many generated knees at random grades (grade as a covariate); the direction is minus
  the regression gradient, so a positive slider narrows the joint space. The gradients of global
  brightness and contrast (same regression) are projected out: brightening also reads as narrower.
- **osteophytes** (semantic): ridge regression of the grader's expected KL on w (grade held as a
  covariate: what in the *latent* makes a knee read as more diseased), with the width gradient
  projected out; then, because that gradient is a noisy estimate, the width slope still measured
  along it (finite differences on separate calibration knees) is cancelled with the JSN direction.
- **pc1..pcK** (principal): principal components of w; labels are read off slider sweeps by a
  person (`--labels`), else made from the measured effect (the descriptor that moves most).

Effects are measured on knees and seeds not used to find the direction: JSW (pixels) and the
grader's expected KL along a grid over the slider range, Spearman rank correlations, slopes per
unit of slider, and the share of the pixel change that falls in the joint band.
"""
import argparse
import json
import os

import numpy as np
import torch

from .metrics.common import as_float, latents, synthesize_w
from .metrics.grade_fidelity import spearman

SEED_FIND = 3_000_000      # seeds for finding directions
SEED_MEASURE = 4_000_000   # seeds for measuring them (disjoint)
SEED_PCA = 5_000_000


# ---- image descriptors ---------------------------------------------------------------------
def descriptors(images: np.ndarray, jsw: np.ndarray, kl_read: np.ndarray) -> dict:
    """Per-image numbers a slider may move: width, read grade, brightness, contrast, position."""
    x = images.astype(np.float64) / 255.0
    h, w = x.shape[1:]
    col = x.mean(1)  # (N, W) column profile
    row = x.mean(2)
    cols, rows = np.arange(w) / w, np.arange(h) / h
    return {
        "joint_space_width_px": jsw,
        "grader_kl": kl_read,
        "brightness": x.mean((1, 2)),
        "contrast": x.std((1, 2)),
        "horizontal_centre": (col * cols).sum(1) / col.sum(1),
        "vertical_centre": (row * rows).sum(1) / row.sum(1),
        "edge_energy": np.abs(np.diff(x, axis=1)).mean((1, 2)) + np.abs(np.diff(x, axis=2)).mean((1, 2)),
    }


DESCRIPTOR_WORDS = {
    "joint_space_width_px": ("wider joint space", "narrower joint space"),
    "grader_kl": ("reads as more severe (higher KL)", "reads as milder (lower KL)"),
    "brightness": ("brighter image", "darker image"),
    "contrast": ("more contrast", "less contrast"),
    "horizontal_centre": ("knee shifts right", "knee shifts left"),
    "vertical_centre": ("knee shifts down", "knee shifts up"),
    "edge_energy": ("sharper bone texture", "smoother, softer texture"),
}


class Measurer:
    """Reads generated images: JSW (the app's measurement) and the grader's expected KL."""

    def __init__(self, grader, jsw_fn=None, device: str = "cpu"):
        if jsw_fn is None:
            from .metrics.jsw import min_jsw
            jsw_fn = min_jsw
        self.grader, self.jsw_fn, self.device = grader, jsw_fn, device

    @torch.no_grad()
    def kl(self, images: np.ndarray) -> np.ndarray:
        from .grader.model import expected_grade
        out = []
        for i in range(0, len(images), 256):
            out.append(expected_grade(self.grader(as_float(images[i:i + 256]).to(self.device))).cpu().numpy())
        return np.concatenate(out) if out else np.zeros(0)

    def __call__(self, images: np.ndarray) -> dict:
        return descriptors(images, np.asarray(self.jsw_fn(images), np.float64), self.kl(images))


# ---- finding -------------------------------------------------------------------------------
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


@torch.no_grad()
def sample_w(g, seeds) -> torch.Tensor:
    return g.map(latents(seeds, g.z_dim).to(next(g.parameters()).device)).cpu()


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


# ---- measuring -----------------------------------------------------------------------------
def sweep(g, w: torch.Tensor, grades: np.ndarray, direction: np.ndarray, alphas, device: str = "cpu") -> np.ndarray:
    """uint8 images (A, N, H, W): each knee at w + alpha * direction for every alpha."""
    d = torch.from_numpy(np.asarray(direction, np.float32))
    kl = torch.from_numpy(grades.astype(np.float32))
    return np.stack([synthesize_w(g, w + float(a) * d, kl, device=device) for a in alphas])


def joint_band_share(change: np.ndarray, joint_row: float, half: float) -> dict:
    """Share of the absolute change map inside rows joint_row ± half, against the band's area share."""
    h = change.shape[0]
    lo, hi = int(max(0, round(joint_row - half))), int(min(h, round(joint_row + half) + 1))
    total = change.sum()
    inside = change[lo:hi].sum()
    return {"joint_band_change_share": float(inside / total) if total > 0 else 0.0,
            "joint_band_area_share": float((hi - lo) / h), "joint_band_rows": [lo, hi]}


def joint_margin_share(change: np.ndarray, joint_row: float) -> dict:
    """Share of the absolute change map at the joint margins, where osteophytes grow: rows within
    0.12 h of the joint line and columns in the outer 35% on either side (the condyle and plateau
    edges), against that region's share of the image area."""
    h, w = change.shape
    rows = np.abs(np.arange(h) - joint_row) <= 0.12 * h
    cols = (np.arange(w) <= 0.35 * w) | (np.arange(w) >= 0.65 * w)
    region = rows[:, None] & cols[None, :]
    total = change.sum()
    return {"joint_margin_change_share": float(change[region].sum() / total) if total > 0 else 0.0,
            "joint_margin_area_share": float(region.mean())}


def calibrated_range(alphas: np.ndarray, curve: np.ndarray, start, end, min_half: float) -> dict:
    """Slider range [lo, hi] over which the knee-averaged `curve` (measured at `alphas`) goes from
    `start` to `end` (either may be None: keep that end of the sweep). Linear interpolation between
    measured points; a target outside the measured curve is clamped to the sweep's end and reported
    as not reached. The range always holds 0 (the unedited knee)."""
    def solve(target):
        if target is None:
            return None, True
        increasing = curve[-1] >= curve[0]
        xs, ys = (alphas, curve) if increasing else (alphas[::-1], curve[::-1])
        reached = ys.min() <= target <= ys.max()
        return float(np.interp(target, ys, xs)), bool(reached)

    lo, lo_ok = solve(start)
    hi, hi_ok = solve(end)
    lo = min(lo if lo is not None else float(alphas[0]), -min_half)
    hi = max(hi if hi is not None else float(alphas[-1]), min_half)
    return {"range": [lo, hi], "start_reached": lo_ok, "end_reached": hi_ok,
            "start_target": start, "end_target": end}


def measure_direction(g, measure: Measurer, direction: np.ndarray, rng_: tuple, knees: int = 64, steps: int = 7,
                      device: str = "cpu", return_images: bool = False, images: np.ndarray = None,
                      seed0: int = SEED_MEASURE):
    """Effect of one direction over its slider range on `knees` fresh knees at random grades
    (`images`: an existing sweep (A, N, H, W) to measure instead of generating one)."""
    alphas = np.linspace(rng_[0], rng_[1], steps)
    if images is None:
        w = sample_w(g, range(seed0, seed0 + knees))
        grades = np.random.default_rng(1).integers(0, 5, size=knees)
        images = sweep(g, w, grades, direction, alphas, device)
    imgs = images
    a, n = imgs.shape[:2]
    desc = measure(imgs.reshape(a * n, *imgs.shape[2:]))
    desc = {k: v.reshape(a, n) for k, v in desc.items()}
    jsw = desc["joint_space_width_px"]
    span = alphas[-1] - alphas[0]
    effect = {"alphas": alphas.tolist(), "knees": knees,
              "mean_jsw_px": jsw.mean(1).tolist(), "mean_grader_kl": desc["grader_kl"].mean(1).tolist()}
    # Spearman of the knee-averaged curve, of all (alpha, value) pairs, and per knee (mean)
    aa = np.repeat(alphas, n)
    for key, short in (("joint_space_width_px", "jsw"), ("grader_kl", "kl")):
        v = desc[key]
        per_knee = [spearman(alphas, v[:, j]) for j in range(n)]
        per_knee = [p for p in per_knee if np.isfinite(p)]
        effect[f"{short}_spearman_mean_curve"] = spearman(alphas, v.mean(1))
        effect[f"{short}_spearman_pooled"] = spearman(aa, v.reshape(-1))
        effect[f"{short}_spearman_per_knee_mean"] = float(np.mean(per_knee)) if per_knee else float("nan")
        effect[f"{short}_per_unit"] = float(np.polyfit(alphas, v.mean(1), 1)[0])
        effect[f"{short}_change_over_range"] = float(np.polyfit(alphas, v.mean(1), 1)[0] * span)
    # every descriptor's slope, in units of its spread across knees (for labelling)
    std_slopes = {}
    for key, v in desc.items():
        spread = v[steps // 2].std() + 1e-9
        std_slopes[key] = float(np.polyfit(alphas, v.mean(1), 1)[0] * span / spread)
    effect["standardised_change_over_range"] = std_slopes
    change = np.abs(imgs[-1].astype(np.float64) - imgs[0].astype(np.float64)).mean(0)
    h = imgs.shape[2]
    from .metrics.jsw import available  # joint row of the mean image, if the measurement is available
    joint_row = 0.6 * h
    try:
        if available():
            from .metrics.jsw import measure_jsw
            joint_row = measure_jsw(imgs[steps // 2].mean(0, keepdims=True).round().astype(np.uint8))[0]["jointRow"]
    except Exception:  # noqa: BLE001 - the share is a description, the default row is fine
        pass
    effect.update(joint_band_share(change, joint_row, 0.1 * h))
    effect.update(joint_margin_share(change, joint_row))
    effect["jsw_px_at_ends"] = [float(jsw[0].mean()), float(jsw[-1].mean())]
    effect["grader_kl_at_ends"] = [float(desc["grader_kl"][0].mean()), float(desc["grader_kl"][-1].mean())]
    effect["jsw_px_at_ends_per_knee"] = [jsw[0].tolist(), jsw[-1].tolist()]
    effect["mean_abs_pixel_change_over_range"] = float(change.mean())
    if return_images:
        return effect, imgs, change
    return effect


def auto_label(effect: dict) -> tuple:
    """(label, description) from the descriptor that moves most over the range (a fallback only)."""
    s = effect["standardised_change_over_range"]
    key = max(s, key=lambda k: abs(s[k]))
    up, down = DESCRIPTOR_WORDS[key]
    words = up if s[key] > 0 else down
    return words[0].upper() + words[1:], f"measured: mostly {words} ({s[key]:+.2f} SD of {key} over the range)"


SEED_CALIBRATE = 4_500_000  # knees for choosing the semantic sliders' ranges (disjoint from measuring)
OSTEOPHYTE_KL_SPAN = (-0.5, 1.2)  # expected-grade change wanted at the osteophyte slider's ends


def calibrate(g, measure: Measurer, did: str, vec: np.ndarray, sigma: float, jsw_targets, knees: int,
              device: str, max_sigmas: float = 6.0, steps: int = 13) -> dict:
    """The slider range from a wide sweep on calibration knees. JSN: from the real KL 0 median minimum
    JSW to the real KL 4 10th percentile (jsw_targets). Osteophytes: expected grade from
    OSTEOPHYTE_KL_SPAN[0] to [1] around the unedited knee's (a span of 1.7 grades)."""
    reach = max_sigmas * sigma
    alphas = np.linspace(-reach, reach, steps)
    eff = measure_direction(g, measure, vec, (-reach, reach), knees, steps=steps, device=device, seed0=SEED_CALIBRATE)
    if did == "jsn":
        curve, start, end = np.array(eff["mean_jsw_px"]), jsw_targets[0], jsw_targets[1]
    else:
        curve = np.array(eff["mean_grader_kl"])
        mid = float(np.interp(0.0, alphas, curve))
        start, end = mid + OSTEOPHYTE_KL_SPAN[0], mid + OSTEOPHYTE_KL_SPAN[1]
    out = calibrated_range(alphas, curve, start, end, min_half=0.25 * sigma)
    out.update({"knees": knees, "sweep_sigmas": max_sigmas, "sweep_alphas": alphas.tolist(),
                "sweep_curve": curve.tolist(), "quantity": "mean_jsw_px" if did == "jsn" else "mean_grader_kl"})
    return out


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


def sweep_figure(images: np.ndarray, alphas, path: str, title: str, rows: int = 4):
    """Rows: knees; columns: slider values."""
    from .metrics.common import montage
    rows = min(rows, images.shape[1])
    montage([[images[j, i] for j in range(images.shape[0])] for i in range(rows)], path, title,
            col_labels=[f"{a:+.1f}" for a in alphas])


def heatmap_figure(changes: dict, means: dict, path: str):
    """Mean |image(+range) - image(-range)| per direction, over the mean image."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    keys = list(changes)
    fig, axes = plt.subplots(1, len(keys), figsize=(3 * len(keys), 3.2), squeeze=False)
    for ax, k in zip(axes[0], keys):
        ax.imshow(means[k], cmap="gray", vmin=0, vmax=255)
        im = ax.imshow(changes[k], cmap="inferno", alpha=0.65)
        ax.set_title(f"{k}: mean |change| over range", fontsize=8)
        ax.axis("off")
        fig.colorbar(im, ax=ax, fraction=0.046, pad=0.04, label="grey levels")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def relabel(eval_dir: str, labels: dict) -> list:
    """Put labels written after looking at the sweeps into an evaluation's direction files (and card)."""
    path = os.path.join(eval_dir, "directions.json")
    with open(path) as f:
        dump = json.load(f)
    for d in dump["directions"]:
        if d["id"] in labels:
            d["label"] = labels[d["id"]]["label"]
            d["description"] = labels[d["id"]].get("description", d.get("description", ""))
            d["effect"]["label_source"] = "person, from slider sweeps"
    with open(path, "w") as f:
        json.dump(dump, f, indent=1, allow_nan=False)
    with open(os.path.join(eval_dir, "manifest-directions.json"), "w") as f:
        json.dump(dump["directions"], f, indent=1, allow_nan=False)
    if os.path.exists(os.path.join(eval_dir, "model-card.md")):
        from .model_card import write_model_card
        write_model_card(eval_dir)
    return dump["directions"]


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--relabel", metavar="EVAL_DIR", help="only apply --labels to an evaluation folder's directions")
    p.add_argument("--checkpoint")
    p.add_argument("--grader")
    p.add_argument("--out", help="directions JSON to write")
    p.add_argument("--labels", help="JSON {id: {label, description}} written after looking at the sweeps")
    p.add_argument("--n-find", type=int, default=2000)
    p.add_argument("--knees", type=int, default=128, help="knees to measure the semantic directions on")
    p.add_argument("--principal-knees", type=int, default=32, help="knees to measure the principal directions on")
    p.add_argument("--principal", type=int, default=5)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    args = p.parse_args(argv)
    if args.relabel:
        if not args.labels:
            p.error("--relabel needs --labels")
        for d in relabel(args.relabel, json.load(open(args.labels))):
            print(f"{d['id']}: {d['label']}")
        return
    if not (args.checkpoint and args.grader and args.out):
        p.error("--checkpoint, --grader and --out are required (unless --relabel)")
    torch.set_num_threads(args.threads)
    from .grader.model import load_grader
    from .loading import load_generator
    g, grader = load_generator(args.checkpoint), load_grader(args.grader)
    labels = json.load(open(args.labels)) if args.labels else None
    dirs, summary, _ = find_directions(g, grader, n_find=args.n_find, k=args.principal, knees=args.knees, labels=labels,
                                   principal_knees=args.principal_knees)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    from .evaluate import finite
    with open(args.out, "w") as f:
        json.dump(finite({"directions": dirs, "summary": summary}), f, indent=1, allow_nan=False)
    print(json.dumps({k: v for k, v in summary.items() if k != "fit"}, indent=1))


if __name__ == "__main__":
    main()
