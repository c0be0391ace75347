"""Commands as a reader can rerun them: the exact argv, with machine-specific paths made portable.

Paths inside the repository become relative to `training/` (where the commands are run from), the
shared data folder becomes `../shared/...` relative to the repository root, and the home folder `~`.
"""
import os
import shlex

TRAINING = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO = os.path.dirname(TRAINING)


def portable_path(arg: str) -> str:
    if not arg.startswith("/"):
        return arg
    path = os.path.normpath(arg)
    home = os.path.expanduser("~")
    for base in (REPO, os.path.dirname(REPO)):
        if path == base or path.startswith(base + os.sep):
            return os.path.relpath(path, TRAINING)
    if path.startswith(home + os.sep):
        return "~" + path[len(home):]
    return arg


def portable_command(module: str, argv) -> str:
    """`python3 -m <module> <args>` with each path argument (or --flag=path value) made portable."""
    out = []
    for a in argv:
        if a.startswith("--") and "=" in a:
            flag, value = a.split("=", 1)
            out.append(f"{flag}={portable_path(value)}")
        else:
            out.append(portable_path(a))
    return f"python3 -m {module} " + " ".join(_quote(a) for a in out)


def _quote(arg: str) -> str:
    # "~/..." stays unquoted so a shell still expands it
    if arg.startswith("~/") and shlex.quote(arg[2:]) == arg[2:]:
        return arg
    return shlex.quote(arg)
