"""The osteophyte direction through the joint-margin mask. The slider acts through the mask, so a
direction found without it (find.find_osteophytes) may read little grade there: on the 1.86M-image
anneal generator it raised the read grade through the mask by 0.3 over its whole range. Here a second
candidate is found through the mask, and the one whose range calibrated through the mask does more
(grade span, with the width held) is kept."""
import numpy as np

from ..masks import mask_tensor
from .find import MASKED_REACH, SEED_FIND_GRADE, grade_basis, project_out, unit
from .measure import SEED_CALIBRATE, Measurer, calibrate, edited, measure_direction, sample_w

# Secant half-width (in spreads of the grade rows) for the masked fit: about the slider's reach.
MASKED_SECANT = 3.0
# The Osteophytes slider may move the minimum joint-space width by less than this fraction (issue 10).
OSTEOPHYTE_WIDTH_LIMIT = 0.10


def calibrate_through_mask(g, measure: Measurer, vec, sigma: float, knees: int, device: str, mask) -> dict:
    """The Osteophytes range as the app applies it: through the mask, reaching as far as find.py lets
    any masked direction reach."""
    return calibrate(g, measure, "osteophytes", vec, sigma, None, knees, device, space="grade", mask=mask,
                     max_sigmas=6.0 * MASKED_REACH)


def calibrated_effect(cal: dict) -> tuple:
    """(read-grade change, width change as a fraction of the mean width) over a calibrated range."""
    a, lo, hi = np.array(cal["sweep_alphas"]), cal["range"][0], cal["range"][1]
    kl, jsw = np.array(cal["sweep_curve"]), np.array(cal["sweep_jsw"])
    width = abs(np.interp(hi, a, jsw) - np.interp(lo, a, jsw)) / max(float(jsw.mean()), 1e-9)
    return float(np.interp(hi, a, kl) - np.interp(lo, a, kl)), float(width)


def best_calibrated(options: list) -> int:
    """Index of the option (grade span, width fraction) to keep: the widest grade span among those that
    raise the grade while the width moves less than OSTEOPHYTE_WIDTH_LIMIT over the range; else the
    most grade per width moved (a width-cancelling round can leave a direction that does nothing: a
    near-zero span with a near-zero width, which "least width" alone would keep)."""
    ok = [i for i, (span, width) in enumerate(options) if width < OSTEOPHYTE_WIDTH_LIMIT and span > 0]
    if ok:
        return max(ok, key=lambda i: options[i][0])
    return max(range(len(options)), key=lambda i: options[i][0] / max(options[i][1], 1e-3))


def find_masked_osteophytes(g, measure: Measurer, mask, device: str = "cpu", knees: int = 48,
                            step: float = MASKED_SECANT, rounds: int = 2) -> dict:
    """The osteophyte direction found through the joint-margin mask: along each basis vector of the
    grade span, the secant (+-step spreads, on separate knees) of the read grade and the measured
    width, both through the mask; the grade gradient with the width gradient projected out. Brightness
    and contrast are not projected out: through the mask they barely move, and each projection
    spends one of the span's four dimensions. The width still moves at the far ends of the range (it
    bends), so, as for the unmasked direction, its secant over the calibrated range is cancelled with
    the masked narrowing direction for `rounds` rounds; each round is calibrated through the mask and
    the best by best_calibrated is kept (with its calibration)."""
    basis, spread, rows = grade_basis(g)
    cw = sample_w(g, range(SEED_FIND_GRADE - knees, SEED_FIND_GRADE))
    cg = np.random.default_rng(3).uniform(0, 4, size=knees)
    grads = {"grader_kl": [], "joint_space_width_px": []}
    for k in range(basis.shape[1]):
        hi = measure(edited(g, cw, cg, basis[:, k], step * spread[k], "grade", device, mask))
        lo = measure(edited(g, cw, cg, basis[:, k], -step * spread[k], "grade", device, mask))
        for key, values in grads.items():
            values.append(float((hi[key] - lo[key]).mean()) / (2 * step))  # per spread
    kl, width = np.array(grads["grader_kl"]), np.array(grads["joint_space_width_px"])
    d = unit(basis @ (project_out(kl, unit(width)[:, None]) * spread))
    d_narrow = unit(basis @ (-width * spread))
    tried = []
    for r in range(rounds + 1):
        sigma = float((rows @ d).std())
        cal = calibrate_through_mask(g, measure, d, sigma, knees, device, mask)
        tried.append({"vector": d, "sigma": sigma, "calibration": cal, "effect": calibrated_effect(cal)})
        if r == rounds:
            break
        lo, hi = cal["range"]

        def width_change(v):  # over the calibrated range, on the calibration knees
            ends = measure_direction(g, measure, v, (lo, hi), knees, steps=2, device=device, seed0=SEED_CALIBRATE,
                                     space="grade", mask=mask)["mean_jsw_px"]
            return ends[1] - ends[0]

        s_d, s_n = width_change(d), width_change(d_narrow)
        if abs(s_n) < 1e-9:
            break
        d = unit(d - (s_d / s_n) * d_narrow)
    chosen = best_calibrated([t["effect"] for t in tried])
    pick = tried[chosen]
    return {"vector": pick["vector"], "sigma": pick["sigma"], "calibration": pick["calibration"],
            "fit": {"knees": knees, "secant_spreads": step, "gradients_per_spread": grads, "chosen_round": chosen,
                    "rounds": [{"grade_span": t["effect"][0], "width_fraction": t["effect"][1],
                                "range": t["calibration"]["range"]} for t in tried]}}


def pick_masked_osteophytes(g, measure: Measurer, found: dict, mask: dict, knees: int, device: str = "cpu"):
    """Of the direction found without the mask and the one found through it, the one kept by
    best_calibrated over ranges calibrated through the mask (the slider acts through the mask).
    Returns (found, its calibration, which)."""
    mask_t = mask_tensor(mask)
    masked = find_masked_osteophytes(g, measure, mask_t, device, knees)
    plain_cal = calibrate_through_mask(g, measure, found["vector"], found["sigma"], knees, device, mask_t)
    options = [("unmasked fit", found, plain_cal), ("masked secant fit", masked, masked["calibration"])]
    effects = [calibrated_effect(cal) for _, _, cal in options]
    name, cand, cal = options[best_calibrated(effects)]
    fit = {**found["fit"], "masked_fit": masked["fit"], "chosen": name,
           "calibrated_effect": {o[0]: {"grade_span": e[0], "width_fraction": e[1]} for o, e in zip(options, effects)}}
    return {"vector": cand["vector"], "sigma": cand["sigma"], "fit": fit}, cal, name
