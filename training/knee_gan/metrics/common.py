"""Shared helpers of the metrics: drawing generated images by seed, grader features, similarity."""
import numpy as np
import torch

from ..latent import seed_to_latent
from ..pixels import from_uint8, to_uint8


def latents(seeds, dim: int) -> torch.Tensor:
    """z for each seed by the contract's seed -> latent rule (the same knees as in the app)."""
    return torch.from_numpy(np.stack([seed_to_latent(int(s), dim) for s in seeds]))


@torch.no_grad()
def generate(g, z: torch.Tensor, kl, psi: float = 1.0, w_offset=None, batch: int = 64,
             device: str = "cpu") -> np.ndarray:
    """uint8 (N, H, W) images for latents z at grades kl (scalar or (N,)); w_offset (w_dim,) or (N, w_dim)."""
    n = z.shape[0]
    kl = torch.as_tensor(kl, dtype=torch.float32)
    kl = kl.expand(n) if kl.ndim == 0 else kl
    out = []
    for i in range(0, n, batch):
        off = None
        if w_offset is not None:
            off = torch.as_tensor(w_offset, dtype=torch.float32)
            off = (off if off.ndim == 1 else off[i:i + batch]).to(device)
        out.append(to_uint8(g(z[i:i + batch].to(device), kl[i:i + batch].to(device), psi=psi, w_offset=off))[:, 0])
    return np.concatenate(out) if out else np.zeros((0, g.resolution, g.resolution), np.uint8)


@torch.no_grad()
def synthesize_w(g, w: torch.Tensor, kl, batch: int = 64, device: str = "cpu", grade_offset=None,
                 mask=None) -> np.ndarray:
    """uint8 images straight from w (N, w_dim) at grades kl (scalar or (N,)); grade_offset (grade_dim,)
    or (N, grade_dim) is added to the grade embedding (the contract's grade-space directions), or,
    with a mask (1, 1, h, w), acts only where the mask is (a masked direction)."""
    n = w.shape[0]
    kl = torch.as_tensor(kl, dtype=torch.float32)
    kl = kl.expand(n) if kl.ndim == 0 else kl
    off = None if grade_offset is None else torch.as_tensor(grade_offset, dtype=torch.float32)
    out = []
    for i in range(0, n, batch):
        ww = w[i:i + batch].to(device)
        grade = g.grade(kl[i:i + batch].to(device))
        part = None if off is None else (off[None] if off.ndim == 1 else off[i:i + batch]).to(device)
        masked = [(part, mask.to(device))] if part is not None and mask is not None else []
        if part is not None and not masked:
            grade = grade + part
        out.append(to_uint8(g.synthesis(ww, grade, masked))[:, 0])
    return np.concatenate(out) if out else np.zeros((0, g.resolution, g.resolution), np.uint8)


@torch.no_grad()
def grader_outputs(grader, images: np.ndarray, batch: int = 128, device: str = "cpu"):
    """(features (N, D) float64 numpy, logits (N, 5) torch) of the grader for uint8 images."""
    feats, logits = [], []
    for i in range(0, len(images), batch):
        x = from_uint8(images[i:i + batch]).to(device)
        f = grader.features(x)
        feats.append(f.double().cpu())
        logits.append(grader.head(f).float().cpu())
    if not feats:
        return np.zeros((0, grader.feature_dim)), torch.zeros(0, 5)
    return torch.cat(feats).numpy(), torch.cat(logits)


def downsample(images: np.ndarray, size: int) -> np.ndarray:
    """uint8 (N, H, W) -> float32 (N, size, size) in [-1, 1], area average."""
    x = from_uint8(images)
    if x.shape[-1] != size:
        x = torch.nn.functional.adaptive_avg_pool2d(x, size)
    return x[:, 0].numpy()


def correlation(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Pearson correlation of image pairs (N, ...) -> (N,): 1 = same picture up to brightness/contrast."""
    a = a.reshape(len(a), -1).astype(np.float64)
    b = b.reshape(len(b), -1).astype(np.float64)
    a = a - a.mean(1, keepdims=True)
    b = b - b.mean(1, keepdims=True)
    return (a * b).sum(1) / np.maximum(np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1), 1e-12)
