"""whoosh's files read directly where its own readers are slow, with its readers as the fallback.

Like :mod:`kb.postings`, this reads whoosh 2.7's (private) structures; with another whoosh, or
a file of another layout, it does what whoosh's public API does, more slowly.
"""

from __future__ import annotations

import os
import sys
from array import array
from typing import Any

__all__ = ["numeric_column", "positioned_term_reads"]


def positioned_term_reads(reader: Any) -> None:
    """Have each segment's term table read what a lookup asks for with one ``pread``.

    A term lookup reads a few bytes at two or three far-apart places of the table; through the
    buffered file each is a seek and a fresh 8 KB read, a third of the cost of the 150 or so
    lookups of a query's first match on a large tree. Tables held in memory (a compound
    segment, mapped by whoosh), another whoosh's, and systems without ``pread`` are left as they are."""
    if not hasattr(os, "pread"):
        return
    try:
        tables = [leaf._terms._tindex.dbfile for leaf, _ in reader.leaf_readers()]
    except AttributeError:
        return
    for table in tables:
        try:
            table.get = _PositionedReads(table.file)
        except (AttributeError, OSError, ValueError):
            continue


class _PositionedReads:
    """A whoosh file's ``get(position, length)`` as one ``os.pread`` (no seek, no buffer)."""

    def __init__(self, file: Any) -> None:
        self._file, self._fd = file, file.fileno()

    def __call__(self, position: int, length: int) -> bytes:
        if self._file.closed:  # its descriptor may be another file's by now
            raise ValueError("I/O operation on closed file")
        return os.pread(self._fd, length, position)


def numeric_column(reader: Any, name: str, typecode: str = "I") -> array[int]:
    """A numeric column of every segment, joined in document order (``typecode``: the column's, as
    ``array`` spells it). A segment's values are read as one block of bytes (whoosh reads them one
    document at a time: 150 ms for 100,000); with another whoosh, or a column of another layout,
    one at a time."""
    out: array[int] = array(typecode)
    for leaf, offset in reader.leaf_readers():
        count = leaf.doc_count_all()
        if offset != len(out):
            raise ValueError(f"segment at {offset}, after {len(out)} documents")
        if not count:  # an empty index has no columns at all
            continue
        column = leaf.column_reader(name, translate=False)
        try:
            part: array[int] = array(column._typecode)
            if part.itemsize != column._fixedlen:
                raise AttributeError("another width")
            part.frombytes(column._dbfile.get(column._basepos, column._count * column._fixedlen))
            if sys.byteorder == "little":
                part.byteswap()  # whoosh writes them big-endian
            part.extend([column._default] * (count - len(part)))
        except AttributeError:
            part = array(typecode, (int(column[d]) for d in range(count)))
        out.extend(part)
    return out
