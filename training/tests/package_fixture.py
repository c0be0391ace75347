"""A tiny random-weight package for tests only (never shipped): exercises the exporter and parity."""
import torch

from knee_gan.configs import CONFIGS
from knee_gan.export import export_package
from knee_gan.loading import make_networks
from knee_gan.networks import Generator
from knee_gan.upsampler import Cascade, Upsampler

TRAINING = {"dataset": "test fixture", "num_images": 0, "images_shown": 0, "hardware": "none",
            "wall_time_s": 0, "date": "2026-01-01T00:00:00Z", "code_revision": "test", "config": {"name": "tiny"}}


def tiny_generator(seed: int = 0, kind: str = "style") -> Generator:
    """kind: "style" (tiny), "lite" (tiny-lite), "lite2" (tiny-lite2), or any + "+up" for a x2 upsampler after it."""
    torch.manual_seed(seed)
    cfg = CONFIGS[{"style": "tiny", "lite": "tiny-lite", "lite2": "tiny-lite2"}[kind.split("+")[0]]]
    g, _ = make_networks(cfg)
    with torch.no_grad():
        g.w_avg.normal_(0, 0.1)  # a non-zero mean, so truncation is exercised
        for p in g.parameters():  # no zero-initialised weights or biases, so every term is exercised
            if not p.abs().sum():
                p.normal_(0, 1.0 if p.ndim > 1 else 0.1)  # weights at the unit scale of an equalised layer
    if kind.endswith("+up"):
        up = Upsampler(channels=8, layers=3)
        with torch.no_grad():
            for conv in up.convs:
                conv.bias.normal_(0, 0.1)
        g = Cascade(g, up)
    return g.eval()


def random_direction(g: Generator, did: str, seed: int, space: str = "w") -> dict:
    v = torch.randn(g.grade_dim if space == "grade" else g.w_dim, generator=torch.Generator().manual_seed(seed))
    return {"id": did, "label": did, "space": space, "vector": (v / v.norm()).tolist(), "range": [-3, 3],
            "kind": "principal", "method": "random (test fixture)"}


def margin_direction(g, did: str, seed: int) -> dict:
    """A grade direction that acts only where a joint-margin mask is (knee-lite only)."""
    from knee_gan.masks import joint_margin_mask

    return {**random_direction(g, did, seed, "grade"), "mask": joint_margin_mask(0.6, size=6)}


def export_tiny(out_root, precision="float16", kind: str = "style", **kwargs):
    g = tiny_generator(kind=kind)
    directions = [random_direction(g, "pc1", 1), random_direction(g, "pc2", 2), random_direction(g, "grade1", 3, "grade")]
    if kind.startswith("lite"):
        directions.append(margin_direction(g, "margins", 4))
    return g, export_package(g, str(out_root), "tiny-test", name="Tiny test fixture", description="random weights",
                             training=TRAINING, directions=directions, precision=precision, **kwargs)
