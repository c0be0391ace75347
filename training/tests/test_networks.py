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


def test_a_lite_state_grows_into_lite2_without_changing_what_either_network_computes():
    """lite-112 -> lite2-112 (--init-from): w's projection and the stddev channel start at zero."""
    from knee_gan.compact import load_grown
    torch.manual_seed(0)
    g1, d1 = make_networks(CONFIGS["tiny-lite"])
    g2, d2 = make_networks(CONFIGS["tiny-lite2"])
    grown = load_grown(g2, g1.state_dict()) + load_grown(d2, d1.state_dict())
    assert "w_input.weight" in grown and any(name.startswith("body.") for name in grown)
    z, kl = torch.randn(4, 16), torch.tensor([0.0, 1.5, 3.0, 4.0])
    with torch.no_grad():
        assert torch.allclose(g1(z, kl), g2(z, kl), atol=1e-6)
        img = g1(z, kl)
        d1.eval(), d2.eval()  # no power iteration: the same normalised weights
        assert torch.allclose(d1(img, kl), d2(img, kl), atol=1e-5)
    with torch.no_grad():
        g2.w_input.weight.normal_()
        assert not torch.allclose(g1(z, kl), g2(z, kl), atol=1e-3), "w's projection must reach the image"
    with pytest.raises(RuntimeError, match="unexpected keys"):
        load_grown(g1, g2.state_dict())
