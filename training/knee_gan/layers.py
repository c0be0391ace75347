"""Building blocks shared by the generator and the discriminator.

Weights use the equalised learning rate of StyleGAN: parameters are stored at unit scale and
multiplied by a constant at run time. `export()` bakes the constant in, so the browser's forward
pass only ever sees plain weights.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

LRELU_GAIN = math.sqrt(2.0)


def lrelu(x: torch.Tensor) -> torch.Tensor:
    return F.leaky_relu(x, 0.2) * LRELU_GAIN


class EqualLinear(nn.Module):
    def __init__(self, in_dim: int, out_dim: int, bias_init: float = 0.0, lr_mul: float = 1.0,
                 activate: bool = False):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(out_dim, in_dim) / lr_mul)
        self.bias = nn.Parameter(torch.full((out_dim,), float(bias_init)))
        self.scale = lr_mul / math.sqrt(in_dim)
        self.lr_mul = lr_mul
        self.activate = activate

    def effective(self):
        return self.weight * self.scale, self.bias * self.lr_mul

    def forward(self, x):
        weight, bias = self.effective()
        out = F.linear(x, weight, bias)
        return lrelu(out) if self.activate else out

    def export(self, prefix: str) -> dict:
        weight, bias = self.effective()
        return {f"{prefix}/kernel": weight.t(), f"{prefix}/bias": bias}

    @torch.no_grad()
    def round_effective_(self, fn):
        """Make the effective (exported) weights equal fn(effective), e.g. float16 rounding."""
        weight, bias = self.effective()
        self.weight.copy_(fn(weight) / self.scale)
        self.bias.copy_(fn(bias) / self.lr_mul)


class EqualConv(nn.Module):
    """Plain convolution (discriminator side)."""

    def __init__(self, in_ch: int, out_ch: int, kernel: int, bias: bool = True, activate: bool = True):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(out_ch, in_ch, kernel, kernel))
        self.bias = nn.Parameter(torch.zeros(out_ch)) if bias else None
        self.scale = 1.0 / math.sqrt(in_ch * kernel * kernel)
        self.padding = kernel // 2
        self.activate = activate

    def forward(self, x):
        out = F.conv2d(x, self.weight * self.scale, self.bias, padding=self.padding)
        return lrelu(out) if self.activate else out


class ModulatedConv(nn.Module):
    """StyleGAN2 modulated convolution, written as scale-input / convolve / scale-output.

    That form is exactly the per-sample modulated weight of StyleGAN2 (convolution is linear in its
    input) but needs no grouped convolution, so the TypeScript forward pass is a plain conv2d.
    The style has two parts kept apart: one from the latent w (identity) and one from the grade
    embedding (disease), so moving only the grade keeps the knee.
    """

    def __init__(self, in_ch: int, out_ch: int, kernel: int, w_dim: int, cond_dim: int,
                 demodulate: bool = True, upsample: bool = False, activate: bool = True):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(out_ch, in_ch, kernel, kernel))
        self.bias = nn.Parameter(torch.zeros(out_ch))
        self.scale = 1.0 / math.sqrt(in_ch * kernel * kernel)
        self.style = EqualLinear(w_dim, in_ch, bias_init=1.0)
        self.grade_style = EqualLinear(cond_dim, in_ch, bias_init=0.0)
        self.padding = kernel // 2
        self.demodulate = demodulate
        self.upsample = upsample
        self.activate = activate

    def forward(self, x, w, grade):
        s = self.style(w) + self.grade_style(grade)
        weight = self.weight * self.scale
        if self.upsample:
            x = F.interpolate(x, scale_factor=2.0, mode="nearest")
        x = F.conv2d(x * s[:, :, None, None], weight, padding=self.padding)
        if self.demodulate:
            w2 = weight.pow(2).sum(dim=(2, 3))  # (out, in)
            x = x * torch.rsqrt(s.pow(2) @ w2.t() + 1e-8)[:, :, None, None]
        x = x + self.bias[None, :, None, None]
        return lrelu(x) if self.activate else x

    def export(self, prefix: str) -> dict:
        # tfjs conv2d filters are [kh, kw, in, out]
        out = {f"{prefix}/filter": (self.weight * self.scale).permute(2, 3, 1, 0), f"{prefix}/bias": self.bias}
        out.update(self.style.export(f"{prefix}/style"))
        out.update(self.grade_style.export(f"{prefix}/grade_style"))
        return out

    @torch.no_grad()
    def round_effective_(self, fn):
        self.weight.copy_(fn(self.weight * self.scale) / self.scale)
        self.bias.copy_(fn(self.bias))
        self.style.round_effective_(fn)
        self.grade_style.round_effective_(fn)
