"""How much a term says: rare in the knowledge base means telling, generic error words mean little."""

from __future__ import annotations

import math
from collections.abc import Callable

from kb.terms import is_cjk, terms

__all__ = ["GENERIC", "PLACEHOLDER_WEIGHT", "Weights"]

# Words of the error-reporting language itself, found around any cause in any program's output:
# wrappers ("failed to …: rpc error: code = … desc = …"), and the standard error strings of the OS
# (errno: "no such file or directory", "permission denied", "broken pipe"…), Go ("context deadline
# exceeded", "i/o timeout", "EOF") and Kubernetes ("timed out waiting for the condition").
_GENERIC_WORDS = """error fail failed failure unable cannot couldnt could not no unknown code desc rpc err
    exception occurred during trying attempt get got set use using please check see detail reason
    message msg status warning warn info debug fatal log result returned return because due
    while after before again still now currently some any all other
    such file directory permission denied broken pipe connection refused reset peer eof
    exist exists found already invalid argument operation permitted busy timeout
    context deadline exceeded canceled cancelled timed out waiting condition unavailable
    write read dial"""
GENERIC = frozenset(terms(_GENERIC_WORDS))
"""The generic words as terms (``timed out`` is the concept ``~timeout``)."""

# Function characters: a CJK bigram holding one spans two words more often than it names a thing.
_CJK_FUNCTION = frozenset("的了是在和与或及把被就也都而从为对个这那有么吗呢啊吧")
GENERIC_FACTOR = 0.15
PLACEHOLDER_WEIGHT = 0.5


class Weights:
    """Inverse document frequency over the knowledge base's entries, generic words damped."""

    def __init__(self, doc_count: int, doc_frequency: Callable[[str], int], average_length: float = 100.0) -> None:
        self._n = max(doc_count, 1)
        self.average_length = max(average_length, 1.0)
        """Average number of terms of an entry, for length norms."""
        self._df = doc_frequency
        self._cache: dict[str, float] = {}
        self.unit = math.log(1 + (self._n - 0.5) / 1.5)
        """The weight of a term found in exactly one entry: the unit of the mass features."""

    def __call__(self, term: str) -> float:
        w = self._cache.get(term)
        if w is None:
            w = self._cache[term] = self._weigh(term)
        return w

    def _weigh(self, term: str) -> float:
        if term.startswith("<"):
            return PLACEHOLDER_WEIGHT
        df = self._df(term)
        idf = math.log(1 + (self._n - df + 0.5) / (df + 0.5))
        return idf * GENERIC_FACTOR if _generic(term) else idf

    def known(self, term: str) -> bool:
        return term.startswith("<") or self._df(term) > 0


def _generic(term: str) -> bool:
    return term in GENERIC or (len(term) == 2 and is_cjk(term) and not _CJK_FUNCTION.isdisjoint(term))
