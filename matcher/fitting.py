"""Fitting the calibration on labelled pastes (``kb calibrate``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from kb import KnowledgeBase
from matcher.evaluate import Case
from matcher.features import Features, explained, features
from matcher.matcher import Matcher
from matcher.model import Calibration, design, fit

__all__ = ["calibrate", "feature_table"]

Table = list[tuple[Case, list[tuple[bool, list[Features]]]]]


def feature_table(cases: Sequence[Case], kb: KnowledgeBase) -> Table:
    """For each case, each candidate entry: whether it is expected, and its features per segment."""
    matcher = Matcher(kb)
    w = matcher.weights
    table: Table = []
    for case in cases:
        stages = matcher.stages(case.query)
        views = list(stages.views)
        whole = tuple(dict.fromkeys(t for v in views for t in v.content))
        rows = []
        for p, bm25 in stages.candidates:
            wanted = p.entry.title in case.expect or p.entry.id in case.expect
            share = explained(whole, p, w)[0]
            rows.append((wanted, [features(v, p, w, share, bm25) for v in views]))
        table.append((case, rows))
    return table


def calibrate(
    cases: Sequence[Case], kb: KnowledgeBase, start: Calibration, rounds: int = 4, l2: float = 1.0
) -> Calibration:
    """Refit the coefficients; each entry is represented by its best segment under the last fit."""
    return calibrate_table(feature_table(cases, kb), start, rounds, l2)


def calibrate_table(table: Table, start: Calibration, rounds: int = 4, l2: float = 1.0) -> Calibration:
    cal = start
    for _ in range(rounds):
        xs, ys = [], []
        for _, rows in table:
            for wanted, per_view in rows:
                if per_view:
                    best = max(per_view, key=cal.probability)
                    xs.append(design(best))
                    ys.append(int(wanted))
        intercept, coef = fit(xs, ys, l2=l2)
        cal = replace(cal, intercept=intercept, coef=coef)
    return replace(cal, threshold=_threshold(table, cal))


def _threshold(table: Table, cal: Calibration) -> float:
    """The threshold that best trades answers against wrong answers and accepted negatives."""
    tops = [_top(rows, cal) for _, rows in table]
    best = (float("-inf"), 0.5)
    for t in [x / 100 for x in range(20, 91, 2)]:
        pos = [(s, ok) for (case, _), (s, ok) in zip(table, tops, strict=True) if case.expect]
        neg = [s for (case, _), (s, _) in zip(table, tops, strict=True) if not case.expect]
        answered = sum(s >= t and ok for s, ok in pos) / max(len(pos), 1)
        wrong = sum(s >= t and not ok for s, ok in pos) / max(len(pos), 1)
        accepted = sum(s >= t for s in neg) / max(len(neg), 1)
        best = max(best, (answered - 3 * wrong - 2 * accepted, t))
    return best[1]


def _top(rows: list[tuple[bool, list[Features]]], cal: Calibration) -> tuple[float, bool]:
    """The best entry's score and whether it is an expected one."""
    scored = [(max(map(cal.probability, per_view)), wanted) for wanted, per_view in rows if per_view]
    return max(scored, default=(0.0, False), key=lambda sw: (sw[0], sw[1]))
