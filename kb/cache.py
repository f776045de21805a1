"""Where the index lives: the user's cache directory, one folder per content root."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from kb.settings import CACHE_ENV

__all__ = ["cache_root", "exclusive", "index_home"]


def cache_root() -> Path:
    """``$KBFIND_CACHE_DIR``, else ``$XDG_CACHE_HOME/kbfind``, else ``~/.cache/kbfind``."""
    if explicit := os.environ.get(CACHE_ENV):
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "kbfind"


def index_home(content_root: Path, schema: int) -> Path:
    """The folder for ``content_root``'s index, keyed by its location and the schema version."""
    resolved = str(content_root.resolve())
    key = f"{_fnv1a(resolved.encode('utf-8', 'surrogateescape')):016x}"
    name = "".join(c if c.isalnum() or c in "-_." else "_" for c in content_root.resolve().name)[:40]
    return cache_root() / f"index-v{schema}" / f"{name}-{key}"


def _fnv1a(data: bytes) -> int:
    """A stable 64-bit hash (FNV-1a): names a folder, needs no cryptography, imports nothing."""
    h = 0xCBF29CE484222325
    for byte in data:
        h = ((h ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


@contextlib.contextmanager
def exclusive(lock_path: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock on ``lock_path`` (created if needed) for the block."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX: builders race, the rename decides
            yield
            return
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
