"""``python -m kbfind``, and where the ``kbfind`` and ``kb`` commands start: Ctrl-C while Python
is still loading the CLI is one line too, never a traceback."""

from __future__ import annotations

import sys
from importlib import import_module

__all__ = ["kb", "kbfind"]


def kbfind() -> None:
    _start("kbfind.cli", "kbfind")


def kb() -> None:
    _start("kbfind.kbcli", "kb")


def _start(module: str, prog: str) -> None:
    try:
        main = import_module(module).main
    except KeyboardInterrupt:
        if sys.stderr is not None:
            print(f"{prog}: interrupted", file=sys.stderr)
        sys.exit(130)
    main()


if __name__ == "__main__":
    kbfind()
