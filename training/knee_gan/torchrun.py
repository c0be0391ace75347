"""`torchrun`, working on Debian's torch 1.13 under Python 3.11.

  python3 -m knee_gan.torchrun --standalone --nproc_per_node 2 -m knee_gan.train --config tiny ...

torch 1.13's launcher parses its --redirects/--tee values by iterating over an IntFlag enum, and
Python 3.11 no longer yields the zero member (Std.NONE) in that iteration, so every launch fails
with "'NoneType' object has no attribute 'get'". This restores the parse and then runs torchrun
unchanged. On torch 2.x (the GPU machine) plain `torchrun` works and this module changes nothing.
"""
import re
import sys

from torch.distributed.elastic.multiprocessing import api
from torch.distributed.run import main


def _std_from_str(vm: str):
    members = {int(s): s for s in api.Std.__members__.values()}  # __members__ keeps the zero member
    if re.fullmatch(r"\d", vm):
        return members[int(vm)]
    return {int(i): members[int(v)] for i, v in (item.split(":") for item in vm.split(","))}


if api.Std.from_str("0") is None:
    api.Std.from_str = _std_from_str

if __name__ == "__main__":
    sys.exit(main())
