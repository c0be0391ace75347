"""What a checkpoint leaves for a person to look at: a sample grid and a loss plot."""
import json
import os

import numpy as np
import torch
from PIL import Image

from .figures import loss_figure
from .pixels import to_uint8


@torch.no_grad()
def sample_grid(generator, z: torch.Tensor, paths, cell: int = 128):
    """Rows: KL 0..4; columns: the same latents in every row, so identity across grades shows.
    Rendered once and written to each of `paths`."""
    device = next(generator.parameters()).device
    rows = []
    for grade in range(5):
        kl = torch.full((z.shape[0],), float(grade), device=device)
        imgs = to_uint8(generator(z.to(device), kl))[:, 0]
        rows.append(np.concatenate(list(imgs), axis=1))
    grid = Image.fromarray(np.concatenate(rows, axis=0))
    scale = max(1, cell // generator.resolution)
    grid = grid.resize((grid.width * scale, grid.height * scale), Image.NEAREST)
    for path in paths:
        tmp = path + ".tmp.png"
        grid.save(tmp)
        os.replace(tmp, path)


def plot_losses(log_path: str, out_path: str):
    """The loss and diversity plot of a run's log.jsonl."""
    rows = [json.loads(line) for line in open(log_path)]
    if rows:
        loss_figure(rows, out_path)
