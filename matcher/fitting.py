"""Fitting the calibration on labelled pastes (``kb calibrate``)."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import replace

from kb import KnowledgeBase
from matcher.evaluate import Case, expected, resolved
from matcher.features import Features, candidate_features, explained, shared_texts
from matcher.matcher import Matcher
from matcher.model import Calibration, default_calibration, design, fit, sigmoid, term_names

__all__ = [
    "Solver",
    "ThresholdWarning",
    "calibrate",
    "calibrate_table",
    "choose_threshold",
    "feature_table",
    "heading_cases",
    "neutral",
]


class ThresholdWarning(UserWarning):
    """No threshold meets both limits of :func:`choose_threshold`: the one chosen is a compromise."""


Table = list[tuple[Case, list[tuple[bool, list[Features]]]]]


def feature_table(cases: Sequence[Case], kb: KnowledgeBase) -> Table:
    """For each case, each candidate entry: whether it is expected, and its features per segment."""
    cases = resolved(cases, kb)
    matcher = Matcher(kb)
    w = matcher.weights
    table: Table = []
    for case in cases:
        stages = matcher.stages(case.query)
        views = list(stages.views)
        whole = tuple(dict.fromkeys(t for v in views for t in v.content))
        rows = []
        shared = shared_texts(p for p, _ in stages.candidates)
        for p, bm25 in stages.candidates:
            wanted = expected(case, p.entry)
            share = explained(whole, p, w)[0]
            rows.append((wanted, [f for v in views for f, _ in candidate_features(v, p, w, share, bm25, shared)]))
        table.append((case, rows))
    return table


def heading_cases(kb: KnowledgeBase) -> list[Case]:
    """Each entry's own heading typed as written, expecting that entry: what a user typing an
    entry's name expects. Fit-only cases (kind ``heading``): the threshold is chosen on pastes."""
    return [Case(e.title, (e.title,), "heading", "its own heading", e.source) for e in kb.entries()]


Solver = Callable[[list[tuple[float, ...]], list[int], float], tuple[float, tuple[float, ...]]]
"""Fits a ridge-regularized logistic regression: ``(rows, labels, l2)`` → ``(intercept, coef)``."""


def _probability(cal: Calibration, x: tuple[float, ...]) -> float:
    """:meth:`Calibration.probability` of a design row made once (the same sum, in the same order)."""
    total = 0.0
    for c, v in zip(cal.coef, x, strict=True):
        total += c * v
    return sigmoid(cal.intercept + total)


def neutral() -> Calibration:
    """The model a fit starts from: every coefficient 0, so a refit never depends on the last one."""
    return Calibration(0.0, (0.0,) * len(term_names()), 0.5)


def calibrate(
    cases: Sequence[Case],
    kb: KnowledgeBase,
    start: Calibration | None = None,
    rounds: int = 20,
    l2: float = 1.0,
    refused: float = 0.9,
    threshold_only: bool = False,
) -> Calibration:
    """Fit the coefficients and the threshold on labelled pastes and the knowledge base's own
    headings (:func:`calibrate_table`, :func:`heading_cases`); with ``threshold_only``, keep the
    coefficients of ``start`` (default: the shipped model) and choose the threshold alone, which a
    few dozen pastes of one knowledge base can decide."""
    if threshold_only:
        cal = start or default_calibration()
        return replace(cal, threshold=choose_threshold(_pastes(feature_table(cases, kb)), cal, refused))
    return calibrate_table(feature_table([*cases, *heading_cases(kb)], kb), start, rounds, l2, refused=refused)


def calibrate_table(
    table: Table,
    start: Calibration | None = None,
    rounds: int = 20,
    l2: float = 1.0,
    solver: Solver = fit,
    refused: float = 0.9,
) -> Calibration:
    """Each candidate entry is represented by its best segment under the last fit, from ``start``
    (default :func:`neutral`) on, until the chosen segments no longer change (at most ``rounds``
    fits): the same table always gives the same model. The threshold is chosen on what people
    paste (cases of kind ``heading``, an entry's own name typed, are for the fit only)."""
    cal = start or neutral()
    candidates = [
        (int(wanted), [design(f) for f in per_view]) for _, rows in table for wanted, per_view in rows if per_view
    ]
    chosen: list[int] | None = None
    for _ in range(rounds):
        picks = [max(range(len(views)), key=lambda k: _probability(cal, views[k])) for _, views in candidates]
        if picks == chosen:
            break
        chosen = picks
        xs = [views[i] for (_, views), i in zip(candidates, picks, strict=True)]
        intercept, coef = solver(xs, [wanted for wanted, _ in candidates], l2)
        cal = replace(cal, intercept=intercept, coef=coef)
    return replace(cal, threshold=choose_threshold(_pastes(table), cal, refused))


def _pastes(table: Table) -> Table:
    """What people paste: cases of kind ``heading`` (an entry's own name typed) are for the fit only."""
    return [row for row in table if row[0].kind != "heading"]


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
    if feasible[0] > float("-inf"):
        return -feasible[1]
    warnings.warn(
        f"no threshold refuses {refused:.0%} of the negatives with at most {wrong:.0%} of the answers wrong;"
        f" {-fallback[1]:.2f} trades them best",
        ThresholdWarning,
        stacklevel=2,
    )
    return -fallback[1]


def _top(rows: list[tuple[bool, list[Features]]], cal: Calibration) -> tuple[float, bool]:
    """The best entry's score and whether it is an expected one."""
    scored = [(max(map(cal.probability, per_view)), wanted) for wanted, per_view in rows if per_view]
    return max(scored, default=(0.0, False), key=lambda sw: (sw[0], sw[1]))
