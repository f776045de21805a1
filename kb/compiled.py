"""Compiled regular expressions kept from one run to the next.

Python compiles a regular expression in two steps written in Python, parsing the source into a
tree and the tree into the matching engine's code, and keeps the result for that process only. A
query reaches about 190 patterns, and compiling them was 30–50 ms of every run: most of what a
``kbfind`` query took beyond a bare typer program. The engine's code is a list of integers, so
the first run keeps it in a file under the cache root (``patterns/``, keyed by the interpreter's
exact version and the engine's ``MAGIC``), and later runs hand it to the engine, which checks it,
in about 1 ms for all of them.

Only the patterns written in kbfind's own source go through here (:class:`kb.pattern.Pattern` and
module-level constants), never ones built from content, and the table is capped. Anything
unexpected falls back to :func:`re.compile`: another interpreter, a damaged, foreign or unsafe
file (:func:`kb.cache.read_private`), an engine that refuses the code. The file is written at
exit, only when the run compiled something new, and only into a cache root that already exists
(kbfind made it for an index), so a library that never built an index leaves no trace.
"""

from __future__ import annotations

import atexit
import contextlib
import marshal
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["LIMIT", "forget", "regex", "table_path"]

LIMIT = 4000
"""At most this many patterns are kept (kbfind's own source has about 400)."""

_Code = tuple[int, list[int], int, dict[str, int]]
"""Flags as compiled, the engine's code, the number of groups, and the named groups."""


@dataclass
class _Table:
    path: Path | None
    codes: dict[tuple[str, int], _Code]
    added: int = 0
    saving: bool = field(default=False)


_table: _Table | None = None


def regex(source: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(source, flags)``, from the table when this interpreter compiled it before."""
    flags = int(flags)
    table = _loaded()
    code = table.codes.get((source, flags))
    if code is not None:
        with contextlib.suppress(Exception):  # a damaged entry: compiled anew below
            return _engine(source, code)
    try:
        code = _compile(source, flags)
        pattern = _engine(source, code)
    except Exception:  # an interpreter whose internals differ: the public way, not kept
        return re.compile(source, flags)
    if len(table.codes) < LIMIT:
        table.codes[(source, flags)] = code
        table.added += 1
        if table.path is not None and not table.saving:
            table.saving = True
            atexit.register(_save, table)
    return pattern


def forget() -> None:
    """Drop the table and any write it has pending: the next pattern reads the cache root anew
    (tests do this when they point the cache elsewhere)."""
    global _table
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
        tag = f"{sys.implementation.cache_tag}-{_sre.MAGIC}-{fnv1a(sys.version.encode()):016x}"
        return cache_root() / "patterns" / f"{tag}.marshal"
    except Exception:  # no cache root (no home), or no engine to hand code to
        return None


def _loaded() -> _Table:
    global _table
    if _table is None:
        path = table_path()
        _table = _Table(path, _read(path) if path is not None else {})
    return _table


def _read(path: Path) -> dict[tuple[str, int], _Code]:
    from kb.cache import read_private, unsafe

    try:
        if any(unsafe(os.stat(level)) for level in (path.parent.parent, path.parent)):
            return {}  # whoever else can write there could swap the file (read_private checks the file)
    except OSError:
        return {}
    data = read_private(path)
    if data is None:
        return {}
    try:
        codes = marshal.loads(data)
    except Exception:  # damaged: rebuilt as patterns are compiled
        return {}
    return codes if isinstance(codes, dict) else {}


def _save(table: _Table) -> None:
    """Write the table (at exit), merged with what another run wrote meanwhile; never raises."""
    if table.path is None or not table.added:
        return
    with contextlib.suppress(Exception):
        from kb.cache import cache_root, private_folders, write_private

        top = cache_root()
        if not top.is_dir():
            return
        private_folders(top, table.path.parent)
        codes = {**_read(table.path), **table.codes}
        write_private(table.path, marshal.dumps(dict(list(codes.items())[:LIMIT])))


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
