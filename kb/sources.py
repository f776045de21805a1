"""Finding and reading the markdown files of a content root, never failing on one bad file."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from kb.model import Problem

__all__ = ["ContentError", "SourceFile", "find_sources", "read_text"]

_MAX_BYTES = 20 * 1024 * 1024  # a notes file larger than this is not notes


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


def find_sources(root: Path) -> tuple[list[SourceFile], list[Problem]]:
    """Every ``*.md`` under ``root`` (or ``root`` itself), sorted by page, symlink loops skipped."""
    if not root.exists():
        raise ContentError(f"{root}: no such file or folder; pass --kb PATH to a markdown file or folder")
    if root.is_file():
        source = _source(root, root.name)
        return ([source] if source else []), []
    if not root.is_dir():
        raise ContentError(f"{root}: not a file or a folder; pass --kb PATH to a markdown file or folder")
    problems: list[Problem] = []
    found: list[SourceFile] = []
    seen: set[tuple[int, int]] = set()
    for folder, dirs, files in os.walk(root, followlinks=True, onerror=lambda e: problems.append(_walk_problem(e))):
        try:
            st = os.stat(folder)
        except OSError as e:
            problems.append(_walk_problem(e))
            dirs[:] = []
            continue
        if (st.st_dev, st.st_ino) in seen:
            problems.append(Problem(folder, 0, "folder already visited (symlink loop); skipped"))
            dirs[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.lower().endswith(".md") and not name.startswith("."):
                path = Path(folder, name)
                try:
                    source = _source(path, path.relative_to(root).as_posix())
                except OSError as e:
                    problems.append(Problem(str(path), 0, f"cannot read: {e.strerror}; skipped"))
                    continue
                if source is None:
                    problems.append(Problem(str(path), 0, "not a regular file; skipped"))
                else:
                    found.append(source)
    found.sort(key=lambda s: s.page)
    return found, problems


def _source(path: Path, page: str) -> SourceFile | None:
    """The file's identity; ``None`` for what is not a regular file (a pipe would block a read)."""
    st = path.stat()
    if not stat.S_ISREG(st.st_mode):
        return None
    return SourceFile(path, page, st.st_size, st.st_mtime_ns)


def _walk_problem(e: OSError) -> Problem:
    return Problem(str(e.filename), 0, f"cannot read folder: {e.strerror}; skipped")


def read_text(source: SourceFile) -> tuple[str | None, list[Problem]]:
    """The file's text, BOM and CRLF removed; ``None`` with a problem when it is not text."""
    where = str(source.path)
    try:
        if source.size > _MAX_BYTES:
            return None, [Problem(where, 0, f"larger than {_MAX_BYTES // 2**20} MB; skipped")]
        data = source.path.read_bytes()
    except OSError as e:
        return None, [Problem(where, 0, f"cannot read: {e.strerror}; skipped")]
    if b"\0" in data[:8192]:
        return None, [Problem(where, 0, "binary file with a .md name; skipped")]
    problems: list[Problem] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        problems.append(Problem(where, line, "not UTF-8; undecodable bytes replaced with U+FFFD"))
        text = data.decode("utf-8-sig", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n"), problems
