"""What the metrics of one evaluation share: the one argument every registered metric takes.

Several metrics read the same generated set and the same grader outputs; each is computed once,
on first use, so a metric asks for what it needs and the registry's order does not matter for
the numbers. Generated images come from fixed seed ranges through the contract's seed -> latent
rule, so a run is reproducible to the bit on the same checkpoint and torch build.
"""
import os
from functools import cached_property

import numpy as np
import torch

from .common import generate, grader_outputs, latents
from .grader_accuracy import classification_report
from .jsw import measure_jsw, min_jsw

SEED_TEST_MIX = 1_000_000  # the generated set in the test split's grade mix, shared by most metrics


class MetricContext:
    """The generator, the grader, the splits (uint8 images), where figures go, and the options.

    jsw_fn: None measures joint-space width with the app's own code (Node); a function
    (uint8 images -> widths) stands in for it where Node is missing (tests)."""

    def __init__(self, g, grader, splits: dict, out: str, device: str = "cpu", jsw_fn=None,
                 n_identity: int = 200, log=print):
        self.g, self.grader, self.out, self.device, self.log = g, grader, out, device, log
        self.train_x = splits["train"][0]
        self.val_x, self.val_y = splits["val"][:2]
        self.test_x, self.test_y, test_files = splits["test"]
        self.test_names = [f.patient_side for f in test_files]
        self.jsw_fn, self.n_identity = jsw_fn, n_identity

    def figure(self, name: str) -> str:
        """Path of a figure: flat names, because a package's files may not sit in sub-folders."""
        return os.path.join(self.out, f"fig-{name}")

    def generate(self, first_seed: int, grades) -> np.ndarray:
        """uint8 images, one per grade in `grades` (array), from seeds first_seed, first_seed + 1, ..."""
        z = latents(range(first_seed, first_seed + len(grades)), self.g.z_dim)
        return generate(self.g, z, torch.from_numpy(np.asarray(grades, np.float32)), device=self.device)

    def grader_outputs(self, images: np.ndarray):
        """(features, logits) of the grader."""
        return grader_outputs(self.grader, images, device=self.device)

    @cached_property
    def test_outputs(self):
        return self.grader_outputs(self.test_x)

    @cached_property
    def val_outputs(self):
        return self.grader_outputs(self.val_x)

    @cached_property
    def grader_test_report(self) -> dict:
        return classification_report(self.test_y, self.test_outputs[1].argmax(1).numpy())

    @cached_property
    def generated_test_mix(self) -> np.ndarray:
        """As many generated knees as test holds, at test's grades."""
        return self.generate(SEED_TEST_MIX, self.test_y)

    @cached_property
    def generated_test_mix_outputs(self):
        return self.grader_outputs(self.generated_test_mix)

    @property
    def measures_jsw(self) -> bool:
        return self.jsw_fn is None

    def widths(self, images: np.ndarray) -> np.ndarray:
        """Minimum joint-space width (pixels) of each image."""
        if self.measures_jsw:
            return min_jsw(images)
        return np.asarray(self.jsw_fn(images), np.float64)

    @cached_property
    def test_jsw_results(self):
        """The app's full measurement of every real test knee (sides known); None with a stand-in."""
        if not self.measures_jsw:
            return None
        return measure_jsw(self.test_x, sides=[n[-1] for n in self.test_names])

    @cached_property
    def test_jsw(self) -> np.ndarray:
        """Minimum joint-space width of every real test knee (the JSW metric and the JSN slider's ends)."""
        if self.measures_jsw:
            return np.array([r["minWidth"] for r in self.test_jsw_results])
        return self.widths(self.test_x)
