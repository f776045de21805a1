"""How much a term says: rare in the knowledge base means telling, generic error words mean little."""

from __future__ import annotations

import math
from collections.abc import Callable

from kb.terms import is_cjk
from matcher.background import Background, background
from matcher.spec import SPEC, WeightSpec

__all__ = ["Weights"]


class Weights:
    """Inverse document frequency over the knowledge base's entries, smoothed with how common a
    word is in ops and log text at large (:mod:`matcher.background`), generic words damped.

    The knowledge base counts as its entries plus ``background_strength`` pseudo-entries that
    hold each word as often as background documents do: a small knowledge base leans on the
    background, a large one on itself. Owned by a :class:`matcher.Matcher`: weights are
    memoized for the life of its knowledge base.
    """

    def __init__(
        self,
        doc_count: int,
        doc_frequency: Callable[[str], int],
        average_length: float = 100.0,
        spec: WeightSpec = SPEC.weights,
        common: Background | None = None,
    ) -> None:
        self._n = max(doc_count, 1)
        self._common = common or background()
        self._mu = spec.background_strength
        self.average_length = max(average_length, 1.0)
        """Average number of terms of an entry, for length norms."""
        self._df = doc_frequency
        self._spec = spec
        self._generic = frozenset(spec.generic)
        self._cache: dict[str, float] = {}
        self._totals: dict[tuple[str, ...], float] = {}
        self._limit = 500_000
        self.unit = self.idf(1)
        """The weight of a term found in exactly one entry: the unit of the mass features."""

    def idf(self, df: float) -> float:
        """The weight of a (not generic) term held by ``df`` entries, pseudo-entries included."""
        n = self._n + self._mu
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def frequency(self, term: str) -> float:
        """How many entries, pseudo-entries included, hold ``term``."""
        return self._df(term) + self._mu * self._common.share(term)

    def __call__(self, term: str) -> float:
        w = self._cache.get(term)
        if w is None:
            if len(self._cache) > self._limit:
                self._cache.clear()
            w = self._cache[term] = self._weigh(term)
        return w

    def total(self, terms: tuple[str, ...]) -> float:
        """The summed weight of ``terms``, in order (memoized: signatures are weighed again and again)."""
        t = self._totals.get(terms)
        if t is None:
            if len(self._totals) > self._limit:
                self._totals.clear()
            t = 0.0
            for term in terms:
                t += self(term)
            self._totals[terms] = t
        return t

    def _weigh(self, term: str) -> float:
        if term.startswith("<"):
            return self._spec.placeholder_weight
        idf = self.idf(self.frequency(term))
        return idf * self._spec.generic_factor if self.generic(term) else idf

    def generic(self, term: str) -> bool:
        """A word of the error-reporting language, everyday English, or a CJK function bigram."""
        if term in self._generic:
            return True
        return len(term) == 2 and is_cjk(term) and any(c in self._spec.cjk_function for c in term)

    def known(self, term: str) -> bool:
        return term.startswith("<") or self._df(term) > 0
