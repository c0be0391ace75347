"""Generator and discriminator.

Generator: z -> mapping MLP -> w (the identity path). KL in [0, 4] -> linear interpolation of five
learned grade embeddings (the grade path). Both modulate every synthesis convolution through
separate affine maps. Output: one channel in [-1, 1] (not clamped here; the app clamps).

Discriminator: residual, minibatch-stddev, projection conditioning on the same kind of grade
embedding.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from .layers import EqualConv, EqualLinear, ModulatedConv, lrelu

NUM_GRADES = 5


def interpolate_grade(table: torch.Tensor, kl: torch.Tensor) -> torch.Tensor:
    """Rows of `table` (NUM_GRADES, D) blended linearly at continuous grades kl (B,)."""
    kl = kl.clamp(0.0, NUM_GRADES - 1.0)
    lo = kl.floor().clamp(max=NUM_GRADES - 2)
    frac = (kl - lo)[:, None]
    lo = lo.long()
    return table[lo] * (1.0 - frac) + table[lo + 1] * frac


def pixel_norm(x: torch.Tensor) -> torch.Tensor:
    return x * torch.rsqrt(x.pow(2).mean(dim=1, keepdim=True) + 1e-8)


def minibatch_std(x: torch.Tensor, group: int) -> torch.Tensor:
    """x with one more channel: the spread of features across groups of samples (StyleGAN), so the
    discriminator can tell a batch of near-identical knees from a varied real batch."""
    b, c, h, w = x.shape
    g = min(group, b)
    while b % g:
        g -= 1
    y = x.reshape(g, -1, c, h, w)
    y = (y.var(dim=0, unbiased=False) + 1e-8).sqrt().mean(dim=(1, 2, 3))  # (b/g,)
    y = y.reshape(-1, 1, 1, 1).repeat(g, 1, h, w)
    return torch.cat([x, y], dim=1)


class ConditionalGenerator(nn.Module):
    """What every generator architecture shares: z -> mapping MLP -> w (identity), KL -> blended grade
    embedding (disease), truncation towards the tracked mean w, and the exported names of those parts.
    Subclasses add `synthesis(w, grade)`."""

    def __init__(self, resolution: int, channels: dict, z_dim: int, w_dim: int, grade_dim: int, mapping_layers: int):
        super().__init__()
        self.resolution, self.z_dim, self.w_dim, self.grade_dim = resolution, z_dim, w_dim, grade_dim
        self.channels = {int(k): int(v) for k, v in channels.items()}
        self.mapping = nn.ModuleList([EqualLinear(z_dim if i == 0 else w_dim, w_dim, lr_mul=0.01, activate=True)
                                      for i in range(mapping_layers)])
        self.grade_table = nn.Parameter(torch.randn(NUM_GRADES, grade_dim))
        self.register_buffer("w_avg", torch.zeros(w_dim))

    def map(self, z: torch.Tensor) -> torch.Tensor:
        x = pixel_norm(z)
        for layer in self.mapping:
            x = layer(x)
        return x

    def grade(self, kl: torch.Tensor) -> torch.Tensor:
        return interpolate_grade(self.grade_table, kl)

    def truncate(self, w: torch.Tensor, psi: float) -> torch.Tensor:
        return self.w_avg + psi * (w - self.w_avg)

    def forward(self, z, kl, psi: float = 1.0, w_offset=None):
        w = self.truncate(self.map(z), psi) if psi != 1.0 else self.map(z)
        if w_offset is not None:
            w = w + w_offset
        return self.synthesis(w, self.grade(kl))

    @torch.no_grad()
    def round_shared_(self, fn):
        """fn (e.g. float16 rounding) on the shared exported weights (and the learned constant)."""
        for layer in self.mapping:
            layer.round_effective_(fn)
        for tensor in (self.grade_table, self.w_avg, self.const):
            tensor.copy_(fn(tensor))

    def export_shared(self) -> dict:
        out = {}
        for i, layer in enumerate(self.mapping):
            out.update(layer.export(f"mapping/{i}"))
        out["grade_table"] = self.grade_table
        out["w_avg"] = self.w_avg
        out["const"] = self.const.permute(0, 2, 3, 1)  # NHWC
        return out

    @staticmethod
    def finish_export(out: dict, detach: bool) -> dict:
        # detach=False keeps the graph: knee_gan.package_io inverts export() through it
        return {k: v.detach().float().contiguous() for k, v in out.items()} if detach else out


class Generator(ConditionalGenerator):
    architecture = "knee-stylegan@1"

    def __init__(self, resolution: int, channels: dict, z_dim: int = 128, w_dim: int = 256,
                 grade_dim: int = 64, mapping_layers: int = 4):
        super().__init__(resolution, channels, z_dim, w_dim, grade_dim, mapping_layers)
        base = min(self.channels)  # 4, or 7 for 224 = 7 * 2^5
        c4 = self.channels[base]
        self.const = nn.Parameter(torch.randn(1, c4, base, base))
        self.convs = nn.ModuleList([ModulatedConv(c4, c4, 3, w_dim, grade_dim)])
        self.to_rgbs = nn.ModuleList([ModulatedConv(c4, 1, 1, w_dim, grade_dim, demodulate=False, activate=False)])
        res, prev = base * 2, c4
        while res <= resolution:
            ch = self.channels[res]
            self.convs.append(ModulatedConv(prev, ch, 3, w_dim, grade_dim, upsample=True))
            self.convs.append(ModulatedConv(ch, ch, 3, w_dim, grade_dim))
            self.to_rgbs.append(ModulatedConv(ch, 1, 1, w_dim, grade_dim, demodulate=False, activate=False))
            res, prev = res * 2, ch

    @classmethod
    def from_config(cls, cfg) -> "Generator":
        """The generator a training config (knee_gan.configs.Config) describes."""
        return cls(cfg.resolution, cfg.g_channels, cfg.z_dim, cfg.w_dim, cfg.grade_dim)

    def synthesis(self, w: torch.Tensor, grade: torch.Tensor, masked=()) -> torch.Tensor:
        if masked:  # the manifest check refuses them too (workers/model/generator.ts alike)
            raise ValueError("masked directions need a knee-lite generator")
        x = self.const.expand(w.shape[0], -1, -1, -1)
        x = self.convs[0](x, w, grade)
        img = self.to_rgbs[0](x, w, grade)
        for i, to_rgb in enumerate(self.to_rgbs[1:]):
            x = self.convs[1 + 2 * i](x, w, grade)
            x = self.convs[2 + 2 * i](x, w, grade)
            img = F.interpolate(img, scale_factor=2.0, mode="bilinear", align_corners=False) + to_rgb(x, w, grade)
        return img

    @torch.no_grad()
    def round_effective_(self, fn):
        """Apply fn (e.g. float16 rounding) to every exported weight, as the app will see it."""
        self.round_shared_(fn)
        for layer in list(self.convs) + list(self.to_rgbs):
            layer.round_effective_(fn)

    def export(self, detach: bool = True) -> dict:
        """Plain tensors in the layout the TypeScript forward pass reads (see workers/model)."""
        out = self.export_shared()
        for i, conv in enumerate(self.convs):
            out.update(conv.export(f"conv/{i}"))
        for i, to_rgb in enumerate(self.to_rgbs):
            out.update(to_rgb.export(f"to_rgb/{i}"))
        return self.finish_export(out, detach)


class DiscriminatorBlock(nn.Module):
    def __init__(self, in_ch: int, out_ch: int):
        super().__init__()
        self.conv1 = EqualConv(in_ch, in_ch, 3)
        self.conv2 = EqualConv(in_ch, out_ch, 3)
        self.skip = EqualConv(in_ch, out_ch, 1, bias=False, activate=False)

    def forward(self, x):
        y = F.avg_pool2d(self.conv2(self.conv1(x)), 2)
        return (y + self.skip(F.avg_pool2d(x, 2))) / math.sqrt(2.0)


class Discriminator(nn.Module):
    def __init__(self, resolution: int, channels: dict, mbstd_group: int = 4):
        super().__init__()
        ch = {int(k): int(v) for k, v in channels.items()}
        self.from_rgb = EqualConv(1, ch[resolution], 1)
        base = min(ch)
        blocks, res = [], resolution
        while res > base:
            blocks.append(DiscriminatorBlock(ch[res], ch[res // 2]))
            res //= 2
        self.blocks = nn.Sequential(*blocks)
        self.mbstd_group = mbstd_group
        c4 = ch[base]
        self.final_conv = EqualConv(c4 + 1, c4, 3)
        self.fc = EqualLinear(c4 * base * base, c4, activate=True)
        self.out = EqualLinear(c4, 1)
        self.grade_table = nn.Parameter(torch.randn(NUM_GRADES, c4) * 0.1)

    def forward(self, img, kl):
        x = self.blocks(self.from_rgb(img))
        x = self.final_conv(minibatch_std(x, self.mbstd_group))
        h = self.fc(x.flatten(1))
        projection = (interpolate_grade(self.grade_table, kl) * h).sum(dim=1, keepdim=True)
        return self.out(h) + projection
