"""A run's training report from its log: images shown, wall time, speed, losses, diversity.

  python3 -m knee_gan.report ~/runs/cpu128
"""
import json
import os
import sys


def summarise(run_dir: str) -> dict:
    rows = [json.loads(line) for line in open(os.path.join(run_dir, "log.jsonl"))]
    steps = [r for r in rows if "loss_d" in r]
    diversity = [(r["kimg"], r["diversity"]) for r in rows if "diversity" in r]
    last = rows[-1]
    tail = steps[-50:]
    mean = lambda key: sum(r[key] for r in tail) / max(len(tail), 1)  # noqa: E731
    return {
        "images_shown": int(round(last["kimg"] * 1000)),
        "steps": last["step"],
        "wall_time_s": round(last["wall"], 1),
        "images_per_second": round(last["kimg"] * 1000 / max(last["wall"], 1e-9), 2),
        "loss_d_last50": round(mean("loss_d"), 4),
        "loss_g_last50": round(mean("loss_g"), 4),
        "diversity_first": diversity[0] if diversity else None,
        "diversity_last": diversity[-1] if diversity else None,
        "diversity_min": min(diversity, key=lambda kv: kv[1]) if diversity else None,
    }


def main(argv=None):
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        raise SystemExit("usage: python3 -m knee_gan.report RUN_DIR")
    print(json.dumps(summarise(args[0]), indent=1))


if __name__ == "__main__":
    main()
