"""Text → search terms, the same way for the index, keyword search and the error matcher.

English error text keeps its identifiers whole (``10.96.0.1``, ``node.kubernetes.io/disk-pressure``,
``x509``) and adds their parts, camel-case words are split too (``PersistentVolumeClaims`` →
``persistent volume claim``), plurals are folded (``ports`` → ``port``) but nothing is stemmed.
Runs of CJK characters become overlapping bigrams (``预留资源`` → ``预留 留资 资源``), as Lucene's
CJK analyzer does, so ``资源`` finds both ``资源限制`` and ``预留资源`` without a dictionary.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, lru_cache

from kb.synonyms import CONCEPT_PREFIX, SYNONYM_GROUPS

__all__ = ["STOPWORDS", "fold", "is_cjk", "terms"]

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af"
# Placeholders of the masker, identifiers with their inner punctuation, or a run of CJK.
_TOKEN = re.compile(rf"<[a-z]+>|[A-Za-z0-9_]+(?:['’][a-z]{{1,2}}\b)?(?:[.\-/:@][A-Za-z0-9_]+)*|[{_CJK}]+")
_CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x3040, 0x30FF), (0xAC00, 0xD7AF))
_SEPARATOR = re.compile(r"[._\-/:@]+")
_SUBCOMPOUND = re.compile(r"[/:@]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_MAX_TERM = 80

STOPWORDS = frozenset(
    """a an and are as at be been being but by do does did for from had has have he her his i if in
    into is it its me my of on or our she so than that the their them then there these they this
    those to too us was we were what when where which while who whom why will with would you your
    can could should shall may might must s t re ve ll d m o""".split()
)


def is_cjk(term: str) -> bool:
    """The term starts with a CJK character (the ranges of ``_CJK``)."""
    code = ord(term[0]) if term else 0
    return any(low <= code <= high for low, high in _CJK_RANGES)


def fold(word: str) -> str:
    """Lower case, apostrophes dropped, a plural ``s`` removed: ``Ports`` → ``port``."""
    w = word.lower().replace("'", "").replace("’", "")
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is", "os", "as")) and w[-2].isalpha():
        return w[:-1]
    return w


def terms(text: str) -> list[str]:
    """The search terms of ``text`` in order; a compound gives itself, then its parts.

    A phrase of a synonym group (:mod:`kb.synonyms`) gives the group's concept term instead of
    its own terms (``time zone`` and ``时区`` both give ``~timezone``), longest phrase first.
    """
    return list(_terms(text))


@lru_cache(maxsize=256)  # the index analyses an entry's text again right after its vocabulary did
def _terms(text: str) -> tuple[str, ...]:
    plain = list(_plain_terms(text))
    table, starts = _phrases(), _phrase_starts()
    out: list[str] = []
    i = 0
    while i < len(plain):
        if plain[i] in starts:
            for n in range(min(_LONGEST, len(plain) - i), 0, -1):
                concept = table.get(tuple(plain[i : i + n]))
                if concept:
                    if not out or out[-1] != concept:
                        out.append(concept)
                    i += n
                    break
            else:
                out.append(plain[i])
                i += 1
        else:
            out.append(plain[i])
            i += 1
    return tuple(out)


def _plain_terms(text: str) -> Iterator[str]:
    for m in _TOKEN.finditer(text):
        token = m.group()
        if token[0] == "<":
            yield token
        elif is_cjk(token):
            yield from _bigrams(token)
        else:
            yield from _word_terms(token)


@cache
def _phrases() -> dict[tuple[str, ...], str]:
    """Each synonym phrase, as the terms it is made of, → its concept term."""
    table = {}
    for group in SYNONYM_GROUPS:
        concept = CONCEPT_PREFIX + group[0].replace(" ", "_")
        for phrase in group:
            key = tuple(_plain_terms(phrase))
            if key:
                table[key] = concept
    return table


@cache
def _phrase_starts() -> frozenset[str]:
    return frozenset(k[0] for k in _phrases())


_LONGEST = 4  # terms in the longest synonym phrase (CJK phrases are bigram runs)


def _bigrams(run: str) -> Iterator[str]:
    if len(run) == 1:
        yield run
    for i in range(len(run) - 1):
        yield run[i : i + 2]


@lru_cache(maxsize=200_000)  # words repeat: each is split and folded once
def _word_terms(token: str) -> tuple[str, ...]:
    token = token[:_MAX_TERM]
    whole = fold(token)
    if not _SEPARATOR.search(token) and not _CAMEL.search(token):
        return (whole,) if _keep(whole) else ()
    parts = [fold(p) for piece in _SEPARATOR.split(token) for p in _CAMEL.split(piece) if p]
    if len(parts) <= 1:
        return (whole,) if _keep(whole) else ()
    out = [whole]
    for sub in _SUBCOMPOUND.split(token):  # node.kubernetes.io/disk-pressure:NoSchedule
        if sub and sub != token and _SEPARATOR.search(sub):
            out.append(fold(sub))
    out += [p for p in parts if p != whole and _keep(p)]
    return tuple(out)


def _keep(term: str) -> bool:
    return len(term) > 1 and term not in STOPWORDS and not term.isdigit()
