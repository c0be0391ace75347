"""A lighter, FastGAN-style generator and a lean discriminator (architectures `knee-lite@1` and `@2`).

Generator: z -> mapping MLP -> w (the identity path, as in networks.Generator, so latent
directions and truncation work the same way). KL in [0, 4] -> interpolated grade embedding (the
grade path). Synthesis starts at the base resolution from a learned constant; in `knee-lite@2`
w is also projected to a map added to it (as FastGAN starts from z), because through the
normalisations alone every latent drew the knee in one pose and shape (training/README.md).
The base and every later resolution is
nearest x2 -> 3x3 conv -> conditional normalisation -> GLU (FastGAN's UpBlock). The conditional
normalisation is a pixel norm (per-sample, so training and inference behave the same, unlike
batch norm) followed by a per-channel scale and shift from w and from the grade, kept apart so
moving only the grade keeps the knee. Two skip-layer excitations (FastGAN's SLE, with a global
average in place of the 4x4 pool) let coarse layers gate fine ones. Output: one 3x3 conv, linear,
about [-1, 1] (not clamped here).

Discriminator: stride-2 4x4 convolutions with spectral norm, no residual branch, projection
conditioning on the grade, optionally a minibatch-stddev channel before its last convolution (so a
batch of one knee looks fake); trained with the hinge loss (no R1).
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from .layers import EqualConv, EqualLinear
from .networks import NUM_GRADES, ConditionalGenerator, interpolate_grade, minibatch_std, pixel_norm


class CondNorm(nn.Module):
    """Pixel norm, then x * (1 + gamma) + beta with gamma, beta from w and from the grade."""

    def __init__(self, channels: int, w_dim: int, grade_dim: int):
        super().__init__()
        self.from_w = EqualLinear(w_dim, 2 * channels)
        self.from_grade = EqualLinear(grade_dim, 2 * channels)

    def forward(self, x, w, grade, masked=()):
        gamma, beta = (self.from_w(w) + self.from_grade(grade)).chunk(2, dim=1)
        y = pixel_norm(x)
        out = y * (1.0 + gamma[:, :, None, None]) + beta[:, :, None, None]
        weight = self.from_grade.effective()[0] if masked else None  # gamma, beta are affine in the grade
        for offset, mask in masked:  # a grade offset that acts only where its mask is (contract: masked directions)
            d_gamma, d_beta = F.linear(offset, weight).chunk(2, dim=1)  # the offset's share
            m = resize_mask(mask, x.shape[2:])
            out = out + m * (y * d_gamma[:, :, None, None] + d_beta[:, :, None, None])
        return out

    def export(self, prefix: str) -> dict:
        return {**self.from_w.export(f"{prefix}/from_w"), **self.from_grade.export(f"{prefix}/from_grade")}

    def round_effective_(self, fn):
        self.from_w.round_effective_(fn)
        self.from_grade.round_effective_(fn)


def resize_mask(mask: torch.Tensor, size) -> torch.Tensor:
    """A (1, 1, h, w) mask at a feature map's size: bilinear, half-pixel centres, no antialiasing
    (workers/model/mask.ts computes the same)."""
    return F.interpolate(mask, size=tuple(size), mode="bilinear", align_corners=False)


def glu(x: torch.Tensor) -> torch.Tensor:
    a, b = x.chunk(2, dim=1)
    return a * torch.sigmoid(b)


class GluConv(nn.Module):
    """3x3 conv to twice the channels -> conditional norm -> GLU."""

    def __init__(self, in_ch: int, out_ch: int, w_dim: int, grade_dim: int):
        super().__init__()
        self.conv = EqualConv(in_ch, 2 * out_ch, 3, activate=False)
        self.norm = CondNorm(2 * out_ch, w_dim, grade_dim)

    def forward(self, x, w, grade, masked=()):
        return glu(self.norm(self.conv(x), w, grade, masked))

    def export(self, prefix: str) -> dict:
        return {f"{prefix}/filter": (self.conv.weight * self.conv.scale).permute(2, 3, 1, 0),
                f"{prefix}/bias": self.conv.bias, **self.norm.export(f"{prefix}/norm")}

    def round_effective_(self, fn):
        self.conv.weight.copy_(fn(self.conv.weight * self.conv.scale) / self.conv.scale)
        self.conv.bias.copy_(fn(self.conv.bias))
        self.norm.round_effective_(fn)


class SkipExcite(nn.Module):
    """Channel gates for a fine feature map from the global average of a coarse one (FastGAN SLE)."""

    def __init__(self, low_ch: int, high_ch: int):
        super().__init__()
        self.fc1 = EqualLinear(low_ch, low_ch, activate=True)
        self.fc2 = EqualLinear(low_ch, high_ch)

    def forward(self, low, high):
        gate = torch.sigmoid(self.fc2(self.fc1(low.mean(dim=(2, 3)))))
        return high * gate[:, :, None, None]

    def export(self, prefix: str) -> dict:
        return {**self.fc1.export(f"{prefix}/fc1"), **self.fc2.export(f"{prefix}/fc2")}

    def round_effective_(self, fn):
        self.fc1.round_effective_(fn)
        self.fc2.round_effective_(fn)


class LiteGenerator(ConditionalGenerator):
    def __init__(self, resolution: int, channels: dict, z_dim: int = 128, w_dim: int = 256,
                 grade_dim: int = 64, mapping_layers: int = 4, excite: dict = None, w_input: bool = False):
        super().__init__(resolution, channels, z_dim, w_dim, grade_dim, mapping_layers)
        self.base = min(self.channels)
        c0 = self.channels[self.base]
        self.const = nn.Parameter(torch.randn(1, c0, self.base, self.base))
        self.architecture = "knee-lite@2" if w_input else "knee-lite@1"
        # Zero at first, so the constant alone draws the first images and a knee-lite@1 state can
        # continue as @2 unchanged; it still learns (its gradient is w times the map's, not its own weight).
        self.w_input = EqualLinear(w_dim, c0 * self.base * self.base) if w_input else None
        if w_input:
            nn.init.zeros_(self.w_input.weight)
        self.blocks = nn.ModuleList([GluConv(c0, c0, w_dim, grade_dim)])
        self.resolutions = [self.base]
        res, prev = self.base * 2, c0
        while res <= resolution:
            self.blocks.append(GluConv(prev, self.channels[res], w_dim, grade_dim))
            self.resolutions.append(res)
            res, prev = res * 2, self.channels[res]
        # {fine resolution: coarse resolution}; by default the two finest maps are gated from maps
        # three octaves coarser (two for shallow test networks), as FastGAN gates 128 from 8.
        if excite is None:
            r, gap = self.resolutions, 3 if len(self.resolutions) >= 5 else 2
            excite = {r[i]: r[i - gap] for i in range(max(gap, len(r) - 2), len(r))}
        self.excite_from = {int(k): int(v) for k, v in excite.items()}
        self.excites = nn.ModuleDict({str(hi): SkipExcite(self.channels[lo], self.channels[hi])
                                      for hi, lo in self.excite_from.items()})
        self.to_img = EqualConv(prev, 1, 3, activate=False)

    @classmethod
    def from_config(cls, cfg) -> "LiteGenerator":
        return cls(cfg.resolution, cfg.g_channels, cfg.z_dim, cfg.w_dim, cfg.grade_dim,
                   excite=cfg.extra.get("excite"), w_input=cfg.extra.get("w_input", False))

    def synthesis(self, w, grade, masked=()):
        """masked: [(grade offset (N or 1, grade_dim), mask (1, 1, h, w) in [0, 1])]: offsets that
        move the grade's scale and shift only where their mask is, resized to every block's map."""
        x = self.const.expand(w.shape[0], -1, -1, -1)
        if self.w_input is not None:
            x = x + self.w_input(w).reshape(x.shape)
        x = self.blocks[0](x, w, grade, masked)
        feats = {self.base: x}
        for res, block in zip(self.resolutions[1:], self.blocks[1:]):
            x = block(F.interpolate(x, scale_factor=2.0, mode="nearest"), w, grade, masked)
            if res in self.excite_from:
                x = self.excites[str(res)](feats[self.excite_from[res]], x)
            feats[res] = x
        return self.to_img(x)

    @torch.no_grad()
    def round_effective_(self, fn):
        self.round_shared_(fn)
        for layer in list(self.blocks) + list(self.excites.values()) + ([self.w_input] if self.w_input else []):
            layer.round_effective_(fn)
        self.to_img.weight.copy_(fn(self.to_img.weight * self.to_img.scale) / self.to_img.scale)
        self.to_img.bias.copy_(fn(self.to_img.bias))

    def export(self, detach: bool = True) -> dict:
        """Plain tensors in the layout the TypeScript forward pass reads (workers/model/lite.ts)."""
        out = self.export_shared()
        if self.w_input is not None:  # columns reordered so that a reshape gives NHWC, as the app computes
            c0, b = self.channels[self.base], self.base
            kernel, bias = self.w_input.effective()
            out["w_input/kernel"] = kernel.t().reshape(-1, c0, b, b).permute(0, 2, 3, 1).reshape(self.w_dim, -1)
            out["w_input/bias"] = bias.reshape(c0, b, b).permute(1, 2, 0).reshape(-1)
        for i, block in enumerate(self.blocks):
            out.update(block.export(f"block/{i}"))
        for res, excite in self.excites.items():
            out.update(excite.export(f"excite/{res}"))
        out["to_img/filter"] = (self.to_img.weight * self.to_img.scale).permute(2, 3, 1, 0)
        out["to_img/bias"] = self.to_img.bias
        return self.finish_export(out, detach)


def sn_conv(in_ch: int, out_ch: int, kernel: int, stride: int = 1) -> nn.Module:
    return nn.utils.spectral_norm(nn.Conv2d(in_ch, out_ch, kernel, stride, padding=(kernel - 1) // 2))


class LiteDiscriminator(nn.Module):
    def __init__(self, resolution: int, channels: dict, mbstd_group: int = 0):
        super().__init__()
        self.mbstd_group = mbstd_group
        ch = {int(k): int(v) for k, v in channels.items()}
        base = min(ch)
        layers, res, prev = [], resolution, 1
        while res > base:
            layers += [sn_conv(prev, ch[res // 2] if res // 2 in ch else ch[res], 4, 2), nn.LeakyReLU(0.2)]
            prev = ch[res // 2]
            res //= 2
        # The last convolution (body[-2:]) sees one more channel with the minibatch stddev.
        self.body = nn.Sequential(*layers, sn_conv(prev + (1 if mbstd_group else 0), prev, 3), nn.LeakyReLU(0.2))
        self.fc = nn.Sequential(nn.utils.spectral_norm(nn.Linear(prev * base * base, prev)), nn.LeakyReLU(0.2))
        self.out = nn.utils.spectral_norm(nn.Linear(prev, 1))
        self.grade_table = nn.Parameter(torch.randn(NUM_GRADES, prev) * 0.1)

    @classmethod
    def from_config(cls, cfg) -> "LiteDiscriminator":
        return cls(cfg.resolution, cfg.d_channels, mbstd_group=cfg.extra.get("mbstd_group", 0))

    def forward(self, img, kl):
        x = self.body[:-2](img)
        x = minibatch_std(x, self.mbstd_group) if self.mbstd_group else x
        h = self.fc(self.body[-2:](x).flatten(1))
        return self.out(h) + (interpolate_grade(self.grade_table, kl) * h).sum(dim=1, keepdim=True)
