"""Fitting the calibration on labelled pastes (``kb calibrate``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from kb import KnowledgeBase
from matcher.evaluate import Case, expected
from matcher.features import Features, explained, features
from matcher.matcher import Matcher
from matcher.model import Calibration, design, fit

__all__ = ["calibrate", "calibrate_table", "choose_threshold", "feature_table"]

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
            wanted = expected(case, p.entry)
            share = explained(whole, p, w)[0]
            rows.append((wanted, [features(v, p, w, share, bm25)[0] for v in views]))
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
    return replace(cal, threshold=choose_threshold(table, cal))


def choose_threshold(table: Table, cal: Calibration, refused: float = 0.9, wrong: float = 0.04) -> float:
    """The threshold that answers the most pastes while refusing at least ``refused`` of the
    negatives and answering at most ``wrong`` of the positives wrongly; if none does both, the
    one that best trades answers against wrong answers and accepted negatives."""
    tops = [_top(rows, cal) for _, rows in table]
    pos = [(s, ok) for (case, _), (s, ok) in zip(table, tops, strict=True) if case.expect]
    neg = [s for (case, _), (s, _) in zip(table, tops, strict=True) if not case.expect]
    feasible, fallback = (float("-inf"), 0.5), (float("-inf"), 0.5)
    for t in [x / 100 for x in range(20, 100)]:
        answered = sum(s >= t and ok for s, ok in pos) / max(len(pos), 1)
        bad = sum(s >= t and not ok for s, ok in pos) / max(len(pos), 1)
        refusals = sum(s < t for s in neg) / max(len(neg), 1)
        if refusals >= refused and bad <= wrong:
            feasible = max(feasible, (answered, -t))
        fallback = max(fallback, (answered - 3 * bad - 2 * (1 - refusals), -t))
    return -(feasible if feasible[0] > float("-inf") else fallback)[1]


def _top(rows: list[tuple[bool, list[Features]]], cal: Calibration) -> tuple[float, bool]:
    """The best entry's score and whether it is an expected one."""
    scored = [(max(map(cal.probability, per_view)), wanted) for wanted, per_view in rows if per_view]
    return max(scored, default=(0.0, False), key=lambda sw: (sw[0], sw[1]))
