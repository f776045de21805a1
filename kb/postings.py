"""A term's postings, read straight from whoosh's posting blocks: what fast retrieval is built on.

Scoring entry by entry through whoosh's query machinery costs ten times what summing a block of
term frequencies at a time does. Blocks are read through whoosh 2.7's (private) block matcher;
with another whoosh, the public postings API gives the same pairs, more slowly.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import accumulate
from typing import Any

__all__ = ["Block", "postings"]

Block = tuple[Sequence[int], Sequence[float]]
"""``(document numbers, term frequencies)`` of one posting block."""


def postings(reader: Any, field: str, term: str) -> Iterator[Block]:
    """Blocks of ``term`` in ``field``, deleted documents left out, numbers global to ``reader``."""
    for leaf, offset in reader.leaf_readers():
        if (field, term) not in leaf:
            continue
        deleted = leaf.deleted_docs_set
        for ids, tfs in _leaf_blocks(leaf, field, term):
            if deleted:
                pairs = [(d + offset, tf) for d, tf in zip(ids, tfs, strict=True) if d not in deleted]
                yield [d for d, _ in pairs], [tf for _, tf in pairs]
            elif offset:
                yield [d + offset for d in ids], tfs
            else:
                yield ids, tfs


def _leaf_blocks(leaf: Any, field: str, term: str) -> Iterator[Block]:
    try:
        m = leaf._terms.matcher(field, leaf._text_to_bytes(field, term), leaf.schema[field].format)
    except AttributeError:  # another whoosh: the public, slower way
        yield from public_blocks(leaf, field, term)
        return
    while m.is_active():
        if m._data is None:
            m._read_data()
        raw = m._data[0]
        ids = raw if m._byteids else list(accumulate(raw))  # whoosh delta-encodes ids per block
        if m._weights is None:
            m._read_weights()
        yield ids, m._weights
        m._next_block()


def public_blocks(leaf: Any, field: str, term: str) -> Iterator[Block]:
    """The same pairs through whoosh's public matcher API, as one block."""
    m = leaf.postings(field, term)
    ids, tfs = [], []
    while m.is_active():
        ids.append(m.id())
        tfs.append(m.weight())
        m.next()
    yield ids, tfs
