"""Whether an index is still that of its content: a ``stat`` per file and folder, nothing read.

A :class:`Snapshot` is what an index was built from: each folder's times and inode (adding,
removing or renaming a file changes its folder's), each file's size, mtime, ctime and inode
(an edit changes mtime and ctime; ``touch -d`` can set mtime back but never ctime; a save by
rename changes the inode). Checking it again costs one ``stat`` each — no walk, no listing, no
read — which on a 4,300-file tree is about 11 ms.

Timestamps have a resolution (a few ms on Linux, 1–2 s on some filesystems), so a file written
again in the same tick as the version indexed, at the same size, looks unchanged: git's "racy
clean" problem. Git's answer is used: whatever changed within :data:`RACY_NS` of the scan keeps
a digest of its content (a folder: of its listing), compared on every check until a later
check or build finds it settled (:func:`settle`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # not imported on a warm query: the walk is not needed then
    from kb.sources import Scan, SourceFile

__all__ = ["RACY_NS", "Snapshot", "changed_sources", "content_digest", "settle", "snapshot", "unchanged"]

RACY_NS = 3_000_000_000
"""Changes closer than this to a scan may share their timestamp with a later change (covers a
2 s filesystem resolution and some clock skew)."""

FileStamp = tuple[int, int, int, int]
"""``(size, mtime_ns, ctime_ns, inode)``."""

FolderStamp = tuple[int, int, int]
"""``(mtime_ns, ctime_ns, inode)``."""


@dataclass(frozen=True)
class Snapshot:
    """The content an index was built from, as a ``stat`` per file and folder can check it."""

    root: str
    """The content root, absolute."""
    single: bool
    """The root is one markdown file."""
    taken_ns: int
    folders: Mapping[str, FolderStamp]
    """Folder (relative, ``""`` for the root) → its stamp."""
    files: Mapping[str, FileStamp]
    """Page → its stamp."""
    listings: Mapping[str, str] = field(default_factory=dict)
    """Folder → digest of its listing, for folders changed close to the scan."""
    digests: Mapping[str, str] = field(default_factory=dict)
    """Page → digest of the content indexed, for files changed close to the scan."""

    def path(self, page: str) -> str:
        return self.root if self.single else f"{self.root}/{page}" if page else self.root

    @property
    def racy(self) -> int:
        """How many files and folders are checked by content, not only by their stamps."""
        return len(self.listings) + len(self.digests)

    def to_json(self) -> dict[str, Any]:
        """Plain data, stamps flattened (reading 4,000 small lists costs twice one long one)."""
        return {
            "root": self.root,
            "single": self.single,
            "taken": self.taken_ns,
            "folders": list(self.folders),
            "folder_stamps": [n for stamp in self.folders.values() for n in stamp],
            "pages": list(self.files),
            "file_stamps": [n for stamp in self.files.values() for n in stamp],
            "listings": dict(self.listings),
            "digests": dict(self.digests),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Snapshot:
        """The inverse of :meth:`to_json`; raises ``KeyError``, ``TypeError`` or ``ValueError`` on a bad record."""
        folders = _stamps(data["folders"], data["folder_stamps"], 3)
        files = _stamps(data["pages"], data["file_stamps"], 4)
        listings, digests = dict(data["listings"]), dict(data["digests"])
        if not (set(listings) <= set(folders) and set(digests) <= set(files)):
            raise ValueError("digests of files or folders the snapshot does not have")
        return cls(str(data["root"]), bool(data["single"]), int(data["taken"]), folders, files, listings, digests)


def _stamps(names: list[str], numbers: list[int], width: int) -> dict[str, Any]:
    if len(numbers) != width * len(names) or not all(isinstance(n, str) for n in names):
        raise ValueError("stamps do not match their names")
    return dict(zip(names, zip(*[iter(numbers)] * width, strict=True), strict=True))


def content_digest(data: bytes) -> str:
    """A short digest of a file's bytes."""
    import hashlib

    return hashlib.blake2b(data, digest_size=16).hexdigest()


def snapshot(scan: Scan, digests: Mapping[str, str]) -> Snapshot:
    """The snapshot of ``scan``; ``digests`` (page → :func:`content_digest` of the bytes indexed)
    are kept for the files that changed close to the scan."""
    start = scan.started_ns
    return Snapshot(
        os.path.abspath(scan.root),
        scan.single,
        start,
        {f.folder: (f.mtime_ns, f.ctime_ns, f.inode) for f in scan.folders},
        {s.page: (s.size, s.mtime_ns, s.ctime_ns, s.inode) for s in scan.sources},
        {f.folder: f.listing for f in scan.folders if _racy(f.mtime_ns, f.ctime_ns, start)},
        {s.page: digests[s.page] for s in scan.sources if s.page in digests and _racy(s.mtime_ns, s.ctime_ns, start)},
    )


def _racy(mtime_ns: int, ctime_ns: int, scanned_ns: int) -> bool:
    return max(mtime_ns, ctime_ns) >= scanned_ns - RACY_NS


def unchanged(snap: Snapshot) -> bool:
    """Whether every folder and file is as the snapshot has it (the cheap check of every query)."""
    stat = os.stat
    try:
        for folder, (mtime, ctime, inode) in snap.folders.items():
            st = stat(snap.path(folder))
            if st.st_mtime_ns != mtime or st.st_ctime_ns != ctime or st.st_ino != inode:
                return False
        prefix = f"{snap.root}/"
        for page, (size, mtime, ctime, inode) in snap.files.items():
            st = stat(snap.root if snap.single else prefix + page)
            if st.st_size != size or st.st_mtime_ns != mtime or st.st_ctime_ns != ctime or st.st_ino != inode:
                return False
        for folder, listing in snap.listings.items():
            if _listing(snap.path(folder)) != listing:
                return False
        for page, digest in snap.digests.items():
            if _file_digest(snap.path(page)) != digest:
                return False
    except (OSError, TypeError, ValueError):  # gone, unreadable, or a damaged record
        return False
    return True


def _listing(path: str) -> str:
    from kb.sources import listing_digest, visible

    with os.scandir(path) as it:
        return listing_digest([e.name for e in it if visible(e.name)])


def _file_digest(path: str) -> str:
    with open(path, "rb") as f:
        return content_digest(f.read())


def changed_sources(old: Snapshot, scan: Scan) -> tuple[list[SourceFile], set[str]]:
    """The files of ``scan`` that are new or differ from ``old`` (by stamp, or by content for
    those ``old`` keeps a digest of), and the pages ``old`` has that ``scan`` has not."""
    changed = [
        s
        for s in scan.sources
        if old.files.get(s.page) != (s.size, s.mtime_ns, s.ctime_ns, s.inode) or _content_changed(old, s)
    ]
    return changed, set(old.files) - {s.page for s in scan.sources}


def _content_changed(old: Snapshot, s: SourceFile) -> bool:
    """For a file kept with a digest: whether its content differs from the version indexed."""
    digest = old.digests.get(s.page)
    if digest is None:
        return False
    try:
        return _file_digest(str(s.path)) != digest
    except OSError:
        return True


def settle(snap: Snapshot) -> Snapshot:
    """``snap`` without the digests it no longer needs: an entry whose stamp and content are
    still those recorded, now that :data:`RACY_NS` has passed since it changed, cannot change
    again without a new stamp."""
    if not snap.racy:
        return snap
    now = time.time_ns()
    listings = {
        folder: listing
        for folder, listing in snap.listings.items()
        if _racy(*snap.folders[folder][:2], now) or not _folder_same(snap, folder)
    }
    digests = {
        page: digest
        for page, digest in snap.digests.items()
        if _racy(*snap.files[page][1:3], now) or not _file_same(snap, page)
    }
    return replace(snap, listings=listings, digests=digests)


def _folder_same(snap: Snapshot, folder: str) -> bool:
    path = snap.path(folder)
    try:
        st = os.stat(path)
        same = (st.st_mtime_ns, st.st_ctime_ns, st.st_ino) == snap.folders[folder]
        return same and _listing(path) == snap.listings[folder]
    except OSError:
        return False


def _file_same(snap: Snapshot, page: str) -> bool:
    path = snap.path(page)
    try:
        st = os.stat(path)
        same = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino) == snap.files[page]
        return same and _file_digest(path) == snap.digests[page]
    except OSError:
        return False
