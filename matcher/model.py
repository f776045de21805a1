"""From features to a calibrated confidence: a logistic model, and how to fit it.

The score of an (entry, paste) pair is the model's probability that the entry answers the paste,
so a score means the same thing for every query and one threshold decides. The shipped
coefficients (``calibration.json``) were fitted on the labelled pastes in ``tests/data`` and
``../shared/eval``; ``kb calibrate`` refits them on your own labelled pastes.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from matcher.features import Features

__all__ = ["TERMS", "Calibration", "default_calibration", "design", "fit"]

TERMS: tuple[str, ...] = (
    "error",
    "error*sig_cov",
    "error*sig_mass",
    "error*cause_cov",
    "error*sig_cov*cause_cov",
    "topic*title_cov",
    "topic*title_mass",
    "topic*title_cov*expl",
    "topic*title_cov*expl_tail",
    "expl",
    "expl_tail",
    "expl_mass",
    "paste_expl",
    "bm25",
    "info",
    "command",
)
"""The model's inputs, in order: features and the products the error/topic split needs."""

_FILE = Path(__file__).with_name("calibration.json")


@dataclass(frozen=True)
class Calibration:
    """Coefficients of the logistic model and the confidence threshold."""

    intercept: float
    coef: tuple[float, ...]
    threshold: float

    def probability(self, f: Features) -> float:
        z = self.intercept + sum(c * x for c, x in zip(self.coef, design(f), strict=True))
        return _sigmoid(z)

    def contributions(self, f: Features) -> list[tuple[str, float]]:
        """The baseline and how much each input moved the log-odds, for ``--explain``."""
        parts = [(n, c * x) for n, c, x in zip(TERMS, self.coef, design(f), strict=True)]
        return [("baseline", self.intercept), *parts]

    def to_json(self) -> str:
        return json.dumps(
            {"terms": list(TERMS), "intercept": self.intercept, "coef": list(self.coef), "threshold": self.threshold},
            indent=2,
        )


def design(f: Features) -> tuple[float, ...]:
    e = f.error
    t = 1.0 - e
    return (
        e,
        e * f.sig_cov,
        e * f.sig_mass,
        e * f.cause_cov,
        e * f.sig_cov * f.cause_cov,
        t * f.title_cov,
        t * f.title_mass,
        t * f.title_cov * f.expl,
        t * f.title_cov * f.expl_tail,
        f.expl,
        f.expl_tail,
        f.expl_mass,
        f.paste_expl,
        f.bm25,
        f.info,
        f.command,
    )


@cache
def default_calibration() -> Calibration:
    return load(_FILE)


def load(path: Path) -> Calibration:
    data = json.loads(path.read_text("utf-8"))
    if tuple(data["terms"]) != TERMS:
        raise ValueError(f"{path}: fitted for other model terms; refit with 'kb calibrate'")
    return Calibration(float(data["intercept"]), tuple(float(c) for c in data["coef"]), float(data["threshold"]))


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    ez = math.exp(z)
    return ez / (1.0 + ez)


def fit(
    rows: Sequence[Sequence[float]], labels: Sequence[int], l2: float = 1.0, rounds: int = 30
) -> tuple[float, tuple[float, ...]]:
    """Ridge-regularized logistic regression by Newton's method; returns (intercept, coef)."""
    k = len(rows[0]) + 1
    x = [[1.0, *r] for r in rows]
    beta = [0.0] * k
    for _ in range(rounds):
        grad = [0.0] * k
        hess = [[0.0] * k for _ in range(k)]
        for xi, yi in zip(x, labels, strict=True):
            p = _sigmoid(sum(b * v for b, v in zip(beta, xi, strict=True)))
            g = yi - p
            s = p * (1 - p)
            for a in range(k):
                grad[a] += g * xi[a]
                row = hess[a]
                for b in range(a, k):
                    row[b] += s * xi[a] * xi[b]
        for a in range(k):
            for b in range(a):
                hess[a][b] = hess[b][a]
            if a:
                grad[a] -= l2 * beta[a]
                hess[a][a] += l2
        step = _solve(hess, grad)
        beta = [b + d for b, d in zip(beta, step, strict=True)]
        if max(abs(d) for d in step) < 1e-6:
            break
    return beta[0], tuple(beta[1:])


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (the system is small and positive definite)."""
    n = len(b)
    m = [[*row, b[i]] for i, row in enumerate(a)]
    for c in range(n):
        pivot = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[pivot] = m[pivot], m[c]
        if abs(m[c][c]) < 1e-12:
            continue
        for r in range(c + 1, n):
            f = m[r][c] / m[c][c]
            for j in range(c, n + 1):
                m[r][j] -= f * m[c][j]
    out = [0.0] * n
    for r in range(n - 1, -1, -1):
        if abs(m[r][r]) < 1e-12:
            continue
        out[r] = (m[r][n] - sum(m[r][j] * out[j] for j in range(r + 1, n))) / m[r][r]
    return out
