"""Ranking scored entries, keeping near-duplicate entries together, and drawing the line."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

from kb.model import Entry
from matcher.spec import SPEC

__all__ = ["Scored", "collapse", "rank", "similar", "split", "twin_groups"]


class Scored(Protocol):
    @property
    def entry(self) -> Entry: ...

    @property
    def score(self) -> float: ...


S = TypeVar("S", bound=Scored)
T = TypeVar("T")


def twin_groups(items: Sequence[S], similar: Callable[[S, S], bool]) -> dict[str, str]:
    """Entry key → group key: each item joins the group of the first earlier one it is similar to
    (``1 node(s) didn't have free ports…`` and ``didn't have free ports…``)."""
    group = {s.entry.key: s.entry.key for s in items}
    for i, a in enumerate(items):
        for b in items[i + 1 :]:
            if group[b.entry.key] == b.entry.key and similar(a, b):
                group[b.entry.key] = group[a.entry.key]
    return group


def similar(sa: Sequence[str], sb: Sequence[str], weight: Callable[[str], float], threshold: float) -> bool:
    """The weighted Jaccard similarity of two templates' terms is at least ``threshold``: they
    state the same problem (``SPEC.decide.twin_similarity``); summed in the order the terms come,
    ``sa``'s then ``sb``'s others, as the browser does."""
    union = both = 0.0
    in_a, in_b = frozenset(sa), frozenset(sb)
    for t in dict.fromkeys([*sa, *sb]):
        wt = weight(t)
        union += wt
        if t in in_b and t in in_a:
            both += wt
    return bool(union) and both / union >= threshold


def collapse(items: Sequence[T], key: Callable[[T], str], copy: Callable[[T, T], bool]) -> list[tuple[T, list[T]]]:
    """Each item that is no copy of an earlier one (``copy(kept, later)``: the same problem in
    another version of its page, asked only of two with one ``key``), in order, with its copies.
    The best placed copy stands for them all, so a tree keeping five versions of a page lists five
    problems, not one five times."""
    groups: list[tuple[T, list[T]]] = []
    by_key: dict[str, list[tuple[T, list[T]]]] = {}
    for item in items:
        alike = by_key.setdefault(key(item), [])
        group = next((g for g in alike if copy(g[0], item)), None)
        if group is None:
            group = (item, [])
            groups.append(group)
            alike.append(group)
        else:
            group[1].append(item)
    return groups


def rank(
    scored: Sequence[S],
    twins: dict[str, str],
    alike: Callable[[S, S], bool],
    prefer: Callable[[S], int],
    named: Callable[[S], bool],
) -> list[tuple[float, S]]:
    """Best first, as ``(score, item)``; an entry the paste names (``named``: the paste is its
    heading, word for word) comes before all; near-duplicate entries (``twins``: entry key → group
    key) sit together, the one the paste prefers most (``prefer``: the one whose values, then whose
    heading words, it repeats) first, then in the order of their own evidence; a twin the paste
    cannot tell from the group's
    best gets the best's score and file order, so near-duplicates never come back as a coin flip.
    ``alike(a, b)`` says whether the paste tells ``a`` from ``b``."""
    groups: dict[str, list[S]] = {}
    for m in scored:
        groups.setdefault(twins.get(m.entry.key, m.entry.key), []).append(m)
    out: list[tuple[bool, float, tuple[str, int], int, float, str, int, S]] = []
    for members in groups.values():
        best = min(members, key=lambda m: (-prefer(m), -m.score, m.entry.page, m.entry.line))
        first = min((m.entry.page, m.entry.line) for m in members)
        for m in members:
            score = best.score if m is not best and alike(m, best) else m.score
            out.append((named(m), best.score, first, prefer(m), score, m.entry.page, m.entry.line, m))
    out.sort(key=lambda t: (not t[0], -t[1], t[2], -t[3], -t[4], t[5], t[6]))
    return [(score, m) for _, _, _, _, score, _, _, m in out]


def split(
    ranked: Sequence[tuple[float, S]], threshold: float, limit: int
) -> tuple[list[tuple[float, S]], list[tuple[float, S]]]:
    """Confident matches (score ≥ threshold) and suggestions, each at most ``limit`` long."""
    floor = SPEC.decide.suggestion_floor
    confident = [r for r in ranked if r[0] >= threshold][:limit]
    rest = [r for r in ranked if floor <= r[0] < threshold][:limit]
    return confident, rest
