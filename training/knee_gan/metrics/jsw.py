"""Joint-space width, measured by the app's own TypeScript (core/measure/jsw.ts) run in Node.

There is one implementation of the measurement: `core/measure/jsw.ts`. This module bundles
`scripts/jsw-cli.ts` with the project's bundler (node_modules/.bin/esbuild if present, else
node_modules/.bin/rolldown, which vite brings; or the esbuild named by $KNEE_ESBUILD) into a
cached `.cjs` file keyed by the sources' hash, writes the images to a temporary .npy and parses
the JSON the CLI prints. See jsw.ts for the algorithm.

    widths = measure_jsw(images_uint8)            # list of dicts, one per image
    min_jsw = np.array([r["minWidth"] for r in widths])
"""
import hashlib
import json
import os
import shutil
import subprocess
import tempfile

import numpy as np

from ..figures import jsw_grade_figure, jsw_overlay_figure
from .grade_fidelity import spearman

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
SOURCES = ("core/measure/jsw.ts", "scripts/jsw-cli.ts")


class JswUnavailable(RuntimeError):
    pass


def bundler() -> tuple:
    """(kind, path) of the TypeScript bundler to use: esbuild or rolldown."""
    env = os.environ.get("KNEE_ESBUILD")
    candidates = [("esbuild", env)] if env else []
    candidates += [("esbuild", os.path.join(REPO, "node_modules", ".bin", "esbuild")),
                   ("rolldown", os.path.join(REPO, "node_modules", ".bin", "rolldown"))]
    for kind, path in candidates:
        if path and os.path.exists(path):
            return kind, path
    raise JswUnavailable("no TypeScript bundler (esbuild or rolldown) in node_modules/.bin: run `npm install` "
                         "in the project root (or set KNEE_ESBUILD)")


def available() -> bool:
    try:
        bundler()
    except JswUnavailable:
        return False
    return shutil.which("node") is not None


def bundle() -> str:
    """Path of the bundled CLI, rebuilt when jsw.ts or jsw-cli.ts change."""
    h = hashlib.sha256()
    for rel in SOURCES:
        with open(os.path.join(REPO, rel), "rb") as f:
            h.update(f.read())
    cache = os.environ.get("KNEE_JSW_CACHE", os.path.join(tempfile.gettempdir(), "knee-oa-studio-jsw"))
    os.makedirs(cache, exist_ok=True)
    out = os.path.join(cache, f"jsw-cli-{h.hexdigest()[:16]}.cjs")
    if not os.path.exists(out):
        tmp = out + f".{os.getpid()}.tmp.cjs"
        kind, tool = bundler()
        entry = os.path.join(REPO, "scripts", "jsw-cli.ts")
        if kind == "esbuild":
            cmd = [tool, entry, "--bundle", "--platform=node", "--format=cjs", "--log-level=warning", f"--outfile={tmp}"]
        else:
            cmd = [tool, entry, "--platform", "node", "--format", "cjs", "--file", tmp]
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
        if proc.returncode != 0 or not os.path.exists(tmp):
            raise JswUnavailable(f"{kind} failed: {proc.stderr.strip() or proc.stdout.strip()}")
        os.replace(tmp, out)
    return out


def measure_jsw(images: np.ndarray, sides=None, margins: bool = False, mm_per_pixel=None,
                trim=None, chunk: int = 4096) -> list:
    """JswResult dicts (see core/measure/jsw.ts) for uint8 images (N, H, W)."""
    images = np.ascontiguousarray(images)
    if images.dtype != np.uint8 or images.ndim != 3:
        raise ValueError(f"expected uint8 (N, H, W), got {images.dtype} {images.shape}")
    if shutil.which("node") is None:
        raise JswUnavailable("node not found on PATH")
    script = bundle()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for start in range(0, len(images), chunk):
            part = images[start:start + chunk]
            path = os.path.join(tmp, "images.npy")
            np.save(path, part)
            cmd = ["node", script, "--input", path, "--out", os.path.join(tmp, "out.json")]
            if sides is not None:
                cmd += ["--sides", "".join(s if s in ("L", "R") else "?" for s in sides[start:start + chunk])]
            if margins:
                cmd.append("--margins")
            if trim is not None:
                cmd += ["--trim", str(trim)]
            if mm_per_pixel:
                cmd += ["--mm-per-pixel", str(mm_per_pixel)]
            proc = subprocess.run(cmd, capture_output=True, text=True)
            if proc.returncode != 0:
                raise RuntimeError(f"jsw-cli failed: {proc.stderr.strip()}")
            with open(os.path.join(tmp, "out.json")) as f:
                results.extend(json.load(f)["results"])
    return results


def min_jsw(images: np.ndarray) -> np.ndarray:
    """The knee's minimum joint-space width (narrower compartment), pixels, per image."""
    return np.array([r["minWidth"] for r in measure_jsw(images)], dtype=np.float64)


def width_stats(widths: np.ndarray, grades: np.ndarray, results: list = None) -> dict:
    """Mean and SD of the minimum width per KL grade; with the full `results`, of the medial and
    lateral compartments' widths too."""
    out = {}
    for g in sorted(set(int(x) for x in grades)):
        idx = np.flatnonzero(grades == g)
        row = {"n": int(len(idx)), "min_mean": float(widths[idx].mean()), "min_sd": float(widths[idx].std())}
        for comp in ("medial", "lateral") if results is not None else ():
            v = np.array([results[i][comp]["minWidth"] for i in idx if results[i].get(comp)])
            if len(v):
                row[f"{comp}_mean"], row[f"{comp}_sd"] = float(v.mean()), float(v.std())
        out[str(g)] = row
    return out


def jsw_by_grade(images: np.ndarray, grades: np.ndarray, sides=None, **kw) -> dict:
    """Mean (and SD) minimum, medial and lateral JSW per KL grade on real images."""
    res = measure_jsw(images, sides=sides, **kw)
    return {"per_grade": width_stats(np.array([r["minWidth"] for r in res]), grades, res), "results": res}


def overlays(ctx):
    """Figures of the measurement drawn on three real test knees and two generated knees per grade."""
    x, y, names = ctx.test_x, ctx.test_y, ctx.test_names
    grades = sorted(set(int(g) for g in y))
    rng = np.random.default_rng(0)
    pick = np.concatenate([rng.choice(np.flatnonzero(y == g), min(3, int((y == g).sum())), replace=False) for g in grades])
    real = measure_jsw(x[pick], sides=[names[i][-1] for i in pick], margins=True)
    jsw_overlay_figure(x[pick], real, ctx.figure("jsw_overlays_test.png"),
                       titles=[f"KL{y[i]} {names[i]}" for i in pick], columns=5)
    gen_pick = np.concatenate([np.flatnonzero(y == g)[:2] for g in grades])
    gen = ctx.generated_test_mix[gen_pick]
    jsw_overlay_figure(gen, measure_jsw(gen, margins=True), ctx.figure("jsw_overlays_generated.png"),
                       titles=[f"generated KL{y[i]}" for i in gen_pick], columns=5)


def compute(ctx) -> dict:
    """Minimum JSW per grade on real test and on the generated set in test's grade mix."""
    per_grade = width_stats(ctx.test_jsw, ctx.test_y, ctx.test_jsw_results)
    if ctx.measures_jsw:
        overlays(ctx)
    jsw_gen = ctx.widths(ctx.generated_test_mix)
    per_grade_gen = width_stats(jsw_gen, ctx.test_y)
    jsw_grade_figure(per_grade, per_grade_gen, ctx.figure("jsw_per_grade.png"))
    ctx.log("JSW per grade (test): " + ", ".join(f"KL{k} {v['min_mean']:.2f}" for k, v in per_grade.items()))
    return {"jsw_per_grade_test": per_grade, "jsw_per_grade_generated": per_grade_gen,
            "jsw_spearman_vs_kl_test": spearman(ctx.test_y, ctx.test_jsw),
            "jsw_spearman_vs_kl_generated": spearman(ctx.test_y, jsw_gen),
            "jsw_measurement": "core/measure/jsw.ts (minimum over both compartments, pixels at %d px)" % ctx.g.resolution}
