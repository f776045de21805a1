"""Linux's inotify, through the C library: what ``kb watch`` is told about changes to folders.

Only what the watcher needs: watches on folders (and on files reached by a symbolic link), and
the events read back without blocking. The kernel queues an event while the change's system
call runs, so after a read that finds nothing more, every change made before it is known.
"""

from __future__ import annotations

import ctypes
import errno
import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = [
    "CHANGES",
    "IN_ATTRIB",
    "IN_CREATE",
    "IN_DELETE",
    "IN_IGNORED",
    "IN_ISDIR",
    "IN_MODIFY",
    "IN_MOVED_FROM",
    "IN_MOVED_TO",
    "IN_Q_OVERFLOW",
    "IN_UNMOUNT",
    "SELF",
    "Event",
    "Inotify",
    "available",
]

IN_MODIFY = 0x002
IN_ATTRIB = 0x004
IN_MOVED_FROM = 0x040
IN_MOVED_TO = 0x080
IN_CREATE = 0x100
IN_DELETE = 0x200
IN_DELETE_SELF = 0x400
IN_MOVE_SELF = 0x800
IN_UNMOUNT = 0x2000
IN_Q_OVERFLOW = 0x4000
IN_IGNORED = 0x8000
IN_ISDIR = 0x40000000
IN_NONBLOCK = os.O_NONBLOCK
IN_CLOEXEC = os.O_CLOEXEC

SELF = IN_DELETE_SELF | IN_MOVE_SELF | IN_UNMOUNT | IN_IGNORED
"""The watched folder (or file) itself went away: its watch is over."""

CHANGES = IN_MODIFY | IN_ATTRIB | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF
"""What is watched: writes, metadata (``touch``, ``chmod``), names coming and going, and the
watched thing itself being removed or renamed."""

_HEADER = struct.Struct("iIII")  # wd, mask, cookie, len (struct inotify_event)


@dataclass(frozen=True)
class Event:
    wd: int
    mask: int
    name: bytes


def available() -> bool:
    """Whether this system has inotify (Linux)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return hasattr(libc, "inotify_init1")
    except OSError:
        return False


class Inotify:
    """One inotify instance: watches added by path, events read without blocking."""

    def __init__(self) -> None:
        self._libc = ctypes.CDLL(None, use_errno=True)
        self._libc.inotify_add_watch.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_uint32)
        fd = self._libc.inotify_init1(IN_NONBLOCK | IN_CLOEXEC)
        if fd < 0:
            raise _error("inotify_init1")
        self.fd: int = fd

    def add(self, path: bytes, mask: int = CHANGES) -> int:
        """Watch ``path`` (a symbolic link is followed); the same folder gives the same number."""
        wd = int(self._libc.inotify_add_watch(self.fd, path, mask))
        if wd < 0:
            raise _error(os.fsdecode(path))
        return wd

    def remove(self, wd: int) -> None:
        self._libc.inotify_rm_watch(self.fd, wd)  # already gone: nothing to do

    def read(self) -> Iterator[Event]:
        """Every event queued now; returns when the queue is empty."""
        while True:
            try:
                data = os.read(self.fd, 65_536)
            except BlockingIOError:
                return
            offset = 0
            while offset + _HEADER.size <= len(data):
                wd, mask, _, size = _HEADER.unpack_from(data, offset)
                start = offset + _HEADER.size
                yield Event(wd, mask, data[start : start + size].rstrip(b"\0"))
                offset = start + size

    def close(self) -> None:
        os.close(self.fd)


def _error(what: str) -> OSError:
    code = ctypes.get_errno() or errno.EIO
    return OSError(code, os.strerror(code), what)
