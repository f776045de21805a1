"""Content trees for the index tests, and a look at processes through /proc."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

SECTIONS = 5
"""Entries per file of :func:`write_tree`."""


def write_tree(root: Path, files: int, kib: int = 2) -> Path:
    """``files`` markdown files in a few folders, each :data:`SECTIONS` entries and about ``kib`` KiB."""
    filler = " ".join(f"word{i % 97} term{i % 89} etcd{i % 13}" for i in range(kib * 1024 // 24 // SECTIONS))
    for n in range(files):
        folder = root / f"team{n % 7}" / f"area{n % 3}"
        folder.mkdir(parents=True, exist_ok=True)
        sections = [f"## error number {n}-{k} happened on node{n}\n\n{filler}\n" for k in range(SECTIONS)]
        (folder / f"notes-{n:05}.md").write_text("\n".join(sections), "utf-8")
    return root


def child_pids(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux)."""
    found = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as f:
                    fields = f.read().rsplit(b")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[1]) == pid and fields[0] != b"Z":
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except OSError:
        return False


def wait_for(condition: Callable[[], bool], timeout: float) -> bool:
    """Poll ``condition()`` until it is true or ``timeout`` seconds passed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False
