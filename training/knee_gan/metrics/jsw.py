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


def jsw_by_grade(images: np.ndarray, grades: np.ndarray, sides=None, **kw) -> dict:
    """Mean (and SD) minimum, medial and lateral JSW per KL grade on real images."""
    res = measure_jsw(images, sides=sides, **kw)
    out = {}
    for g in sorted(set(int(x) for x in grades)):
        idx = np.flatnonzero(grades == g)
        row = {"n": int(len(idx))}
        for key in ("minWidth",):
            v = np.array([res[i][key] for i in idx])
            row["min_mean"], row["min_sd"] = float(v.mean()), float(v.std())
        for comp in ("medial", "lateral"):
            v = np.array([res[i][comp]["minWidth"] for i in idx if res[i].get(comp)])
            if len(v):
                row[f"{comp}_mean"], row[f"{comp}_sd"] = float(v.mean()), float(v.std())
        out[str(g)] = row
    return {"per_grade": out, "results": res}


def overlay_figure(images: np.ndarray, results: list, path: str, titles=None, columns: int = 5):
    """Images with the femoral (cyan) and tibial (orange) margins and the minimum-width calipers."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    n = len(images)
    rows = (n + columns - 1) // columns
    fig, axes = plt.subplots(rows, columns, figsize=(2.4 * columns, 2.5 * rows), squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    for i, (img, r) in enumerate(zip(images, results)):
        ax = axes.flat[i]
        ax.imshow(img, cmap="gray", vmin=0, vmax=255)
        m = r["margins"]
        x = np.array(m["x"])
        split = np.flatnonzero(np.diff(x) > 1)  # two compartments: draw them apart
        for part in np.split(np.arange(len(x)), split + 1):
            ax.plot(x[part], np.array(m["femur"])[part], color="cyan", linewidth=0.7)
            ax.plot(x[part], np.array(m["tibia"])[part], color="orange", linewidth=0.7)
        for comp in ("left", "right"):
            c = r[comp]
            ax.plot([c["x"], c["x"]], [c["yFemur"], c["yTibia"]], color="red", linewidth=1.5)
        title = f"min {r['minWidth']:.1f} px"
        if titles is not None:
            title = f"{titles[i]} · {title}"
        ax.set_title(title, fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
