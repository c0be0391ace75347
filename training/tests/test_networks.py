import pytest
import torch

from knee_gan.configs import CONFIGS
from knee_gan.loading import make_networks
from knee_gan.networks import Generator, interpolate_grade


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_every_config_builds_and_has_the_right_shapes(name):
    cfg = CONFIGS[name]
    g, d = make_networks(cfg)
    with torch.no_grad():
        img = g(torch.randn(2, cfg.z_dim), torch.tensor([0.0, 3.5]))
        assert img.shape == (2, 1, cfg.resolution, cfg.resolution)
        assert d(img, torch.tensor([0.0, 3.5])).shape == (2, 1)


def test_grade_interpolation_is_linear_and_clamped():
    table = torch.arange(10.0).reshape(5, 2)
    out = interpolate_grade(table, torch.tensor([0.0, 2.5, 4.0, 9.0, -1.0]))
    assert torch.allclose(out, torch.tensor([[0.0, 1.0], [5.0, 6.0], [8.0, 9.0], [8.0, 9.0], [0.0, 1.0]]))


def test_truncation_zero_gives_the_average_knee_for_every_latent():
    cfg = CONFIGS["tiny"]
    g = Generator.from_config(cfg).eval()
    with torch.no_grad():
        a = g(torch.randn(1, cfg.z_dim), torch.tensor([2.0]), psi=0.0)
        b = g(torch.randn(1, cfg.z_dim), torch.tensor([2.0]), psi=0.0)
    assert torch.allclose(a, b)
