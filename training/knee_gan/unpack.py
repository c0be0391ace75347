"""Write a shipped package's upsampler back as the upsampler.pt the training tools read.

A new machine starts without ~/runs; the package in public/models/ still holds the exact upsampler
the app runs (float16 values, which survive float16 -> float32 -> float16 unchanged), so selecting,
evaluating and exporting a new generator state behind it needs no retraining of the upsampler:

    python3 -m knee_gan.unpack ../public/models/knee-lite224d --upsampler-out ~/runs/ups-224d/upsampler.pt
"""
import argparse
import os

import torch

from .package_io import generator_from_package
from .upsampler import Cascade


def unpack_upsampler(package_dir: str, out_path: str) -> str:
    g, info = generator_from_package(package_dir)
    if not isinstance(g, Cascade):
        raise ValueError(f"{package_dir}: this model has no upsampler ({info['architecture']} at its own size)")
    os.makedirs(os.path.dirname(os.path.abspath(out_path)), exist_ok=True)
    up = g.upsampler
    torch.save({"config": up.config(), "state": up.state_dict(), "step": None,
                "val": None, "unpacked_from": info["model_id"]}, out_path)
    return out_path


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("package", help="a package folder (manifest.json + weights)")
    p.add_argument("--upsampler-out", required=True, help="where to write upsampler.pt")
    args = p.parse_args(argv)
    print(unpack_upsampler(args.package, args.upsampler_out))


if __name__ == "__main__":
    main()
