"""Compact resume state: what the repository carries so a run can continue on a new machine.

  python3 -m knee_gan.compact ~/runs/lite2/checkpoint.pt training/resume/lite2-112.pt
  python3 -m knee_gan.train ... --config lite2-112 --out ~/runs/lite2 --init-from training/resume/lite2-112.pt

Keeps the generator, its EMA copy and the discriminator in float16, the counters and the config;
drops the optimiser moments (Adam rebuilds them within a few hundred steps) and the RNG state.
A few MB instead of a checkpoint several times larger; the brief allows at most 25 MB.
"""
import argparse
import os

import torch

from .loading import load_checkpoint

FORMAT = "knee-gan-resume@1"
MAX_BYTES = 25 * 1024 * 1024


def half_state(state_dict: dict) -> dict:
    return {k: v.half() if v.is_floating_point() else v for k, v in state_dict.items()}


def _float(state_dict: dict) -> dict:
    return {k: v.float() if v.is_floating_point() else v for k, v in state_dict.items()}


def write_compact(checkpoint: dict, path: str) -> int:
    state = {"format": FORMAT, "g": half_state(checkpoint["g"]), "d": half_state(checkpoint["d"]),
             "g_ema": half_state(checkpoint["g_ema"]), "config": checkpoint["config"],
             **{k: checkpoint.get(k) for k in ("step", "nimg", "wall", "cpu", "num_images", "hardware", "teacher", "history")}}
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp = path + ".tmp"
    torch.save(state, tmp)
    size = os.path.getsize(tmp)
    if size > MAX_BYTES:
        os.remove(tmp)
        raise SystemExit(f"error: compact state would be {size / 2**20:.1f} MB, over the 25 MB the repository allows")
    os.replace(tmp, path)
    return size


def load_grown(module: torch.nn.Module, state: dict) -> list:
    """Load a state into a module that may have grown since (a later config of the same run): every
    saved tensor must exist; a tensor that grew keeps the saved values in its leading slice and zeros
    elsewhere (e.g. a convolution with one more input channel); parameters the state lacks keep their
    initial values. Returns the names of what is new or grew."""
    own = module.state_dict()
    unexpected = sorted(set(state) - set(own))
    if unexpected:
        raise RuntimeError(f"unexpected keys {unexpected[:5]}")
    changed = sorted(set(own) - set(state))
    with torch.no_grad():
        for name, saved in state.items():
            target = own[name]
            if target.shape == saved.shape:
                target.copy_(saved)
            elif target.ndim == saved.ndim and all(t >= s for t, s in zip(target.shape, saved.shape)):
                target.zero_()
                target[tuple(slice(0, n) for n in saved.shape)] = saved
                changed.append(name)
            else:
                raise RuntimeError(f"size mismatch for {name}: {tuple(saved.shape)} saved, {tuple(target.shape)} now")
    return changed


def load_compact(trainer, path: str):
    """Weights and counters of a compact state into a fresh Trainer (optimisers start anew)."""
    state = load_checkpoint(path, trainer.device)
    if state.get("format") != FORMAT:
        raise SystemExit(f"error: {path} is not a compact resume state ({FORMAT})")
    # Another config may continue it: the same networks (lite-112 -> gpu-lite-112) or grown ones
    # (lite-112 -> lite2-112, whose new weights start at zero).
    try:
        grown = load_grown(trainer.g, _float(state["g"])) + load_grown(trainer.d, _float(state["d"]))
        load_grown(trainer.g_ema, _float(state["g_ema"]))
    except RuntimeError as err:
        raise SystemExit(f"error: {path} holds config '{state['config']['name']}', whose networks differ from "
                         f"'{trainer.cfg.name}': {str(err).splitlines()[0]}")
    trainer.step, trainer.nimg = state["step"], state["nimg"]
    trainer.wall, trainer.cpu = state["wall"], state.get("cpu") or state["wall"]
    trainer.history = state.get("history") or []
    if grown:
        print(f"{path} ({state['config']['name']}) -> {trainer.cfg.name}: new or grown: {', '.join(grown)}")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("checkpoint", help="a run's checkpoint.pt")
    p.add_argument("out", help="where to write the compact state (e.g. training/resume/<config>.pt)")
    args = p.parse_args(argv)
    size = write_compact(load_checkpoint(args.checkpoint), args.out)
    print(f"wrote {args.out}: {size / 2**20:.1f} MB")


if __name__ == "__main__":
    main()
