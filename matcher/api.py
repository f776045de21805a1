"""The matcher's front door: a paste in, ranked matches (and suggestions) out."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from kb import KnowledgeBase, bundled_root, open_kb
from kb.terms import terms
from matcher.calibration import Calibration, default_calibration
from matcher.decide import rank, split, twin_key
from matcher.features import Features, View, explained, features, view
from matcher.model import Explanation, Match, Result
from matcher.params import extract_params
from matcher.profile import Profile, profile
from matcher.segments import segments
from matcher.weights import Weights

__all__ = ["KB_ENV", "analyze", "default_kb", "match", "open_base"]

KB_ENV = "KBFIND_KB"
"""Environment variable naming the content file or folder to use instead of the bundled FAQ."""

CANDIDATES = 25
"""Entries retrieved through the index for scoring; the rest are never scored."""

_opened: dict[Path, KnowledgeBase] = {}


def default_kb() -> KnowledgeBase:
    """``$KBFIND_KB`` when set, else the bundled FAQ; opened once per process."""
    return open_base(Path(os.environ.get(KB_ENV) or bundled_root()))


def open_base(root: Path) -> KnowledgeBase:
    """The knowledge base of a content file or folder, opened once per process."""
    root = root.expanduser().resolve()
    if root not in _opened:
        _opened[root] = open_kb(root)
    return _opened[root]


def match(paste: str, kb: KnowledgeBase | str | Path | None = None, limit: int = 5) -> list[Match]:
    """Confident matches for ``paste``, best first; ``[]`` when nothing is confident."""
    return list(analyze(paste, kb, limit).matches)


def analyze(
    paste: str,
    kb: KnowledgeBase | str | Path | None = None,
    limit: int = 5,
    calibration: Calibration | None = None,
) -> Result:
    """Matches and suggestions for ``paste``, with what is needed to explain each."""
    base = kb if isinstance(kb, KnowledgeBase) else open_base(Path(kb)) if kb is not None else default_kb()
    cal = calibration or default_calibration()
    weights = Weights(len(base), base.doc_frequency, base.average_length())
    views = paste_views(paste, weights)
    scored = [_best(p, rel, views, weights, cal) for p, rel in candidate_profiles(base, views)]
    twins = _twins(profile(m.entry) for m in scored)
    confident, rest = split(rank(scored, twins), cal.threshold, limit)
    return Result(paste, confident, rest, len(views))


def paste_views(paste: str, weights: Weights) -> list[View]:
    """The paste's segments as term views; a long paste keeps its most telling lines."""

    def relevance(line: str) -> float:
        return sum(weights(t) for t in set(terms(line)) if weights.known(t))

    return [view(s, weights) for s in segments(paste, relevance=relevance)]


def candidate_profiles(kb: KnowledgeBase, views: list[View]) -> list[tuple[Profile, float]]:
    """Entries worth scoring: the best keyword hits for all the paste's terms, with their
    keyword score relative to the best hit's."""
    wanted: dict[str, None] = {}
    for v in views:
        wanted.update(dict.fromkeys(v.content))
        wanted.update(dict.fromkeys(t for t in v.masked_terms if t[0] != "<"))
    hits = kb.search_terms(list(wanted), limit=CANDIDATES)
    top = max((h.score for h in hits), default=1.0) or 1.0
    return [(profile(h.entry, h.vocabulary), h.score / top) for h in hits]


def paste_terms(views: list[View]) -> tuple[str, ...]:
    """The content terms of the whole paste, each once."""
    return tuple(dict.fromkeys(t for v in views for t in v.content))


def _best(p: Profile, bm25: float, views: list[View], weights: Weights, cal: Calibration) -> Match:
    best: tuple[float, View, Features] | None = None
    whole = explained(paste_terms(views), p, weights)[0]
    for v in views:
        f = features(v, p, weights, whole, bm25)
        prob = cal.probability(f)
        if best is None or prob > best[0]:
            best = (prob, v, f)
    assert best is not None
    prob, v, f = best
    return Match(p.entry, prob, False, _params(p, v), _explain(p, v, f, cal))


def _params(p: Profile, v: View) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return extract_params(p.template, v.segment.masked) if p.is_error else ()


def _explain(p: Profile, v: View, f: Features, cal: Calibration) -> Explanation:
    seg = v.segment
    present = v.masked_terms | set(v.content)
    return Explanation(
        line=seg.line,
        text=seg.text,
        normalized=seg.masked.text,
        rules=seg.rules + tuple(f"mask:{r}" for r in seg.masked.rules),
        matched_terms=tuple(t for t in p.signature if t in present),
        missing_terms=tuple(t for t in p.signature if t not in present),
        features=f,
        contributions=tuple(cal.contributions(f)),
    )


def _twins(profiles: Iterable[Profile]) -> dict[str, str]:
    """Entry key → group key; error entries whose templates differ only trivially share one."""
    return {p.entry.key: f"twin:{twin_key(p.template)}" if p.is_error else p.entry.key for p in profiles}
