"""What a checkpoint leaves for a person to look at: a sample grid and a loss plot."""
import json
import os

import numpy as np
import torch
from PIL import Image


def to_uint8(images: torch.Tensor) -> np.ndarray:
    """[-1, 1] (B, 1, H, W) -> uint8 (B, H, W), the same rounding as the app."""
    x = ((images.detach().float().cpu().clamp(-1, 1) + 1.0) * 127.5).round()
    return x[:, 0].numpy().astype(np.uint8)


@torch.no_grad()
def sample_grid(generator, z: torch.Tensor, paths, cell: int = 128):
    """Rows: KL 0..4; columns: the same latents in every row, so identity across grades shows.
    Rendered once and written to each of `paths`."""
    device = next(generator.parameters()).device
    rows = []
    for grade in range(5):
        kl = torch.full((z.shape[0],), float(grade), device=device)
        imgs = to_uint8(generator(z.to(device), kl))
        rows.append(np.concatenate(list(imgs), axis=1))
    grid = Image.fromarray(np.concatenate(rows, axis=0))
    scale = max(1, cell // generator.resolution)
    grid = grid.resize((grid.width * scale, grid.height * scale), Image.NEAREST)
    for path in paths:
        tmp = path + ".tmp.png"
        grid.save(tmp)
        os.replace(tmp, path)


def plot_losses(log_path: str, out_path: str):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = [json.loads(line) for line in open(log_path)]
    if not rows:
        return
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
    fig.tight_layout()
    fig.savefig(out_path + ".tmp.png", dpi=80)
    plt.close(fig)
    os.replace(out_path + ".tmp.png", out_path)
