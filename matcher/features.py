"""The evidence that a segment of a paste is answered by an entry, as numbers in known ranges.

Each feature describes a class of evidence, not a paste: how much of the entry's error template
the segment holds, weighted by how telling each term is, and whether it holds the template's
cause (the last clause of an error chain, in order: rapidfuzz's LCS); how much of the segment
the entry's text explains — all of it, and its last clause, where a pasted chain names *its*
cause; and how much evidence there is at all.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import astuple, dataclass, fields

from rapidfuzz.distance import LCSseq

from kb.terms import terms
from matcher.profile import CLAUSE, Profile
from matcher.segments import Segment
from matcher.weights import Weights

__all__ = ["FEATURE_NAMES", "Features", "View", "explained", "features", "view"]

_KEEP_NAMES = frozenset({"q", "path", "host"})  # values that are words worth explaining
_WORD = re.compile(r"[^\W\d_][\w'-]*")
_MASS_CAP = 6.0
_CODE_CREDIT = 0.5  # a word that only appears in an answer's code is weaker evidence
_LENGTH_B = 0.5  # how much a long answer's explaining is discounted (BM25's b)


@dataclass(frozen=True)
class View:
    """A segment seen as terms, computed once per segment."""

    segment: Segment
    masked_sequence: tuple[str, ...]
    """Terms of the masked segment, in order."""
    masked_terms: frozenset[str]
    content: tuple[str, ...]
    """Distinct terms of the segment, names and paths kept, other variables dropped."""
    tail: tuple[str, ...]
    """Content terms of the segment's last clause of two words or more."""
    content_weights: tuple[float, ...]
    tail_weights: tuple[float, ...]


def view(segment: Segment, w: Weights) -> View:
    partial = segment.masked.keeping(_KEEP_NAMES)
    content = tuple(dict.fromkeys(part for t in terms(partial) if t[0] != "<" for part in _split_closed(t, w)))
    tail: tuple[str, ...] = content
    for clause in reversed(CLAUSE.split(partial)):
        if len(_WORD.findall(clause)) >= 2:
            tail = tuple(t for t in dict.fromkeys(terms(clause)) if t[0] != "<")
            break
    masked = segment.masked.text
    sequence = tuple(terms(masked))
    return View(
        segment,
        sequence,
        frozenset(sequence),
        content,
        tail,
        tuple(map(w, content)),
        tuple(map(w, tail)),
    )


def _split_closed(term: str, w: Weights) -> tuple[str, ...]:
    """``etcdserver`` → ``etcd server`` when the knowledge base knows both halves, not the whole."""
    if len(term) < 7 or not term.isalpha() or w.known(term):
        return (term,)
    for i in range(len(term) - 3, 3, -1):
        if w.known(term[:i]) and w.known(term[i:]):
            return term[:i], term[i:]
    return (term,)


@dataclass(frozen=True)
class Features:
    """Evidence for one (segment, entry) pair; shares in 0..1, masses in rare-term units."""

    sig_cov: float
    """Error entries: weighted share of the template's terms found in the segment."""
    sig_mass: float
    """Error entries: weight of those terms, capped."""
    cause_cov: float
    """Error entries: share of the terms of the template's last clause found in the segment, in
    the same order (longest common subsequence)."""
    title_cov: float
    """Topics: weighted share of the title's terms found in the segment."""
    title_mass: float
    """Topics: weight of those terms, capped."""
    expl: float
    """Weighted share of the segment's terms that the entry's text holds."""
    expl_tail: float
    """The same for the segment's last clause, where a pasted error chain names its cause."""
    expl_mass: float
    """Weight of the explained terms, discounted for long answers, capped."""
    paste_expl: float
    """Weighted share of the terms of the whole paste that the entry's text holds."""
    bm25: float
    """The entry's keyword-search score for the whole paste, relative to the best entry's."""
    info: float
    """Weight of all the segment's terms, capped."""
    command: float
    """1 when the segment is a command typed at a prompt."""
    error: float
    """1 for an error entry, 0 for a topic."""

    def vector(self) -> tuple[float, ...]:
        return astuple(self)


FEATURE_NAMES: tuple[str, ...] = tuple(f.name for f in fields(Features))


def features(v: View, p: Profile, w: Weights, paste_expl: float, bm25: float) -> Features:
    unit = w.unit
    sig_cov = sig_mass = cause_cov = title_cov = title_mass = 0.0
    total = w.total(p.signature) or 1.0
    if p.is_error:
        hit = sum(w(t) for t in p.signature if t in v.masked_terms)
        sig_cov, sig_mass = hit / total, min(hit / unit, _MASS_CAP)
        if p.cause:
            cause_cov = LCSseq.similarity(p.cause, v.masked_sequence) / len(p.cause)
    else:
        content = set(v.content)
        hit = sum(w(t) for t in p.signature if t in content)
        title_cov, title_mass = hit / total, min(hit / unit, _MASS_CAP)
    share, mass, info = _explained(v.content, v.content_weights, p)
    norm = 1 - _LENGTH_B + _LENGTH_B * p.length / w.average_length
    return Features(
        sig_cov=sig_cov,
        sig_mass=sig_mass,
        cause_cov=cause_cov,
        title_cov=title_cov,
        title_mass=title_mass,
        expl=share,
        expl_tail=_explained(v.tail, v.tail_weights, p)[0],
        expl_mass=min(mass / unit / norm, _MASS_CAP),
        paste_expl=paste_expl,
        bm25=bm25,
        info=min(info / unit, _MASS_CAP * 2),
        command=1.0 if v.segment.kind == "command" else 0.0,
        error=1.0 if p.is_error else 0.0,
    )


def explained(content: Collection[str], p: Profile, w: Weights) -> tuple[float, float, float]:
    """(share, weight explained, weight in all) of ``content`` terms found in the entry's text."""
    return _explained(content, [w(t) for t in content], p)


def _explained(content: Collection[str], weights: Collection[float], p: Profile) -> tuple[float, float, float]:
    total = hit = 0.0
    text, code = p.text_terms, p.code_terms
    for t, wt in zip(content, weights, strict=True):
        total += wt
        if t in text:
            hit += wt
        elif t in code:
            hit += wt * _CODE_CREDIT
    return (hit / total if total else 0.0), hit, total
