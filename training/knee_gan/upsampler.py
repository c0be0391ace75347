"""A learned x2 upsampler (ESPCN-style, `espcn-x2@1`) from the generator's size to the data's.

A few 3x3 convolutions predict a residual on top of bilinear x2 through a sub-pixel shuffle
(depth-to-space), so the network only has to add the detail that bilinear interpolation loses.
It is trained on real image pairs (knee_gan.train_upsampler), not on generated images, so it
learns what real high-resolution knees look like and is deterministic: the knee keeps its identity.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from .layers import EqualConv


class Upsampler(nn.Module):
    architecture = "espcn-x2@1"

    def __init__(self, channels: int = 16, layers: int = 4):
        super().__init__()
        self.channels, self.layers = channels, layers
        convs = [EqualConv(1, channels, 3)]
        convs += [EqualConv(channels, channels, 3) for _ in range(layers - 2)]
        convs += [EqualConv(channels, 4, 3, activate=False)]  # 4 = 2x2 sub-pixels
        self.convs = nn.ModuleList(convs)

    def config(self) -> dict:
        return {"type": self.architecture, "channels": self.channels, "layers": self.layers}

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        base = F.interpolate(x, scale_factor=2.0, mode="bilinear", align_corners=False)
        y = x
        for conv in self.convs:
            y = conv(y)
        return base + F.pixel_shuffle(y, 2)

    def export(self, prefix: str = "upsampler", detach: bool = True) -> dict:
        out = {}
        for i, conv in enumerate(self.convs):
            out[f"{prefix}/{i}/filter"] = (conv.weight * conv.scale).permute(2, 3, 1, 0)
            out[f"{prefix}/{i}/bias"] = conv.bias
        # detach=False keeps the graph: knee_gan.package_io inverts export() through it
        return {k: v.detach().float().contiguous() for k, v in out.items()} if detach else out

    @torch.no_grad()
    def round_effective_(self, fn):
        for conv in self.convs:
            conv.weight.copy_(fn(conv.weight * conv.scale) / conv.scale)
            conv.bias.copy_(fn(conv.bias))


class Cascade(nn.Module):
    """A generator followed by the upsampler, with the generator's interface (map, grade, synthesis,
    truncate, forward), so evaluation, directions and export treat it as one generator."""

    def __init__(self, generator: nn.Module, upsampler: Upsampler):
        super().__init__()
        self.generator, self.upsampler = generator, upsampler
        self.resolution = generator.resolution * 2
        self.z_dim, self.w_dim, self.grade_dim = generator.z_dim, generator.w_dim, generator.grade_dim

    @property
    def w_avg(self):
        return self.generator.w_avg

    @property
    def grade_table(self):
        return self.generator.grade_table

    def map(self, z):
        return self.generator.map(z)

    def grade(self, kl):
        return self.generator.grade(kl)

    def truncate(self, w, psi: float):
        return self.generator.truncate(w, psi)

    def synthesis(self, w, grade, masked=()):
        return self.upsampler(self.generator.synthesis(w, grade, masked))

    def forward(self, z, kl, psi: float = 1.0, w_offset=None):
        return self.upsampler(self.generator(z, kl, psi=psi, w_offset=w_offset))

    @torch.no_grad()
    def round_effective_(self, fn):
        self.generator.round_effective_(fn)
        self.upsampler.round_effective_(fn)

    def export(self, detach: bool = True) -> dict:
        return {**self.generator.export(detach=detach), **self.upsampler.export(detach=detach)}
