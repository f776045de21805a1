"""Where indexes live, and the rules that keep them private.

An index is read with whoosh, which unpickles its files: whoever can write an index can run code
as whoever reads it. So everything under the cache root is created private (folders 0700, files
0600, whatever the umask), and a folder or file that is not the current user's, or that others
can write, is never loaded (:func:`unsafe`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
from pathlib import Path

from kb.settings import CACHE_ENV

__all__ = [
    "UnsafeCache",
    "cache_root",
    "default_cache_root",
    "fnv1a",
    "index_home",
    "make_private",
    "private_folders",
    "read_private",
    "unsafe",
    "write_private",
]

_OWNER_ONLY = hasattr(os, "geteuid")  # POSIX: ownership and modes mean something


class UnsafeCache(PermissionError):
    """A cache folder belongs to another user: nothing in it may be loaded or written."""


def cache_root() -> Path:
    """``$KBFIND_CACHE_DIR``, else the user's cache directory (:func:`default_cache_root`)."""
    if explicit := os.environ.get(CACHE_ENV):
        return Path(explicit)
    return default_cache_root()


def default_cache_root() -> Path:
    """``$XDG_CACHE_HOME/kbfind`` (else ``~/.cache/kbfind``) on Linux and BSD; the platform's
    cache folder elsewhere (``~/Library/Caches/kbfind``, ``%LOCALAPPDATA%\\kbfind\\Cache``)."""
    if sys.platform in ("darwin", "win32"):
        import platformdirs  # only here: on Linux the XDG rule below is the same, without its import

        return Path(platformdirs.user_cache_dir("kbfind", appauthor=False))
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "kbfind"


def index_home(content_root: Path, schema: int, root: Path | None = None) -> Path:
    """The folder for ``content_root``'s index under ``root`` (default :func:`cache_root`),
    keyed by the content's location and the schema version, and by the site that renders it
    (:func:`kb.urls.site_kind`: which files are pages and how headings are anchored depend on it, and
    a file above the content says so)."""
    from kb.urls import site_kind

    resolved = content_root.resolve()
    site = f"\x00{kind}" if (kind := site_kind(resolved)) else ""
    key = f"{fnv1a((str(resolved) + site).encode('utf-8', 'surrogateescape')):016x}"
    name = "".join(c if c.isalnum() or c in "-_." else "_" for c in resolved.name)[:40] or "root"  # / has none
    return (root or cache_root()) / f"index-v{schema}" / f"{name}-{key}"


def fnv1a(data: bytes) -> int:
    """A stable 64-bit hash (FNV-1a): names a folder, needs no cryptography, imports nothing."""
    h = 0xCBF29CE484222325
    for byte in data:
        h = ((h ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def unsafe(st: os.stat_result) -> str | None:
    """Why a cache folder or file with this ``stat`` must not be trusted, or ``None``."""
    if not _OWNER_ONLY:
        return None
    if st.st_uid != os.geteuid():
        return f"owned by another user (uid {st.st_uid})"
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return "writable by others"
    return None


def private_folders(top: Path, folder: Path) -> None:
    """Create ``folder`` (under ``top``, which is created too) with every missing level 0700;
    a level below ``top`` that others can write is made 0700. ``top`` itself may be a folder the
    user named (``KBFIND_CACHE_DIR``): its mode is never changed. A sticky one (``/tmp``) is
    used as it is, since no one else can rename or remove what is ours in it.

    Raises ``PermissionError`` naming the first level that is another user's or that others
    can write.
    """
    with contextlib.suppress(FileExistsError):  # ~/.cache and the like are not ours to restrict
        top.parent.mkdir(parents=True, exist_ok=True)
    levels = [folder, *[p for p in folder.parents if p.is_relative_to(top)]]
    for level in reversed(levels):
        with contextlib.suppress(FileExistsError):
            os.mkdir(level, 0o700)  # the umask can only take bits away from 0700
        st = os.stat(level)
        if not stat.S_ISDIR(st.st_mode):
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(level))
        reason = unsafe(st)
        if not reason or (level == top and st.st_mode & stat.S_ISVTX):
            continue
        if reason == "writable by others" and level != top:
            os.chmod(level, 0o700)  # ours: close it (what it holds is checked file by file when read)
        else:
            raise UnsafeCache(13, f"cache folder {reason} (make it private, or set KBFIND_CACHE_DIR)", str(level))


def make_private(folder: Path) -> None:
    """Make ``folder`` 0700 and every file directly in it 0600 (whoosh creates them as the umask says)."""
    if not _OWNER_ONLY:
        return
    os.chmod(folder, 0o700)
    for entry in os.scandir(folder):
        if entry.is_file(follow_symlinks=False) and stat.S_IMODE(entry.stat(follow_symlinks=False).st_mode) != 0o600:
            os.chmod(entry.path, 0o600)


def read_private(path: Path) -> bytes | None:
    """The bytes of ``path``, or ``None`` when it is missing, unreadable, a symbolic link, or not
    safe to trust (:func:`unsafe`): the counterpart of :func:`write_private`."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        if unsafe(os.fstat(fd)):
            return None
        with os.fdopen(os.dup(fd), "rb") as f:
            return f.read()
    except OSError:
        return None
    finally:
        os.close(fd)


def write_private(path: Path, data: bytes) -> None:
    """Write ``path`` atomically (a temporary file renamed over it), readable by its owner only."""
    tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(tmp, flags, 0o600)
    try:
        try:
            if _OWNER_ONLY:
                os.fchmod(fd, 0o600)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:  # a full disk: no temporary file left behind
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
