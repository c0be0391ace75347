"""Latent directions for the app's sliders (in w, or in the grade embedding), each with its measured effect.

  python3 -m knee_gan.directions --checkpoint ~/runs/cpu128/checkpoint.pt --grader ~/runs/grader/grader.pt \
      --out ~/runs/eval/directions.json [--labels labels.json]

(`knee_gan.evaluate` runs this too; `--relabel EVAL_DIR --labels labels.json` only writes labels a
person chose after looking at the sweeps into an evaluation's files and re-renders its card.)
Modules: find.py (the fitting), measure.py (descriptors, sweeps, effects, ranges), __main__.py (the
command); figures in knee_gan.figures, files in knee_gan.package_io.
Every direction is a unit vector in its `space`: in w (the contract applies it after truncation:
w += alpha * d) or in the grade embedding (g = blend of grade rows + alpha * d), with the fields
contract/manifest.schema.json asks for:
`{"id", "label", "space": "w" | "grade", "vector", "range", "kind", "method", "effect"}`.

- **jsn** (semantic): ridge regression of the measured minimum joint-space width (core/measure/jsw.ts)
  on w over many generated knees at random grades (grade as a covariate); the direction is minus
  the regression gradient, so a positive slider narrows the joint space. The gradients of global
  brightness and contrast (same regression) are projected out: brightening also reads as narrower.
- **osteophytes** (semantic, in the grade embedding): w holds the knee, the grade embedding the
  disease, so no direction in w raised the grader's KL by more than ~0.4 (knee-lite224). Knees at
  random continuous grades get random offsets in the span of the grade table's centred rows; ridge
  regression of the grader's expected KL, the width, brightness and contrast on the offsets; the KL
  gradient with the other three projected out; then, because those gradients are noisy estimates,
  the width slope still measured along it (finite differences on separate calibration knees) is
  cancelled with the grade-space narrowing direction.
- **pc1..pcK** (principal): principal components of w; labels are read off slider sweeps by a
  person (`--labels`), else made from the measured effect (the descriptor that moves most).

Effects are measured on knees and seeds not used to find the direction: JSW (pixels) and the
grader's expected KL along a grid over the slider range, Spearman rank correlations, slopes per
unit of slider, and the share of the pixel change that falls in the joint band.
"""
