"""A tiny random-weight package for tests only (never shipped): exercises the exporter and parity."""
import torch

from knee_gan.configs import CONFIGS
from knee_gan.export import export_package
from knee_gan.networks import Generator

TRAINING = {"dataset": "test fixture", "num_images": 0, "images_shown": 0, "hardware": "none",
            "wall_time_s": 0, "date": "2026-01-01T00:00:00Z", "code_revision": "test", "config": {"name": "tiny"}}


def tiny_generator(seed: int = 0) -> Generator:
    torch.manual_seed(seed)
    cfg = CONFIGS["tiny"]
    g = Generator.from_config(cfg)
    with torch.no_grad():
        g.w_avg.normal_(0, 0.1)  # a non-zero mean, so truncation is exercised
    return g.eval()


def random_direction(g: Generator, did: str, seed: int) -> dict:
    v = torch.randn(g.w_dim, generator=torch.Generator().manual_seed(seed))
    return {"id": did, "label": did, "space": "w", "vector": (v / v.norm()).tolist(), "range": [-3, 3],
            "kind": "principal", "method": "random (test fixture)"}


def export_tiny(out_root, precision="float16", **kwargs):
    g = tiny_generator()
    directions = [random_direction(g, "pc1", 1), random_direction(g, "pc2", 2)]
    return g, export_package(g, str(out_root), "tiny-test", name="Tiny test fixture", description="random weights",
                             training=TRAINING, directions=directions, precision=precision, **kwargs)
