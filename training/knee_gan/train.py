"""Train the conditional generator.

  python3 -m knee_gan.train --data ../shared/data/knee-kl224 --config cpu-128 --out ~/runs/cpu128

Loss: non-saturating logistic with lazy R1 on reals (StyleGAN2); DiffAugment on every image the
discriminator sees; EMA generator with warm-up for export. Runs on torch 1.13 CPU and 2.x CUDA.
Re-running the same command resumes from `checkpoint.pt` in --out (a kill loses at most one
checkpoint interval).
"""
import argparse
import copy
import json
import os
import platform
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from tqdm import tqdm

from .augment import augment
from .commands import portable_command
from .compact import half_state, load_compact
from .configs import CONFIGS
from . import distributed
from .distributed import Group
from .data import DatasetError, load_split_cached
from .metrics.diversity import diversity_ratio
from .grader.model import load_grader
from .loading import load_checkpoint, make_networks
from .pack import load_pack
from .pixels import from_uint8
from .snapshot import plot_losses, sample_grid


def build(cfg, device):
    g, d = make_networks(cfg)
    return g.to(device), d.to(device)


def grade_probabilities(grades: torch.Tensor, balance: float) -> torch.Tensor:
    """p(grade) proportional to count^(1 - balance): 0 keeps the data's mix, 1 makes grades equal."""
    counts = torch.bincount(grades.long(), minlength=5).double()
    p = torch.where(counts > 0, counts.pow(1.0 - balance), torch.zeros_like(counts))
    return (p / p.sum()).float()


def hardware(device) -> str:
    if device.type == "cuda":
        return torch.cuda.get_device_name(device)
    return f"CPU ({platform.processor() or platform.machine()}, {torch.get_num_threads()} threads)"


class Trainer:
    def __init__(self, cfg, data_root: str, out: str, device: torch.device, teacher: str = None,
                 group: Group = None):
        self.cfg, self.out, self.device = cfg, out, device
        self.group = group or Group()
        if cfg.batch % self.group.world:
            raise SystemExit(f"error: batch {cfg.batch} does not split over {self.group.world} processes")
        self.local_batch = cfg.batch // self.group.world
        os.makedirs(out, exist_ok=True)
        if not self.group.is_main:
            self.group.barrier()  # rank 0 decodes the data (and writes its cache) first
        if data_root.endswith(".npz"):  # a pack made by knee_gan.pack, e.g. carried to a GPU machine
            images, grades, _ = load_pack(data_root, cfg.resolution)
        else:
            images, grades, _ = load_split_cached(data_root, "train", cfg.resolution, out,
                                                  progress=tqdm if self.group.is_main else None)
        if self.group.is_main:
            self.group.barrier()
        self.reals = from_uint8(images)
        self.grades = torch.from_numpy(grades).float()
        self.data_root = os.path.abspath(data_root)
        # Balanced sampling: pick a grade, then one of its images; generated grades use the same mix.
        self.grade_p = grade_probabilities(self.grades, cfg.balance)
        self.by_grade = [torch.nonzero(self.grades == k).flatten() for k in range(5)]
        self.teacher, self.teacher_path = None, None
        if cfg.grade_weight > 0:
            if not teacher:
                raise SystemExit(f"error: config '{cfg.name}' has a grade loss: give --teacher <grader.pt> "
                                 "(a grader trained separately from the one that evaluates)")
            self.teacher = load_grader(teacher, str(device))
            self.teacher_path = os.path.abspath(teacher)
        torch.manual_seed(cfg.seed)
        self.g, self.d = build(cfg, device)
        self.group.broadcast_module(self.g)
        self.group.broadcast_module(self.d)
        self.g_ema = copy.deepcopy(self.g).eval().requires_grad_(False)
        r1_ratio = cfg.r1_every / (cfg.r1_every + 1)  # lazy regularisation (StyleGAN2 appendix B)
        self.opt_g = torch.optim.Adam(self.g.parameters(), lr=cfg.lr, betas=(0.0, 0.99))
        self.opt_d = torch.optim.Adam(self.d.parameters(), lr=cfg.lr * r1_ratio, betas=(0.0, 0.99 ** r1_ratio))
        fixed = torch.Generator().manual_seed(1234)
        self.grid_z = torch.randn(cfg.grid_columns, cfg.z_dim, generator=fixed)
        self.div_z = torch.randn(cfg.diversity_samples, cfg.z_dim, generator=fixed)
        self.div_real = self.reals[torch.randperm(len(self.reals), generator=fixed)[: cfg.diversity_samples]]
        self.step, self.nimg, self.wall, self.cpu = 0, 0, 0.0, 0.0
        self.history, self.stage_start = [], (0, 0.0)  # earlier stages; where this one began (images, wall)
        self.rng = torch.Generator().manual_seed(cfg.seed + 1 + 7919 * self.group.rank)
        torch.manual_seed(cfg.seed + 7919 * self.group.rank)  # augmentations differ between processes

    # ---- checkpoints -------------------------------------------------------------------
    @property
    def checkpoint_path(self):
        return os.path.join(self.out, "checkpoint.pt")

    def stages(self) -> list:
        """Every stage the weights went through (config, hardware, command, images), this one last;
        a resume of the same stage extends it. Model cards need it: one model may see two machines."""
        here = {"config": self.cfg.name, "hardware": hardware(self.device),
                "command": portable_command("knee_gan.train", sys.argv[1:]),
                "images": [self.stage_start[0], self.nimg], "wall_s": round(self.wall - self.stage_start[1], 1)}
        history = [dict(h) for h in self.history]
        last = history[-1] if history else None
        if last and all(last[k] == here[k] for k in ("config", "hardware", "command")) \
                and last["images"][1] == here["images"][0]:
            last["images"][1], last["wall_s"] = here["images"][1], round(last["wall_s"] + here["wall_s"], 1)
        else:
            history.append(here)
        return history

    def provenance(self) -> dict:
        """What a saved state says about the run that made it (checkpoints and kept EMA generators)."""
        return {"step": self.step, "nimg": self.nimg, "wall": self.wall, "cpu": self.cpu, "config": self.cfg.to_dict(),
                "num_images": len(self.reals), "hardware": hardware(self.device), "teacher": self.teacher_path,
                "command": portable_command("knee_gan.train", sys.argv[1:]), "history": self.stages()}

    def save(self):
        state = {"g": self.g.state_dict(), "d": self.d.state_dict(), "g_ema": self.g_ema.state_dict(),
                 "opt_g": self.opt_g.state_dict(), "opt_d": self.opt_d.state_dict(), "rng": self.rng.get_state(),
                 "torch_rng": torch.get_rng_state(), "data_root": self.data_root, **self.provenance()}
        tmp = self.checkpoint_path + ".tmp"
        torch.save(state, tmp)
        os.replace(tmp, self.checkpoint_path)

    def load(self) -> bool:
        if not os.path.exists(self.checkpoint_path):
            return False
        state = load_checkpoint(self.checkpoint_path, self.device)
        if state["config"]["name"] != self.cfg.name:
            raise SystemExit(f"{self.checkpoint_path} was trained with config '{state['config']['name']}', "
                             f"not '{self.cfg.name}': use another --out")
        self.g.load_state_dict(state["g"])
        self.d.load_state_dict(state["d"])
        self.g_ema.load_state_dict(state["g_ema"])
        self.opt_g.load_state_dict(state["opt_g"])
        self.opt_d.load_state_dict(state["opt_d"])
        self.step, self.nimg, self.wall = state["step"], state["nimg"], state["wall"]
        self.cpu = state.get("cpu", state["wall"])
        self.history = state.get("history", [])
        if self.group.world == 1:
            # RNG states must be CPU byte tensors; a checkpoint loaded onto the GPU brings them there
            self.rng.set_state(state["rng"].cpu())
            torch.set_rng_state(state["torch_rng"].cpu())
        else:  # one saved stream cannot serve several processes: derive one per process and step
            self.rng.manual_seed(hash((self.cfg.seed, self.step, self.group.rank)) % (2 ** 62))
            torch.manual_seed(hash((self.cfg.seed + 1, self.step, self.group.rank)) % (2 ** 62))
        return True

    def report(self, row: dict):
        with open(os.path.join(self.out, "log.jsonl"), "a") as f:
            f.write(json.dumps(row) + "\n")

    def keep_ema(self):
        """A float16 copy of the EMA generator at this point, ema-<images>.pt: a short GPU run returns
        several, and select_state picks among them on val (the compact state keeps only the last)."""
        state = {"g_ema": half_state(self.g_ema.state_dict()), **self.provenance()}
        torch.save(state, os.path.join(self.out, f"ema-{self.nimg:09d}.pt"))

    @torch.no_grad()
    def snapshot(self):
        kl = torch.arange(len(self.div_z)).float() % 5
        fakes = self.g_ema(self.div_z.to(self.device), kl.to(self.device)).cpu()
        diversity = diversity_ratio(fakes, self.div_real)
        kimg = self.nimg // 1000
        sample_grid(self.g_ema, self.grid_z,
                    [os.path.join(self.out, "grid-latest.png"), os.path.join(self.out, f"grid-{kimg:06d}.png")])
        self.report({"kimg": self.nimg / 1000, "step": self.step, "wall": self.wall, "cpu": self.cpu,
                     "diversity": diversity})
        plot_losses(os.path.join(self.out, "log.jsonl"), os.path.join(self.out, "losses.png"))
        return diversity

    # ---- one step ----------------------------------------------------------------------
    def sample_grades(self, n: int) -> torch.Tensor:
        return torch.multinomial(self.grade_p, n, replacement=True, generator=self.rng)

    def batch(self):
        real_grades = self.sample_grades(self.local_batch)
        idx = torch.stack([self.by_grade[k][torch.randint(len(self.by_grade[k]), (1,), generator=self.rng)][0]
                           for k in real_grades.tolist()])
        real = self.reals[idx]
        flip = torch.rand(len(idx), generator=self.rng) < 0.5
        real = torch.where(flip[:, None, None, None], real.flip(3), real)
        # Generated grades follow the same mix as the real ones, so the discriminator sees both alike.
        fake_kl = self.sample_grades(self.local_batch).float()
        if self.cfg.mode_seeking_weight > 0:  # pairs (i, i + half) share a grade for the mode-seeking term
            half = self.local_batch // 2
            fake_kl[half:2 * half] = fake_kl[:half]
        z = torch.randn(self.local_batch, self.cfg.z_dim, generator=self.rng)
        dev = self.device
        return real.to(dev), self.grades[idx].to(dev), z.to(dev), fake_kl.to(dev)

    def train_step(self) -> dict:
        cfg = self.cfg
        real, real_kl, z, fake_kl = self.batch()
        # Discriminator
        with torch.no_grad():
            fake = self.g(z, fake_kl)
        d_fake = self.d(augment(fake, cfg.augment), fake_kl)
        d_real = self.d(augment(real, cfg.augment), real_kl)
        if cfg.loss == "hinge":
            loss_d = (F.relu(1.0 + d_fake) + F.relu(1.0 - d_real)).mean()
        else:
            loss_d = (F.softplus(d_fake) + F.softplus(-d_real)).mean()
        self.opt_d.zero_grad(set_to_none=True)
        loss_d.backward()
        self.group.average_gradients(self.d)
        self.opt_d.step()
        r1 = None
        if cfg.r1_gamma > 0 and self.step % cfg.r1_every == 0:
            real_r = real.detach().requires_grad_(True)
            score = self.d(augment(real_r, cfg.augment), real_kl)
            (grad,) = torch.autograd.grad(score.sum(), real_r, create_graph=True)
            penalty = grad.pow(2).sum(dim=(1, 2, 3)).mean()
            self.opt_d.zero_grad(set_to_none=True)
            (penalty * (cfg.r1_gamma / 2) * cfg.r1_every).backward()
            self.group.average_gradients(self.d)
            self.opt_d.step()
            r1 = float(penalty)
        # Generator (also tracks the mean w that truncation pulls towards)
        w = self.g.map(z)
        with torch.no_grad():
            self.g.w_avg.copy_(self.group.average_(w.mean(0)).lerp(self.g.w_avg, 0.995))
        fake = self.g.synthesis(w, self.g.grade(fake_kl))
        d_fake = self.d(augment(fake, cfg.augment), fake_kl)
        loss_g = -d_fake.mean() if cfg.loss == "hinge" else F.softplus(-d_fake).mean()
        loss_grade = None
        if self.teacher is not None:
            # A frozen grader says which grade the image shows; ramped in so identity forms first.
            ramp = min(1.0, self.nimg / max(cfg.grade_rampup_kimg * 1000, 1.0))
            loss_grade = F.cross_entropy(self.teacher(fake), fake_kl.long())
            loss_g = loss_g + cfg.grade_weight * ramp * loss_grade
        loss_modes = None
        if cfg.mode_seeking_weight > 0:
            # Mode seeking (Mao et al. 2019): two latents at the same grade should differ as much as
            # latents do; minimising latent distance / image distance stops every z drawing one knee.
            half = len(fake) // 2
            image_gap = (fake[:half] - fake[half:2 * half]).abs().mean(dim=(1, 2, 3))
            latent_gap = (z[:half] - z[half:2 * half]).abs().mean(dim=1)
            loss_modes = (latent_gap / (image_gap + 1e-5)).mean()
            loss_g = loss_g + cfg.mode_seeking_weight * loss_modes
        loss_identity = None
        # (offset by one so the lazy steps coincide with the logged ones)
        if cfg.identity_weight > 0 and (self.step + 1) % cfg.identity_every == 0:
            # The same latent at another grade must stay the same knee: compare coarse averages
            # (outline, pose, bone density), leaving the fine scale free for the disease to change.
            other_kl = self.sample_grades(len(fake_kl)).float().to(fake_kl.device)
            other = self.g.synthesis(w, self.g.grade(other_kl))
            size = max(1, fake.shape[-1] // 8)
            loss_identity = (F.adaptive_avg_pool2d(fake, size) - F.adaptive_avg_pool2d(other, size)).abs().mean()
            loss_g = loss_g + cfg.identity_weight * cfg.identity_every * loss_identity
        self.opt_g.zero_grad(set_to_none=True)
        loss_g.backward()
        self.group.average_gradients(self.g)
        self.opt_g.step()
        self.update_ema()
        self.step += 1
        self.nimg += cfg.batch
        return {"loss_d": float(loss_d), "loss_g": float(loss_g), "r1": r1,
                "loss_grade": None if loss_grade is None else float(loss_grade),
                "loss_identity": None if loss_identity is None else float(loss_identity),
                "loss_modes": None if loss_modes is None else float(loss_modes)}

    @torch.no_grad()
    def update_ema(self):
        ema_nimg = min(self.cfg.ema_kimg * 1000, self.nimg * self.cfg.ema_rampup)
        beta = 0.5 ** (self.cfg.batch / max(ema_nimg, 1e-8))
        for p_ema, p in zip(self.g_ema.parameters(), self.g.parameters()):
            p_ema.copy_(p.lerp(p_ema, beta))
        for b_ema, b in zip(self.g_ema.buffers(), self.g.buffers()):
            b_ema.copy_(b)

    # ---- loop --------------------------------------------------------------------------
    def run(self, total_kimg: float, max_minutes=None, max_cpu_minutes=None, keep_ema_kimg=None):
        """Train until total_kimg, or until this call has run max_minutes, or until the run's total
        CPU time (all sessions, all threads) reaches max_cpu_minutes: the bake-off's equal budget.
        keep_ema_kimg: also keep a float16 EMA generator each time this many thousand images pass."""
        total = int(total_kimg * 1000)
        started, last_save = time.time(), time.time()
        wall0, cpu0, cpu_start = self.wall, self.cpu, time.process_time()
        self.stage_start = (self.nimg, self.wall)
        main = self.group.is_main
        bar = tqdm(total=total, initial=min(self.nimg, total), unit="img", desc=self.cfg.name, disable=not main)
        log_every = max(1, 200 // self.cfg.batch)
        keep_every = int(keep_ema_kimg * 1000) if keep_ema_kimg else 0
        while self.nimg < total:
            stats = self.train_step()
            self.wall = wall0 + time.time() - started
            self.cpu = cpu0 + (time.process_time() - cpu_start) * self.group.world  # every process alike
            bar.update(self.cfg.batch)
            if main and keep_every and self.nimg // keep_every != (self.nimg - self.cfg.batch) // keep_every:
                self.keep_ema()
            if main and (self.step % log_every == 0 or stats["r1"] is not None):
                self.report({"kimg": self.nimg / 1000, "step": self.step, "wall": self.wall, **stats})
                bar.set_postfix(d=f"{stats['loss_d']:.3f}", g=f"{stats['loss_g']:.3f}")
            out_of_time = self.group.agree((max_minutes is not None and time.time() - started > max_minutes * 60)
                                           or (max_cpu_minutes is not None and self.cpu > max_cpu_minutes * 60))
            save_now = self.group.agree(time.time() - last_save > self.cfg.checkpoint_minutes * 60 or out_of_time)
            if save_now:
                self.group.assert_in_sync(self.g, "the generator")
                self.group.assert_in_sync(self.d, "the discriminator")
            if main and save_now:
                self.save()
                bar.set_postfix(diversity=f"{self.snapshot():.3f}")
                last_save = time.time()
            if out_of_time:
                break
        bar.close()
        if main:
            self.save()
            self.snapshot()
        self.group.barrier()


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True, help="dataset root holding train/{0..4}/, or a pack (.npz)")
    p.add_argument("--config", default="cpu-128", choices=sorted(CONFIGS))
    p.add_argument("--out", required=True, help="run folder (checkpoints, grids, logs); resumes if present")
    p.add_argument("--kimg", type=float, help="images to show in total, in thousands (default: config's)")
    p.add_argument("--minutes", type=float, help="stop (with a checkpoint) after this many minutes")
    p.add_argument("--cpu-minutes", type=float,
                   help="stop (with a checkpoint) when the run's total CPU time reaches this (bake-off budget)")
    p.add_argument("--keep-ema-kimg", type=float,
                   help="keep a float16 EMA generator (ema-<images>.pt in --out) each time this many kimg pass")
    p.add_argument("--teacher", help="frozen grader.pt for the config's grade loss (not the evaluating grader)")
    p.add_argument("--threads", type=int, default=os.cpu_count(), help="CPU threads")
    p.add_argument("--init-from", help="a compact resume state (knee_gan.compact) to start from when --out "
                                       "holds no checkpoint, e.g. on a new machine")
    resume = p.add_mutually_exclusive_group()
    resume.add_argument("--resume", action="store_true",
                        help="require a checkpoint in --out and continue it (the default resumes when one exists)")
    resume.add_argument("--fresh", action="store_true", help="ignore an existing checkpoint in --out")
    args = p.parse_args(argv)
    torch.set_num_threads(args.threads)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if device.type == "cuda":
        device = torch.device("cuda", int(os.environ.get("LOCAL_RANK", "0")))
        torch.cuda.set_device(device)
        torch.backends.cudnn.benchmark = True
    group = distributed.init(device)
    cfg = CONFIGS[args.config]
    try:
        trainer = Trainer(cfg, args.data, args.out, device, teacher=args.teacher, group=group)
    except DatasetError as err:
        raise SystemExit(f"error: {err}")
    if not args.fresh and trainer.load():
        if group.is_main:
            print(f"resumed from {trainer.checkpoint_path} at {trainer.nimg / 1000:.1f} kimg")
    elif args.init_from:
        load_compact(trainer, args.init_from)
        if group.is_main:
            print(f"started from the compact state {args.init_from} at {trainer.nimg / 1000:.1f} kimg")
    elif args.resume:
        raise SystemExit(f"error: --resume given but there is no checkpoint at {trainer.checkpoint_path}")
    trainer.run(args.kimg if args.kimg is not None else cfg.total_kimg, args.minutes, args.cpu_minutes,
                args.keep_ema_kimg)
    if group.is_main:
        print(f"done: {trainer.nimg} images shown in {trainer.wall / 60:.1f} min over {group.world} process(es); "
              f"see {args.out}")


if __name__ == "__main__":
    main()
