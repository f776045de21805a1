"""The build lock: one builder per index at a time, and no builder waiting on a dead one.

An advisory ``flock`` on a file beside the index, holding who took it (pid, host, when). The
kernel releases it when its holder dies — unless a child process inherited it: then a waiter
sees that the recorded holder is gone and takes over by replacing the lock file (a lock on the
new file does not conflict with one on the old). Build workers close their inherited copy first
thing, so they never keep a lock their parent took.

A waiter says what it waits for (once, after :data:`NOTICE_AFTER` seconds, through the
``kb`` logger when a program configured logging: the library itself never prints, and the
command-line tools show it unless ``-q``) and gives up after :data:`WAIT_LIMIT` seconds.

``filelock`` was considered: it locks the same way, but cannot tell who holds a lock nor take
one over from a dead holder, and its import is larger than this module.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kb.cache import unsafe

__all__ = ["NOTICE_AFTER", "WAIT_LIMIT", "BuildLock", "LockTimeout", "holding"]

NOTICE_AFTER = 3.0
"""Seconds of waiting before a waiter says what it waits for (most waits are shorter)."""

WAIT_LIMIT = 900.0
"""Seconds after which a waiter stops waiting for a live holder."""

_POLL = (0.05, 0.5)  # first and longest pause between attempts, in seconds


class LockTimeout(OSError):
    """Another process held the build lock for longer than :data:`WAIT_LIMIT`."""


class BuildLock:
    """A held build lock: ``fd`` is the locked file (close it to release)."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self.fd = fd

    def release(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)  # closing the last descriptor releases the flock
            self.fd = -1


@contextlib.contextmanager
def holding(path: Path, what: str) -> Iterator[BuildLock | None]:
    """Hold the build lock at ``path`` for the block (``what`` says what is built, for waiters).

    Yields ``None`` where there is no ``flock`` (not POSIX): builders then race, and the atomic
    rename of a finished index decides.
    """
    try:
        import fcntl  # noqa: F401
    except ImportError:  # pragma: no cover
        yield None
        return
    lock = acquire(path, what)
    try:
        yield lock
    finally:
        lock.release()


def acquire(path: Path, what: str) -> BuildLock:
    import fcntl

    start = time.monotonic()
    pause, told = _POLL[0], False
    while True:
        fd = _open(path)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            if _dead(holder):
                _take_over(fd, path, holder)
                os.close(fd)
                continue
            os.close(fd)
            waited = time.monotonic() - start
            if waited > WAIT_LIMIT:
                raise LockTimeout(errno.ETIMEDOUT, f"gave up waiting for {_who(holder)}", str(path)) from None
            if not told and waited >= NOTICE_AFTER:
                told = _notice(f"waiting for {_who(holder)} (lock {path})")
            time.sleep(pause)
            pause = min(pause * 1.5, _POLL[1])
            continue
        except BaseException:
            os.close(fd)
            raise
        if not _same_file(fd, path):  # taken over (replaced) between our open and our lock
            os.close(fd)
            continue
        _record(fd, what)
        return BuildLock(path, fd)


def _open(path: Path) -> int:
    """Open (or create, 0600) the lock file; one that is not ours is replaced by one that is."""
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    for _ in range(3):
        fd = os.open(path, flags, 0o600)
        if not unsafe(os.fstat(fd)):
            return fd
        os.close(fd)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)  # its folder is ours: a planted lock file goes
    raise PermissionError(errno.EACCES, "lock file is not safe to use", str(path))


def _record(fd: int, what: str) -> None:
    info = {"pid": os.getpid(), "host": socket.gethostname(), "since": time.time(), "what": what}
    os.ftruncate(fd, 0)
    os.pwrite(fd, json.dumps(info).encode(), 0)


def _holder(fd: int) -> dict[str, Any]:
    try:
        info = json.loads(os.pread(fd, 4096, 0) or b"{}")
    except (OSError, ValueError):
        return {}
    return info if isinstance(info, dict) else {}


def _dead(holder: dict[str, Any]) -> bool:
    """The recorded holder is a process of this host that no longer runs (or is a zombie)."""
    pid = holder.get("pid")
    if not isinstance(pid, int) or pid <= 0 or holder.get("host") != socket.gethostname() or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # alive, someone else's
        return False
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0] == b"Z"
    except (OSError, IndexError):
        return False


def _same_file(fd: int, path: Path) -> bool:
    try:
        a, b = os.fstat(fd), os.stat(path, follow_symlinks=False)
    except OSError:
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def _take_over(fd: int, path: Path, holder: dict[str, Any]) -> None:
    """The holder died but its lock is still held (by processes that inherited it): replace the
    lock file, so that the next attempt locks a new one. Takeovers take turns on a second lock
    (never held across a build), so that one waiter never removes the file another just made."""
    import fcntl

    turn = os.open(path.with_name(path.name + ".takeover"), os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600)
    try:
        fcntl.flock(turn, fcntl.LOCK_EX)
        time.sleep(_POLL[0])  # a new holder records itself right after locking: let it
        if _same_file(fd, path) and _holder(fd) == holder:
            os.unlink(path)
            _notice(f"process {holder.get('pid')} died while building the index; its lock {path} was taken over")
    finally:
        os.close(turn)


def _who(holder: dict[str, Any]) -> str:
    if not isinstance(holder.get("pid"), int):
        return "another process"
    since = time.time() - float(holder.get("since") or time.time())
    what = str(holder.get("what") or "the index")
    return f"process {holder['pid']} to finish building {what} (busy for {since:.0f} s)"


def _notice(message: str) -> bool:
    import logging

    log = logging.getLogger("kb")
    if log.hasHandlers():  # else Python's last resort would print it: a library must not
        log.warning("kbfind: %s", message)
    return True
