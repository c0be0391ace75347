"""Measuring a latent direction's effect on generated knees: image descriptors, slider sweeps,
where the change falls, and the slider range that reaches a wanted change (see the package's
docstring for the method)."""
import numpy as np
import torch

from ..grader.model import expected_grade
from ..metrics.common import latents, synthesize_w
from ..metrics.grade_fidelity import spearman
from ..metrics.jsw import available as jsw_available, measure_jsw, min_jsw
from ..pixels import from_uint8

SEED_MEASURE = 4_000_000   # seeds for measuring directions (disjoint from those that find them)
SEED_CALIBRATE = 4_500_000  # knees for choosing the semantic sliders' ranges (disjoint from measuring)
OSTEOPHYTE_KL_SPAN = (-0.5, 1.2)  # expected-grade change wanted at the osteophyte slider's ends


# ---- image descriptors ---------------------------------------------------------------------
def descriptors(images: np.ndarray, jsw: np.ndarray, kl_read: np.ndarray) -> dict:
    """Per-image numbers a slider may move: width, read grade, brightness, contrast, position."""
    x = images.astype(np.float64) / 255.0  # [0, 1]: the descriptors are shares of the grey range
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
            jsw_fn = min_jsw
        self.grader, self.jsw_fn, self.device = grader, jsw_fn, device

    @torch.no_grad()
    def kl(self, images: np.ndarray) -> np.ndarray:
        out = []
        for i in range(0, len(images), 256):
            out.append(expected_grade(self.grader(from_uint8(images[i:i + 256]).to(self.device))).cpu().numpy())
        return np.concatenate(out) if out else np.zeros(0)

    def __call__(self, images: np.ndarray) -> dict:
        return descriptors(images, np.asarray(self.jsw_fn(images), np.float64), self.kl(images))


@torch.no_grad()
def sample_w(g, seeds) -> torch.Tensor:
    return g.map(latents(seeds, g.z_dim).to(next(g.parameters()).device)).cpu()


def supports_masks(g) -> bool:
    """Masked grade offsets need the lite generator's conditional norms (lite.CondNorm)."""
    from ..lite import LiteGenerator

    return isinstance(getattr(g, "generator", g), LiteGenerator)


def joint_row_of_images(images: np.ndarray) -> float:
    """The median of the knees' joint lines (rows, the app's measurement), or 0.6 of the height
    without it. Per knee, not on the mean image: the measurement can lock onto another edge of a
    blurred average (it did, 0.71 h for the osteophyte sweep of knee-lite224c)."""
    if not jsw_available():
        return 0.6 * images.shape[1]
    return float(np.median([r["jointRow"] for r in measure_jsw(images)]))


def joint_row_of(g, device: str = "cpu", knees: int = 64) -> float:
    """Median joint line of generated knees (fresh calibration knees at random grades), as a
    fraction of the height: where the joint-margin mask goes."""
    w = sample_w(g, range(SEED_CALIBRATE + 1000, SEED_CALIBRATE + 1000 + knees))
    grades = np.random.default_rng(2).integers(0, 5, size=knees)
    images = synthesize_w(g, w, torch.from_numpy(grades.astype(np.float32)), device=device)
    return joint_row_of_images(images) / images.shape[1]


def edited(g, w: torch.Tensor, grades, direction, alpha: float, space: str = "w", device: str = "cpu",
           mask=None) -> np.ndarray:
    """uint8 images of knees w at `grades` moved alpha along a direction in w or in the grade
    embedding (with a mask (1, 1, h, w): only where the mask is)."""
    d = float(alpha) * torch.from_numpy(np.asarray(direction, np.float32))
    kl = torch.from_numpy(np.asarray(grades, np.float32))
    if space == "grade":
        return synthesize_w(g, w, kl, device=device, grade_offset=d, mask=mask)
    return synthesize_w(g, w + d, kl, device=device)


def sweep(g, w: torch.Tensor, grades: np.ndarray, direction: np.ndarray, alphas, device: str = "cpu",
          space: str = "w", mask=None) -> np.ndarray:
    """uint8 images (A, N, H, W): each knee moved alpha along the direction, for every alpha."""
    return np.stack([edited(g, w, grades, direction, a, space, device, mask) for a in alphas])


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
    `start` to `end` (either may be None: keep that end of the sweep). Each end is where the curve
    first meets its target going out from 0 on its side (linear interpolation between measured
    points); a target the curve never meets on its side gives the point there that comes closest
    (the curve may turn back at the far end), reported as not reached. The range always holds 0
    (the unedited knee)."""
    def solve(target, side):
        if target is None:
            return None, True
        on_side = np.flatnonzero(side * alphas >= 0)
        order = on_side[np.argsort(side * alphas[on_side])]  # outward from 0
        xs, ys = alphas[order].astype(np.float64), curve[order].astype(np.float64) - target
        for i in range(len(xs) - 1):
            if ys[i] == 0:
                return float(xs[i]), True
            if ys[i] * ys[i + 1] < 0 or ys[i + 1] == 0:
                return float(xs[i] + (xs[i + 1] - xs[i]) * ys[i] / (ys[i] - ys[i + 1])), True
        return float(xs[int(np.argmin(np.abs(ys)))]), False

    lo, lo_ok = solve(start, -1)
    hi, hi_ok = solve(end, +1)
    lo = min(lo if lo is not None else float(alphas[0]), -min_half)
    hi = max(hi if hi is not None else float(alphas[-1]), min_half)
    return {"range": [lo, hi], "start_reached": lo_ok, "end_reached": hi_ok,
            "start_target": start, "end_target": end}


def measure_direction(g, measure: Measurer, direction: np.ndarray, rng_: tuple, knees: int = 64, steps: int = 7,
                      device: str = "cpu", return_images: bool = False, images: np.ndarray = None,
                      seed0: int = SEED_MEASURE, space: str = "w", mask=None):
    """Effect of one direction over its slider range on `knees` fresh knees at random grades
    (`images`: an existing sweep (A, N, H, W) to measure instead of generating one)."""
    alphas = np.linspace(rng_[0], rng_[1], steps)
    if images is None:
        w = sample_w(g, range(seed0, seed0 + knees))
        grades = np.random.default_rng(1).integers(0, 5, size=knees)
        images = sweep(g, w, grades, direction, alphas, device, space, mask)
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
    joint_row = joint_row_of_images(imgs[steps // 2])  # the knees' median joint line, mid-range
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


def calibrate(g, measure: Measurer, did: str, vec: np.ndarray, sigma: float, jsw_targets, knees: int,
              device: str, max_sigmas: float = 6.0, steps: int = 13, space: str = "w", mask=None) -> dict:
    """The slider range from a wide sweep on calibration knees. JSN: from the real KL 0 median minimum
    JSW to the real KL 4 10th percentile (jsw_targets). Osteophytes: expected grade from
    OSTEOPHYTE_KL_SPAN[0] to [1] around the unedited knee's (a span of 1.7 grades)."""
    reach = max_sigmas * sigma
    alphas = np.linspace(-reach, reach, steps)
    eff = measure_direction(g, measure, vec, (-reach, reach), knees, steps=steps, device=device, seed0=SEED_CALIBRATE,
                            space=space, mask=mask)
    if did == "jsn":
        curve, start, end = np.array(eff["mean_jsw_px"]), jsw_targets[0], jsw_targets[1]
    else:
        curve = np.array(eff["mean_grader_kl"])
        mid = float(np.interp(0.0, alphas, curve))
        start, end = mid + OSTEOPHYTE_KL_SPAN[0], mid + OSTEOPHYTE_KL_SPAN[1]
    out = calibrated_range(alphas, curve, start, end, min_half=0.25 * sigma)
    out.update({"knees": knees, "sweep_sigmas": max_sigmas, "sweep_alphas": alphas.tolist(),
                "sweep_curve": curve.tolist(), "quantity": "mean_jsw_px" if did == "jsn" else "mean_grader_kl",
                "sweep_jsw": eff["mean_jsw_px"]})
    return out

