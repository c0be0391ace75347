"""Train the x2 upsampler on real image pairs: train/ at half size -> train/ at full size.

  python3 -m knee_gan.train_upsampler --data ../shared/data/knee-kl224 --out ~/runs/upsampler --minutes 20

Inputs are the real images box-averaged to half size (the same resizing the generator's training
images get), lightly blurred and noised at random (Real-ESRGAN-style degradations, so the upsampler
does not learn to sharpen a generator's own artefacts). Loss: L1 plus an L1 on log FFT amplitudes,
which keeps fine texture from being averaged away. Selected on val/ by PSNR; reported once on test/
next to plain bilinear x2. Writes upsampler.pt, history.json and report.json.

`--adversarial W --init upsampler.pt` continues a trained upsampler with a patch critic (hinge,
weight W) that judges the detail band, so it adds texture instead of the L1 average; selection is
then by the val high band's power ratio to real closest to 1, among states whose val PSNR stays
above bilinear's. `upsampler-last.pt` keeps the latest state too.

`--generator g_ema.pt --select-grader grader.pt` trains for the generator it will follow: the critic's
fakes are the generator's own knees upsampled (so it corrects what the generator's output lacks, not
only what halving real images loses), and states are chosen by the Frechet distance on val/ between
the generator's upsampled knees and real val knees in that grader's features
(knee_gan.upsampler_select), still among states sharper than bilinear on real val pairs.
"""
import argparse
import json
import math
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from .commands import portable_command
from .data import DatasetError, load_split_cached
from .grader.model import load_grader
from .loading import load_checkpoint, load_generator
from .pixels import from_uint8
from .upsampler import Upsampler
from .upsampler_select import SEED_UPSAMPLER_SELECT, SEED_UPSAMPLER_TRAIN, ValSelector, generated_bank


def halve(x: torch.Tensor) -> torch.Tensor:
    return F.avg_pool2d(x, 2)


def blur(x: torch.Tensor, sigma: torch.Tensor) -> torch.Tensor:
    """Per-image separable Gaussian blur (5 taps), sigma (B,) in px."""
    b = x.shape[0]
    taps = torch.arange(-2, 3, dtype=torch.float32)
    kernels = torch.exp(-taps[None] ** 2 / (2 * sigma[:, None].clamp(min=1e-3) ** 2))
    kernels = kernels / kernels.sum(1, keepdim=True)
    xp = F.pad(x, (2, 2, 2, 2), mode="replicate").transpose(0, 1)  # (1, b, h, w): one group per image
    y = F.conv2d(xp, kernels[:, None, None, :], groups=b)
    return F.conv2d(y, kernels[:, None, :, None], groups=b).transpose(0, 1)


def degrade(x: torch.Tensor, gen: torch.Generator, max_blur: float = 0.8, max_noise: float = 0.03,
            max_sharpen: float = 0.0) -> torch.Tensor:
    """Random Gaussian blur (sigma up to max_blur px) or, for half the images when max_sharpen > 0,
    unsharp masking (amount up to max_sharpen: the generator's 112-px output has more fine detail
    than real halves, so the upsampler should learn to tame it, not amplify it); then noise."""
    b = x.shape[0]
    y = blur(x, torch.rand(b, generator=gen) * max_blur)
    if max_sharpen > 0:
        amount = torch.rand(b, 1, 1, 1, generator=gen) * max_sharpen
        amount = torch.where(torch.rand(b, 1, 1, 1, generator=gen) < 0.5, amount, torch.zeros_like(amount))
        y = torch.where(amount > 0, x + amount * (x - blur(x, torch.ones(b))), y)
    noise = torch.randn(y.shape, generator=gen) * (torch.rand(b, 1, 1, 1, generator=gen) * max_noise)
    return y + noise


def spectrum_loss(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    fa = torch.fft.rfft2(a, norm="ortho").abs()
    fb = torch.fft.rfft2(b, norm="ortho").abs()
    return (torch.log1p(fa) - torch.log1p(fb)).abs().mean()


def psnr(pred: torch.Tensor, target: torch.Tensor) -> float:
    """PSNR in dB over [-1, 1] images (peak-to-peak 2), after clamping like the app."""
    mse = (pred.clamp(-1, 1) - target).pow(2).mean().item()
    return 10 * math.log10(4.0 / max(mse, 1e-12))


def high_band_power(x: torch.Tensor) -> float:
    """Mean spectral power above half Nyquist (radially), the fine texture a smooth upsampler loses."""
    f = torch.fft.fftshift(torch.fft.fft2(x, norm="ortho"), dim=(-2, -1)).abs().pow(2).mean(0)[0]
    h, w = f.shape
    yy, xx = torch.meshgrid(torch.arange(h) - h // 2, torch.arange(w) - w // 2, indexing="ij")
    radius = torch.sqrt(yy.float() ** 2 + xx.float() ** 2) / (min(h, w) / 2)
    return float(f[(radius > 0.5) & (radius <= 1)].mean())


@torch.no_grad()
def evaluate(model, full: torch.Tensor, batch: int = 64) -> dict:
    preds, bilinear = [], []
    for i in range(0, len(full), batch):
        lo = halve(full[i:i + batch])
        preds.append(model(lo))
        bilinear.append(F.interpolate(lo, scale_factor=2.0, mode="bilinear", align_corners=False))
    pred = torch.cat(preds).clamp(-1, 1)
    return {"psnr": psnr(pred, full), "psnr_bilinear": psnr(torch.cat(bilinear), full),
            "high_band_ratio": high_band_power(pred) / high_band_power(full)}


class PatchCritic(nn.Module):
    """Judges 96-px crops by their fine detail: it sees the image and what bilinear x2 of its half
    misses (the band the upsampler has to add). Spectral norm, hinge loss."""

    def __init__(self, width: int = 32):
        super().__init__()
        sn = nn.utils.spectral_norm
        self.net = nn.Sequential(sn(nn.Conv2d(2, width, 4, 2, 1)), nn.LeakyReLU(0.2),
                                 sn(nn.Conv2d(width, 2 * width, 4, 2, 1)), nn.LeakyReLU(0.2),
                                 sn(nn.Conv2d(2 * width, 2 * width, 4, 2, 1)), nn.LeakyReLU(0.2),
                                 sn(nn.Conv2d(2 * width, 1, 3, 1, 1)))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        detail = x - F.interpolate(halve(x), scale_factor=2.0, mode="bilinear", align_corners=False)
        return self.net(torch.cat([x, detail], 1))


def better(val: dict, best: dict, adversarial: bool) -> bool:
    """Through the generator (val has "fd"): lower FD. Else without the critic: higher PSNR; with it:
    the high band closer to real (log ratio). With the critic or FD, states sharper than bilinear in
    PSNR come first (so texture never costs the structure); among those that are not, the sharper."""
    if best is None:
        return True
    guarded = adversarial or "fd" in val
    ok, best_ok = (not guarded or v["psnr"] >= v["psnr_bilinear"] for v in (val, best))
    if ok != best_ok:
        return ok
    if "fd" in val and ok:
        return val["fd"] < best["fd"]
    if not adversarial or not ok:
        return val["psnr"] > best["psnr"]
    return abs(math.log(val["high_band_ratio"])) < abs(math.log(best["high_band_ratio"]))


def random_crops(images: torch.Tensor, batch: int, crop: int, gen: torch.Generator, step: int = 1) -> torch.Tensor:
    """batch random crops (corners on multiples of `step`), half of them mirrored left-right."""
    idx = torch.randint(len(images), (batch,), generator=gen)
    res = images.shape[-1]
    y0, x0 = (torch.randint(0, (res - crop) // step + 1, (2,), generator=gen) * step).tolist()
    out = images[idx, :, y0:y0 + crop, x0:x0 + crop]
    flip = torch.rand(batch, generator=gen) < 0.5
    return torch.where(flip[:, None, None, None], out.flip(3), out)


def train(train_full, val_full, out: str, minutes: float, batch: int = 16, crop: int = 96, lr: float = 1e-3,
          channels: int = 16, layers: int = 4, seed: int = 0, spectrum_weight: float = 0.1,
          eval_every: int = 500, max_steps: int = None, log=print, adversarial: float = 0.0, init: str = None,
          fakes: torch.Tensor = None, selector: ValSelector = None, max_blur: float = 0.8,
          max_noise: float = 0.03, max_sharpen: float = 0.0) -> dict:
    """fakes: half-size generated images whose upsampled crops the critic judges (default: the
    upsampled real halves); selector: choose states by FD through the generator on val/."""
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    model = load_upsampler(init).train().requires_grad_(True) if init else Upsampler(channels, layers)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    critic = PatchCritic() if adversarial > 0 else None
    opt_c = torch.optim.Adam(critic.parameters(), lr=lr, betas=(0.0, 0.99)) if critic else None
    history, best, step, started = [], None, 0, time.time()

    def checkpoint(loss):
        """Evaluate on val/, log, keep the latest state and the best by `better`."""
        nonlocal best
        model.eval()
        val = evaluate(model, val_full)
        if selector is not None:
            val["fd"] = selector.fd(model)
        model.train()
        row = {"step": step, "loss": loss, "seconds": time.time() - started, **{f"val_{k}": v for k, v in val.items()}}
        history.append(row)
        log(json.dumps(row))
        state = {"config": model.config(), "state": model.state_dict(), "step": step, "val": val}
        torch.save(state, os.path.join(out, "upsampler-last.pt"))  # the critic's states are judged downstream too
        if better(val, best, critic is not None):
            best = val
            torch.save(state, os.path.join(out, "upsampler.pt"))
        with open(os.path.join(out, "history.json"), "w") as f:
            json.dump(history, f, indent=1)

    if init:  # the starting state competes too: continuing must earn its place
        checkpoint(None)  # no training loss yet
    while True:
        target = random_crops(train_full, batch, crop, gen, step=2)
        pred = model(degrade(halve(target), gen, max_blur, max_noise, max_sharpen))
        loss = (pred - target).abs().mean() + spectrum_weight * spectrum_loss(pred, target)
        if critic is not None:
            fake = pred if fakes is None else model(random_crops(fakes, batch, crop // 2, gen))
            c_loss = F.relu(1 - critic(target)).mean() + F.relu(1 + critic(fake.detach())).mean()
            opt_c.zero_grad(set_to_none=True)
            c_loss.backward()
            opt_c.step()
            loss = loss - adversarial * critic(fake).mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        step += 1
        done = time.time() - started > minutes * 60 or (max_steps is not None and step >= max_steps)
        if step % eval_every == 0 or done:
            checkpoint(float(loss))
        if done:
            return {"history": history, "best_val": best}


def load_upsampler(path: str) -> Upsampler:
    state = load_checkpoint(path)
    cfg = state["config"]
    model = Upsampler(cfg["channels"], cfg["layers"])
    model.load_state_dict(state["state"])
    return model.eval().requires_grad_(False)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True, help="dataset root holding {train,val,test}/{0..4}/")
    p.add_argument("--out", required=True)
    p.add_argument("--cache", default=os.path.expanduser("~/runs/eval-cache"), help="decoded-split cache folder")
    p.add_argument("--resolution", type=int, default=224, help="full (target) size; inputs are half of it")
    p.add_argument("--minutes", type=float, default=20.0)
    p.add_argument("--channels", type=int, default=16)
    p.add_argument("--layers", type=int, default=4)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--adversarial", type=float, default=0.0,
                   help="weight of a patch critic's hinge loss (0: none); selection then by the high band, not PSNR")
    p.add_argument("--init", help="an upsampler.pt to continue from (e.g. to add the critic to a trained one)")
    p.add_argument("--generator", help="a generator checkpoint (g_ema.pt) at half the resolution: the critic's fakes "
                                       "are its knees upsampled, and states are chosen by FD through it on val/")
    p.add_argument("--select-grader", help="with --generator: the grader whose features the val FD uses (not the "
                                           "evaluation's grader)")
    p.add_argument("--bank", type=int, default=2048,
                   help="with --generator and --adversarial: generated knees for the critic")
    p.add_argument("--select-images", type=int, default=1000, help="with --generator: generated knees for the val FD")
    p.add_argument("--eval-every", type=int, default=500)
    p.add_argument("--max-blur", type=float, default=0.8, help="largest Gaussian blur (px) of the training inputs")
    p.add_argument("--max-noise", type=float, default=0.03, help="largest noise sd of the training inputs")
    p.add_argument("--max-sharpen", type=float, default=0.0,
                   help="largest unsharp-mask amount given to half the training inputs instead of blur")
    args = p.parse_args(argv)
    if bool(args.generator) != bool(args.select_grader):
        raise SystemExit("error: --generator and --select-grader go together")
    torch.set_num_threads(args.threads)
    os.makedirs(args.cache, exist_ok=True)
    try:
        split = {s: load_split_cached(args.data, s, args.resolution, args.cache)[:2] for s in ("train", "val", "test")}
    except DatasetError as err:
        raise SystemExit(f"error: {err}")
    full = {s: from_uint8(x) for s, (x, _) in split.items()}
    fakes = selector = None
    if args.generator:
        g = load_generator(args.generator)
        if 2 * g.resolution != args.resolution:
            raise SystemExit(f"error: the generator makes {g.resolution} px; the upsampler needs {args.resolution // 2}")
        if args.adversarial > 0:  # only the critic looks at them
            fakes = generated_bank(g, args.bank, SEED_UPSAMPLER_TRAIN)
        selector = ValSelector(load_grader(args.select_grader), generated_bank(g, args.select_images,
                                                                               SEED_UPSAMPLER_SELECT), split["val"][0])
    train(full["train"], full["val"], args.out, args.minutes, channels=args.channels, layers=args.layers,
          adversarial=args.adversarial, init=args.init, fakes=fakes, selector=selector, eval_every=args.eval_every,
          max_blur=args.max_blur, max_noise=args.max_noise, max_sharpen=args.max_sharpen)
    model = load_upsampler(os.path.join(args.out, "upsampler.pt"))
    report = {"val": evaluate(model, full["val"]), "test": evaluate(model, full["test"]),
              "command": portable_command("knee_gan.train_upsampler", argv if argv is not None else os.sys.argv[1:])}
    with open(os.path.join(args.out, "report.json"), "w") as f:
        json.dump(report, f, indent=1)
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
