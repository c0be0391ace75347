"""The knee KL dataset: `{root}/{split}/{grade}/*.png|jpg`, grades 0-4.

Every problem is an error that names the folder or file; nothing is skipped silently.
"""
import os
from dataclasses import dataclass

import numpy as np
from PIL import Image, UnidentifiedImageError

GRADES = (0, 1, 2, 3, 4)
IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg")


class DatasetError(ValueError):
    pass


@dataclass
class ImageFile:
    path: str
    grade: int

    @property
    def patient_side(self) -> str:
        return os.path.splitext(os.path.basename(self.path))[0]


def list_split(root: str, split: str) -> list:
    """All image files of one split, sorted, each with its grade. Raises DatasetError on any problem."""
    if not os.path.isdir(root):
        raise DatasetError(f"dataset folder not found: {root}")
    split_dir = os.path.join(root, split)
    if not os.path.isdir(split_dir):
        found = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)))
        raise DatasetError(f"no '{split}' folder in {root} (found: {', '.join(found) or 'nothing'}); "
                           "expected the layout {split}/{grade}/*.png|jpg with grades 0-4")
    files = []
    for grade in GRADES:
        grade_dir = os.path.join(split_dir, str(grade))
        if not os.path.isdir(grade_dir):
            raise DatasetError(f"missing grade folder: {grade_dir} (every grade 0-4 must be present)")
        names = sorted(n for n in os.listdir(grade_dir) if not n.startswith("."))
        for name in names:
            path = os.path.join(grade_dir, name)
            if not name.lower().endswith(IMAGE_EXTENSIONS) or not os.path.isfile(path):
                raise DatasetError(f"unexpected entry (not a .png or .jpg image): {path}")
            files.append(ImageFile(path, grade))
        if not names:
            raise DatasetError(f"grade folder is empty: {grade_dir}")
    return files


def read_image(path: str, expected_size=None) -> Image.Image:
    """One greyscale image; checks it decodes, is square and matches expected_size (w, h)."""
    try:
        with Image.open(path) as im:
            im.load()
            img = im.convert("L")
    except (UnidentifiedImageError, OSError) as err:
        raise DatasetError(f"unreadable image: {path} ({err})") from err
    if img.width != img.height:
        raise DatasetError(f"image is not square: {path} is {img.width}x{img.height}")
    if expected_size is not None and img.size != expected_size:
        raise DatasetError(f"image size differs from the rest of the split: {path} is "
                           f"{img.width}x{img.height}, expected {expected_size[0]}x{expected_size[1]}")
    return img


def load_split(root: str, split: str, resolution: int, progress=None):
    """(images uint8 [N, res, res], grades int64 [N], files). Resized with a box filter (area average)."""
    files = list_split(root, split)
    images = np.empty((len(files), resolution, resolution), dtype=np.uint8)
    size = None
    iterator = progress(files, desc=f"reading {split}") if progress else files
    for i, f in enumerate(iterator):
        img = read_image(f.path, size)
        size = size or img.size
        if img.width < resolution:
            raise DatasetError(f"image smaller than the training resolution {resolution}: {f.path}")
        if img.width != resolution:
            img = img.resize((resolution, resolution), Image.BOX)
        images[i] = np.asarray(img)
    grades = np.array([f.grade for f in files], dtype=np.int64)
    return images, grades, files


def load_split_cached(root: str, split: str, resolution: int, cache_dir: str, progress=None):
    """load_split, kept as an .npz in cache_dir so a resumed run does not decode again."""
    cache = os.path.join(cache_dir, f"data-{split}-{resolution}.npz")
    files = list_split(root, split)
    if os.path.exists(cache):
        data = np.load(cache)
        if list(data["paths"]) == [f.path for f in files]:
            return data["images"], data["grades"], files
    images, grades, files = load_split(root, split, resolution, progress)
    tmp = cache + f".{os.getpid()}.tmp.npz"  # unique: two processes may fill the same cache
    np.savez(tmp, images=images, grades=grades, paths=np.array([f.path for f in files]))
    os.replace(tmp, cache)
    return images, grades, files

