"""Identity along KL: does changing the grade keep the knee?

Similarity is the Pearson correlation of two images downsampled to 32x32 (insensitive to
brightness and contrast, sensitive to anatomy and position). Compared:
- `same_latent_kl0_vs_kl4`: one latent drawn at KL 0 and at KL 4 (mean over latents);
- `same_patient_left_vs_right`: the left and (mirrored) right knee of one test patient, i.e. two
  real knees with the same anatomy but different pictures;
- `different_patients`: random pairs of test knees (after mirroring right knees), the floor;
- `different_latents_same_grade`: two latents at the same grade, the generator's floor.
A grade change that keeps identity scores about as high as, or higher than, the L/R pair.
"""
import numpy as np

from .common import correlation, downsample

SEED_IDENTITY = 6_000_000


def _mirror_rights(images: np.ndarray, sides) -> np.ndarray:
    out = images.copy()
    for i, s in enumerate(sides):
        if s == "R":
            out[i] = out[i, :, ::-1]
    return out


def identity_report(kl0: np.ndarray, kl4: np.ndarray, test_images: np.ndarray, test_names, size: int = 32,
                    seed: int = 0) -> dict:
    """kl0, kl4: uint8 images of the same latents at KL 0 and 4; test_names: 'patient' + 'L'/'R'."""
    size = min(size, kl0.shape[-1], test_images.shape[-1])
    same_latent = correlation(downsample(kl0, size), downsample(kl4, size))
    sides = [n[-1] for n in test_names]
    real = downsample(_mirror_rights(test_images, sides), size)
    by_patient = {}
    for i, n in enumerate(test_names):
        by_patient.setdefault(n[:-1], {})[n[-1]] = i
    pairs = [(p["L"], p["R"]) for p in by_patient.values() if "L" in p and "R" in p]
    rng = np.random.default_rng(seed)
    if pairs:
        a, b = np.array(pairs).T
        same_patient = correlation(real[a], real[b])
    else:
        same_patient = np.zeros(0)
    ra = rng.integers(0, len(real), size=max(len(pairs), 200))
    rb = (ra + rng.integers(1, len(real), size=len(ra))) % len(real)
    different = correlation(real[ra], real[rb])
    g = downsample(kl0, size)
    ga = np.arange(len(g))
    gb = (ga + 1 + rng.integers(0, max(1, len(g) - 1), size=len(g))) % len(g)
    gen_diff = correlation(g[ga], g[gb]) if len(g) > 1 else np.zeros(0)

    def stat(v):
        return {"mean": float(v.mean()) if len(v) else None, "sd": float(v.std()) if len(v) else None, "n": int(len(v))}

    return {"same_latent_kl0_vs_kl4": stat(same_latent), "same_patient_left_vs_right": stat(same_patient),
            "different_patients": stat(different), "different_latents_same_grade": stat(gen_diff),
            "similarity": f"Pearson correlation of {size}x{size} downsampled images (right knees mirrored)"}


def compute(ctx) -> dict:
    n = min(ctx.n_identity, max(2, len(ctx.test_y)))
    kl0, kl4 = ctx.generate(SEED_IDENTITY, np.zeros(n)), ctx.generate(SEED_IDENTITY, np.full(n, 4.0))
    ident = identity_report(kl0, kl4, ctx.test_x, ctx.test_names)
    ctx.log(f"identity KL0 vs KL4 {ident['same_latent_kl0_vs_kl4']['mean']:.3f}")
    return {"identity_kl0_vs_kl4": ident["same_latent_kl0_vs_kl4"]["mean"],
            "identity_left_vs_right": ident["same_patient_left_vs_right"]["mean"],
            "identity_different_patients": ident["different_patients"]["mean"], "details": {"identity": ident}}
