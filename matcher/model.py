"""From features to a calibrated confidence: a logistic model over the spec's terms, and its fit.

The score of an (entry, paste) pair is the model's probability that the entry answers the paste,
so a score means the same thing for every query and one threshold decides. The model's inputs
are the spec's :data:`~matcher.spec.MODEL` rows, each the product of its factors, evaluated the
same generic way here and in the browser. The shipped coefficients (``model.json``) are fitted
by ``benchmarks/calibrate.py``; ``kb calibrate`` refits them on your own labelled pastes.
"""

from __future__ import annotations

import json
import math
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kb.model import Problem
from kb.sources import NotRegularFile, read_regular
from matcher.features import Features
from matcher.spec import SPEC, ModelTerm

__all__ = [
    "KB_CALIBRATION",
    "Calibration",
    "CalibrationError",
    "calibration_of",
    "calibration_stamp",
    "default_calibration",
    "design",
    "fit",
    "kb_calibration_path",
    "load",
    "sigmoid",
    "term_names",
]

_FILE = Path(__file__).with_name("model.json")


class CalibrationError(ValueError):
    """A calibration file that does not fit this version's model."""


def term_names(terms: Sequence[ModelTerm] = SPEC.model) -> tuple[str, ...]:
    return tuple(t.name for t in terms)


@dataclass(frozen=True)
class Calibration:
    """Coefficients of the logistic model and the confidence threshold."""

    intercept: float
    coef: tuple[float, ...]
    threshold: float

    def log_odds(self, f: Features) -> float:
        total = 0.0
        for c, x in zip(self.coef, design(f), strict=True):
            total += c * x
        return self.intercept + total

    def probability(self, f: Features) -> float:
        return sigmoid(self.log_odds(f))

    def contributions(self, f: Features) -> list[tuple[str, float]]:
        """The baseline and how much each input moved the log-odds, for ``--explain``."""
        parts = [(t.name, c * x) for t, c, x in zip(SPEC.model, self.coef, design(f), strict=True)]
        return [("baseline", self.intercept), *parts]

    def to_json(self) -> str:
        data = {"terms": list(term_names()), "intercept": self.intercept, "coef": list(self.coef)}
        return json.dumps({**data, "threshold": self.threshold}, indent=2)


def design(f: Features, terms: Sequence[ModelTerm] = SPEC.model) -> tuple[float, ...]:
    """The model's inputs: for each term, the product of its factors, left to right."""
    values = vars(f)
    out = []
    for term in terms:
        x = 1.0
        for factor in term.factors:
            x *= 1.0 - values["error"] if factor == "topic" else values[factor]
        out.append(x)
    return tuple(out)


def sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    ez = math.exp(z)
    return ez / (1.0 + ez)


@cache
def default_calibration() -> Calibration:
    return load(_FILE)


KB_CALIBRATION = (".kbfind", "calibration.json")
"""Where a knowledge base carries its own calibration, under its folder: ``kb calibrate --write``
puts it there for a team whose labelled pastes know its notes better than the shipped model."""


def kb_calibration_path(root: Path) -> Path:
    """The calibration file of the knowledge base at ``root`` (a folder, or one file: its folder's)."""
    return (root if root.is_dir() else root.parent).joinpath(*KB_CALIBRATION)


def calibration_stamp(root: Path) -> tuple[int, int, int] | None:
    """What tells that the calibration file of ``root`` changed: its time, size and inode."""
    try:
        st = kb_calibration_path(root).stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size, st.st_ino


def calibration_of(root: Path) -> tuple[Calibration, Problem | None]:
    """The calibration the knowledge base at ``root`` carries, else the shipped one; with what is
    wrong with its file (:func:`kb_calibration_path`) when it cannot be used: the shipped one is
    used then. A file another user owns is not used (as git treats a repository another user
    owns): in a shared folder (``/tmp``), anyone could otherwise decide what kbfind is sure of."""
    path = kb_calibration_path(root)
    try:
        try:
            st = path.stat()
        except FileNotFoundError:
            if not path.is_symlink():
                return default_calibration(), None
            raise CalibrationError(f"{path}: a symbolic link to nothing") from None
        except OSError as e:
            raise CalibrationError(f"{path}: cannot read: {e.strerror}") from None
        if not stat.S_ISREG(st.st_mode):
            raise CalibrationError(f"{path}: not a file")
        if hasattr(os, "geteuid") and st.st_uid not in (os.geteuid(), 0):
            raise CalibrationError(f"{path}: owned by another user, so not trusted")
        return load(path), None
    except CalibrationError as e:
        why = str(e).removeprefix(f"{path}: ")
        return default_calibration(), Problem(str(path), 0, f"{why}; the shipped model is used")


_MAX_FILE = 1 << 20  # a calibration is a few hundred bytes


def load(path: Path) -> Calibration:
    """A calibration file (``kb calibrate --write``); :class:`CalibrationError` says what is wrong."""
    try:
        raw = read_regular(path, _MAX_FILE)  # a FIFO must not block a query
        if len(raw) > _MAX_FILE:
            raise CalibrationError(f"{path}: not a calibration file (larger than 1 MB)")
        data = json.loads(raw.decode("utf-8-sig"))
        terms, intercept, coef, threshold = data["terms"], data["intercept"], data["coef"], data["threshold"]
    except OSError as e:
        raise CalibrationError(f"{path}: cannot read: {e.strerror}") from None
    except NotRegularFile:
        raise CalibrationError(f"{path}: not a calibration file (not a regular file)") from None
    except CalibrationError:
        raise
    except (KeyError, TypeError, ValueError, RecursionError) as e:
        why = f"no {e}" if isinstance(e, KeyError) else "nested too deeply" if isinstance(e, RecursionError) else e
        raise CalibrationError(f"{path}: not a calibration file ({why})") from None
    if not isinstance(terms, list) or tuple(terms) != term_names():
        raise CalibrationError(f"{path}: fitted for other model terms; refit with 'kb calibrate'")
    numbers = [intercept, threshold, *coef] if isinstance(coef, list) and len(coef) == len(terms) else None
    if (
        numbers is None
        or not all(_real(x) and abs(float(x)) <= MAX_COEFFICIENT for x in numbers)  # type: ignore[arg-type]
        or not 0.0 <= float(threshold) <= 1.0
    ):
        raise CalibrationError(f"{path}: not a calibration file (numbers missing or out of range)")
    return Calibration(float(intercept), tuple(float(c) for c in coef), float(threshold))


MAX_COEFFICIENT = 1000.0
"""Largest coefficient a calibration file may hold: the features are shares and capped masses (a
dozen at most), so the fitted ones are a few units; beyond this the sums overflow to infinities
and every paste would be answered at 1.00."""


def _real(x: object) -> bool:
    """A finite JSON number (not a boolean, a string or an integer too large for a float)."""
    if isinstance(x, bool) or not isinstance(x, int | float):
        return False
    try:
        return math.isfinite(float(x))
    except OverflowError:
        return False


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
            p = sigmoid(sum(b * v for b, v in zip(beta, xi, strict=True)))
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
