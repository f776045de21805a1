"""Asking a running watcher (``kb watch``) whether the content changed, instead of a ``stat`` per file.

Without a process that outlives the query, only a ``stat`` of every file can see an edit in
place (:mod:`kb.freshness`). A watcher (:mod:`kb.watch`) is that process: it counts every change
the kernel reports under the content root, and answers a query with its *stamp* — who it is
(a random instance) and how many changes it has seen. It reads all the kernel has queued before
it answers, so a change made before the query asked is always counted.

After a full check finds the content as the index's record has it, the query writes the stamp
beside the record (:func:`record`). A later query that gets the same stamp knows nothing changed
since that check: it costs one round trip on a local socket (about 0.1 ms), whatever the number
of files. Any other answer — another stamp, no watcher, another user's process — means the full
check, as without a watcher.

This module is on every query's path: it imports nothing that a query does not already load.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kb.cache import fnv1a, read_private, write_private

if TYPE_CHECKING:
    from kb.freshness import Snapshot

__all__ = ["TIMEOUT", "Stamp", "address", "checked", "current", "forget", "peer_uid", "record", "stamp_path", "vouches"]

TIMEOUT = 0.05
"""Seconds a query waits for a watcher's whole answer (one takes about 0.1 ms; a stopped or stuck
watcher is not waited for longer) before checking every file."""

PROTOCOL = 1


@dataclass(frozen=True)
class Stamp:
    """A watcher's answer: which watcher, and how many changes it has seen under ``root``."""

    instance: str
    generation: int
    root: str

    def to_line(self) -> bytes:
        return json.dumps({"protocol": PROTOCOL, **self.__dict__}).encode() + b"\n"

    @classmethod
    def from_line(cls, line: bytes) -> Stamp | None:
        try:
            data = json.loads(line)
            if data["protocol"] != PROTOCOL:
                return None
            return cls(str(data["instance"]), int(data["generation"]), str(data["root"]))
        except (ValueError, TypeError, KeyError, OverflowError):
            return None


def address(home: Path) -> bytes:
    """The watcher's socket for the index in ``home``: a Linux abstract name (no file to leave
    behind), made of the user and a hash of the index folder."""
    return f"\0kbfind-watch-{os.geteuid()}-{fnv1a(os.fsencode(home)):016x}".encode()


def current(home: Path) -> Stamp | None:
    """The stamp of the watcher of ``home``'s content, or ``None`` when none of this user answers
    (or its answer vouches for nothing)."""
    data = _ask(home)
    stamp = Stamp.from_line(data) if data else None
    return stamp if stamp is not None and stamp.generation >= 0 else None


def peer_uid(home: Path) -> int | None:
    """The user of the process holding the watcher's socket for ``home``, if any."""
    uid: list[int] = []
    _ask(home, uid)
    return uid[0] if uid else None


def _ask(home: Path, uid: list[int] | None = None) -> bytes:
    """The watcher's answer, ``b""`` when none of this user answers within :data:`TIMEOUT`
    (``uid`` receives the peer's user, whoever it is)."""
    if not sys.platform.startswith("linux"):
        return b""
    try:
        import _socket as sockets  # the C module: ``socket`` costs 1.5 ms to import, this 0.2 ms
    except ImportError:  # pragma: no cover - every CPython on Linux has it
        return b""
    deadline = time.monotonic() + TIMEOUT
    try:
        s = sockets.socket(sockets.AF_UNIX, sockets.SOCK_STREAM)
    except OSError:  # local sockets denied (a sandbox), no descriptors left: no watcher to ask
        return b""
    data = b""
    try:
        s.settimeout(TIMEOUT)
        s.connect(address(home))
        cred = s.getsockopt(sockets.SOL_SOCKET, sockets.SO_PEERCRED, 12)  # pid, uid, gid
        peer = int.from_bytes(cred[4:8], sys.byteorder)
        if uid is not None:
            uid.append(peer)
        if peer != os.geteuid():
            return b""  # another user's process took the name: never trusted
        while not data.endswith(b"\n") and len(data) < 65_536:
            left = deadline - time.monotonic()
            if left <= 0:
                return b""
            s.settimeout(left)
            chunk = s.recv(4_096)
            if not chunk:
                break
            data += chunk
    except OSError:  # none running, refused, timed out
        return b""
    finally:
        s.close()
    return data


def stamp_path(home: Path) -> Path:
    """Where the stamp of the last full check is kept: beside the index folder, like its lock."""
    return home.parent / f"{home.name}.watch"


def vouches(home: Path, stamp: Stamp, snap: Snapshot) -> bool:
    """Whether the last full check of ``snap``'s content was made under ``stamp``: nothing
    changed since."""
    if not _same_root(stamp, snap):
        return False
    raw = read_private(stamp_path(home))
    try:
        data = json.loads(raw) if raw is not None else None
    except ValueError:
        return False
    return bool(data == _recorded(stamp, snap))


def record(home: Path, stamp: Stamp, snap: Snapshot) -> None:
    """Say that ``snap``'s content was found unchanged under ``stamp`` (best effort: a cache)."""
    if not _same_root(stamp, snap):
        return
    with contextlib.suppress(OSError):
        write_private(stamp_path(home), json.dumps(_recorded(stamp, snap)).encode())


def forget(home: Path, instance: str) -> None:
    """Remove the record of checks made under the watcher ``instance``, which stopped: no later
    watcher can give its stamp, so it would only be left in the cache (best effort)."""
    raw = read_private(stamp_path(home))
    try:
        data = json.loads(raw) if raw is not None else None
    except ValueError:
        return
    if isinstance(data, dict) and data.get("instance") == instance:
        with contextlib.suppress(OSError):
            stamp_path(home).unlink()


def checked(home: Path | None, snap: Snapshot, stamp: Stamp | None) -> bool:
    """Whether the content is as ``snap`` has it: vouched by the watcher's ``stamp``, else a
    ``stat`` of every file and folder (then recorded, for the watcher's next answer)."""
    from kb.freshness import unchanged

    if home is not None and stamp is not None and vouches(home, stamp, snap):
        return True
    if not unchanged(snap):
        return False
    if home is not None and stamp is not None:
        record(home, stamp, snap)
    return True


def _same_root(stamp: Stamp, snap: Snapshot) -> bool:
    """The watcher watches the folder the snapshot is of (it names it without symbolic links)."""
    return stamp.root == snap.root or stamp.root == os.path.realpath(snap.root)


def _recorded(stamp: Stamp, snap: Snapshot) -> dict[str, object]:
    return {"instance": stamp.instance, "generation": stamp.generation, "root": stamp.root, "taken": snap.taken_ns}
