"""Ranking scored entries, keeping near-duplicate entries together, and drawing the line."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

from kb.model import Entry

__all__ = ["SUGGESTION_FLOOR", "Scored", "rank", "split"]

SUGGESTION_FLOOR = 0.02
"""Entries scoring below this are not worth suggesting."""


class Scored(Protocol):
    @property
    def entry(self) -> Entry: ...

    @property
    def score(self) -> float: ...


S = TypeVar("S", bound=Scored)


def rank(scored: Sequence[S], twins: dict[str, str]) -> list[tuple[float, S]]:
    """Best first, as ``(score, item)``; twins get the better twin's score and sit together,
    in file order, so that near-duplicate entries never come back as a coin flip."""
    best: dict[str, float] = {}
    first: dict[str, tuple[str, int]] = {}
    for m in scored:
        key = twins.get(m.entry.key, m.entry.key)
        best[key] = max(best.get(key, 0.0), m.score)
        first[key] = min(first.get(key, (m.entry.page, m.entry.line)), (m.entry.page, m.entry.line))
    lifted = [(best[k], first[k], m) for m in scored for k in [twins.get(m.entry.key, m.entry.key)]]
    lifted.sort(key=lambda t: (-t[0], t[1], t[2].entry.page, t[2].entry.line))
    return [(score, m) for score, _, m in lifted]


def split(
    ranked: Sequence[tuple[float, S]], threshold: float, limit: int
) -> tuple[list[tuple[float, S]], list[tuple[float, S]]]:
    """Confident matches (score ≥ threshold) and suggestions, each at most ``limit`` long."""
    confident = [r for r in ranked if r[0] >= threshold][:limit]
    rest = [r for r in ranked if SUGGESTION_FLOOR <= r[0] < threshold][:limit]
    return confident, rest
