#!/bin/bash
# One device-tool command: continue a compact state on the GPU for MINUTES, then put what comes
# back in $OUT (<= 16 MiB a file): the new compact state, the EMA generator in float32 (for export),
# the grid, the loss log. Run from the repository root with .carry/ holding the pack and the teacher:
#   MINUTES=7 bash training/scripts/gpu_run.sh resume/lite2-112.pt
# CONFIG picks the config (default gpu-lite2-112); KEEP_KIMG also returns a float16 EMA generator each
# time that many thousand images pass (the last four; each file is ~6 MB), for select_state on val.
# What travels (working tree + .carry) must stay under 64 MiB; with the model packages committed the
# tree alone is over 50 MB, so move public/models/ out of the checkout for the call and back after.
set -eo pipefail
init=${1:?compact state, relative to training/}
cd training
rm -rf /tmp/gpu-run  # a machine still warm from the last call keeps its run, which would be resumed instead
export PYTHONUNBUFFERED=1
nvidia-smi -L; python3 -c "import torch; print('torch', torch.__version__)"
python3 -m knee_gan.train --data ../.carry/train112.npz --config "${CONFIG:-gpu-lite2-112}" --out /tmp/gpu-run \
    ${KEEP_KIMG:+--keep-ema-kimg "$KEEP_KIMG"} --threads 8 --teacher ../.carry/teacher.pt --init-from "$init" --minutes "${MINUTES:-7}" 2>&1 \
    | tr '\r' '\n' | awk 'NR % 200 == 1 || !/img\/s/' | tee "$OUT/train.log"
python3 -m knee_gan.compact /tmp/gpu-run/checkpoint.pt "$OUT/resume.pt"
# $OUT returns at most 8 files: with kept EMA generators the compact state stands in for g_ema.pt
cp /tmp/gpu-run/grid-latest.png /tmp/gpu-run/log.jsonl "$OUT/"
if ls /tmp/gpu-run/ema-*.pt >/dev/null 2>&1; then
    ls /tmp/gpu-run/ema-*.pt | tail -4 | xargs -I{} cp {} "$OUT/"
else
    cp /tmp/gpu-run/losses.png "$OUT/"
    python3 - <<'PY'
import os, torch
from knee_gan.loading import load_checkpoint
s = load_checkpoint("/tmp/gpu-run/checkpoint.pt")
keep = {k: v for k, v in s.items() if k not in ("g", "d", "opt_g", "opt_d")}
torch.save(keep, os.path.join(os.environ["OUT"], "g_ema.pt"))
PY
fi
python3 -c "from knee_gan.loading import load_checkpoint; print('images shown:', load_checkpoint('$OUT/resume.pt')['nimg'])"
