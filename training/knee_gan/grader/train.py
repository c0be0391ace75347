"""Train the compact KL grader: fit on train/, select the epoch on val/, report on test/.

  python3 -m knee_gan.grader.train --data ../shared/data/knee-kl224 --out ~/runs/grader

Writes `grader.pt` (the epoch with the best val accuracy), `history.json` (per-epoch train loss and
val numbers) and `report.json` (the selected grader on val and, once, on test). Runs on torch 1.13
CPU and 2.x CUDA.
"""
import argparse
import json
import os
import time

import numpy as np
import torch
import torch.nn.functional as F

from ..commands import portable_command
from ..data import DatasetError, load_split_cached
from ..metrics.grader_accuracy import classification_report, grader_logits
from ..pixels import from_uint8
from .model import Grader, load_grader, save_grader


def augment_batch(x: torch.Tensor, gen: torch.Generator, shift: int = 6) -> torch.Tensor:
    """Random horizontal flip (left and right knees are mirror images) and a small translation."""
    b = x.shape[0]
    flip = torch.rand(b, generator=gen) < 0.5
    x = torch.where(flip[:, None, None, None], x.flip(3), x)
    if shift:
        pad = F.pad(x, (shift, shift, shift, shift), mode="replicate")
        dx, dy = torch.randint(0, 2 * shift + 1, (2,), generator=gen).tolist()
        x = pad[:, :, dy:dy + x.shape[2], dx:dx + x.shape[3]]
    contrast = 1.0 + 0.1 * (torch.rand(b, 1, 1, 1, generator=gen) * 2 - 1)
    bright = 0.1 * (torch.rand(b, 1, 1, 1, generator=gen) * 2 - 1)
    return (x * contrast + bright).clamp(-1, 1)


def train(train_x, train_y, val_x, val_y, out: str, epochs: int = 8, batch: int = 32, lr: float = 2e-3,
          resolution: int = 128, width: int = 16, seed: int = 0, device: str = "cpu", log=print) -> dict:
    """Fit a Grader; keep the epoch with the best val accuracy in out/grader.pt. Returns the history."""
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    model = Grader(resolution=resolution, width=width).to(device)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=1e-4)
    steps_per_epoch = max(1, len(train_x) // batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=epochs * steps_per_epoch, pct_start=0.15)
    x_all, y_all = from_uint8(train_x), torch.from_numpy(np.asarray(train_y)).long()
    history, best = [], -1.0
    for epoch in range(epochs):
        model.train()
        t0, losses = time.time(), []
        order = torch.randperm(len(x_all), generator=gen)
        for s in range(steps_per_epoch):
            idx = order[s * batch:(s + 1) * batch]
            x = augment_batch(x_all[idx], gen).to(device)
            loss = F.cross_entropy(model(x), y_all[idx].to(device), label_smoothing=0.05)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            losses.append(float(loss))
        model.eval()
        pred = grader_logits(model, val_x, device=device).argmax(1).numpy()
        rep = classification_report(val_y, pred)
        row = {"epoch": epoch + 1, "train_loss": float(np.mean(losses)), "val_accuracy": rep["accuracy"],
               "val_macro_f1": rep["macro_f1"], "val_quadratic_kappa": rep["quadratic_kappa"],
               "seconds": time.time() - t0}
        history.append(row)
        log(json.dumps(row))
        if rep["accuracy"] > best:
            best = rep["accuracy"]
            save_grader(model.cpu(), os.path.join(out, "grader.pt"), epoch=epoch + 1, val=rep,
                        train_images=int(len(train_x)))
            model.to(device)
        with open(os.path.join(out, "history.json"), "w") as f:
            json.dump(history, f, indent=1)
    return {"history": history, "best_val_accuracy": best}


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True, help="dataset root holding {train,val,test}/{0..4}/")
    p.add_argument("--out", required=True, help="folder for grader.pt, history.json, report.json")
    p.add_argument("--cache", default=os.path.expanduser("~/runs/eval-cache"), help="decoded-split cache folder")
    p.add_argument("--resolution", type=int, default=128)
    p.add_argument("--width", type=int, default=16)
    p.add_argument("--epochs", type=int, default=8)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--limit", type=int, help="use only this many training images (smoke tests)")
    args = p.parse_args(argv)
    torch.set_num_threads(args.threads)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    os.makedirs(args.cache, exist_ok=True)
    try:
        tr_x, tr_y, _ = load_split_cached(args.data, "train", args.resolution, args.cache)
        va_x, va_y, _ = load_split_cached(args.data, "val", args.resolution, args.cache)
        te_x, te_y, _ = load_split_cached(args.data, "test", args.resolution, args.cache)
    except DatasetError as err:
        raise SystemExit(f"error: {err}")
    if args.limit:
        pick = np.random.default_rng(args.seed).permutation(len(tr_x))[: args.limit]
        tr_x, tr_y = tr_x[pick], tr_y[pick]
    result = train(tr_x, tr_y, va_x, va_y, args.out, epochs=args.epochs, batch=args.batch, lr=args.lr,
                   resolution=args.resolution, width=args.width, seed=args.seed, device=device)
    model = load_grader(os.path.join(args.out, "grader.pt"), device)
    val = classification_report(va_y, grader_logits(model, va_x, device=device).argmax(1).numpy())
    test = classification_report(te_y, grader_logits(model, te_x, device=device).argmax(1).numpy())
    report = {"selected_epoch": model.info["epoch"], "val": val, "test": test, "history": result["history"],
              "command": portable_command("knee_gan.grader.train", argv if argv is not None else os.sys.argv[1:])}
    with open(os.path.join(args.out, "report.json"), "w") as f:
        json.dump(report, f, indent=1)
    print(f"selected epoch {model.info['epoch']}: val accuracy {val['accuracy']:.3f}; test accuracy "
          f"{test['accuracy']:.3f}, macro-F1 {test['macro_f1']:.3f}, kappa {test['quadratic_kappa']:.3f}")


if __name__ == "__main__":
    main()
