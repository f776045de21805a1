"""An opened index of a content root: its entries, term statistics and keyword search.

Building and refreshing the index is :mod:`kb.build`'s job; this module only reads it.
"""

from __future__ import annotations

import os
import weakref
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kb import _whoosh
from kb.model import Entry, Problem
from kb.postings import Block, postings
from kb.rawread import numeric_column, positioned_term_reads
from kb.stored import entry_from_stored, vocabulary_from_stored
from kb.terms import heading_key, terms
from kb.vocabulary import Vocabulary, indexed_text

if TYPE_CHECKING:
    from kb.freshness import Snapshot

__all__ = ["FIELD_BOOSTS", "MAX_QUERY_TERMS", "Hit", "KnowledgeBase", "check_limit"]

FIELD_BOOSTS = {"title": 4.0, "tags": 3.0, "all": 1.0}
"""Keyword search weights: a word of the heading counts most, then the tags, then anywhere."""

MAX_QUERY_TERMS = 32
"""At most this many (the rarest) terms of a query go to the index."""

_DF_CACHE = 200_000
_DOC_CACHE = 4_000


@dataclass(frozen=True)
class Hit:
    """A keyword-search result: the entry, the entry's vocabulary (as stored in the index) and
    its score (larger is better, unbounded)."""

    entry: Entry
    vocabulary: Vocabulary
    score: float


@dataclass(eq=False)
class KnowledgeBase:
    """An opened index of a content root: entries, keyword search and term statistics."""

    root: Path
    problems: list[Problem]
    in_memory: bool
    _index: Any = field(repr=False)
    _reader: Any = field(default=None, repr=False)
    _searcher: Any = field(default=None, repr=False)
    home: Path | None = None
    """The folder the index is kept in; ``None`` when it is kept in memory."""
    snapshot: Snapshot | None = field(default=None, repr=False)
    """The content as indexed: what :meth:`stale` checks (``None``: not made from files)."""
    _df: dict[str, int] = field(default_factory=dict, repr=False)
    _docs: dict[int, tuple[Entry, Vocabulary]] = field(default_factory=dict, repr=False)
    _lengths: array[int] | None = field(default=None, repr=False)
    _gone: Counter[str] = field(default_factory=Counter, repr=False)
    _gone_length: int = field(default=0, repr=False)
    _problems: int | None = field(default=None, repr=False)
    _links: frozenset[str] | None = field(default=None, repr=False)
    _copies: array[int] | None = field(default=None, repr=False)
    _pf: dict[str, int] = field(default_factory=dict, repr=False)
    _release: Any = field(default=None, repr=False)

    def __post_init__(self) -> None:
        _whoosh.load()
        self._reader = self._index.reader()
        # Files are closed by close(), or once no one holds the knowledge base any more: one that
        # a refreshed cache let go may still be read by another thread until it is done.
        self._release = weakref.finalize(self, self._reader.close)
        positioned_term_reads(self._reader)
        self._count_deleted()

    def _count_deleted(self) -> None:
        """whoosh keeps a deleted entry's terms in its statistics until segments merge; count
        them, so that term statistics are those of the entries there are, however the index
        came to be (a fresh build and an updated index answer alike)."""
        if not self._reader.has_deletions():
            return
        for docnum in self._deleted():
            e = entry_from_stored(self._reader.stored_fields(docnum)["entry"])
            found = terms(indexed_text(e))
            self._gone.update(set(found))
            self._gone_length += len(found)

    def _deleted(self) -> Iterator[int]:
        """Numbers of the deleted documents: from each segment's own set (not a test of every
        document, 30 ms at 100,000 entries), or with another whoosh, the slow way."""
        try:
            for leaf, offset in self._reader.leaf_readers():
                yield from (offset + d for d in leaf.deleted_docs_set)
        except AttributeError:
            yield from (d for d in range(self._reader.doc_count_all()) if self._reader.is_deleted(d))

    def content_problems(self) -> list[Problem]:
        """The problems of the content itself (a file, a folder), not of where its index is kept."""
        inside = str(self.root).rstrip(os.sep) + os.sep
        return [p for p in self.problems if p.path == str(self.root) or p.path.startswith(inside)]

    def __len__(self) -> int:
        return int(self._reader.doc_count())

    def __enter__(self) -> KnowledgeBase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the index's files. whoosh cannot unmap a compound segment while views into it
        live, so what holds them is let go too: a closed knowledge base kept by someone holds no
        file (a rebuilt index's old files would otherwise stay on disk while the process lives)."""
        if self._release is not None:
            self._release.detach()
        if self._searcher is not None:
            self._searcher.close()  # closes the reader it wraps
        elif self._reader is not None:
            self._reader.close()
        self._searcher = self._reader = self._index = None
        self._docs.clear()

    @property
    def slots(self) -> int:
        """Document numbers run from 0 to this (deleted documents included)."""
        return int(self._reader.doc_count_all())

    def doc_frequency(self, term: str) -> int:
        """How many entries hold ``term`` (as produced by :func:`kb.terms.terms`) anywhere."""
        df = self._df.get(term)
        if df is None:
            if len(self._df) > _DF_CACHE:
                self._df.clear()
            df = self._df[term] = int(self._reader.doc_frequency("all", term)) - self._gone[term]
        return df

    def lengths(self) -> array[int]:
        """Each entry's number of terms (title, tags and answer, repeats counted) by document
        number, deleted entries included: what a length-normalized score reads. Read once."""
        if self._lengths is None:
            self._lengths = numeric_column(self._reader, "length")
        return self._lengths

    def problem_count(self) -> int:
        """How many problems the entries state: entries with one :attr:`~kb.model.Entry.copy_key`
        (as a docs tree keeping each version of a page writes each problem once per version) count
        once. Read once."""
        if self._problems is None:
            keys = self._copy_keys()
            deleted = set(self._deleted()) if self._reader.has_deletions() else set()
            self._problems = len({k for d, k in enumerate(keys) if d not in deleted}) if deleted else len(set(keys))
        return self._problems

    def problem_frequency(self, term: str) -> int:
        """How many problems (:meth:`problem_count`) hold ``term``: its entries, copies counted once."""
        pf = self._pf.get(term)
        if pf is None:
            if self.problem_count() == len(self):
                return self.doc_frequency(term)
            if len(self._pf) > _DF_CACHE:
                self._pf.clear()
            keys = self._copy_keys()
            deleted = self._reader.is_deleted if self._reader.has_deletions() else None
            pf = self._pf[term] = len(
                {keys[d] for ids, _ in self.postings(term) for d in ids if deleted is None or not deleted(d)}
            )
        return pf

    def _copy_keys(self) -> array[int]:
        """Each entry's :func:`kb.build.copy_hash` by document number, deleted entries included."""
        if self._copies is None:
            self._copies = numeric_column(self._reader, "copies", "Q")
        return self._copies

    def average_length(self) -> float:
        """Average number of terms of an entry (title, tags and answer)."""
        total = float(self._reader.field_length("all")) - self._gone_length
        return total / max(len(self), 1) or 1.0

    def stale(self) -> bool:
        """Whether the content's files changed since this index was built: asked of a running
        watcher (``kb watch``), else a ``stat`` of each file and folder
        (:func:`kb.watchstamp.checked`), so it can be asked before every query."""
        from kb.watchstamp import checked, current

        if self.snapshot is None:
            return False
        return not checked(self.home, self.snapshot, current(self.home) if self.home else None)

    def entries(self) -> Iterator[Entry]:
        """Every entry, in file and line order."""
        docs = (fields for _, fields in self._reader.iter_docs())
        yield from sorted((entry_from_stored(d["entry"]) for d in docs), key=lambda e: (e.page, e.line))

    def postings(self, term: str) -> Iterator[Block]:
        """``(document numbers, term frequencies)`` blocks of ``term`` anywhere in an entry."""
        return postings(self._reader, "all", term)

    def titled(self, text: str) -> list[int]:
        """Document numbers of the entries whose heading is ``text`` as typed (:func:`kb.terms.heading_key`)."""
        key = heading_key(text)
        return [d for ids, _ in postings(self._reader, "heading", key) for d in ids] if key else []

    def links(self, link: str) -> bool:
        """Whether ``link`` (``page#anchor`` or ``page``, lower case) is an entry's section or page
        (:func:`kb.urls.section_link`)."""
        if self._links is None:
            sections = frozenset(self._reader.field_terms("link"))
            self._links = sections | frozenset(s.rsplit("#", 1)[0] for s in sections)
        return link in self._links

    def linked(self, links: Iterable[str]) -> list[int]:
        """Document numbers of the entries that ``links`` name: ``page#anchor`` an entry's section
        (:func:`kb.urls.section_link`), ``page`` the only entry of a page of that file name."""
        found: list[int] = []
        for link in sorted(links):
            if "#" in link:
                found += [d for ids, _ in postings(self._reader, "link", link) for d in ids]
                continue
            sections = [
                d
                for term in self._reader.expand_prefix("link", f"{link}#")
                for ids, _ in postings(self._reader, "link", term)
                for d in ids
            ]
            pages = Counter(self.document(d)[0].page for d in sections)
            found += [d for d in sections if pages[self.document(d)[0].page] == 1]
        return found

    def document(self, docnum: int) -> tuple[Entry, Vocabulary]:
        """A stored entry and its vocabulary, parsed once per opened index."""
        doc = self._docs.get(docnum)
        if doc is None:
            if len(self._docs) > _DOC_CACHE:
                self._docs.clear()
            fields = self._reader.stored_fields(docnum)
            doc = self._docs[docnum] = (
                entry_from_stored(fields["entry"]),
                vocabulary_from_stored(fields["vocabulary"]),
            )
        return doc

    def search(self, query: str, limit: int = 10) -> list[Hit]:
        """Keyword search over titles, error text, tags, answers and code. ``TypeError`` for a query
        that is not a ``str`` or a ``limit`` not an int, ``ValueError`` for a ``limit`` below 1."""
        if not isinstance(query, str):
            raise TypeError(f"query must be a str, not {type(query).__name__}")
        check_limit(limit)
        return self.search_terms(list(dict.fromkeys(terms(query))), limit)

    def search_terms(self, wanted: Iterable[str], limit: int = 10, fields: Iterable[str] = FIELD_BOOSTS) -> list[Hit]:
        """Entries holding any of ``wanted`` terms, best BM25F score first.

        Terms no entry holds are dropped, and of the rest only the :data:`MAX_QUERY_TERMS`
        rarest are searched: a term found everywhere ranks nothing and costs the most.
        """
        _whoosh.load(_whoosh.SEARCHING)
        from whoosh.query import Or, Term

        if self._searcher is None:
            from whoosh.scoring import BM25F
            from whoosh.searching import Searcher

            self._searcher = Searcher(self._reader, weighting=BM25F())
        known = [(df, t) for t in dict.fromkeys(wanted) if (df := self.doc_frequency(t))]
        known.sort(key=lambda dt: dt[0])
        subqueries = [Term(f, t) for _, t in known[:MAX_QUERY_TERMS] for f in fields]
        if not subqueries or limit < 1:
            return []
        results = self._searcher.search(Or(subqueries), limit=limit)
        return [Hit(*self.document(r.docnum), score=float(r.score)) for r in results]


def check_limit(limit: object) -> None:
    """A ``limit`` a caller may get wrong, said at the door: ``TypeError`` unless an int, ``ValueError`` below 1."""
    if not isinstance(limit, int) or isinstance(limit, bool):
        raise TypeError(f"limit must be an int, not {type(limit).__name__}")
    if limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit}")
