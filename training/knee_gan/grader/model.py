"""A compact Kellgren-Lawrence grader: a small CNN that reads a knee crop and returns five logits.

It is the measuring instrument of the evaluation (grade fidelity, Frechet distance, precision /
recall and the detector all use it), so it is kept small enough to train on two CPU cores and its
penultimate layer (`features`) is what the distribution metrics compare.

Input: (B, 1, H, W) in [-1, 1]; any H = W is resized (area average) to the grader's resolution.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from ..loading import load_checkpoint

NUM_GRADES = 5


def conv_bn(in_ch: int, out_ch: int, stride: int = 1, kernel: int = 3) -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(in_ch, out_ch, kernel, stride, kernel // 2, bias=False),
                         nn.BatchNorm2d(out_ch), nn.ReLU(inplace=True))


class Grader(nn.Module):
    def __init__(self, resolution: int = 128, width: int = 16, feature_dim: int = 128, dropout: float = 0.3):
        super().__init__()
        self.resolution, self.width, self.feature_dim = resolution, width, feature_dim
        c = width
        self.body = nn.Sequential(
            conv_bn(1, c, stride=2, kernel=5),                       # res/2
            conv_bn(c, 2 * c), nn.MaxPool2d(2),                      # res/4
            conv_bn(2 * c, 4 * c), nn.MaxPool2d(2),                  # res/8
            conv_bn(4 * c, 8 * c), conv_bn(8 * c, 8 * c), nn.MaxPool2d(2),  # res/16
            conv_bn(8 * c, feature_dim),
        )
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(feature_dim, NUM_GRADES)

    def config(self) -> dict:
        return {"resolution": self.resolution, "width": self.width, "feature_dim": self.feature_dim}

    def prepare(self, x: torch.Tensor) -> torch.Tensor:
        x = x.float()
        if x.shape[-1] != self.resolution or x.shape[-2] != self.resolution:
            if x.shape[-1] > self.resolution and x.shape[-1] % self.resolution == 0:
                x = F.adaptive_avg_pool2d(x, self.resolution)
            else:
                x = F.interpolate(x, size=(self.resolution, self.resolution), mode="bilinear", align_corners=False)
        return x

    def features(self, x: torch.Tensor) -> torch.Tensor:
        """Penultimate features (B, feature_dim): global average of the last convolution."""
        return self.body(self.prepare(x)).mean(dim=(2, 3))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.dropout(self.features(x)))


def expected_grade(logits: torch.Tensor) -> torch.Tensor:
    """Softmax-weighted mean grade in [0, 4]: a continuous reading of the grader."""
    p = logits.float().softmax(dim=1)
    return (p * torch.arange(NUM_GRADES, dtype=p.dtype, device=p.device)).sum(dim=1)


def save_grader(model: Grader, path: str, **info):
    import os
    state = {"config": model.config(), "state": model.state_dict(), **info}
    tmp = path + ".tmp"
    torch.save(state, tmp)
    os.replace(tmp, path)


def load_grader(path: str, device: str = "cpu") -> Grader:
    state = load_checkpoint(path, device)
    model = Grader(**state["config"])
    model.load_state_dict(state["state"])
    model.info = {k: v for k, v in state.items() if k not in ("state",)}
    return model.to(device).eval().requires_grad_(False)
