import math

import torch

from knee_gan.train_upsampler import PatchCritic, better, high_band_power, load_upsampler, train


def test_the_critic_run_trains_continues_and_selects_by_the_high_band(tmp_path):
    torch.manual_seed(0)
    data = torch.rand(12, 1, 32, 32) * 2 - 1
    first = train(data[:8], data[8:], str(tmp_path / "a"), minutes=5, batch=4, crop=16, eval_every=2, max_steps=4,
                  log=lambda _: None)
    assert set(first["best_val"]) >= {"psnr", "psnr_bilinear", "high_band_ratio"}
    second = train(data[:8], data[8:], str(tmp_path / "b"), minutes=5, batch=4, crop=16, eval_every=2, max_steps=4,
                   log=lambda _: None, adversarial=0.05, init=str(tmp_path / "a" / "upsampler.pt"))
    assert len(second["history"]) == 2
    assert load_upsampler(str(tmp_path / "b" / "upsampler.pt"))(data[:1, :, :16, :16]).shape == (1, 1, 32, 32)


def test_selection_rules():
    sharp = {"psnr": 30.0, "psnr_bilinear": 29.0, "high_band_ratio": 0.5}
    textured = {"psnr": 29.5, "psnr_bilinear": 29.0, "high_band_ratio": 0.9}
    blurred = {"psnr": 28.0, "psnr_bilinear": 29.0, "high_band_ratio": 1.0}
    assert better(sharp, textured, adversarial=False) and not better(textured, sharp, adversarial=False)
    assert better(textured, sharp, adversarial=True)
    assert not better(blurred, sharp, adversarial=True)  # never worse than bilinear in PSNR
    assert better(sharp, None, adversarial=True)


def test_high_band_power_sees_fine_texture_and_the_critic_scores_patches():
    smooth = torch.sin(torch.arange(32) * 2 * math.pi / 32).repeat(4, 1, 32, 1)  # periodic: no edge in the FFT
    noisy = smooth + 0.2 * torch.randn_like(smooth)
    assert high_band_power(noisy) > 10 * high_band_power(smooth)
    assert PatchCritic()(noisy).shape == (4, 1, 4, 4)
    assert math.isfinite(float(PatchCritic()(smooth).mean()))
