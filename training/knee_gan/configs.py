"""Training configurations sized to the compute they run on."""
from dataclasses import asdict, dataclass, field, replace


@dataclass
class Config:
    name: str
    resolution: int
    g_channels: dict
    d_channels: dict
    batch: int
    z_dim: int = 128
    w_dim: int = 256
    grade_dim: int = 64
    lr: float = 0.002
    r1_gamma: float = 0.1
    r1_every: int = 16
    ema_kimg: float = 10.0
    ema_rampup: float = 0.05
    augment: str = "translation,cutout,brightness,contrast"
    total_kimg: float = 1000.0
    checkpoint_minutes: float = 5.0
    grid_columns: int = 8
    diversity_samples: int = 64
    seed: int = 0
    # The recipe (training/README.md, "Bake-off"): network family, loss, grade balance, grade signal.
    arch: str = "style"           # "style" (networks.py) or "lite" (lite.py)
    loss: str = "logistic"        # "logistic" (+ lazy R1 when r1_gamma > 0) or "hinge"
    balance: float = 0.0          # grade sampling: p(grade) ~ count^(1 - balance); 1 = every grade alike
    grade_weight: float = 0.0     # weight of a frozen teacher grader's cross-entropy on generated grades
    grade_rampup_kimg: float = 10.0  # the grade loss ramps in over these images (unconditional first)
    identity_weight: float = 0.0  # keep the coarse knee (14x14 average) the same across grades for one z
    identity_every: int = 4       # ... applied lazily, every this many steps (scaled up to match)
    mode_seeking_weight: float = 0.0  # MSGAN: two latents at one grade must give different images
    extra: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)


CONFIGS = {
    # A few steps on a fixture; the tests use it.
    "tiny": Config("tiny", resolution=16, batch=4,
                   g_channels={4: 16, 8: 16, 16: 8}, d_channels={4: 16, 8: 16, 16: 8},
                   z_dim=16, w_dim=16, grade_dim=8, total_kimg=0.1, checkpoint_minutes=0.0,
                   grid_columns=4, diversity_samples=8),
    # 2 CPU cores: narrow high-resolution layers keep a step cheap and the browser fast.
    # Measured on 2 cores (torch 1.13): ~24 images/s; the 64-channel variant ran at ~9.
    "cpu-128": Config("cpu-128", resolution=128, batch=16,
                      g_channels={4: 256, 8: 128, 16: 64, 32: 32, 64: 16, 128: 8},
                      d_channels={4: 256, 8: 128, 16: 64, 32: 32, 64: 16, 128: 8},
                      r1_gamma=0.2, total_kimg=300.0),
    # The bake-off's winner (training/README.md, "Bake-off"): a FastGAN-style generator with
    # conditional normalisation and a lean spectral-norm discriminator, 112 px; the shipped model
    # adds the x2 upsampler (knee_gan.train_upsampler) for the data's 224 px.
    "lite-112": Config("lite-112", resolution=112, batch=16, arch="lite", loss="hinge", r1_gamma=0.0,
                       g_channels={7: 128, 14: 128, 28: 64, 56: 32, 112: 16},
                       d_channels={7: 128, 14: 64, 28: 32, 56: 16, 112: 8},
                       # The bake-off ran with grade_weight 0.5 and no identity term: grades were read
                       # perfectly but knees collapsed to one per grade (training/README.md), so the
                       # run continues with a weaker teacher and the same coarse knee across grades.
                       # From 23k images on, a mode-seeking term too: every latent still gave the same knee.
                       total_kimg=3000.0, balance=1.0, grade_weight=0.1, identity_weight=0.5,
                       mode_seeking_weight=0.2),
    # lite-112 continued with two changes against its one pose and shape per grade: w projected into
    # the base map (`knee-lite@2`) and a minibatch-stddev channel in the discriminator. Starts from a
    # lite-112 state (--init-from; the new weights start at zero, so nothing it learned is lost).
    "lite2-112": Config("lite2-112", resolution=112, batch=16, arch="lite", loss="hinge", r1_gamma=0.0,
                        g_channels={7: 128, 14: 128, 28: 64, 56: 32, 112: 16},
                        d_channels={7: 128, 14: 64, 28: 32, 56: 16, 112: 8},
                        total_kimg=3000.0, balance=1.0, grade_weight=0.1, identity_weight=0.5,
                        mode_seeking_weight=0.2, extra={"w_input": True, "mbstd_group": 4}),
    # lite2-112 from a state where the run stopped improving (about 1M images on): a quarter of the
    # learning rate and twice the EMA length, to settle instead of wander (training/README.md).
    "lite2-112-anneal": Config("lite2-112-anneal", resolution=112, batch=16, arch="lite", loss="hinge", r1_gamma=0.0,
                               g_channels={7: 128, 14: 128, 28: 64, 56: 32, 112: 16},
                               d_channels={7: 128, 14: 64, 28: 32, 56: 16, 112: 8},
                               lr=0.0005, ema_kimg=20.0, total_kimg=3000.0, balance=1.0, grade_weight=0.1,
                               identity_weight=0.5, mode_seeking_weight=0.2,
                               extra={"w_input": True, "mbstd_group": 4}),
    # The same stage with the teacher at a third of its weight: grade fidelity is far above the
    # issue's bar while realism (FD) is not, and a strong teacher pulls knees towards what it reads
    # (training/README.md); compared with lite2-112-anneal by select_state on val.
    "lite2-112-anneal-t03": Config("lite2-112-anneal-t03", resolution=112, batch=16, arch="lite", loss="hinge",
                                   r1_gamma=0.0, g_channels={7: 128, 14: 128, 28: 64, 56: 32, 112: 16},
                                   d_channels={7: 128, 14: 64, 28: 32, 56: 16, 112: 8},
                                   lr=0.0005, ema_kimg=20.0, total_kimg=3000.0, balance=1.0, grade_weight=0.03,
                                   identity_weight=0.5, mode_seeking_weight=0.2,
                                   extra={"w_input": True, "mbstd_group": 4}),
    "tiny-lite": Config("tiny-lite", resolution=16, batch=4, arch="lite", loss="hinge", r1_gamma=0.0,
                        g_channels={4: 16, 8: 16, 16: 8}, d_channels={4: 16, 8: 16, 16: 8},
                        z_dim=16, w_dim=16, grade_dim=8, total_kimg=0.1, checkpoint_minutes=0.0,
                        grid_columns=4, diversity_samples=8, balance=1.0, grade_rampup_kimg=0.02,
                        identity_weight=0.5, identity_every=2, mode_seeking_weight=0.2),
    "tiny-lite2": Config("tiny-lite2", resolution=16, batch=4, arch="lite", loss="hinge", r1_gamma=0.0,
                         g_channels={4: 16, 8: 16, 16: 8}, d_channels={4: 16, 8: 16, 16: 8},
                         z_dim=16, w_dim=16, grade_dim=8, total_kimg=0.1, checkpoint_minutes=0.0,
                         grid_columns=4, diversity_samples=8, balance=1.0, grade_rampup_kimg=0.02,
                         identity_weight=0.5, identity_every=2, mode_seeking_weight=0.2,
                         extra={"w_input": True, "mbstd_group": 2}),
    # One GPU: the same networks as lite-112 (so the browser cost is unchanged and a CPU run can
    # continue there from its compact state), a larger batch and budget.
    "gpu-lite-112": Config("gpu-lite-112", resolution=112, batch=64, arch="lite", loss="hinge", r1_gamma=0.0,
                           g_channels={7: 128, 14: 128, 28: 64, 56: 32, 112: 16},
                           d_channels={7: 128, 14: 64, 28: 32, 56: 16, 112: 8},
                           lr=0.002, total_kimg=5000.0, balance=1.0, grade_weight=0.1, identity_weight=0.5,
                           mode_seeking_weight=0.2),
    "gpu-lite2-112": Config("gpu-lite2-112", resolution=112, batch=64, arch="lite", loss="hinge", r1_gamma=0.0,
                            g_channels={7: 128, 14: 128, 28: 64, 56: 32, 112: 16},
                            d_channels={7: 128, 14: 64, 28: 32, 56: 16, 112: 8},
                            lr=0.002, total_kimg=5000.0, balance=1.0, grade_weight=0.1, identity_weight=0.5,
                            mode_seeking_weight=0.2, extra={"w_input": True, "mbstd_group": 4}),
}

# The anneal stage that shipped knee-lite224e, on one GPU: the same learning rate, EMA and teacher
# weight with four times the batch, so each step is less noisy (training/README.md).
CONFIGS["gpu-lite2-112-anneal-t03"] = replace(CONFIGS["lite2-112-anneal-t03"], name="gpu-lite2-112-anneal-t03",
                                              batch=64, total_kimg=5000.0,
                                              extra=dict(CONFIGS["lite2-112-anneal-t03"].extra))
