"""Differentiable augmentation (DiffAugment, Zhao et al. 2020) for a small training set.

Applied to every image the discriminator sees, real and generated alike, so the generator cannot
learn the augmentations. Greyscale radiographs: brightness and contrast, small translations,
cutout. No flips here: the data loader already mirrors real knees (left and right knees are
mirror images of each other, so a flip is a plausible knee).
"""
import torch


def brightness(x):
    return x + (torch.rand(x.shape[0], 1, 1, 1, device=x.device) - 0.5) * 0.5


def contrast(x):
    mean = x.mean(dim=(1, 2, 3), keepdim=True)
    return (x - mean) * (torch.rand(x.shape[0], 1, 1, 1, device=x.device) * 0.6 + 0.7) + mean


def translation(x, ratio: float = 0.125):
    b, _, h, w = x.shape
    shift_y = int(h * ratio + 0.5)
    shift_x = int(w * ratio + 0.5)
    ty = torch.randint(-shift_y, shift_y + 1, (b, 1, 1), device=x.device)
    tx = torch.randint(-shift_x, shift_x + 1, (b, 1, 1), device=x.device)
    gy, gx = torch.meshgrid(torch.arange(h, device=x.device), torch.arange(w, device=x.device), indexing="ij")
    gy = (gy[None] + ty).clamp(0, h - 1)  # replicate the border rather than pad with black
    gx = (gx[None] + tx).clamp(0, w - 1)
    index = (gy * w + gx).reshape(b, 1, h * w)
    return x.reshape(b, x.shape[1], h * w).gather(2, index.expand(-1, x.shape[1], -1)).reshape(x.shape)


def cutout(x, ratio: float = 0.25):
    b, _, h, w = x.shape
    ch, cw = int(h * ratio + 0.5), int(w * ratio + 0.5)
    cy = torch.randint(0, h + (1 - ch % 2), (b, 1, 1), device=x.device)
    cx = torch.randint(0, w + (1 - cw % 2), (b, 1, 1), device=x.device)
    gy, gx = torch.meshgrid(torch.arange(h, device=x.device), torch.arange(w, device=x.device), indexing="ij")
    inside = ((gy[None] - cy).abs() < ch // 2) & ((gx[None] - cx).abs() < cw // 2)
    return x * (~inside)[:, None].to(x.dtype)


OPS = {"brightness": brightness, "contrast": contrast, "translation": translation, "cutout": cutout}


def augment(x: torch.Tensor, policy: str) -> torch.Tensor:
    for name in filter(None, (p.strip() for p in policy.split(","))):
        if name not in OPS:
            raise ValueError(f"unknown augmentation '{name}'; known: {', '.join(OPS)}")
        x = OPS[name](x)
    return x
