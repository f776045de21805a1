"""The watcher (``kb watch``): a process that counts every change under a content root, so that
a query asks it instead of a ``stat`` of every file (:mod:`kb.watchstamp`).

It watches every folder the walk of :mod:`kb.sources` visits (hidden ones aside, links followed
only inside the root) and every file reached by a symbolic link, through Linux's inotify. Any
change — a write, a ``touch``, a file or folder added, removed or renamed — adds one to its
generation; names the walk never reads (hidden ones: an editor's swap file) do not. A query
connects to its socket; the watcher reads every event the kernel has queued, then answers with
its instance and generation. A folder added, a link made or events lost (the kernel's queue
overflowed) make it walk the tree again, so no folder goes unwatched.

If the root itself is removed or renamed, the watcher stops: queries then check every file again.
"""

from __future__ import annotations

import os
import secrets
import select
import socket
from collections.abc import Callable
from pathlib import Path

from kb.inotify import IN_CREATE, IN_ISDIR, IN_MOVED_FROM, IN_MOVED_TO, IN_Q_OVERFLOW, SELF, Event, Inotify, available
from kb.sources import visible
from kb.watchstamp import Stamp, address

__all__ = ["WatchError", "Watcher"]


class WatchError(Exception):
    """The watcher cannot start or cannot go on; the message says why and what to do."""


class Watcher:
    """Watches the content root ``root`` whose index lives in ``home``."""

    def __init__(self, root: Path, home: Path) -> None:
        if not available():
            raise WatchError("watching needs Linux's inotify; without a watcher every query checks each file")
        self.root = os.path.realpath(root)
        if not os.path.exists(self.root):
            raise WatchError(f"{root}: no such file or folder; pass --kb PATH to a markdown file or folder")
        self.home = home
        self.single = os.path.isfile(self.root)
        self.instance = secrets.token_hex(8)
        self.generation = 0
        self._ino = Inotify()
        self._folders: dict[int, bytes] = {}
        """Watch → the folder it watches, as last walked."""
        self._links: set[int] = set()
        """Watches on files reached by a symbolic link (any event on them counts)."""
        self._top = -1
        self._server: socket.socket | None = None
        self.resync()

    @property
    def folders(self) -> int:
        return len(self._folders)

    def stamp(self) -> Stamp:
        """The answer to a query: every change queued so far counted first."""
        self.drain()
        return Stamp(self.instance, self.generation, self.root)

    # -- the tree --------------------------------------------------------------------------

    def resync(self) -> None:
        """Walk the tree again: watch every folder (and linked file) it holds, forget the rest."""
        folders: dict[int, bytes] = {}
        links: set[int] = set()
        top = os.fsencode(self.root)
        if self.single:
            self._top = self._watch(os.path.dirname(top) or b".")
            folders[self._top] = os.path.dirname(top)
        else:
            self._top = self._watch(top)
            self._walk(top, folders, links)
        if self._top < 0:
            raise WatchError(f"{self.root} was removed or renamed; watching stopped")
        for wd in (set(self._folders) | self._links) - (set(folders) | links):
            self._ino.remove(wd)
        self._folders, self._links = folders, links

    def _walk(self, top: bytes, folders: dict[int, bytes], links: set[int]) -> None:
        real_top = os.path.realpath(top)
        seen: set[tuple[int, int]] = set()
        pending = [top]
        while pending:
            path = pending.pop()
            try:
                st = os.stat(path)
                if (st.st_dev, st.st_ino) in seen:
                    continue
                seen.add((st.st_dev, st.st_ino))
                folders[self._watch(path)] = path
                with os.scandir(path) as it:
                    entries = [e for e in it if visible(os.fsdecode(e.name))]
            except FileNotFoundError:  # removed while walking: its parent's event says so
                continue
            for e in entries:
                try:
                    inside = not e.is_symlink() or _inside(e.path, real_top)
                    if inside and e.is_dir():
                        pending.append(e.path)
                    elif inside and e.is_symlink():
                        links.add(self._watch(e.path))  # the file it leads to: edits there count
                except OSError:
                    continue

    def _watch(self, path: bytes) -> int:
        try:
            return self._ino.add(path)
        except OSError as e:
            if e.errno == 28:  # ENOSPC: the user's inotify watches are used up
                raise WatchError(
                    "the system allows no more inotify watches; raise fs.inotify.max_user_watches"
                    " (sysctl) or watch a smaller tree"
                ) from None
            if e.errno in (2, 20):  # gone or not a folder any more: an event reports it
                return -1
            raise WatchError(f"cannot watch {os.fsdecode(path)}: {e.strerror}") from None

    # -- events ----------------------------------------------------------------------------

    def drain(self) -> None:
        """Count every event queued now; walk again when folders or links may have come."""
        again = False
        for ev in self._ino.read():
            if ev.mask & IN_Q_OVERFLOW:
                self.generation += 1
                again = True
            elif ev.wd == self._top and ev.mask & SELF:
                raise WatchError(f"{self.root} was removed or renamed; watching stopped")
            elif ev.wd in self._links:
                self.generation += 1
                again = again or bool(ev.mask & SELF)
            elif ev.mask & SELF or ev.wd not in self._folders:
                continue  # a subfolder's own end: its parent reported it
            elif self._counts(ev.name):
                self.generation += 1
                again = again or self._adds_watches(ev)
        if again:
            self.resync()

    def _adds_watches(self, ev: Event) -> bool:
        """A folder came or went (renamed: its subfolders' paths changed), or a link was made."""
        if ev.mask & IN_ISDIR:
            return bool(ev.mask & (IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM))
        return bool(ev.mask & (IN_CREATE | IN_MOVED_TO)) and os.path.islink(os.path.join(self._folders[ev.wd], ev.name))

    def _counts(self, name: bytes) -> bool:
        if self.single:
            return name == os.path.basename(os.fsencode(self.root))
        return not name or visible(os.fsdecode(name))

    # -- answering -------------------------------------------------------------------------

    def listen(self) -> None:
        """Take the socket queries ask; :class:`WatchError` when another watcher has it."""
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            server.bind(address(self.home))
        except OSError:
            server.close()
            raise WatchError(f"{self.root} is already watched by another process; stop it first") from None
        server.listen(64)
        self._server = server

    def serve(self, until: Callable[[], bool] = lambda: False) -> None:
        """Answer queries and count changes until ``until()`` is true (checked every second)."""
        assert self._server is not None, "listen() first"
        server = self._server
        while not until():
            ready, _, _ = select.select([self._ino.fd, server], [], [], 1.0)
            if self._ino.fd in ready:
                self.drain()
            if server in ready:
                conn, _ = server.accept()
                with conn:
                    try:
                        conn.settimeout(1.0)
                        conn.sendall(self.stamp().to_line())
                    except OSError:  # the query gave up: nothing to do
                        pass

    def close(self) -> None:
        if self._server is not None:
            self._server.close()
        self._ino.close()


def _inside(path: str | bytes, real_top: str | bytes) -> bool:
    real = os.fsencode(os.path.realpath(path))
    top = os.fsencode(real_top)
    return real == top or real.startswith(top.rstrip(b"/") + b"/")
