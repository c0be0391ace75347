"""Every figure the training package draws (matplotlib lives here and nowhere else).

Image grids, the evaluation's figures (nearest neighbours, spectra, joint-space width, slider
sweeps and heat maps), the augmentation study's bars, the metric-vs-images curve and the training
loss plot. Each function takes numbers already computed and a path to write; none computes a
metric. matplotlib is imported on first use, so the metrics run where it is missing.
"""
import os

import numpy as np


def _pyplot():
    import matplotlib
    matplotlib.use("Agg")  # files only, never a window
    import matplotlib.pyplot as plt
    return plt


def _save(fig, path: str, dpi: int):
    plt = _pyplot()
    fig.tight_layout()
    _write(fig, path, dpi)
    plt.close(fig)


def _write(fig, path: str, dpi: int):
    fig.savefig(path, dpi=dpi)
    if path.endswith(".png"):
        store_grey_if_grey(path)


def store_grey_if_grey(path: str):
    """A grey PNG (every pixel R = G = B, opaque) rewritten as one grey channel: the same pixels in
    about 55% of the bytes, which every shipped model package carries. Others are left as they are."""
    from PIL import Image
    rgba = np.asarray(Image.open(path).convert("RGBA"))
    if (rgba[..., 3] == 255).all() and (rgba[..., 0] == rgba[..., 1]).all() and (rgba[..., 1] == rgba[..., 2]).all():
        Image.fromarray(np.ascontiguousarray(rgba[..., 0]), mode="L").save(path, optimize=True)


# ---- image grids ---------------------------------------------------------------------------
def montage(grid: list, path: str, title: str = "", row_labels=None, col_labels=None, pad: int = 2, scale: int = 1):
    """Save a grid of uint8 images (rows of equal-sized (H, W) arrays) as one figure: one canvas,
    one axes (fast even for many cells), with row and column labels."""
    plt = _pyplot()
    h, w = grid[0][0].shape
    nr, nc = len(grid), max(len(r) for r in grid)
    canvas = np.full((nr * (h + pad) - pad, nc * (w + pad) - pad), 255, np.uint8)
    for i, row in enumerate(grid):
        for j, img in enumerate(row):
            canvas[i * (h + pad):i * (h + pad) + h, j * (w + pad):j * (w + pad) + w] = img
    if scale > 1:
        canvas = np.kron(canvas, np.ones((scale, scale), np.uint8))
    cell_h, cell_w = (h + pad) * scale, (w + pad) * scale
    inch = 1.25 if h >= 64 else 0.6
    fig = plt.figure(figsize=(nc * inch + (1.0 if row_labels else 0.2), nr * inch + 0.6))
    ax = fig.add_axes([0.1 if row_labels else 0.01, 0.02, 0.89 if row_labels else 0.98, 0.88])
    ax.imshow(canvas, cmap="gray", vmin=0, vmax=255, interpolation="nearest")
    ax.set_xticks([(j + 0.5) * cell_w for j in range(nc)] if col_labels else [])
    ax.set_xticklabels(col_labels or [], fontsize=7)
    ax.xaxis.tick_top()
    ax.set_yticks([(i + 0.5) * cell_h for i in range(nr)] if row_labels else [])
    ax.set_yticklabels(row_labels or [], fontsize=7)
    ax.tick_params(length=0)
    for s in ax.spines.values():
        s.set_visible(False)
    if title:
        fig.suptitle(title, fontsize=8)
    _write(fig, path, 100)  # no tight_layout: the axes fill the canvas as placed
    plt.close(fig)


def nearest_pairs_figure(generated: np.ndarray, train: np.ndarray, report: dict, path: str):
    """Top row: the generated knees closest to a training image (memorisation's closest pairs);
    bottom row: that training image."""
    pairs = report["closest_pairs"]
    montage([[generated[p["generated"]] for p in pairs], [train[p["train"]] for p in pairs]], path,
            f"closest generated (top) / training (bottom) pairs; memorisation threshold {report['threshold']:.1f}",
            row_labels=["generated", "nearest train"], col_labels=[f"d={p['distance']:.1f}" for p in pairs])


def sweep_figure(images: np.ndarray, alphas, path: str, title: str, rows: int = 4):
    """A slider sweep (A, N, H, W): rows are knees, columns slider values."""
    rows = min(rows, images.shape[1])
    montage([[images[j, i] for j in range(images.shape[0])] for i in range(rows)], path, title,
            col_labels=[f"{a:+.1f}" for a in alphas])


# ---- evaluation ----------------------------------------------------------------------------
def spectrum_figure(report: dict, path: str, title: str = ""):
    """Log mean power spectra of real and generated images, and their ratio per frequency band."""
    plt = _pyplot()
    sr, sg = report["spectra"]
    fig, axes = plt.subplots(1, 3, figsize=(12, 3.6))
    lo = np.log10(np.minimum(sr.min(), sg.min()) + 1e-6)
    hi = np.log10(max(sr.max(), sg.max()))
    for ax, s, name in ((axes[0], sr, "real test"), (axes[1], sg, "generated")):
        ax.imshow(np.log10(s + 1e-6), cmap="magma", vmin=lo, vmax=hi)
        ax.set_title(f"log mean power, {name}", fontsize=9)
        ax.axis("off")
    x = (np.arange(len(report["radial_ratio"])) + 0.5) / len(report["radial_ratio"])
    axes[2].plot(x, report["radial_ratio"], marker="o", label="all directions (radial)")
    axes[2].plot(x, report["horizontal_axis_ratio"], marker="s", label="horizontal axis (vertical stripes)")
    axes[2].axhline(1.0, color="grey", linewidth=0.8)
    axes[2].set_yscale("log")
    axes[2].set_xlabel("frequency (fraction of Nyquist)")
    axes[2].set_ylabel("power, generated / real")
    axes[2].legend(fontsize=7)
    if title:
        fig.suptitle(title, fontsize=10)
    _save(fig, path, 100)


def jsw_overlay_figure(images: np.ndarray, results: list, path: str, titles=None, columns: int = 5):
    """Images with the femoral (cyan) and tibial (orange) margins and the minimum-width calipers."""
    plt = _pyplot()
    n = len(images)
    rows = (n + columns - 1) // columns
    fig, axes = plt.subplots(rows, columns, figsize=(2.4 * columns, 2.5 * rows), squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    for i, (img, r) in enumerate(zip(images, results)):
        ax = axes.flat[i]
        ax.imshow(img, cmap="gray", vmin=0, vmax=255)
        m = r["margins"]
        x = np.array(m["x"])
        split = np.flatnonzero(np.diff(x) > 1)  # two compartments: draw them apart
        for part in np.split(np.arange(len(x)), split + 1):
            ax.plot(x[part], np.array(m["femur"])[part], color="cyan", linewidth=0.7)
            ax.plot(x[part], np.array(m["tibia"])[part], color="orange", linewidth=0.7)
        for comp in ("left", "right"):
            c = r[comp]
            ax.plot([c["x"], c["x"]], [c["yFemur"], c["yTibia"]], color="red", linewidth=1.5)
        title = f"min {r['minWidth']:.1f} px"
        if titles is not None:
            title = f"{titles[i]} · {title}"
        ax.set_title(title, fontsize=7)
    _save(fig, path, 110)


def jsw_grade_figure(real: dict, generated: dict, path: str):
    """Mean minimum joint-space width per grade (bars with SD), real test beside generated."""
    plt = _pyplot()
    grades = sorted(real, key=int)
    x = np.arange(len(grades))
    fig, ax = plt.subplots(figsize=(5, 3.2))
    ax.bar(x - 0.2, [real[g]["min_mean"] for g in grades], 0.4, yerr=[real[g]["min_sd"] for g in grades],
           label="real test", capsize=3, color="#4c78a8")
    if generated:
        ax.bar(x + 0.2, [generated[g]["min_mean"] for g in grades], 0.4,
               yerr=[generated[g]["min_sd"] for g in grades], label="generated", capsize=3, color="#f58518")
    ax.set_xticks(x)
    ax.set_xticklabels([f"KL{g}" for g in grades])
    ax.set_ylabel("minimum joint-space width (px)")
    ax.legend(fontsize=8)
    _save(fig, path, 110)


def change_heatmap_figure(changes: dict, means: dict, path: str):
    """Mean |image(+range) - image(-range)| per direction, over the mean image."""
    plt = _pyplot()
    keys = list(changes)
    fig, axes = plt.subplots(1, len(keys), figsize=(3 * len(keys), 3.2), squeeze=False)
    for ax, k in zip(axes[0], keys):
        ax.imshow(means[k], cmap="gray", vmin=0, vmax=255)
        im = ax.imshow(changes[k], cmap="inferno", alpha=0.65)
        ax.set_title(f"{k}: mean |change| over range", fontsize=8)
        ax.axis("off")
        fig.colorbar(im, ax=ax, fraction=0.046, pad=0.04, label="grey levels")
    _save(fig, path, 110)


def titled(direction: dict) -> str:
    """'label (id)', without repeating an id the label already ends with (automatic labels do)."""
    suffix = f"({direction['id']})"
    return direction["label"] if direction["label"].endswith(suffix) else f"{direction['label']} {suffix}"


def direction_figures(directions: list, extras: dict, path_of):
    """Every slider's sweep, and where the two semantic sliders change the image (extras: the sweeps
    and change maps find_directions keeps; path_of: figure name -> path)."""
    for d in directions:
        sweep_figure(extras[d["id"]]["images"], d["effect"]["alphas"], path_of(f"sweep_{d['id']}.png"),
                     f"{titled(d)}: rows = knees, columns = slider value")
    semantic = ("jsn", "osteophytes")
    change_heatmap_figure({k: extras[k]["change"] for k in semantic},
                          {k: extras[k]["images"][len(extras[k]["images"]) // 2].mean(0) for k in semantic},
                          path_of("change_heatmap.png"))


# ---- studies and runs ----------------------------------------------------------------------
def augmentation_figure(summary: dict, path: str):
    """The augmentation study: accuracy, kappa and F1 per arm (mean +- sd), and recall per grade."""
    plt = _pyplot()
    arms = list(summary)
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.4))
    x = np.arange(len(arms))
    for i, key in enumerate(("accuracy", "quadratic_kappa", "macro_f1")):
        axes[0].bar(x + (i - 1) * 0.27, [summary[a][key]["mean"] for a in arms], 0.27,
                    yerr=[summary[a][key]["sd"] for a in arms], capsize=3, label=key.replace("_", " "))
    axes[0].set_xticks(x)
    axes[0].set_xticklabels(arms, fontsize=8)
    axes[0].set_ylim(0, 1)
    axes[0].legend(fontsize=7)
    axes[0].set_title("real test, mean ± sd over seeds", fontsize=9)
    for a in arms:
        axes[1].plot(range(5), summary[a]["per_grade_recall"]["mean"], marker="o", label=a)
    axes[1].set_xticks(range(5))
    axes[1].set_xticklabels([f"KL{k}" for k in range(5)])
    axes[1].set_ylabel("recall")
    axes[1].set_ylim(0, 1)
    axes[1].legend(fontsize=7)
    _save(fig, path, 100)


def curve_figure(points: list, path: str, title: str):
    """FD ratio, precision/recall/detector AUC and accuracy per grade against images shown."""
    plt = _pyplot()
    k = [p["kimg"] for p in points]
    fig, axes = plt.subplots(1, 3, figsize=(12, 3.4))
    axes[0].plot(k, [p["fd_ratio"] for p in points], marker="o")
    axes[0].set_yscale("log")
    axes[0].set_title("FD ratio (1 = real vs real)", fontsize=9)
    for key in ("precision", "recall", "detector_auc"):
        axes[1].plot(k, [p[key] for p in points], marker="o", label=key.replace("_", " "))
    axes[1].set_ylim(0, 1.02)
    axes[1].legend(fontsize=7)
    for g in range(5):
        axes[2].plot(k, [(p["per_grade"] or [None] * 5)[g] for p in points], marker="o", label=f"KL{g}")
    axes[2].set_ylim(0, 1.02)
    axes[2].set_title("grader accuracy at the intended grade", fontsize=9)
    axes[2].legend(fontsize=7)
    for ax in axes:
        ax.set_xlabel("images shown (thousands)")
    fig.suptitle(title, fontsize=10)
    _save(fig, path, 100)


def loss_figure(rows: list, path: str):
    """Training losses and diversity against images shown, from the run's log rows. Written to a
    temporary file first: a person may be looking at the previous one while training runs."""
    plt = _pyplot()
    kimg = [r["kimg"] for r in rows]
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.5))
    for key in ("loss_d", "loss_g", "r1"):
        pts = [(r["kimg"], r[key]) for r in rows if r.get(key) is not None]
        if pts:
            axes[0].plot(*zip(*pts), label=key, linewidth=0.8)
    axes[0].set_xlabel("images shown (thousands)")
    axes[0].legend()
    div = [(r["kimg"], r["diversity"]) for r in rows if r.get("diversity") is not None]
    if div:
        axes[1].plot(*zip(*div), marker="o")
    axes[1].set_xlabel("images shown (thousands)")
    axes[1].set_ylabel("diversity (generated / real)")
    axes[1].set_xlim(left=0, right=max(kimg) or 1)
    _save(fig, path + ".tmp.png", 80)
    os.replace(path + ".tmp.png", path)
