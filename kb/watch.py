"""The watcher (``kb watch``): a process that counts every change under a content root, so that
a query asks it instead of a ``stat`` of every file (:mod:`kb.watchstamp`).

It watches every folder the walk of :mod:`kb.sources` visits (hidden ones aside), through
Linux's inotify, and by inode every markdown file that has another name (a hard link: an edit
through the other name is reported there) and a single-file root's file. Any change — a write, a
``touch``, a markdown file or a folder added, removed or renamed — adds one to its generation;
names the walk never reads (hidden ones, such as an editor's swap file; files that are not
markdown) do not. A query connects to its socket; the watcher reads every event the kernel has
queued and checks that its root is still the folder it watches, then answers with its instance
and generation. A folder added, renamed or made readable, a link made, the mount table changed
or events lost (the kernel's queue overflowed) make it walk the tree again.

It vouches for nothing — queries check every file, as without it — while the tree holds a
symbolic link (what is behind one can change with no event in the watched folders; links are
never followed), and it refuses to start on a file system where changes can come from elsewhere
without an event (NFS, SMB, FUSE and the like), or holding a visible mount of one. A regular
file that gets a second name in a watched folder is then watched by inode too. What it cannot
see: a second name made while it runs in a hidden folder or outside the tree, and edits through
that name. If the root is removed or renamed, it stops: queries then check every file again.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import select
import socket
import stat
from collections.abc import Callable
from pathlib import Path
from typing import IO

from kb.inotify import (
    IN_ATTRIB,
    IN_CREATE,
    IN_DELETE,
    IN_ISDIR,
    IN_MODIFY,
    IN_MOVED_FROM,
    IN_MOVED_TO,
    IN_Q_OVERFLOW,
    IN_UNMOUNT,
    SELF,
    Event,
    Inotify,
    available,
)
from kb.sources import is_markdown, visible
from kb.watchstamp import Stamp, address, forget, peer_uid

__all__ = ["REMOTE_FILESYSTEMS", "WatchError", "Watcher"]

REMOTE_FILESYSTEMS = frozenset(
    {"nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "drvfs", "virtiofs", "ceph", "glusterfs", "afs", "lustre", "gpfs"}
    | {"davfs", "ncpfs", "fuse", "fakeowner", "grpcfuse", "vboxsf", "prl_fs", "coda", "ocfs2", "gfs2", "beegfs"}
)
"""File systems whose content can change without an inotify event here (other hosts, the other
side of a virtual machine); every ``fuse.*`` but ``fuseblk`` (a local disk) counts too."""

_SKIPPED = (errno.ENOENT, errno.ENOTDIR, errno.EACCES, errno.EPERM, errno.ELOOP, errno.ENAMETOOLONG)
"""A folder that is gone, unreadable, a loop or too deep to name is skipped, as queries skip it."""


class WatchError(Exception):
    """The watcher cannot start or cannot go on; the message says why and what to do."""


class Watcher:
    """Watches the content root ``root`` whose index lives in ``home``. ``notice`` is told, in
    one line, when the watcher stops or starts vouching for the tree."""

    def __init__(self, root: Path, home: Path, notice: Callable[[str], None] = lambda line: None) -> None:
        if not available():
            raise WatchError("watching needs Linux's inotify; without a watcher every query checks each file")
        self.root = os.path.realpath(root)
        if not os.path.exists(self.root):
            raise WatchError(f"{root}: no such file or folder; pass --kb PATH to a markdown file or folder")
        self.home = home
        self.single = os.path.isfile(self.root)
        self.instance = secrets.token_hex(8)
        self.generation = 0
        self.unwatchable: str | None = None
        """Why the watcher vouches for nothing now (a link it cannot follow), or ``None``."""
        self._notice = notice
        self._folders: dict[int, bytes] = {}
        """Watch → the folder it watches, as last walked."""
        self._files: dict[int, bytes] = {}
        """Watches on files by inode (hard-linked ones, a single-file root): any event counts."""
        self._links: set[bytes] = set()
        """Symbolic links in the tree, as last walked: removing one may make it watchable again."""
        self._top = -1
        self._top_id = (0, 0)
        self._server: socket.socket | None = None
        self._ino = Inotify()
        self._mounts: IO[str] | None = None
        try:
            try:
                self._mounts = open("/proc/self/mountinfo", encoding="utf-8", errors="replace")  # noqa: SIM115 (polled)
            except OSError:  # no /proc (a chroot): no file system check, no mount polling
                self._mounts = None
            else:
                _refuse_remote(self.root, self._mounts.read())
            self.resync()
        except BaseException:
            self.close()
            raise

    @property
    def folders(self) -> int:
        return len(self._folders)

    def stamp(self) -> Stamp:
        """The answer to a query: every change queued so far counted first. A generation of -1
        vouches for nothing."""
        self.drain()
        try:
            st = os.stat(self._watched_top())
        except OSError:
            st = None
        if st is None or (st.st_dev, st.st_ino) != self._top_id:  # renamed away, another in its place
            raise WatchError(f"{self.root} was removed or renamed; watching stopped")
        return Stamp(self.instance, -1 if self.unwatchable else self.generation, self.root)

    # -- the tree --------------------------------------------------------------------------

    def _watched_top(self) -> str:
        return os.path.dirname(self.root) if self.single else self.root

    def resync(self) -> None:
        """Walk the tree again: watch every folder (and file by inode) it holds, forget the rest."""
        folders: dict[int, bytes] = {}
        files: dict[int, bytes] = {}
        links: set[bytes] = set()
        top = os.fsencode(self._watched_top())
        self._top = self._watch(top)
        if self._top < 0:
            raise WatchError(f"{self.root} was removed or renamed; watching stopped")
        st = os.stat(top)
        if self._top_id != (0, 0) and (st.st_dev, st.st_ino) != self._top_id:
            raise WatchError(f"{self.root} was removed or renamed; watching stopped")
        self._top_id = (st.st_dev, st.st_ino)
        folders[self._top] = top
        unwatchable = None
        if self.single:
            wd = self._watch(os.fsencode(self.root))
            if wd >= 0:
                files[wd] = os.fsencode(self.root)
        else:
            unwatchable = self._walk(top, folders, files, links)
        for wd in (set(self._folders) | set(self._files)) - (set(folders) | set(files)):
            self._ino.remove(wd)
        self._folders, self._files, self._links = folders, files, links
        if unwatchable != self.unwatchable:
            self.unwatchable = unwatchable
            self._notice(
                f"not vouching for {self.root}: {unwatchable}; queries check each file meanwhile"
                if unwatchable
                else f"vouching for {self.root} again"
            )

    def _walk(self, top: bytes, folders: dict[int, bytes], files: dict[int, bytes], links: set[bytes]) -> str | None:
        """Watch every folder under ``top`` and every markdown file with another name, note the
        links; why the tree cannot be vouched for, or ``None``."""
        seen: set[tuple[int, int]] = set()
        pending = [top]
        unwatchable = None
        while pending:
            path = pending.pop()
            try:
                st = os.stat(path)
                if (st.st_dev, st.st_ino) in seen:
                    continue
                seen.add((st.st_dev, st.st_ino))
                wd = self._watch(path)
                if wd < 0:
                    continue
                folders[wd] = path
                with os.scandir(path) as it:
                    entries = [e for e in it if visible(os.fsdecode(e.name))]
            except OSError as e:
                if e.errno in _SKIPPED:  # gone (its parent's event says so) or unreadable (queries skip it)
                    continue
                raise WatchError(f"cannot watch {os.fsdecode(path)}: {e.strerror}") from None
            for entry in entries:
                try:
                    if entry.is_symlink():  # never followed: what is behind it may change unseen
                        links.add(entry.path)
                        unwatchable = unwatchable or f"it holds a symbolic link ({os.fsdecode(entry.path)})"
                    elif entry.is_dir():
                        pending.append(entry.path)
                    elif is_markdown(os.fsdecode(entry.name)) and entry.stat().st_nlink > 1:
                        wd = self._watch(entry.path)  # another name may be outside the watched folders
                        if wd >= 0:
                            files[wd] = entry.path
                except OSError:
                    continue
        return unwatchable

    def _watch(self, path: bytes) -> int:
        try:
            return self._ino.add(path)
        except OSError as e:
            if e.errno == errno.ENOSPC:  # the user's inotify watches are used up
                raise WatchError(
                    "the system allows no more inotify watches; raise fs.inotify.max_user_watches"
                    " (sysctl) or watch a smaller tree"
                ) from None
            if e.errno in _SKIPPED:  # gone, or unreadable as queries find it: an event reports a change
                return -1
            raise WatchError(f"cannot watch {os.fsdecode(path)}: {e.strerror}") from None

    # -- events ----------------------------------------------------------------------------

    def drain(self, mounts_changed: bool = False) -> None:
        """Count every event queued now; walk again when folders, links or mounts may have come.
        ``mounts_changed``: a ``select`` already reported the mount table changed (it says so once)."""
        again = False
        if self._mounts is not None and (mounts_changed or select.select([], [], [self._mounts], 0)[2]):
            self._mounts.seek(0)
            _refuse_remote(self.root, self._mounts.read())  # a mount in the tree: remote or gone
            self.generation += 1
            again = True
        for ev in self._ino.read():
            if ev.mask & IN_Q_OVERFLOW:
                self.generation += 1
                again = True
            elif ev.wd < 0:
                continue
            elif ev.wd == self._top and ev.mask & SELF:
                raise WatchError(f"{self.root} was removed or renamed; watching stopped")
            elif ev.wd in self._files:
                self.generation += 1
                again = again or bool(ev.mask & SELF)
            elif ev.wd not in self._folders:
                continue  # a watch already given up
            elif ev.mask & SELF:  # a subfolder removed, renamed, unmounted: its parent reports the name
                self.generation += 1
                again = again or bool(ev.mask & IN_UNMOUNT)
            elif self._counts(ev):
                self.generation += 1
                again = again or self._walk_again(ev)
            elif self._second_name(ev):  # ``ln note.md other.txt``: the note is watched itself from now on
                self.generation += 1
                again = True
        if again:
            self.resync()

    def _counts(self, ev: Event) -> bool:
        """Whether the event can change what the walk finds."""
        if self.single:
            return ev.name == os.path.basename(os.fsencode(self.root))
        if not ev.name:
            return True
        if not visible(os.fsdecode(ev.name)):
            return False
        if ev.mask & (IN_CREATE | IN_MODIFY | IN_ATTRIB) and not ev.mask & IN_ISDIR:
            return is_markdown(os.fsdecode(ev.name)) or os.path.islink(os.path.join(self._folders[ev.wd], ev.name))
        return True  # names removed or renamed, folders: always

    def _walk_again(self, ev: Event) -> bool:
        """A folder came, went, was renamed (its subfolders' paths changed) or changed mode; a link
        was made or removed; a file watched by inode was replaced; a file got a second name."""
        if ev.mask & IN_ISDIR:
            return bool(ev.mask & (IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM | IN_ATTRIB))
        path = os.path.join(self._folders[ev.wd], ev.name)
        if ev.mask & (IN_DELETE | IN_MOVED_FROM) and path in self._links:
            return True
        if ev.mask & (IN_CREATE | IN_MOVED_TO) and (path in self._files.values() or os.path.islink(path)):
            return True  # a new inode where one was watched; a new link
        return self._second_name(ev)

    def _second_name(self, ev: Event) -> bool:
        """A regular file made, moved in or changed (``ln`` changes the link count) that has
        another name: unless the walk watches it, edits through the other name would go unseen."""
        if ev.mask & IN_ISDIR or not ev.mask & (IN_CREATE | IN_MOVED_TO | IN_ATTRIB) or ev.wd not in self._folders:
            return False
        path = os.path.join(self._folders[ev.wd], ev.name)
        try:
            st = os.lstat(path)
        except OSError:
            return False
        return stat.S_ISREG(st.st_mode) and st.st_nlink > 1 and path not in self._files.values()

    # -- answering -------------------------------------------------------------------------

    def listen(self) -> None:
        """Take the socket queries ask; :class:`WatchError` when another process has it."""
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            server.bind(address(self.home))
        except OSError:
            server.close()
            uid = peer_uid(self.home)
            if uid is not None and uid != os.geteuid():
                raise WatchError(
                    f"another user's process (uid {uid}) holds the watcher's socket for {self.root}"
                ) from None
            raise WatchError(f"{self.root} is already watched by another kb watch; stop it first") from None
        server.listen(64)
        self._server = server

    def serve(self, until: Callable[[], bool] = lambda: False) -> None:
        """Answer queries and count changes until ``until()`` is true (checked every second)."""
        assert self._server is not None, "listen() first"
        server = self._server
        mounts = [self._mounts] if self._mounts is not None else []
        while not until():
            ready, _, changed = select.select([self._ino.fd, server], [], mounts, 1.0)
            if self._ino.fd in ready or changed:
                self.drain(mounts_changed=bool(changed))
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
            forget(self.home, self.instance)
        if self._mounts is not None:
            self._mounts.close()
        self._ino.close()


def _inside(path: str | bytes, top: str | bytes) -> bool:
    real, root = os.fsencode(path), os.fsencode(top)
    return real == root or real.startswith(root.rstrip(b"/") + b"/")


def _refuse_remote(root: str, mountinfo: str) -> None:
    """:class:`WatchError` when ``root`` is on, or holds a visible mount of, a file system whose
    content can change without an event here."""
    mounts = []  # (major:minor, mount point, type), in the table's order: later lines cover earlier
    for line in mountinfo.splitlines():
        head, _, tail = line.partition(" - ")
        fields, kinds = head.split(), tail.split()
        if len(fields) >= 5 and kinds:
            point = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m[1], 8)), fields[4])
            mounts.append((fields[2], point, kinds[0]))
    try:
        st = os.stat(root)
        device = f"{os.major(st.st_dev)}:{os.minor(st.st_dev)}"
    except OSError:
        device = ""
    holding = [m for m in mounts if _inside(root, m[1])]
    own = [m for m in holding if m[0] == device] or holding  # the mount the root is on: its device's
    longest = max((len(m[1]) for m in own), default=0)
    on = [m for m in own if len(m[1]) == longest][-1:]
    inside = [m for m in mounts if m[1] != root and _inside(m[1], root) and _visible_below(m[1], root)]
    for _, point, kind in on + inside:
        if kind in REMOTE_FILESYSTEMS or (kind.startswith("fuse.") and kind != "fuseblk"):
            raise WatchError(
                f"{point} is a {kind} file system: changes made elsewhere raise no event here, so a watcher"
                " cannot vouch for it; queries keep checking each file"
            )


def _visible_below(path: str, root: str) -> bool:
    """No folder between ``root`` and ``path`` is hidden (the walk would go there)."""
    return all(visible(name) for name in os.path.relpath(path, root).split(os.sep))
