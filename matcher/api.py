"""The matcher's front door: a paste in, ranked matches (and suggestions) out."""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from pathlib import Path

from kb import Entry, KnowledgeBase, bundled_root, open_kb
from kb.index import Progress
from matcher.calibration import Calibration, default_calibration
from matcher.decide import SUGGESTION_FLOOR, rank, split
from matcher.features import Features, View, explained, features, view
from matcher.model import Explanation, Match, Result
from matcher.params import extract_params
from matcher.profile import Profile, profile
from matcher.segments import segments
from matcher.weights import Weights

__all__ = ["KB_ENV", "analyze", "default_kb", "match", "open_base"]

KB_ENV = "KBFIND_KB"
"""Environment variable naming the content file or folder to use instead of the bundled FAQ."""

CANDIDATES = (20, 40)
"""Entries retrieved for scoring: the first for a knowledge base of up to 10,000 entries, growing
to the second at 100,000, where more entries share their words. The rest are never scored."""

_WORD = re.compile(r"[a-z][a-z0-9]{2,}")
_RELEVANCE_WORDS = 64
_ERROR_CUE = re.compile(
    r"^[EWF]\d{4} |\b(?:error|errors|fail|failed|failure|fatal|panic|exception|denied|refused|unable|cannot|invalid|"
    r"timeout|timed out|not found|forbidden|conflict)\b",
    re.IGNORECASE,
)
"""Entries retrieved through the index for scoring; the rest are never scored."""

_opened: dict[Path, KnowledgeBase] = {}


def default_kb() -> KnowledgeBase:
    """``$KBFIND_KB`` when set, else the bundled FAQ; opened once per process."""
    return open_base(Path(os.environ.get(KB_ENV) or bundled_root()))


def open_base(root: Path, progress: Progress | None = None) -> KnowledgeBase:
    """The knowledge base of a content file or folder, opened once per process; ``progress`` is
    called while its index is built, if it has to be."""
    root = root.expanduser().resolve()
    if root not in _opened:
        _opened[root] = open_kb(root, progress)
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
    weights = _weights(base)
    views = paste_views(paste, weights)
    whole = paste_terms(views)
    scored = [_best(p, rel, views, whole, weights, cal) for p, rel in candidate_profiles(base, views)]
    shown = sorted((s for s in scored if s.score >= SUGGESTION_FLOOR), key=lambda s: -s.score)[: 2 * limit]
    twins = _twins([s.profile for s in shown], weights)
    present = frozenset(t for v in views for t in v.masked_terms) | frozenset(whole)

    def alike(a: _Scored, b: _Scored) -> bool:
        """The paste holds none of the words that tell the two headings apart (values aside)."""
        return all(t[0] == "<" or t not in present for t in set(a.profile.signature) ^ set(b.profile.signature))

    confident, rest = split(rank(scored, twins, alike), cal.threshold, limit)
    matches = tuple(_match(s, score, True, cal) for score, s in confident)
    suggestions = tuple(_match(s, score, False, cal) for score, s in rest)
    return Result(paste, matches, suggestions, len(views))


_weights_of: dict[int, tuple[KnowledgeBase, Weights]] = {}


def _weights(kb: KnowledgeBase) -> Weights:
    """The knowledge base's term weights, kept while it is open (its statistics do not change)."""
    held = _weights_of.get(id(kb))
    if held is None or held[0] is not kb:
        if len(_weights_of) > 16:
            _weights_of.clear()
        held = _weights_of[id(kb)] = (kb, Weights(len(kb), kb.doc_frequency, kb.average_length()))
    return held[1]


def paste_views(paste: str, weights: Weights) -> list[View]:
    """The paste's segments as term views; a long paste keeps its most telling lines."""

    def relevance(line: str) -> float:
        words = set(_WORD.findall(line.lower())[:_RELEVANCE_WORDS])
        cue = 2.0 if _ERROR_CUE.search(line) else 1.0
        return cue * sum(weights(t) for t in words if weights.known(t))

    return [view(s, weights) for s in segments(paste, relevance=relevance)]


def candidate_profiles(kb: KnowledgeBase, views: list[View]) -> list[tuple[Profile, float]]:
    """Entries worth scoring: the best keyword hits for all the paste's terms, with their
    keyword score relative to the best hit's."""
    wanted: dict[str, None] = {}
    for v in views:
        wanted.update(dict.fromkeys(v.content))
        wanted.update(dict.fromkeys(t for t in v.masked_terms if t[0] != "<"))
    hits = kb.retrieve(wanted, limit=candidates_for(len(kb)))
    top = max((h.score for h in hits), default=1.0) or 1.0
    return [(profile(h.entry, h.vocabulary), h.score / top) for h in hits]


def candidates_for(entries: int) -> int:
    """How many candidates to score in a knowledge base of ``entries`` entries."""
    low, high = CANDIDATES
    growth = min(max(math.log10(max(entries, 1) / 10_000), 0.0), 1.0)
    return round(low + (high - low) * growth)


def paste_terms(views: list[View]) -> tuple[str, ...]:
    """The content terms of the whole paste, each once."""
    return tuple(dict.fromkeys(t for v in views for t in v.content))


@dataclass(frozen=True)
class _Scored:
    """An entry's best segment of the paste, before it is made a :class:`Match`."""

    profile: Profile
    score: float
    view: View
    features: Features

    @property
    def entry(self) -> Entry:
        return self.profile.entry


def _best(
    p: Profile, bm25: float, views: list[View], whole: tuple[str, ...], weights: Weights, cal: Calibration
) -> _Scored:
    best: _Scored | None = None
    share = explained(whole, p, weights)[0]
    for v in views:
        f = features(v, p, weights, share, bm25)
        prob = cal.probability(f)
        if best is None or prob > best.score:
            best = _Scored(p, prob, v, f)
    assert best is not None
    return best


def _match(s: _Scored, score: float, confident: bool, cal: Calibration) -> Match:
    return Match(s.entry, score, confident, _params(s.profile, s.view), _explain(s.profile, s.view, s.features, cal))


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


TWIN_SIMILARITY = 0.85
"""Error entries whose headings share this much of their term weight are near-duplicates."""


def _twins(profiles: list[Profile], weights: Weights) -> dict[str, str]:
    """Entry key → group key: near-duplicate error entries (``1 node(s) didn't have free ports…``
    and ``didn't have free ports…``) share the group of the first of them."""
    group = {p.entry.key: p.entry.key for p in profiles}
    errors = [p for p in profiles if p.is_error]
    for i, a in enumerate(errors):
        for b in errors[i + 1 :]:
            if group[b.entry.key] == b.entry.key and _similarity(a, b, weights) >= TWIN_SIMILARITY:
                group[b.entry.key] = group[a.entry.key]
    return group


def _similarity(a: Profile, b: Profile, weights: Weights) -> float:
    """Weighted Jaccard similarity of two headings' terms."""
    sa, sb = set(a.signature), set(b.signature)
    union = sum(weights(t) for t in sa | sb)
    return sum(weights(t) for t in sa & sb) / union if union else 0.0
