"""Compiled regular expressions kept from one run to the next.

Python compiles a regular expression in two steps written in Python, parsing the source into a
tree and the tree into the matching engine's code, and keeps the result for that process only. A
query reaches about 190 patterns, and compiling them was 30–50 ms of every run: most of what a
``kbfind`` query took beyond a bare typer program. The engine's code is a list of integers, so
the first run keeps it in a file under the cache root (``patterns/``, keyed by this format's
version, the interpreter's exact build and the engine's ``MAGIC``), and later runs hand it back
to the engine in about 1 ms for all of them.

The engine checks the code it is given only in part: code damaged on disk could crash or hang
every run. So the file carries a checksum of what was written, and a file that does not match
it is not read at all. Only the patterns written in kbfind's own source go through here
(:class:`kb.pattern.Pattern` and module-level constants), never ones built from content; those a
run used are written first, so a pattern edited or retired leaves the file once it is full.
Anything unexpected falls back to :func:`re.compile`: another interpreter, a damaged, foreign or
unsafe file (:func:`kb.cache.read_private`; a folder others can write, as for the index), an
engine that refuses the code. The file is written at exit, only when the run compiled something
new, and only into a cache root that already exists (kbfind made it for an index), so a library
that never built an index leaves no trace. Two runs writing at once keep the last one's table;
the next runs add back what it lacked.
"""

from __future__ import annotations

import _thread
import atexit
import contextlib
import marshal
import os
import re
import stat
import sys
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["FORMAT", "LIMIT", "forget", "regex", "table_path"]

FORMAT = 1
"""The file's layout: a file of another is never read (its name differs)."""
LIMIT = 1000
"""At most this many patterns are kept, those the last run used first (kbfind's source has about 400)."""
STALE_DAYS = 30
"""A table of another Python build that no run has written for this long is removed."""

_Key = tuple[str, int]
_Code = tuple[int, list[int], int, dict[str, int]]
"""Flags as compiled, the engine's code, the number of groups, and the named groups."""


@dataclass
class _Table:
    path: Path | None
    codes: dict[_Key, _Code]
    used: dict[_Key, None] = field(default_factory=dict)
    """What this run compiled or read, in order: written first."""
    added: int = 0
    saving: bool = False


_table: _Table | None = None
_lock = _thread.allocate_lock()
_internal = True
"""False once this interpreter's ``re`` internals turned out to differ: ``re.compile`` from then on."""


def regex(source: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(source, flags)``, from the table when this interpreter compiled it before."""
    global _internal
    flags = int(flags)
    key = (source, flags)
    table = _loaded()
    code = table.codes.get(key)
    if code is not None:
        with contextlib.suppress(Exception):  # an entry of the wrong shape: compiled anew below
            pattern = _engine(source, code)
            table.used[key] = None
            return pattern
    if not _internal:
        return re.compile(source, flags)
    try:
        code = _compile(source, flags)
        pattern = _engine(source, code)
    except re.error:
        raise
    except Exception:  # an interpreter whose internals differ: the public way, not kept
        _internal = False
        return re.compile(source, flags)
    with _lock:
        table.codes[key] = code
        table.used[key] = None
        table.added += 1
        if table.path is not None and not table.saving:
            table.saving = True
            atexit.register(_save, table)
    return pattern


def forget() -> None:
    """Drop the table and any write it has pending: the next pattern reads the cache root anew
    (tests do this when they point the cache elsewhere)."""
    global _table
    with _lock:
        if _table is not None:
            _table.path = None
        _table = None


def table_path() -> Path | None:
    """The file that keeps this interpreter's compiled patterns, or ``None`` where none can be kept."""
    try:
        import _sre  # type: ignore[import-not-found]

        from kb.cache import cache_root, fnv1a

        if sys.implementation.name != "cpython":
            return None
        build = fnv1a(sys.version.encode())
        return cache_root() / "patterns" / f"v{FORMAT}-{sys.implementation.cache_tag}-{_sre.MAGIC}-{build:016x}.marshal"
    except Exception:  # no cache root (no home), or no engine to hand code to
        return None


def _loaded() -> _Table:
    global _table
    with _lock:
        if _table is None:
            path = table_path()
            _table = _Table(path, _read(path) if path is not None else {})
        return _table


def _read(path: Path) -> dict[_Key, _Code]:
    """The table in ``path``; empty when it is missing, unsafe, or not whole as written."""
    from kb.cache import read_private

    try:
        if not _trusted_folders(path):
            return {}
    except OSError:
        return {}
    data = read_private(path)
    if data is None or len(data) < 4 or zlib.crc32(data[4:]).to_bytes(4, "big") != data[:4]:
        return {}  # missing, or damaged since it was written: compiled anew, then written whole
    try:
        codes = marshal.loads(data[4:])
    except Exception:
        return {}
    return codes if isinstance(codes, dict) else {}


def _trusted_folders(path: Path) -> bool:
    """The cache root and ``patterns/`` are the user's own and only theirs to write; a sticky root
    (``/tmp``), which :func:`kb.cache.private_folders` uses as it is, will do too."""
    from kb.cache import unsafe

    root = os.stat(path.parent.parent)
    return (not unsafe(root) or bool(root.st_mode & stat.S_ISVTX)) and not unsafe(os.stat(path.parent))


def _save(table: _Table) -> None:
    """Write the table (at exit): what this run used first, then what another run wrote meanwhile,
    then the rest, up to :data:`LIMIT`; never raises."""
    if table.path is None or not table.added:
        return
    with contextlib.suppress(Exception):
        from kb.cache import cache_root, private_folders, write_private

        top = cache_root()
        if not top.is_dir():
            return
        private_folders(top, table.path.parent)
        with _lock:
            mine = dict(table.codes)
            used = list(table.used)
        theirs = _read(table.path)
        keys = [*used, *theirs, *mine]
        codes = {k: mine.get(k) or theirs[k] for k in dict.fromkeys(keys)}
        payload = marshal.dumps(dict(list(codes.items())[:LIMIT]))
        write_private(table.path, zlib.crc32(payload).to_bytes(4, "big") + payload)
        _remove_stale(table.path)


def _remove_stale(path: Path) -> None:
    """Tables of other formats and Python builds that no run has written for :data:`STALE_DAYS`."""
    before = time.time() - STALE_DAYS * 86400
    for other in path.parent.glob("*.marshal"):
        with contextlib.suppress(OSError):
            if other != path and other.lstat().st_mtime < before:
                other.unlink()


def _compile(source: str, flags: int) -> _Code:
    """What ``re.compile`` hands the engine (``re._compiler.compile``), as plain data."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    tree: Any = _parser.parse(source, flags)
    code = [int(c) for c in _compiler._code(tree, flags)]
    return int(flags | tree.state.flags), code, tree.state.groups - 1, dict(tree.state.groupdict)


def _engine(source: str, code: _Code) -> re.Pattern[str]:
    import _sre  # type: ignore[import-not-found]

    flags, program, groups, named = code
    names: list[str | None] = [None] * (groups + 1)
    for name, i in named.items():
        names[i] = name
    return _sre.compile(source, flags, program, groups, named, tuple(names))  # type: ignore[no-any-return]
