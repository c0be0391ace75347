"""Pack one split into a single compact file, for carrying to a GPU machine (64 MiB per call).

  python3 -m knee_gan.pack --data ../shared/data/knee-kl224 --split train --quality 85 --out ../.carry/train.npz
  (add --size 112 for a 112-px config: a quarter of the bytes)

The pack holds the JPEG bytes of every image (re-encoded at --quality), grades and original paths;
`train --data <pack>.npz` reads it in place of a folder.
"""
import argparse
import io
import os

import numpy as np
from PIL import Image

from .data import DatasetError, list_split, read_image


def pack_split(root: str, split: str, quality: int, out: str, size_px: int = None) -> int:
    files = list_split(root, split)
    blobs, size = [], None
    for f in files:
        img = read_image(f.path, size)
        size = size or img.size
        if size_px and img.width > size_px:  # downscale as training would (box), so the pack carries less
            img = img.resize((size_px, size_px), Image.BOX)
        buf = io.BytesIO()
        img.save(buf, format="JPEG", quality=quality)
        blobs.append(np.frombuffer(buf.getvalue(), dtype=np.uint8))
    offsets = np.cumsum([0] + [len(b) for b in blobs])
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    np.savez(out, jpeg=np.concatenate(blobs), offsets=offsets, grades=np.array([f.grade for f in files]),
             paths=np.array([os.path.relpath(f.path, root) for f in files]), split=split)
    return os.path.getsize(out)


def load_pack(path: str, resolution: int):
    """(images uint8 [N, res, res], grades int64 [N], relative paths) from a pack file."""
    try:
        data = np.load(path)
        jpeg, offsets = data["jpeg"], data["offsets"]
    except (OSError, KeyError, ValueError) as err:
        raise DatasetError(f"not a dataset pack (knee_gan.pack): {path} ({err})") from err
    images = np.empty((len(offsets) - 1, resolution, resolution), dtype=np.uint8)
    for i in range(len(images)):
        img = Image.open(io.BytesIO(jpeg[offsets[i]:offsets[i + 1]].tobytes())).convert("L")
        if img.width != resolution:
            img = img.resize((resolution, resolution), Image.BOX)
        images[i] = np.asarray(img)
    return images, data["grades"].astype(np.int64), list(data["paths"])


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True)
    p.add_argument("--split", default="train")
    p.add_argument("--quality", type=int, default=85)
    p.add_argument("--size", type=int, help="downscale to this many pixels first (e.g. the config's resolution)")
    p.add_argument("--out", required=True)
    args = p.parse_args(argv)
    try:
        size = pack_split(args.data, args.split, args.quality, args.out, args.size)
    except DatasetError as err:
        raise SystemExit(f"error: {err}")
    print(f"wrote {args.out}: {size / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
