"""Load a trained generator from a run folder's checkpoint (the EMA copy, as exported)."""
import torch

from .configs import CONFIGS, Config
from .networks import Generator


def load_checkpoint(path: str, device: str = "cpu") -> dict:
    return torch.load(path, map_location=device)


def config_of(state: dict) -> Config:
    return Config(**state["config"]) if state["config"]["name"] not in CONFIGS else CONFIGS[state["config"]["name"]]


def generator_from_state(state: dict, device: str = "cpu") -> Generator:
    """The EMA generator of a loaded checkpoint, in eval mode, without gradients."""
    g = Generator.from_config(config_of(state))
    g.load_state_dict(state["g_ema"])
    return g.to(device).eval().requires_grad_(False)


def load_generator(path: str, device: str = "cpu") -> Generator:
    """The EMA generator of a checkpoint file."""
    return generator_from_state(load_checkpoint(path, device), device)
