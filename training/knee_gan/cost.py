"""Cost of a config's generator per layer, and of one training step, on this machine.

  python3 -m knee_gan.cost --config lite-112 [--upsampler] [--threads 1] [--markdown]

Per layer: output shape, parameters, multiply-accumulates (counted from the shapes, so exact and
machine-independent) and the measured time of one forward pass of one image (what the browser
pays per frame). Training: images per second of a full step (D on real and fake, G) at the
config's batch, measured on --threads threads. Times depend on what else runs on the cores: run it
on an idle machine for numbers to quote.
"""
import argparse
import json
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

from .augment import augment
from .configs import CONFIGS
from .layers import EqualConv, EqualLinear, ModulatedConv
from .lite import GluConv, SkipExcite
from .loading import make_networks
from .upsampler import Cascade, Upsampler

LEAVES = (EqualConv, EqualLinear, ModulatedConv, GluConv, SkipExcite)


def layer_costs(g: nn.Module, repeats: int = 5) -> list:
    """[{name, out_shape, params, macs, ms}] for the generator's leaf layers, one image."""
    rows, hooks, starts = [], [], {}
    names = {m: n for n, m in g.named_modules()}

    def inner_leaf(m):  # skip layers inside a bigger counted layer (e.g. the affines of a ModulatedConv)
        parent = names[m].rsplit(".", 1)[0] if "." in names[m] else ""
        return any(isinstance(p, LEAVES) for n, p in g.named_modules() if n and parent.startswith(n) and p is not m)

    def pre(m, inputs):
        starts[m] = time.perf_counter()

    def post(m, inputs, out):
        x = inputs[0]
        ms = (time.perf_counter() - starts[m]) * 1000
        params = sum(p.numel() for p in m.parameters())
        if isinstance(m, (EqualConv, ModulatedConv, GluConv)):
            conv = m.conv if isinstance(m, GluConv) else m
            k = conv.weight.shape[-1]
            macs = out.shape[-1] * out.shape[-2] * conv.weight.shape[0] * conv.weight.shape[1] * k * k
        else:
            macs = params
        rows.append({"name": names[m], "out_shape": list(out.shape[1:]), "params": params, "macs": macs, "ms": ms,
                     "input_shape": list(x.shape[1:])})

    for m in g.modules():
        if isinstance(m, LEAVES) and not inner_leaf(m):
            hooks += [m.register_forward_pre_hook(pre), m.register_forward_hook(post)]
    z, kl = torch.randn(1, g.z_dim), torch.tensor([2.0])
    with torch.no_grad():
        g(z, kl)  # warm-up
        runs = []
        for _ in range(repeats):
            rows.clear()
            g(z, kl)
            runs.append([r["ms"] for r in rows])
    for h in hooks:
        h.remove()
    for i, r in enumerate(rows):
        r["ms"] = sorted(run[i] for run in runs)[len(runs) // 2]
    return rows


def forward_ms(g: nn.Module, repeats: int = 10) -> float:
    z, kl = torch.randn(1, g.z_dim), torch.tensor([2.0])
    with torch.no_grad():
        g(z, kl)
        times = []
        for _ in range(repeats):
            t = time.perf_counter()
            g(z, kl)
            times.append((time.perf_counter() - t) * 1000)
    return sorted(times)[len(times) // 2]


def train_images_per_second(cfg, steps: int = 6) -> float:
    """A training step without R1/EMA/teacher (those add ~5-15%): D on fake and real, then G."""
    g, d = make_networks(cfg)
    b, res = cfg.batch, cfg.resolution
    real = torch.rand(b, 1, res, res) * 2 - 1

    def step():
        z, kl = torch.randn(b, cfg.z_dim), torch.randint(0, 5, (b,)).float()
        with torch.no_grad():
            fake = g(z, kl)
        F.softplus(d(augment(fake, cfg.augment), kl)).mean().add(
            F.softplus(-d(augment(real, cfg.augment), kl)).mean()).backward()
        F.softplus(-d(augment(g(z, kl), cfg.augment), kl)).mean().backward()

    step()
    t = time.perf_counter()
    for _ in range(steps):
        step()
    return steps * b / (time.perf_counter() - t)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--config", required=True, choices=sorted(CONFIGS))
    p.add_argument("--upsampler", action="store_true", help="add the x2 upsampler after the generator")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--no-train", action="store_true", help="skip the training-step timing")
    p.add_argument("--markdown", action="store_true")
    args = p.parse_args(argv)
    torch.set_num_threads(args.threads)
    cfg = CONFIGS[args.config]
    g, d = make_networks(cfg)
    g.eval()
    if args.upsampler:
        g = Cascade(g, Upsampler()).eval()
    rows = layer_costs(g)
    report = {"config": cfg.name, "threads": args.threads, "upsampler": args.upsampler,
              "g_params": sum(p.numel() for p in g.parameters()), "d_params": sum(p.numel() for p in d.parameters()),
              "g_macs": sum(r["macs"] for r in rows), "g_forward_ms": forward_ms(g), "layers": rows}
    if not args.no_train:
        report["train_images_per_second"] = train_images_per_second(cfg)
    if args.markdown:
        print(f"| layer | output | params | MMAC | ms |\n|---|---|---|---|---|")
        for r in rows:
            print(f"| {r['name']} | {'x'.join(map(str, r['out_shape']))} | {r['params']:,} | {r['macs'] / 1e6:.1f} | "
                  f"{r['ms']:.2f} |")
        print(f"\nG {report['g_params']:,} params, {report['g_macs'] / 1e6:.0f} MMAC, forward {report['g_forward_ms']:.1f} ms "
              f"(1 image, {args.threads} thread); D {report['d_params']:,} params"
              + (f"; training {report['train_images_per_second']:.1f} img/s" if "train_images_per_second" in report else ""))
    else:
        print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
