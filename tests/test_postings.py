"""Posting blocks read through whoosh's private block matcher give exactly what its public API gives."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pytest
from conftest import CONTENT

from kb import KnowledgeBase, open_kb
from kb.postings import Block, postings, public_blocks

Pairs = list[tuple[int, float]]


def flat(blocks: Iterable[Block]) -> Pairs:
    return [(int(d), float(tf)) for ids, tfs in blocks for d, tf in zip(ids, tfs, strict=True)]


def whoosh_public(reader: Any, term: str) -> Pairs:
    """``(document number, frequency)`` of ``term`` through whoosh's public reader API."""
    from whoosh.reading import TermNotFound

    try:
        m = reader.postings("all", term)
    except TermNotFound:
        return []
    pairs = []
    while m.is_active():
        pairs.append((int(m.id()), float(m.weight())))
        m.next()
    return pairs


def per_leaf_public(reader: Any, term: str) -> Pairs:
    """The same through :func:`kb.postings.public_blocks`, leaf by leaf, numbers made global."""
    return [
        (offset + d, tf)
        for leaf, offset in reader.leaf_readers()
        if ("all", term) in leaf
        for d, tf in flat(public_blocks(leaf, "all", term))
    ]


def check_every_term(kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> int:
    from whoosh import index

    assert kb.home is not None
    reader = index.open_dir(str(kb.home)).reader()
    try:
        vocabulary = set(reader.field_terms("all"))
        with monkeypatch.context() as m:  # the fast path is the one under test: no falling back
            m.setattr("kb.postings.public_blocks", lambda *a: pytest.fail("fell back to the public API"))
            fast = {t: flat(kb.postings(t)) for t in vocabulary}
            assert fast == {t: flat(postings(reader, "all", t)) for t in vocabulary}
        for term in vocabulary:
            assert fast[term] == whoosh_public(reader, term), term
            assert fast[term] == per_leaf_public(reader, term), term
        assert flat(kb.postings("no-such-term")) == []
        return len(vocabulary)
    finally:
        reader.close()


def test_every_term_of_the_bundled_faq(monkeypatch: pytest.MonkeyPatch) -> None:
    with open_kb(CONTENT) as kb:
        assert check_every_term(kb, monkeypatch) > 1000


def test_every_term_of_an_updated_index_with_deleted_documents(
    updated_kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert check_every_term(updated_kb, monkeypatch) > 300
    volume = flat(updated_kb.postings("volume"))
    assert len(volume) == 299  # every entry but the edited one and the new one
    assert {tf for _, tf in volume} == {1.0, 2.0, 3.0}
    assert len(list(updated_kb.postings("volume"))) > 2  # several blocks, and one per segment at least
    assert min(d for d, _ in volume) == 101  # a.md's first version (documents 0-100) is deleted
