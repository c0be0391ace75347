"""Evaluation metrics, one file per metric, and the registry `knee_gan.evaluate` runs.

Every metric module defines `compute(ctx) -> dict` (ctx: context.MetricContext): the numbers it
adds to metrics.json, flat, plus an optional "details" dict merged into metrics.json's
"details". Registering a metric is one line in METRICS; the evaluation, its --core subset and
metrics.json follow from it. common.py and context.py are helpers, not metrics.
"""
from dataclasses import dataclass
from typing import Callable

from . import (detector_auc, diversity, frechet, grade_fidelity, grader_accuracy, identity, jsw, memorisation,
               precision_recall, spectrum)


@dataclass(frozen=True)
class Metric:
    compute: Callable  # (MetricContext) -> dict
    core: bool = True  # also run by `evaluate --core` (the bake-off's cheap, Node-free metrics)


# name -> metric, in the order metrics.json lists their numbers
METRICS = {
    "grader_accuracy": Metric(grader_accuracy.compute),
    "grade_fidelity": Metric(grade_fidelity.compute),
    "precision_recall": Metric(precision_recall.compute),
    "detector_auc": Metric(detector_auc.compute),
    "memorisation": Metric(memorisation.compute),
    "frechet": Metric(frechet.compute),
    "spectrum": Metric(spectrum.compute),
    "identity": Metric(identity.compute),
    "diversity": Metric(diversity.compute),
    "jsw": Metric(jsw.compute, core=False),
}
