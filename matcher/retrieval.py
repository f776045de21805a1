"""Which entries are worth scoring: BM25 over an entry's whole text, summed straight from the
index's posting blocks.

Scores are BM25 with its length norm (``length_b``: a real notes tree holds sections of 10,000
words that contain every common word of any paste; without the norm they crowd the short entry
whose heading is the paste out of the candidates). Generic words of the error-reporting language
(``failed``, ``unable``, ``denied``, ``file``) are damped as much as the knowledge base is small
(:func:`generic_damping`, the same fade as the matcher's background smoothing): in a page of
fifty entries every word looks rare, and entries that only share a paste's ``failed to … file``
drew the candidates and the keyword feature away from the entry it is about; in a notes tree of
thousands the inverse document frequency already knows these words, and damping them there loses
the entry whose heading is the whole message. Scores are summed term at a time into an array: a
knowledge base of 100,000 entries answers in tens of milliseconds, where scoring document by document
through whoosh's query machinery takes ten times as long. Terms no entry holds are dropped; of
the rest, the rarest are read first, at most ``max_terms``, and after the first ``min_terms``
none held by more than a ``common_share``-th of the entries: such a term ranks little and costs
the most. Ties are broken by the entries' order in the knowledge base (file, then line), which
the paste page shares.
"""

from __future__ import annotations

import heapq
import math
from array import array
from collections.abc import Callable, Iterable

from kb import Entry, KnowledgeBase
from kb.vocabulary import Vocabulary
from matcher.spec import SPEC, RetrievalSpec, WeightSpec

__all__ = ["Candidate", "candidate_count", "generic_damping", "query_terms", "retrieve"]

Candidate = tuple[Entry, Vocabulary, float]
"""An entry, its vocabulary and its keyword score (larger is better, unbounded)."""


def candidate_count(entries: int, spec: RetrievalSpec = SPEC.retrieval) -> int:
    """How many candidates to score in a knowledge base of ``entries`` entries."""
    low, high = spec.candidates
    growth = min(
        max(math.log10(max(entries, 1) / spec.grow_from) / math.log10(spec.grow_to / spec.grow_from), 0.0), 1.0
    )
    return round(low + (high - low) * growth)


def query_terms(
    kb: KnowledgeBase, wanted: Iterable[str], spec: RetrievalSpec = SPEC.retrieval
) -> list[tuple[int, str]]:
    """``(document frequency, term)`` of the terms to look up, rarest first."""
    n = len(kb)
    known = sorted((df, t) for t in dict.fromkeys(wanted) if (df := kb.doc_frequency(t)))
    cap = max(spec.common_floor, n // spec.common_share)
    out = []
    for i, (df, term) in enumerate(known[: spec.max_terms]):
        if df > cap and i >= spec.min_terms:
            break
        out.append((df, term))
    return out


def generic_damping(entries: int, weights: WeightSpec = SPEC.weights) -> float:
    """What a generic word's weight is multiplied by in a knowledge base of ``entries`` entries:
    ``generic_factor`` in a tiny one, nearly 1 in a large one, as its background smoothing fades."""
    return 1.0 - (1.0 - weights.generic_factor) * weights.background_strength / (entries + weights.background_strength)


def retrieve(
    kb: KnowledgeBase,
    wanted: Iterable[str],
    limit: int,
    generic: Callable[[str], bool],
    spec: RetrievalSpec = SPEC.retrieval,
    titled: Iterable[int] = (),
) -> list[Candidate]:
    """The ``limit`` entries holding the most of ``wanted``'s rarer terms, best first; ``generic``
    says which terms are words of the error-reporting language (:meth:`matcher.weights.Weights.generic`).
    Then the entries ``titled`` (document numbers: those whose heading the paste is) that are not
    among them, in the knowledge base's order: in a tree of thousands of notes, ten sections named
    ``Web`` are each outscored by the entries that say ``web`` more often."""
    n = len(kb)
    damping = generic_damping(n)
    scores = array("d", bytes(8 * kb.slots))
    touched: set[int] = set()
    k1, b = spec.k1, spec.length_b
    average = max(kb.average_length(), 1.0)
    lengths = kb.lengths()
    for df, term in query_terms(kb, wanted, spec):
        idf = math.log(n / (df + 1)) + 1
        if generic(term):
            idf *= damping
        for ids, tfs in kb.postings(term):
            touched.update(ids)
            for d, tf in zip(ids, tfs, strict=True):
                scores[d] += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * lengths[d] / average))
    best = _top(kb, touched, scores, limit)
    named = sorted(set(titled) - set(best), key=lambda d: _order(kb, d))
    return [(*kb.document(d), scores[d]) for d in best + named]


def _top(kb: KnowledgeBase, touched: set[int], scores: array[float], limit: int) -> list[int]:
    """Best score first; entries tied at the cut are taken in the knowledge base's order."""
    if len(touched) <= limit:
        chosen = list(touched)
    else:
        cut = heapq.nlargest(limit, (scores[d] for d in touched))[-1]
        above = [d for d in touched if scores[d] > cut]
        tied = sorted((d for d in touched if scores[d] == cut), key=lambda d: _order(kb, d))
        chosen = above + tied[: limit - len(above)]
    return sorted(chosen, key=lambda d: (-scores[d], _order(kb, d)))


def _order(kb: KnowledgeBase, docnum: int) -> tuple[str, int]:
    e = kb.document(docnum)[0]
    return e.page, e.line
