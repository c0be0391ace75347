"""The real knees of the app's "Real or synthetic?" mode: a fixed set from the TEST split only.

    cd training && python3 -m knee_gan.real_set --data ../../shared/data/knee-kl224 --out ../public/real \\
        --per-grade 24 [--check-package ../public/models/knee-cpu128]

Picks --per-grade images of every grade from `test/` with a fixed RNG seed (never train or val:
those taught the model), decodes each with the training loader (`knee_gan.data.read_image`, 8-bit
grey), and writes them at the data's native size as greyscale PNGs named by opaque ids in
shuffled order (r001.png ...: a name says neither the grade nor the patient), plus `index.json`
with the licence, the citation and each image's id, grade, file and SHA-256. The images are not
part of the repository (the dataset's rules): `public/real/` is git-ignored and a deployer runs
this before `npm run build`.

--check-package measures whether a simple statistic tells the packed real knees from as many
generated ones at the same grades (random seeds, truncation 1): the AUC of a one-feature
threshold classifier for image mean, standard deviation and PNG file size, after both went through
the app's pipeline (box-filter resize to the model's resolution, 8-bit grey, one PNG encoder).
"""
import argparse
import hashlib
import io
import json
import os
import re
import sys

import numpy as np
from PIL import Image

from .data import GRADES, DatasetError, list_split, read_image

FORMAT = "knee-oa-studio/real-set@1"
LICENSE = "CC BY 4.0"
CITATION = ("Chen, P. (2018). Knee Osteoarthritis Severity Grading Dataset. Mendeley Data, v1. "
            "doi:10.17632/56rmx5bjcr.1. Images from the Osteoarthritis Initiative (OAI), a public, "
            "de-identified research cohort.")
SPLIT = "test"  # the only split whose images the model never learned from
DEFAULT_SEED = 11  # fixed, so the same dataset always gives the same set
CHECK_SEED = 1111
OWN_FILE = re.compile(r"^(r\d{3,}\.png|index\.json)$")


def pick(files: list, per_grade: int, seed: int = DEFAULT_SEED) -> list:
    """per_grade files of every grade, in a shuffled order; the same for the same files and seed."""
    if per_grade < 1:
        raise DatasetError(f"--per-grade must be at least 1, got {per_grade}")
    rng = np.random.default_rng(seed)
    chosen = []
    for grade in GRADES:
        of_grade = sorted((f for f in files if f.grade == grade), key=lambda f: f.path)
        if len(of_grade) < per_grade:
            raise DatasetError(f"the {SPLIT} split has only {len(of_grade)} images of KL {grade}, "
                               f"fewer than --per-grade {per_grade}")
        chosen += [of_grade[i] for i in sorted(rng.choice(len(of_grade), per_grade, replace=False))]
    return [chosen[i] for i in rng.permutation(len(chosen))]


def png_bytes(pixels: np.ndarray) -> bytes:
    """8-bit greyscale PNG, no metadata (nothing but the pixels may differ between images)."""
    out = io.BytesIO()
    Image.fromarray(np.asarray(pixels, np.uint8), mode="L").save(out, format="PNG")
    return out.getvalue()


def pack(data: str, out: str, per_grade: int, seed: int = DEFAULT_SEED) -> dict:
    """Writes the set into `out` (replacing an earlier set there) and returns its index."""
    chosen = pick(list_split(data, SPLIT), per_grade, seed)
    os.makedirs(out, exist_ok=True)
    others = [n for n in os.listdir(out) if not OWN_FILE.match(n)]
    if others:
        raise DatasetError(f"{out} holds files that are not a real set ({', '.join(sorted(others)[:3])}); "
                           "choose an empty folder")
    for name in os.listdir(out):
        os.remove(os.path.join(out, name))
    digits = max(3, len(str(len(chosen))))
    images, size = [], None
    for n, f in enumerate(chosen, start=1):
        img = read_image(f.path, size)
        size = size or img.size
        data_bytes = png_bytes(np.asarray(img))
        image_id = f"r{n:0{digits}d}"
        with open(os.path.join(out, f"{image_id}.png"), "wb") as fh:
            fh.write(data_bytes)
        images.append({"id": image_id, "grade": f.grade, "file": f"{image_id}.png",
                       "sha256": hashlib.sha256(data_bytes).hexdigest()})
    index = {"format": FORMAT, "license": LICENSE, "citation": CITATION,
             "source": f"the {SPLIT} split of the Knee Osteoarthritis Severity Grading Dataset, "
                       f"{per_grade} images per KL grade, picked with seed {seed}",
             "size": list(size), "images": images}
    with open(os.path.join(out, "index.json"), "w") as fh:
        json.dump(index, fh, indent=1)
        fh.write("\n")
    return index


def read_set(folder: str):
    """(uint8 images (N, H, W), grades (N,)) of a packed set, each file checked against its SHA-256."""
    path = os.path.join(folder, "index.json")
    if not os.path.isfile(path):
        raise DatasetError(f"no real set in {folder} (no index.json): pack one with --data first")
    with open(path) as fh:
        index = json.load(fh)
    if index.get("format") != FORMAT:
        raise DatasetError(f"{path} is not a real set ({FORMAT})")
    images, grades = [], []
    for entry in index["images"]:
        with open(os.path.join(folder, entry["file"]), "rb") as fh:
            data_bytes = fh.read()
        if hashlib.sha256(data_bytes).hexdigest() != entry["sha256"]:
            raise DatasetError(f"{entry['file']} does not match its SHA-256 in {path}")
        images.append(np.asarray(Image.open(io.BytesIO(data_bytes)).convert("L")))
        grades.append(int(entry["grade"]))
    return np.stack(images), np.array(grades)


def box_resize(images: np.ndarray, resolution: int) -> np.ndarray:
    """Pillow's box filter, as the training loader and the app (src/real-or-synthetic/box-resize.ts) resize."""
    if images.shape[-1] == resolution:
        return images
    return np.stack([np.asarray(Image.fromarray(i).resize((resolution, resolution), Image.BOX)) for i in images])


def features(images: np.ndarray) -> dict:
    """Per image: grey-level mean, standard deviation, and the size of its PNG in bytes."""
    x = images.reshape(len(images), -1).astype(np.float64)
    return {"mean": x.mean(1), "std": x.std(1), "png_bytes": np.array([len(png_bytes(i)) for i in images], float)}


def check(folder: str, package: str, seed: int = CHECK_SEED) -> dict:
    """Mean, std and PNG-size AUCs (synthetic = positive) of the set in `folder` vs generated knees."""
    import torch

    from .metrics.common import generate, latents
    from .metrics.detector_auc import auc
    from .package_io import generator_from_package

    torch.set_num_threads(1)  # the machine is shared with training
    real, grades = read_set(folder)
    g, info = generator_from_package(package)
    seeds = np.random.default_rng(seed).integers(0, 2 ** 31, len(grades))
    fake = generate(g, latents(seeds, g.z_dim), torch.from_numpy(grades.astype(np.float32)), psi=1.0)
    real = box_resize(real, fake.shape[-1])
    f_real, f_fake = features(real), features(fake)
    labels = np.r_[np.zeros(len(real)), np.ones(len(fake))]
    result = {"model": info["model_id"], "package": package, "n_real": len(real), "n_synthetic": len(fake),
              "resolution": int(fake.shape[-1]), "features": {}}
    for name in f_real:
        a = auc(np.r_[f_real[name], f_fake[name]], labels)
        result["features"][name] = {
            "auc": round(a, 3), "separation": round(max(a, 1 - a), 3),
            "real": [round(float(f_real[name].mean()), 2), round(float(f_real[name].std()), 2)],
            "synthetic": [round(float(f_fake[name].mean()), 2), round(float(f_fake[name].std()), 2)]}
    return result


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", help="the dataset folder ({split}/{grade}/*); omit to only --check-package")
    p.add_argument("--out", required=True, help="where the set is written (e.g. ../public/real)")
    p.add_argument("--per-grade", type=int, default=24)
    p.add_argument("--seed", type=int, default=DEFAULT_SEED)
    p.add_argument("--check-package", help="a model package folder: measure mean/std/PNG-size AUCs")
    args = p.parse_args(argv)
    if not args.data and not args.check_package:
        p.error("give --data (pack a set), --check-package (measure one), or both")
    try:
        if args.data:
            index = pack(args.data, args.out, args.per_grade, args.seed)
            print(f"wrote {len(index['images'])} test-split images and index.json to {args.out}")
        if args.check_package:
            result = check(args.out, args.check_package)
            print(f"model {result['model']}, {result['n_real']} real vs {result['n_synthetic']} synthetic, "
                  f"{result['resolution']}x{result['resolution']}")
            for name, r in result["features"].items():
                print(f"  {name:9s} AUC {r['auc']:.3f} (separation {r['separation']:.3f}); "
                      f"real {r['real'][0]} ± {r['real'][1]}, synthetic {r['synthetic'][0]} ± {r['synthetic'][1]}")
            print(json.dumps(result))
    except DatasetError as err:
        sys.exit(f"error: {err}")


if __name__ == "__main__":
    main()
