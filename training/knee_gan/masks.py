"""Spatial masks for grade-space directions (contract/README.md, "Masked directions").

A masked direction's grade offset moves each block's grade scale and shift only where its mask is
(lite.CondNorm), so an edit can stay where the sign it draws belongs. The osteophyte slider's mask
is the joint margins: rows about the joint line and the outer fifth of columns on either side,
where marginal osteophytes grow at the condyles' and plateau's edges (inside the region where
`directions.measure.joint_margin_share` looks for the change, and clear of most of the columns where
core/measure/jsw.ts measures the joint space, [0.12, 0.42] and [0.58, 0.88] of the width),
as a box with soft (Gaussian-blurred) edges, stored as a small grid in the manifest.
"""
import math

import numpy as np
import torch

MASK_GRID = 28  # cells per side; resized (bilinear) to every block's map
MARGIN_HALF_HEIGHT = 0.10  # of the image height, either side of the joint line
# The outer fifth of columns on each side (0.33, a third, until knee-lite224e): on knee-lite224f's
# generator the search through a third raised the read grade only with a narrower measured joint
# space, through a fifth it did not (training/README.md).
MARGIN_INNER = 0.20
MARGIN_SOFTNESS = 0.03  # Gaussian blur of the box's edges, in image widths


def _soft_box(x: np.ndarray, lo: float, hi: float, sigma: float) -> np.ndarray:
    """A box [lo, hi] blurred by a Gaussian of width sigma, at positions x (analytic, any grid)."""
    erf = np.vectorize(math.erf)
    return 0.5 * (erf((x - lo) / (math.sqrt(2) * sigma)) - erf((x - hi) / (math.sqrt(2) * sigma)))


def joint_margin_mask(joint_row: float, size: int = MASK_GRID) -> dict:
    """The manifest's mask for the joint margins of knees whose joint line lies at `joint_row`
    (a fraction of the height): {"size": [h, w], "values": row-major, max 1}."""
    centres = (np.arange(size) + 0.5) / size
    rows = _soft_box(centres, joint_row - MARGIN_HALF_HEIGHT, joint_row + MARGIN_HALF_HEIGHT, MARGIN_SOFTNESS)
    cols = (_soft_box(centres, -1.0, MARGIN_INNER, MARGIN_SOFTNESS)
            + _soft_box(centres, 1 - MARGIN_INNER, 2.0, MARGIN_SOFTNESS))
    grid = np.outer(rows, cols)
    grid = grid / grid.max()
    return {"size": [size, size], "values": [round(float(v), 4) for v in grid.reshape(-1)],
            "about": f"joint margins: rows {joint_row:.3f} +- {MARGIN_HALF_HEIGHT} of the height, the outer "
                     f"{MARGIN_INNER:.0%} of columns on each side, edges blurred by {MARGIN_SOFTNESS} of the width"}


def mask_tensor(mask: dict) -> torch.Tensor:
    """(1, 1, h, w) float32 tensor of a manifest mask."""
    h, w = mask["size"]
    return torch.tensor(mask["values"], dtype=torch.float32).reshape(1, 1, h, w)


def masked_offsets(values: dict, directions: list) -> list:
    """[(grade offset (1, grade_dim), mask tensor)] of the masked directions a state moves."""
    out = []
    for d in directions:
        alpha = float(values.get(d["id"], 0.0))
        if d.get("mask") and alpha != 0.0:
            out.append((alpha * torch.tensor(d["vector"], dtype=torch.float32)[None], mask_tensor(d["mask"])))
    return out
