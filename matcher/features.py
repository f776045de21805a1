"""The evidence that a segment of a paste is answered by an entry, as numbers in known ranges.

Each feature describes a class of evidence, not a paste: how much of the entry's error template
the segment holds, weighted by how telling each term is, and whether it holds the template's
cause (the last clause of an error chain, in order: a longest common subsequence); how much of
the segment the entry's text explains — all of it, and its last clause, where a pasted chain
names *its* cause; and how much evidence there is at all.

Every sum runs over a sequence in a defined order, so the browser's copy of this arithmetic
(``kbfind-matcher.js``) gets the same numbers to the last bit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import astuple, dataclass, fields

from rapidfuzz.distance import LCSseq

from kb.terms import terms
from matcher.profile import Profile
from matcher.segments import Segment
from matcher.spec import SPEC
from matcher.weights import Weights

__all__ = ["FEATURE_NAMES", "Features", "View", "explained", "features", "view"]


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
    spec = SPEC.view
    partial = segment.masked.keeping(spec.keep_names)
    content = tuple(dict.fromkeys(part for t in terms(partial) if t[0] != "<" for part in _split_closed(t, w)))
    tail: tuple[str, ...] = content
    for clause in reversed(spec.clause.regex.split(partial)):
        if len(spec.clause_word.regex.findall(clause)) >= spec.clause_min_words:
            tail = tuple(t for t in dict.fromkeys(terms(clause)) if t[0] != "<")
            break
    sequence = tuple(terms(segment.masked.text))
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
    spec = SPEC.view
    if len(term) < spec.closed_min or not spec.closed_word.regex.match(term) or w.known(term):
        return (term,)
    for i in range(len(term) - spec.closed_part + 1, spec.closed_part - 1, -1):
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
    spec = SPEC.features
    unit = w.unit
    sig_cov = sig_mass = cause_cov = title_cov = title_mass = 0.0
    total = w.total(p.signature) or 1.0
    if p.is_error:
        hit = _weight_in(p.signature, v.masked_terms, w)
        sig_cov, sig_mass = hit / total, min(hit / unit, spec.mass_cap)
        if p.cause:
            cause_cov = LCSseq.similarity(p.cause, v.masked_sequence) / len(p.cause)
    else:
        hit = _weight_in(p.signature, frozenset(v.content), w)
        title_cov, title_mass = hit / total, min(hit / unit, spec.mass_cap)
    share, mass, info = _explained(v.content, v.content_weights, p)
    norm = 1 - spec.length_b + spec.length_b * p.length / w.average_length
    return Features(
        sig_cov=sig_cov,
        sig_mass=sig_mass,
        cause_cov=cause_cov,
        title_cov=title_cov,
        title_mass=title_mass,
        expl=share,
        expl_tail=_explained(v.tail, v.tail_weights, p)[0],
        expl_mass=min(mass / unit / norm, spec.mass_cap),
        paste_expl=paste_expl,
        bm25=bm25,
        info=min(info / unit, spec.info_cap),
        command=1.0 if v.segment.kind == "command" else 0.0,
        error=1.0 if p.is_error else 0.0,
    )


def _weight_in(wanted: Sequence[str], present: frozenset[str], w: Weights) -> float:
    hit = 0.0
    for t in wanted:
        if t in present:
            hit += w(t)
    return hit


def explained(content: Sequence[str], p: Profile, w: Weights) -> tuple[float, float, float]:
    """(share, weight explained, weight in all) of ``content`` terms found in the entry's text."""
    return _explained(content, [w(t) for t in content], p)


def _explained(content: Sequence[str], weights: Sequence[float], p: Profile) -> tuple[float, float, float]:
    credit = SPEC.features.code_credit
    total = hit = 0.0
    text, code = p.text_terms, p.code_terms
    for t, wt in zip(content, weights, strict=True):
        total += wt
        if t in text:
            hit += wt
        elif t in code:
            hit += wt * credit
    return (hit / total if total else 0.0), hit, total
