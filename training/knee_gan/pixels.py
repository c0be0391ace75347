"""The one conversion between the networks' pixel range [-1, 1] and 8-bit grey levels [0, 255].

The app rounds the same way (toGrey8 in workers/model/create.ts: clamp, shift, scale by 127.5,
round half to even), so an image written here is the image the app shows for the same state.
"""
import numpy as np
import torch

# One 8-bit grey level, in units of the [-1, 1] range.
ONE_GREY_LEVEL = 2.0 / 255.0


def to_uint8(images) -> np.ndarray:
    """[-1, 1] tensor or array, any shape -> uint8 array of the same shape."""
    x = torch.as_tensor(images).detach().float().cpu()
    return ((x.clamp(-1, 1) + 1.0) * 127.5).round().to(torch.uint8).numpy()


def from_uint8(images: np.ndarray) -> torch.Tensor:
    """uint8 (N, H, W) -> float32 (N, 1, H, W) in [-1, 1], the networks' input."""
    return torch.from_numpy(np.asarray(images).astype(np.float32)[:, None] / 127.5 - 1.0)
