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

A folder the walk could not read is kept too, its listing :data:`UNREADABLE`, and listed again
on every check (a failed ``scandir`` each): the moment it can be read, the index is stale. Left
out, it would never be checked again — an unreadable root would leave the index empty for good —
and readable again need not show in a ``stat`` (a user added to the folder's group).
"""

from __future__ import annotations

import base64
import os
import sys
import time
from array import array
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # not imported on a warm query: the walk is not needed then
    from kb.sources import Scan, SourceFile

__all__ = [
    "RACY_NS",
    "UNREADABLE",
    "Snapshot",
    "Stamps",
    "changed_sources",
    "content_digest",
    "settle",
    "snapshot",
    "unchanged",
]

RACY_NS = 3_000_000_000
"""Changes closer than this to a scan may share their timestamp with a later change (covers a
2 s filesystem resolution and some clock skew)."""

FileStamp = tuple[int, int, int, int]
"""``(size, mtime_ns, ctime_ns, inode)``."""

FolderStamp = tuple[int, int, int]
"""``(mtime_ns, ctime_ns, inode)``."""

UNREADABLE = ""
"""The listing of a folder that could not be read (no listing's digest is empty)."""


class Stamps(Mapping[str, tuple[int, ...]]):
    """Name → stamp, kept as the record holds them — the names, and every stamp's numbers in one
    flat array — until a name is looked up: a query only walks them in order (:func:`unchanged`),
    and building 4,000 tuples and a dict for that would cost more than the walk's Python."""

    def __init__(self, names: list[str], numbers: array[int], width: int) -> None:
        if len(numbers) != width * len(names) or not all(isinstance(n, str) for n in names):
            raise ValueError("stamps do not match their names")
        self._names, self._numbers, self._width = names, numbers, width
        self._by_name: dict[str, tuple[int, ...]] | None = None

    @classmethod
    def of(cls, stamps: Mapping[str, tuple[int, ...]], width: int) -> Stamps:
        """From a table of ``width`` numbers per name."""
        return cls(list(stamps), array("q", [n for stamp in stamps.values() for n in stamp]), width)

    def rows(self) -> Iterator[tuple[str, tuple[int, ...]]]:
        """``(name, stamp)`` in record order, nothing built but the rows."""
        return zip(self._names, zip(*[iter(self._numbers)] * self._width, strict=True), strict=True)

    def __getitem__(self, name: str) -> tuple[int, ...]:
        if self._by_name is None:
            self._by_name = dict(self.rows())
        return self._by_name[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def to_json(self) -> tuple[list[str], str]:
        """The names, and the numbers as base64 of little-endian 64-bit integers (read back in a
        tenth of the time a list of numbers takes to parse)."""
        numbers = array("q", self._numbers)
        if sys.byteorder == "big":
            numbers.byteswap()
        return list(self._names), base64.b64encode(numbers.tobytes()).decode("ascii")

    @classmethod
    def from_json(cls, names: Any, numbers: Any, width: int) -> Stamps:
        """The inverse of :meth:`to_json`; ``TypeError`` or ``ValueError`` on a bad record."""
        if not isinstance(names, list) or not isinstance(numbers, str):
            raise TypeError("stamps are a list of names and a base64 string")
        flat = array("q")
        flat.frombytes(base64.b64decode(numbers, validate=True))
        if sys.byteorder == "big":
            flat.byteswap()
        return cls(names, flat, width)


@dataclass(frozen=True)
class Snapshot:
    """The content an index was built from, as a ``stat`` per file and folder can check it."""

    root: str
    """The content root, absolute."""
    single: bool
    """The root is one markdown file."""
    taken_ns: int
    folders: Stamps
    """Folder (relative, ``""`` for the root) → its stamp (:data:`FolderStamp`)."""
    files: Stamps
    """Page → its stamp (:data:`FileStamp`)."""
    listings: Mapping[str, str] = field(default_factory=dict)
    """Folder → digest of its listing, for folders changed close to the scan; :data:`UNREADABLE`
    for those that could not be read."""
    digests: Mapping[str, str] = field(default_factory=dict)
    """Page → digest of the content indexed, for files changed close to the scan."""

    def path(self, page: str) -> str:
        return self.root if self.single else f"{self.root}/{page}" if page else self.root

    @property
    def racy(self) -> int:
        """How many files and folders are checked by content, not only by their stamps."""
        return len(self.listings) + len(self.digests)

    def to_json(self) -> dict[str, Any]:
        """Plain data: names as lists, stamps as base64 numbers (:meth:`Stamps.to_json`)."""
        folders, folder_stamps = self.folders.to_json()
        pages, file_stamps = self.files.to_json()
        return {
            "root": self.root,
            "single": self.single,
            "taken": self.taken_ns,
            "folders": folders,
            "folder_stamps": folder_stamps,
            "pages": pages,
            "file_stamps": file_stamps,
            "listings": dict(self.listings),
            "digests": dict(self.digests),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Snapshot:
        """The inverse of :meth:`to_json`; raises ``KeyError``, ``TypeError`` or ``ValueError`` on a bad record."""
        folders = Stamps.from_json(data["folders"], data["folder_stamps"], 3)
        files = Stamps.from_json(data["pages"], data["file_stamps"], 4)
        listings, digests = dict(data["listings"]), dict(data["digests"])
        if (listings and not set(listings) <= set(folders)) or (digests and not set(digests) <= set(files)):
            raise ValueError("digests of files or folders the snapshot does not have")
        return cls(str(data["root"]), bool(data["single"]), int(data["taken"]), folders, files, listings, digests)


def content_digest(data: bytes) -> str:
    """A short digest of a file's bytes."""
    import hashlib

    return hashlib.blake2b(data, digest_size=16).hexdigest()


def snapshot(scan: Scan, digests: Mapping[str, str]) -> Snapshot:
    """The snapshot of ``scan``; ``digests`` (page → :func:`content_digest` of the bytes indexed)
    are kept for the files that changed close to the scan, listings for the folders that did, and
    for those that could not be read."""
    start = scan.started_ns
    return Snapshot(
        os.path.abspath(scan.root),
        scan.single,
        start,
        Stamps.of({f.folder: (f.mtime_ns, f.ctime_ns, f.inode) for f in scan.folders}, 3),
        Stamps.of({s.page: (s.size, s.mtime_ns, s.ctime_ns, s.inode) for s in scan.sources}, 4),
        {
            f.folder: UNREADABLE if f.listing is None else f.listing
            for f in scan.folders
            if f.listing is None or _racy(f.mtime_ns, f.ctime_ns, start)
        },
        {s.page: digests[s.page] for s in scan.sources if s.page in digests and _racy(s.mtime_ns, s.ctime_ns, start)},
    )


def _racy(mtime_ns: int, ctime_ns: int, scanned_ns: int) -> bool:
    return max(mtime_ns, ctime_ns) >= scanned_ns - RACY_NS


def unchanged(snap: Snapshot) -> bool:
    """Whether every folder and file is as the snapshot has it (the cheap check of every query)."""
    stat = os.stat
    try:
        for folder, (mtime, ctime, inode) in snap.folders.rows():
            st = stat(snap.path(folder))
            if st.st_mtime_ns != mtime or st.st_ctime_ns != ctime or st.st_ino != inode:
                return False
        prefix = f"{snap.root}/"
        for page, (size, mtime, ctime, inode) in snap.files.rows():
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
    """The digest of the folder's listing, :data:`UNREADABLE` when it cannot be listed."""
    try:
        with os.scandir(path) as it:
            names = [e.name for e in it]
    except OSError:
        return UNREADABLE
    from kb.sources import listing_digest, visible

    return listing_digest([name for name in names if visible(name)])


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
    again without a new stamp. A folder that could not be read keeps its mark: it can become
    readable with no new stamp."""
    if not snap.racy:
        return snap
    now = time.time_ns()
    listings = {
        folder: listing
        for folder, listing in snap.listings.items()
        if listing == UNREADABLE
        or _racy(snap.folders[folder][0], snap.folders[folder][1], now)
        or not _folder_same(snap, folder)
    }
    digests = {
        page: digest
        for page, digest in snap.digests.items()
        if _racy(snap.files[page][1], snap.files[page][2], now) or not _file_same(snap, page)
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
