"""Data-parallel training across processes (torchrun): gloo on CPU, nccl on GPU.

Every process builds the same networks from the same seed, draws its own share of each batch, and
averages gradients with an all-reduce before every optimiser step (the StyleGAN2-ADA way, with no
DistributedDataParallel wrapper: a GAN step runs several forward/backward passes per module, and
R1 needs a double backward). Rank 0 alone writes checkpoints, logs and grids.
"""
import os

import torch
import torch.distributed as dist


class Group:
    def __init__(self, rank: int = 0, world: int = 1):
        self.rank, self.world = rank, world

    @property
    def is_main(self) -> bool:
        return self.rank == 0

    def average_gradients(self, module: torch.nn.Module):
        if self.world == 1:
            return
        for p in module.parameters():
            if p.grad is not None:
                dist.all_reduce(p.grad)
                p.grad /= self.world

    def average_(self, tensor: torch.Tensor) -> torch.Tensor:
        if self.world > 1:
            dist.all_reduce(tensor)
            tensor /= self.world
        return tensor

    def agree(self, flag: bool) -> bool:
        """Rank 0's decision, on every rank (so all stop or save at the same step)."""
        if self.world == 1:
            return flag
        t = torch.tensor([1.0 if flag else 0.0], device=self.device)
        dist.broadcast(t, 0)
        return bool(t.item())

    def broadcast_module(self, module: torch.nn.Module):
        if self.world > 1:
            for t in list(module.parameters()) + list(module.buffers()):
                dist.broadcast(t.data, 0)

    def assert_in_sync(self, module: torch.nn.Module, what: str):
        """Raise if the processes' copies of module have drifted apart (they must stay identical)."""
        if self.world == 1:
            return
        total = torch.stack([p.detach().double().sum() for p in module.parameters()]).sum().reshape(1)
        every = [torch.zeros_like(total) for _ in range(self.world)]
        dist.all_gather(every, total)
        if any(not torch.allclose(t, every[0], rtol=1e-9, atol=0) for t in every):
            raise RuntimeError(f"{what} differs between processes: {[float(t) for t in every]}")

    def barrier(self):
        if self.world > 1:
            dist.barrier()


def init(device: torch.device) -> Group:
    """The process group torchrun describes in the environment, or a group of one."""
    world = int(os.environ.get("WORLD_SIZE", "1"))
    if world == 1:
        group = Group()
    else:
        dist.init_process_group("nccl" if device.type == "cuda" else "gloo")
        group = Group(dist.get_rank(), dist.get_world_size())
    group.device = device
    return group
