import math

import torch

from knee_gan.configs import CONFIGS
from knee_gan.grader.model import Grader
from knee_gan.loading import make_networks
from knee_gan.pixels import from_uint8, to_uint8
from knee_gan.train_upsampler import PatchCritic, better, degrade, high_band_power, load_upsampler, train
from knee_gan.upsampler_select import SEED_UPSAMPLER_TRAIN, ValSelector, generated_bank


def test_the_critic_run_trains_continues_and_selects_by_the_high_band(tmp_path):
    torch.manual_seed(0)
    data = torch.rand(12, 1, 32, 32) * 2 - 1
    first = train(data[:8], data[8:], str(tmp_path / "a"), minutes=5, batch=4, crop=16, eval_every=2, max_steps=4,
                  log=lambda _: None)
    assert set(first["best_val"]) >= {"psnr", "psnr_bilinear", "high_band_ratio"}
    second = train(data[:8], data[8:], str(tmp_path / "b"), minutes=5, batch=4, crop=16, eval_every=2, max_steps=4,
                   log=lambda _: None, adversarial=0.05, init=str(tmp_path / "a" / "upsampler.pt"))
    assert [row["step"] for row in second["history"]] == [0, 2, 4]  # the state it continues from is judged too
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


def test_through_the_generator_the_start_competes_and_states_are_chosen_by_val_fd(tmp_path):
    torch.manual_seed(0)
    g = make_networks(CONFIGS["tiny-lite2"])[0].eval()  # 16 px: the upsampler makes 32
    bank = generated_bank(g, 10, SEED_UPSAMPLER_TRAIN)
    assert bank.shape == (10, 1, 16, 16) and bank.min() >= -1 and bank.max() <= 1
    data = torch.rand(12, 1, 32, 32) * 2 - 1
    train(data[:8], data[8:], str(tmp_path / "a"), minutes=5, batch=4, crop=16, max_steps=2, log=lambda _: None)
    val_uint8 = to_uint8(data[8:])[:, 0]
    selector = ValSelector(Grader(resolution=32, width=4, feature_dim=4), bank, val_uint8)
    run = train(data[:8], data[8:], str(tmp_path / "b"), minutes=5, batch=4, crop=16, eval_every=2, max_steps=4,
                log=lambda _: None, adversarial=0.05, init=str(tmp_path / "a" / "upsampler.pt"), fakes=bank,
                selector=selector)
    assert [row["step"] for row in run["history"]] == [0, 2, 4]  # the starting state is judged first
    rows = run["history"]
    eligible = [row for row in rows if row["val_psnr"] >= row["val_psnr_bilinear"]]
    # the lowest FD among states sharper than bilinear; if there are none, the sharpest state
    expected = min(eligible, key=lambda r: r["val_fd"]) if eligible else max(rows, key=lambda r: r["val_psnr"])
    assert run["best_val"]["fd"] == expected["val_fd"] and run["best_val"]["psnr"] == expected["val_psnr"]


def test_the_val_fd_is_near_zero_for_the_val_images_themselves_and_grows_with_a_shift():
    torch.manual_seed(0)
    blocks = (torch.rand(40, 1, 16, 16) * 2 - 1).repeat_interleave(2, 2).repeat_interleave(2, 3)
    val_uint8 = to_uint8(blocks)[:, 0]
    low = from_uint8(val_uint8)[:, :, ::2, ::2]  # nearest x2 of it gives val back exactly
    selector = ValSelector(Grader(resolution=32, width=4, feature_dim=4), low, val_uint8)
    nearest = torch.nn.Upsample(scale_factor=2, mode="nearest")
    assert selector.fd(nearest) < 1e-6
    brighter = ValSelector(selector.grader, (low + 0.5).clamp(-1, 1), val_uint8)
    assert brighter.fd(nearest) > 1e-3


def test_fd_selection_keeps_structure_first():
    good = {"psnr": 30.0, "psnr_bilinear": 29.0, "high_band_ratio": 0.5, "fd": 2.0}
    better_fd = {"psnr": 29.5, "psnr_bilinear": 29.0, "high_band_ratio": 0.9, "fd": 1.0}
    blurred = {"psnr": 28.0, "psnr_bilinear": 29.0, "high_band_ratio": 1.0, "fd": 0.5}
    assert better(better_fd, good, adversarial=True) and not better(good, better_fd, adversarial=True)
    assert not better(blurred, good, adversarial=True) and better(good, blurred, adversarial=True)
    assert better(blurred, None, adversarial=True)  # something is always kept


def test_degradations_blur_or_sharpen_the_inputs():
    torch.manual_seed(0)
    x = torch.rand(64, 1, 32, 32) * 2 - 1
    blurred = degrade(x, torch.Generator().manual_seed(0), max_blur=1.0, max_noise=0.0)
    mixed = degrade(x, torch.Generator().manual_seed(0), max_blur=0.0, max_noise=0.0, max_sharpen=1.0)
    assert high_band_power(blurred) < high_band_power(x) < high_band_power(mixed)
    unchanged = (mixed - x).abs().flatten(1).amax(1) < 1e-6  # the half given (zero) blur instead
    assert 10 < int(unchanged.sum()) < 54
