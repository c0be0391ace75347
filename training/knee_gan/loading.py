"""Build the networks a config names, and load a trained generator from a checkpoint (its EMA copy)."""
import os
from dataclasses import fields

import torch

from .configs import Config
from .lite import LiteDiscriminator, LiteGenerator
from .networks import Discriminator, Generator

ARCHITECTURES = {"style": (Generator, Discriminator), "lite": (LiteGenerator, LiteDiscriminator)}


def make_networks(cfg: Config):
    """(generator, discriminator) for a config, untrained."""
    if cfg.arch not in ARCHITECTURES:
        raise ValueError(f"unknown architecture '{cfg.arch}'; known: {', '.join(ARCHITECTURES)}")
    g_cls, d_cls = ARCHITECTURES[cfg.arch]
    d = d_cls.from_config(cfg) if hasattr(d_cls, "from_config") else d_cls(cfg.resolution, cfg.d_channels)
    return g_cls.from_config(cfg), d


def load_checkpoint(path: str, device="cpu") -> dict:
    """A state this pipeline wrote. torch >= 2.6 loads weights only by default, which refuses the plain
    Python values (config, RNG state) these files hold; they are our own files, so load them whole."""
    return torch.load(path, map_location=device, weights_only=False)


def config_of(state: dict) -> Config:
    """The config a checkpoint was trained with (its own copy, so later edits of CONFIGS do not change it)."""
    known = {f.name for f in fields(Config)}
    return Config(**{k: v for k, v in state["config"].items() if k in known})


def generator_from_state(state: dict, device: str = "cpu"):
    """The EMA generator of a loaded checkpoint, in eval mode, without gradients."""
    g, _ = make_networks(config_of(state))
    g.load_state_dict(state["g_ema"])
    return g.to(device).eval().requires_grad_(False)


def load_generator(path: str, device: str = "cpu"):
    """The EMA generator of a checkpoint file."""
    return generator_from_state(load_checkpoint(path, device), device)


def checkpoint_generator(path: str):
    """(EMA generator, info) of a checkpoint file; info is what an evaluation records about it."""
    state = load_checkpoint(path)
    info = {"checkpoint": os.path.abspath(path), "kimg": state.get("nimg", 0) / 1000, "step": state.get("step"),
            "wall_s": state.get("wall"), "cpu_s": state.get("cpu"), "config": state.get("config", {}).get("name"),
            "arch": state.get("config", {}).get("arch", "style"), "teacher": state.get("teacher"),
            "command": state.get("command"),
            "num_images": state.get("num_images"), "hardware": state.get("hardware"),
            "stages": state.get("history") or []}
    return generator_from_state(state), info
