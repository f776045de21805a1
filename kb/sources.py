"""Finding and reading the markdown files of a content root, never failing on one bad file.

The walk is one ``os.scandir`` pass per folder, on strings (a ``Path`` per file costs more than
the ``stat`` it wraps). It stays inside the content root: a symbolic link is followed only when
it leads to a place inside the root, a folder met twice (a link back up) is skipped, and names
that are not valid UTF-8 are skipped with a warning, since an entry's page must be text.
"""

from __future__ import annotations

import errno
import os
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from kb.model import Problem

__all__ = [
    "WHAT_AN_ENTRY_IS",
    "ContentError",
    "FolderStamp",
    "NotRegularFile",
    "Scan",
    "SourceFile",
    "decode",
    "find_sources",
    "is_markdown",
    "listing_digest",
    "no_markdown",
    "read_bytes",
    "read_regular",
    "read_text",
    "scan",
]

_MAX_BYTES = 20 * 1024 * 1024  # a notes file larger than this is not notes

MARKDOWN_SUFFIXES = (".md", ".mdx", ".markdown", ".mdown", ".mkdn", ".mkd")
"""Markdown, and MDX (Docusaurus and other React-based docs sites write their pages in it); the
longer names are Jekyll's default (Home Assistant's docs) and those MkDocs reads too."""


class NotRegularFile(ValueError):
    """A path that names a folder, a FIFO or a device where a file's bytes were wanted."""

    def __init__(self, path: Path, is_dir: bool) -> None:
        super().__init__(f"{path}: not a regular file")
        self.is_dir = is_dir


def read_regular(path: Path, limit: int, streams: tuple[str, ...] = ()) -> bytes:
    """At most ``limit + 1`` bytes of the regular file ``path`` (more than ``limit``: too large).
    A folder, FIFO or device raises :class:`NotRegularFile` before anything is read, so nothing
    blocks or fills memory; ``streams`` names paths read as they are (``/dev/stdin``, a case file
    given as one), to their end or ``limit``: a terminal's reading waits for what is typed."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode) and (stat.S_ISDIR(mode) or str(path) not in streams):
            raise NotRegularFile(path, stat.S_ISDIR(mode))
        os.set_blocking(fd, True)
        chunks, size = [], 0
        while size <= limit and (chunk := os.read(fd, min(1 << 20, limit + 1 - size))):
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def no_markdown(root: Path, shown: Path | str) -> str | None:
    """Why ``root`` (named ``shown``) is no knowledge base at all: it holds no markdown, or none it
    can read; ``None`` when it holds some. A tree that is empty only because a folder cannot be
    listed says so, not that it holds no markdown (``os.walk`` skips such folders without a word)."""
    found, unreadable = _holds_markdown(root)
    if found:
        return None
    if unreadable is not None:
        where = shown if unreadable.filename == str(root) else unreadable.filename
        if unreadable.errno == errno.ENOENT:  # removed while it was being read
            return f"{where}: no such file or folder; pass --kb PATH to a markdown file or folder"
        what, mode = ("folder", "u+rx") if root.is_dir() else ("file", "u+r")
        return (
            f"{where}: cannot read {what}: {unreadable.strerror}; make it readable to you (chmod {mode})"
            f" or pass --kb a {what} you can read"
        )
    what = (
        "holds no markdown (.md, .mdx, .markdown) files"
        if root.is_dir()
        else "is not a markdown (.md, .mdx, .markdown) file"
    )
    return f"{shown}: {what}; pass --kb a markdown file or a folder that holds some"


WHAT_AN_ENTRY_IS = (
    "an entry is a '## ' (to '#### ') section of a .md, .mdx or .markdown page, or a page of text with no heading"
)
"""What the user is told an entry is, when a knowledge base has none (``kbfind`` and ``kb lint`` alike)."""


def lone_readme(root: Path) -> str | None:
    """Why the tree holds no entries when its one markdown file is its top ``README.md`` (any case,
    or ``.mdx``), which describes the folder (as MkDocs and Docusaurus publish it); else ``None``."""
    if not root.is_dir():
        return None
    found: list[Path] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if visible(d)]
        found += [Path(folder) / f for f in files if is_markdown(f) and not f.startswith(".")]
        if len(found) > 1:
            return None
    top = found[0] if found else None
    if top is None or top.parent != root or top.name.lower() not in ("readme.md", "readme.mdx"):
        return None
    return f"its README.md describes the folder and holds none; pass --kb {top} to answer from it"


def _holds_markdown(root: Path) -> tuple[bool, OSError | None]:
    """Whether ``root`` holds markdown, and the first folder that could not be listed."""
    if not root.is_dir():
        try:
            os.close(os.open(root, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)))  # a FIFO must not block
        except OSError as e:
            return False, e
        return is_markdown(root.name), None
    unreadable: list[OSError] = []
    for _, dirs, files in os.walk(root, onerror=unreadable.append):
        dirs[:] = [d for d in dirs if visible(d)]
        if any(is_markdown(f) and not f.startswith(".") for f in files):
            return True, None
    return False, unreadable[0] if unreadable else None


def is_markdown(name: str) -> bool:
    """Whether a file of this name is read as notes: ``*.md`` or ``*.mdx``, any letter case."""
    return name.lower().endswith(MARKDOWN_SUFFIXES)


class ContentError(Exception):
    """The content root cannot be used at all (missing, not markdown, unreadable)."""


@dataclass(frozen=True)
class SourceFile:
    """A markdown file under a content root, with what identifies its version."""

    path: Path
    page: str
    """Path relative to the content root, ``/``-separated (a file root: its name)."""
    size: int
    mtime_ns: int
    ctime_ns: int = 0
    """Changes with every write and every ``touch``, and cannot be set back: catches back-dated edits."""
    inode: int = 0
    """Changes when the file is replaced (an editor's save by rename)."""


@dataclass(frozen=True)
class FolderStamp:
    """A folder as the walk saw it: adding, removing or renaming an entry in it changes its times."""

    folder: str
    """Path relative to the content root, ``/``-separated; ``""`` for the root."""
    mtime_ns: int
    ctime_ns: int
    inode: int
    listing: str | None
    """:func:`listing_digest` of the names the walk saw in it; ``None`` when it could not be read
    (the snapshot keeps it so, and every check tries it again)."""


@dataclass(frozen=True)
class Scan:
    """One walk of a content root: its files, its folders, and what was skipped on the way."""

    root: Path
    sources: tuple[SourceFile, ...]
    folders: tuple[FolderStamp, ...]
    problems: tuple[Problem, ...]
    started_ns: int
    """Wall-clock time before the first ``stat``: what "changed close to the scan" is measured from."""
    single: bool = False
    """The root is one markdown file, not a folder."""


def find_sources(root: Path) -> tuple[list[SourceFile], list[Problem]]:
    """Every ``*.md`` and ``*.mdx`` under ``root`` (or ``root`` itself), sorted by page, symlink
    loops skipped."""
    found = scan(root)
    return list(found.sources), list(found.problems)


def scan(root: Path) -> Scan:
    """Walk ``root`` (a folder or one markdown file). Raises :class:`ContentError` when it is neither."""
    started = time.time_ns()
    try:
        st = os.stat(root)
    except FileNotFoundError:
        raise ContentError(f"{root}: no such file or folder; pass --kb PATH to a markdown file or folder") from None
    except OSError as e:
        raise ContentError(f"{root}: cannot read: {e.strerror}; pass --kb PATH to a markdown file or folder") from None
    if stat.S_ISREG(st.st_mode):
        return Scan(root, (_source(root, root.name, st),), (), (), started, single=True)
    if not stat.S_ISDIR(st.st_mode):
        raise ContentError(f"{root}: not a file or a folder; pass --kb PATH to a markdown file or folder")
    walk = _Walk(root)
    walk.run(st)
    walk.sources.sort(key=lambda s: s.page)
    return Scan(root, tuple(_once(walk.sources)), tuple(walk.folders), tuple(walk.problems()), started)


def _once(sources: list[SourceFile]) -> list[SourceFile]:
    """Each file once: a symbolic link (or another hard link) to a page of the tree would list
    every entry of that page twice. Its own path is kept (a link's, only when every path is one)."""
    paths: dict[tuple[int, int, int], list[SourceFile]] = {}
    for s in sources:
        paths.setdefault((s.inode, s.size, s.mtime_ns), []).append(s)
    if all(len(group) == 1 for group in paths.values()) or not any(s.inode for s in sources):
        return sources
    kept = {id(min(group, key=lambda s: (os.path.islink(s.path), s.page))) for group in paths.values()}
    return [s for s in sources if id(s) in kept]


def listing_digest(names: list[str]) -> str:
    """A short digest of a folder's (visible) entry names, in any order."""
    import hashlib

    data = "\0".join(sorted(names)).encode("utf-8", "surrogateescape")
    return hashlib.blake2b(data, digest_size=12).hexdigest()


_INSTALLED = frozenset({"node_modules"})
"""Folders a package manager fills with other projects' files (a Docusaurus or VitePress site's
``node_modules`` holds thousands of their READMEs and changelogs): never the author's notes."""


def visible(name: str) -> bool:
    """Names the walk looks at: hidden ones (``.git``, ``.obsidian``) are not content, nor installed
    packages (``node_modules``)."""
    return not name.startswith(".") and name not in _INSTALLED


_FOLDER_PAGE, _SHADOWED = "index.md", "README.md"
"""A folder's ``README.md`` is its page unless an ``index.md`` sits beside it: then MkDocs publishes
the index and leaves the README out of the site (often a note for the repository's readers), so
the walk leaves it out too, and no entry points at a page the site does not have."""


_DOCUSAURUS = ("docusaurus.config.js", "docusaurus.config.ts", "docusaurus.config.mjs", "docusaurus.config.cjs")


def docusaurus(root: Path) -> bool:
    """``root`` is in a Docusaurus site: its folder or one above holds ``docusaurus.config.*``, or the
    ``website/`` folder beside it does (``docs/`` next to ``website/docusaurus.config.js``). Such a
    site leaves out of its pages every file and folder whose name starts with ``_`` (``_partial.mdx``,
    imported into other pages), so kbfind reads none: an entry there would link to no page."""
    start = root.resolve()
    beside = start.parent / "website"  # docs/ beside website/ (Jest's, Prettier's layout), not any folder's
    return any((folder / name).is_file() for folder in (start, *start.parents, beside) for name in _DOCUSAURUS)


class _Walk:
    """The state of one walk: what was found, where it has been, and what it skipped."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.top = str(root)
        self.real_top = os.path.realpath(root)
        self.sources: list[SourceFile] = []
        self.folders: list[FolderStamp] = []
        self.seen: set[tuple[int, int]] = set()
        self.skipped: list[Problem] = []
        self.outside: list[str] = []
        self.linked: list[tuple[str, str, os.stat_result]] = []
        self.partials = docusaurus(root)
        """Names that start with ``_`` are partials, not pages: Docusaurus publishes none of them."""

    def run(self, top: os.stat_result) -> None:
        pending = [("", self.top, top)]
        while pending or self.linked:  # a stack, not recursion: depth is the tree's to choose
            # Folders reached through a symbolic link last: a folder of the tree read under a second
            # name is listed once, at its own path.
            rel, path, st = pending.pop() if pending else self.linked.pop(0)
            pending += reversed(self._folder(rel, path, st))

    def _folder(self, rel: str, path: str, st: os.stat_result) -> list[tuple[str, str, os.stat_result]]:
        """Read one folder: record its files, return its subfolders to visit."""
        if (st.st_dev, st.st_ino) in self.seen:
            real = os.path.realpath(path)
            if path.startswith(real.rstrip(os.sep) + os.sep):  # a link to a folder it is in
                self.skipped.append(Problem(_shown(path), 0, "folder already visited (symlink loop); skipped"))
            return []  # else a second name of a folder read at its own path
        self.seen.add((st.st_dev, st.st_ino))
        try:
            with os.scandir(path) as it:
                entries = sorted((e for e in it if visible(e.name)), key=lambda e: e.name)
        except OSError as e:
            self.skipped.append(Problem(_shown(path), 0, f"cannot read folder: {e.strerror}; skipped"))
            # Recorded all the same: a folder missing from the snapshot is never checked again,
            # so it would stay skipped (the root: the index empty) after it became readable.
            self.folders.append(FolderStamp(rel, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, None))
            return []
        self.folders.append(
            FolderStamp(rel, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, listing_digest([e.name for e in entries]))
        )
        subfolders: list[tuple[str, str, os.stat_result]] = []
        shadowed = _SHADOWED if _FOLDER_PAGE in {e.name for e in entries} else ""
        for entry in entries:
            if entry.name == shadowed:
                continue
            sub = self._entry(rel, entry)
            if sub is not None:
                (self.linked if entry.is_symlink() else subfolders).append(sub)
        return subfolders

    def _entry(self, rel: str, entry: os.DirEntry[str]) -> tuple[str, str, os.stat_result] | None:
        name, path = entry.name, entry.path
        markdown = is_markdown(name)
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if not (is_dir or markdown) or (self.partials and name.startswith("_")):
            return None
        if not _is_utf8(name):
            self.skipped.append(Problem(_shown(path), 0, "name is not valid UTF-8; skipped (rename it)"))
            return None
        if entry.is_symlink() and not self._inside(path):
            self.outside.append(path)
            return None
        page = f"{rel}/{name}" if rel else name
        try:
            st = entry.stat()
        except OSError as e:
            gone = isinstance(e, FileNotFoundError) and entry.is_symlink()
            why = "symbolic link to nothing (its target is gone)" if gone else f"cannot read: {e.strerror}"
            self.skipped.append(Problem(_shown(path), 0, f"{why}; skipped"))
            return None
        if stat.S_ISDIR(st.st_mode):
            return page, path, st
        if stat.S_ISREG(st.st_mode):
            self.sources.append(_source(Path(path), page, st))
        else:
            self.skipped.append(Problem(_shown(path), 0, "not a regular file; skipped"))
        return None

    def _inside(self, path: str) -> bool:
        real = os.path.realpath(path)
        return real == self.real_top or real.startswith(self.real_top.rstrip(os.sep) + os.sep)

    def problems(self) -> list[Problem]:
        found = sorted(self.skipped, key=lambda p: p.path)
        if self.outside:
            first = _shown(self.outside[0])
            more = f" and {len(self.outside) - 1} more" if len(self.outside) > 1 else ""
            message = f"symbolic link leads out of {self.top}; skipped{more} (links are followed only inside it)"
            found.append(Problem(first, 0, message))
        return found


def _source(path: Path, page: str, st: os.stat_result) -> SourceFile:
    return SourceFile(path, page, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def _is_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes of the name came in as surrogates
        return False
    return True


def _shown(path: str) -> str:
    """A path as text that can always be printed and stored (undecodable bytes as ``\\xff``)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def read_bytes(source: SourceFile) -> tuple[bytes | None, list[Problem]]:
    """The file's bytes; ``None`` with a problem when it cannot or should not be read."""
    where = str(source.path)
    if source.size > _MAX_BYTES:
        return None, [Problem(where, 0, f"larger than {_MAX_BYTES // 2**20} MB; skipped")]
    try:
        data = source.path.read_bytes()
    except OSError as e:
        return None, [Problem(where, 0, f"cannot read: {e.strerror}; skipped")]
    if b"\0" in data[:8192]:
        return None, [Problem(where, 0, "binary file with a markdown name; skipped")]
    return data, []


def decode(data: bytes, where: str) -> tuple[str, list[Problem]]:
    """Markdown bytes as text, BOM and CRLF removed, undecodable bytes replaced (with a problem)."""
    problems: list[Problem] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        problems.append(Problem(where, line, "not UTF-8; undecodable bytes replaced with U+FFFD"))
        text = data.decode("utf-8-sig", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n"), problems


def read_text(source: SourceFile) -> tuple[str | None, list[Problem]]:
    """The file's text, BOM and CRLF removed; ``None`` with a problem when it is not text."""
    data, problems = read_bytes(source)
    if data is None:
        return None, problems
    text, trouble = decode(data, str(source.path))
    return text, problems + trouble
