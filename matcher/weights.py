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
# Everyday English that frames a typed question or a log sentence but names no cause
# ("how do I …", "keeps logging that …", "should expose …"): as telling as a generic error word.
_PLAIN_ENGLISH = """about above across actually add added adding again against ago almost alone along already
also although always am among another answer anyone anything anyway anywhere appear appears around
ask asked away back bad based become becomes been begin behind being below best better between
both bring build built call called came case cause caused causes certain change changed clear
come comes coming completely consider correct current currently day days depending despite
did does doesn't doing done don't down during each early easy either else enough even ever every
everything example expect expected expose fact far few find finally fine first fix fixed follow
following found four from full fully further get gets getting give given go goes going gone good got
great had happen happened happening happens hard has have having help here high how however idea
instead issue just keep keeping keeps kind know known last later latest least left less let like
likely little long look looking looks lot lots made main make makes making many maybe mean means
might mine more most much must my myself near need needed needs never new next nice no none nor
nothing now number often old once one only open order other others otherwise our out over own part
per perhaps place please point possible possibly pretty probably problem problems put quite rather
real really reason reasons recent recently right same saw say saying says second see seeing seem
seems seen several should show showing shows side since single so some someone something sometimes
soon sorry still stop stuck such sure take taken takes tell than thanks that their them then there
these thing things think third this those though three through thus today together told tried tries
try trying turn two under unless until up upon us use used useful uses using usual usually very via
want wanted wants was way ways we well went were what whatever when where whether which while who
whole whom why will wish with within without won't work worked working works would yes yet you
your yours flooded logging log logs saying says keeps happening random randomly suddenly"""
GENERIC = frozenset(terms(_GENERIC_WORDS)) | frozenset(t for t in terms(_PLAIN_ENGLISH) if not t.startswith("~"))
"""The generic and everyday words as terms (``timed out`` is the concept ``~timeout``)."""

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
        self._totals: dict[tuple[str, ...], float] = {}
        self._limit = 500_000
        self.unit = math.log(1 + (self._n - 0.5) / 1.5)
        """The weight of a term found in exactly one entry: the unit of the mass features."""

    def __call__(self, term: str) -> float:
        w = self._cache.get(term)
        if w is None:
            if len(self._cache) > self._limit:
                self._cache.clear()
            w = self._cache[term] = self._weigh(term)
        return w

    def total(self, terms: tuple[str, ...]) -> float:
        """The summed weight of ``terms`` (memoized: signatures are weighed again and again)."""
        t = self._totals.get(terms)
        if t is None:
            if len(self._totals) > self._limit:
                self._totals.clear()
            t = self._totals[terms] = sum(map(self, terms))
        return t

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
