"""The command: `python3 -m knee_gan.directions` (see the package's docstring)."""
import argparse
import json
import os

import torch

from ..grader.model import load_grader
from ..loading import load_generator
from ..model_card import write_model_card
from ..package_io import relabel_directions, write_json
from . import __doc__ as description
from .find import find_directions


def relabel(eval_dir: str, labels: dict) -> list:
    """Labels a person wrote after looking at the sweeps, into an evaluation's files and its card."""
    directions = relabel_directions(eval_dir, labels)
    if os.path.exists(os.path.join(eval_dir, "model-card.md")):
        write_model_card(eval_dir)
    return directions


def main(argv=None):
    p = argparse.ArgumentParser(prog="python3 -m knee_gan.directions", description=description,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--relabel", metavar="EVAL_DIR", help="only apply --labels to an evaluation folder's directions")
    p.add_argument("--checkpoint")
    p.add_argument("--grader")
    p.add_argument("--out", help="directions JSON to write")
    p.add_argument("--labels", help="JSON {id: {label, description}} written after looking at the sweeps")
    p.add_argument("--n-find", type=int, default=2000)
    p.add_argument("--knees", type=int, default=128, help="knees to measure the semantic directions on")
    p.add_argument("--principal-knees", type=int, default=32, help="knees to measure the principal directions on")
    p.add_argument("--principal", type=int, default=5)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    args = p.parse_args(argv)
    if args.relabel:
        if not args.labels:
            p.error("--relabel needs --labels")
        for d in relabel(args.relabel, json.load(open(args.labels))):
            print(f"{d['id']}: {d['label']}")
        return
    if not (args.checkpoint and args.grader and args.out):
        p.error("--checkpoint, --grader and --out are required (unless --relabel)")
    torch.set_num_threads(args.threads)
    g, grader = load_generator(args.checkpoint), load_grader(args.grader)
    labels = json.load(open(args.labels)) if args.labels else None
    dirs, summary, _ = find_directions(g, grader, n_find=args.n_find, k=args.principal, knees=args.knees, labels=labels,
                                       principal_knees=args.principal_knees)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    write_json(args.out, {"directions": dirs, "summary": summary})
    print(json.dumps({k: v for k, v in summary.items() if k != "fit"}, indent=1))


if __name__ == "__main__":
    main()
