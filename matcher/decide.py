"""Ranking scored entries, keeping near-duplicate entries together, and drawing the line."""

from __future__ import annotations

import re
from collections.abc import Sequence

from matcher.model import Match

__all__ = ["rank", "split", "twin_key"]

_COUNT_PREFIX = re.compile(r"^(?:<num>\s*)+")
_TRAILING = re.compile(r"[\s.!。]+$")


def twin_key(template: str) -> str:
    """Headings that differ only by a leading count or a final full stop are twins."""
    return _TRAILING.sub("", _COUNT_PREFIX.sub("", template.strip()))


def rank(scored: Sequence[Match], twins: dict[str, str]) -> list[Match]:
    """Best first; twins get the better twin's score and sit together, in file order."""
    best: dict[str, float] = {}
    for m in scored:
        key = twins.get(m.entry.key, m.entry.key)
        best[key] = max(best.get(key, 0.0), m.score)
    lifted = []
    for m in scored:
        key = twins.get(m.entry.key, m.entry.key)
        lifted.append((best[key], key, m.entry.page, m.entry.line, m))
    lifted.sort(key=lambda t: (-t[0], t[1], t[2], t[3]))
    return [_with_score(m, score) for score, _, _, _, m in lifted]


def _with_score(m: Match, score: float) -> Match:
    if score == m.score:
        return m
    return Match(m.entry, score, m.confident, m.params, m.explanation)


SUGGESTION_FLOOR = 0.02
"""Entries scoring below this are not worth suggesting."""


def split(ranked: Sequence[Match], threshold: float, limit: int) -> tuple[tuple[Match, ...], tuple[Match, ...]]:
    """Confident matches (score ≥ threshold) and suggestions, each at most ``limit`` long."""
    confident = tuple(_mark(m, True) for m in ranked if m.score >= threshold)[:limit]
    rest = tuple(_mark(m, False) for m in ranked if SUGGESTION_FLOOR <= m.score < threshold)[:limit]
    return confident, rest


def _mark(m: Match, confident: bool) -> Match:
    return m if m.confident == confident else Match(m.entry, m.score, confident, m.params, m.explanation)
