"""Mean power spectra of real and generated images: where a generator adds or loses detail.

GAN images are told apart from real ones by their spectra (Frank et al. 2020), and the shipped
model was seen to overdo fine vertical stripes. This compares the mean |FFT|^2 of two image sets
(mean removed, Hann window so the image border does not add a cross): the ratio generated/real
per radial frequency band, and along the horizontal-frequency axis (energy there is vertical
structure: stripes, trabeculae, grid lines). A ratio of 1 everywhere is the goal.
"""
import numpy as np

from ..figures import spectrum_figure


def mean_power_spectrum(images: np.ndarray) -> np.ndarray:
    """uint8 or float (N, H, W) -> mean power spectrum (H, W), zero frequency at the centre."""
    x = np.asarray(images, np.float64)
    x = x - x.mean(axis=(1, 2), keepdims=True)
    h, w = x.shape[1:]
    window = np.outer(np.hanning(h), np.hanning(w))
    power = np.abs(np.fft.fft2(x * window)) ** 2
    return np.fft.fftshift(power.mean(0))


def radial_profile(spectrum: np.ndarray, bands: int) -> np.ndarray:
    """Mean power in `bands` equal rings from 0 to the Nyquist radius."""
    h, w = spectrum.shape
    yy, xx = np.mgrid[:h, :w]
    r = np.hypot(yy - h // 2, xx - w // 2) / (min(h, w) / 2)
    idx = np.clip((r * bands).astype(int), 0, bands)
    sums = np.bincount(idx.ravel(), spectrum.ravel(), bands + 1)[:bands]
    counts = np.bincount(idx.ravel(), minlength=bands + 1)[:bands]
    return sums / np.maximum(counts, 1)


def horizontal_axis_profile(spectrum: np.ndarray, bands: int) -> np.ndarray:
    """Mean power near the horizontal-frequency axis (vertical structures), in `bands` bands."""
    h, w = spectrum.shape
    row = spectrum[h // 2 - 1:h // 2 + 2].mean(0)[w // 2:]  # +-1 row around fy = 0, fx >= 0
    edges = np.linspace(0, len(row), bands + 1).astype(int)
    return np.array([row[a:b].mean() for a, b in zip(edges[:-1], edges[1:])])


def spectrum_report(real: np.ndarray, generated: np.ndarray, bands: int = 8) -> dict:
    """Ratios generated/real per band; bands are fractions of Nyquist (0-1/8, ..., 7/8-1)."""
    sr, sg = mean_power_spectrum(real), mean_power_spectrum(generated)
    radial = radial_profile(sg, bands) / np.maximum(radial_profile(sr, bands), 1e-12)
    axis = horizontal_axis_profile(sg, bands) / np.maximum(horizontal_axis_profile(sr, bands), 1e-12)
    real_axis_v = horizontal_axis_profile(sr, bands)
    real_axis_h = horizontal_axis_profile(sr.T, bands)
    return {"bands": [f"{i}/{bands}-{i + 1}/{bands} Nyquist" for i in range(bands)],
            "radial_ratio": radial.tolist(), "horizontal_axis_ratio": axis.tolist(),
            # > 1: the real images have more vertical than horizontal structure in that band
            "real_vertical_over_horizontal": (real_axis_v / np.maximum(real_axis_h, 1e-12)).tolist(),
            "high_band_radial_ratio": float(radial[bands // 2:].mean()),
            "n_real": int(len(real)), "n_generated": int(len(generated)), "size": list(sr.shape),
            "spectra": (sr, sg)}


def compute(ctx) -> dict:
    """Generated (test's grade mix) against real test."""
    spec = spectrum_report(ctx.test_x, ctx.generated_test_mix)
    spectrum_figure(spec, ctx.figure("spectrum.png"), "mean power spectra: real test vs generated (same grade mix)")
    spec.pop("spectra")
    ctx.log("spectrum generated/real per band: " + ", ".join(f"{x:.2f}" for x in spec["radial_ratio"]))
    return {"spectrum": spec, "spectrum_high_band_ratio": spec["high_band_radial_ratio"]}
