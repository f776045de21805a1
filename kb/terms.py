"""Text → search terms, the same way for the index, keyword search and the error matcher.

English error text keeps its identifiers whole (``10.96.0.1``, ``node.kubernetes.io/disk-pressure``,
``x509``) and adds their parts, camel-case words are split too (``PersistentVolumeClaims`` →
``persistent volume claim``), plurals are folded (``ports`` → ``port``) but nothing is stemmed.
Runs of CJK characters become overlapping bigrams (``预留资源`` → ``预留 留资 资源``), as Lucene's
CJK analyzer does, so ``资源`` finds both ``资源限制`` and ``预留资源`` without a dictionary.

The rules are data (:data:`TERM_RULES`): the paste page runs the same ones in the browser.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from kb.pattern import Pattern
from kb.synonyms import CONCEPT_PREFIX, SYNONYM_GROUPS

__all__ = ["CJK_RANGES", "STOPWORDS", "TERM_RULES", "TermRules", "fold", "heading_key", "is_cjk", "normalize", "terms"]

CJK_RANGES: tuple[tuple[int, int], ...] = (
    (0x3040, 0x30FF),  # hiragana, katakana
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xAC00, 0xD7AF),  # hangul syllables
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
)
"""Scripts written without spaces between words: their runs become bigrams. The one list of
them: the site's search and the paste page use it too."""

CJK_CLASS = "".join(f"\\u{lo:04x}-\\u{hi:04x}" for lo, hi in CJK_RANGES)
""":data:`CJK_RANGES` as the inside of a character class."""

LETTERS = "A-Za-z0-9_\\u00c0-\\u00d6\\u00d8-\\u00f6\\u00f8-\\u024f\\u0370-\\u03ff\\u0400-\\u04ff"
"""What a word is made of: ASCII letters, digits and ``_``, accented Latin, Greek, Cyrillic."""

STOPWORDS = frozenset(
    """a an and are as at be been being but by do does did for from had has have he her his i if in
    into is it its me my of on or our she so than that the their them then there these they this
    those to too us was we were what when where which while who whom why will with would you your
    can could should shall may might must s t re ve ll d m o""".split()
)


@dataclass(frozen=True)
class TermRules:
    """Everything :func:`terms` does, as data."""

    token: Pattern
    """A placeholder, a word with its inner punctuation (an identifier), or a run of CJK."""
    placeholder: Pattern
    """A token that is a masker's placeholder (``<ip>``): kept as it is."""
    cjk: Pattern
    """A token that starts with a CJK character."""
    separator: Pattern
    """Inner punctuation of an identifier: where it splits into parts."""
    subcompound: Pattern
    """Where an identifier splits into smaller identifiers (``a.b/c-d`` → ``a.b``, ``c-d``)."""
    file_type: Pattern
    """A file name with its extension (``package.json``, ``server.go:495``; group 1 the stem): the
    extension is the file's type, not a word of the text. The name keeps itself and its stem as
    terms; ``json`` is left to text that says JSON. Not a product's name, one capitalized word
    (``Node.js``, ``Next.js``), whose ``js`` people type as a word."""
    acronym_plural: Pattern
    """An acronym's plural (``IPs``, ``PVCs``, ``OSDs``; group 1 the acronym): the word as written
    and the acronym, which a page saying ``IP`` is written with; its ``s`` is no camel-case word of
    its own (``ps``)."""
    class_name: Pattern
    """A qualified class name (``java.lang.NoClassDefFoundError``, ``requests.exceptions.ConnectionError``,
    ``System.IO.FileNotFoundException``; group 1 the class): the class is a term of its own too, as a
    heading or a shorter trace names it without its package."""
    camel: Pattern
    """Where a camel-case word splits (``PersistentVolume`` → ``Persistent``, ``Volume``)."""
    apostrophes: Pattern
    """Dropped when folding (``Pod's`` → ``pods``)."""
    fold: tuple[tuple[Pattern, str], ...]
    """Suffix rules, first match wins: group 1 of the pattern, then the string."""
    number: Pattern
    """A term that is only digits is not a term, except a client or server error status (4xx, 5xx),
    which names the error (``411 Length Required``, ``I get 411 when uploading``)."""
    max_term: int
    """Longer tokens are cut to this many characters."""
    min_term: int
    """Shorter terms are dropped."""
    stopwords: frozenset[str]
    synonyms: tuple[tuple[str, ...], ...]
    """Groups of phrases that name one concept (:mod:`kb.synonyms`)."""
    concept_prefix: str
    enclosed: Pattern
    """A heading written whole in quotes or as code (``"Required environment variable not found"``,
    `` `EADDRINUSE` ``, ``'Can't connect to MySQL server'``): typed without them, it is the same heading (the
    one group that matched: what they enclose)."""
    emphasis: Pattern
    """Emphasis as a heading is written (``The _subject_ part``, ``**Error:** x``; group 2 the words):
    the site shows the words alone, and someone may type either."""


TERM_RULES = TermRules(
    token=Pattern(rf"<[a-z]+>|[{LETTERS}]+(?:['’][a-z]{{1,2}}\b)?(?:[.\-/:@][{LETTERS}]+)*|[{CJK_CLASS}]+"),
    placeholder=Pattern(r"^<[a-z]+>$"),
    cjk=Pattern(rf"^[{CJK_CLASS}]"),
    separator=Pattern(r"[._\-/:@]+"),
    subcompound=Pattern(r"[/:@]+"),
    file_type=Pattern(
        r"^(?![A-Z][A-Za-z0-9]*\.[a-z]+$)(.*[^./:@])"
        r"\.(?:json|ya?ml|toml|ini|conf|cfg|xml|lock|js|mjs|cjs|jsx|ts|tsx|py|rb|go|rs|java|sh|md|txt|log|csv)(?::\d+)*$"
    ),
    acronym_plural=Pattern(r"^([A-Z][A-Z0-9]*[A-Z])s$"),
    class_name=Pattern(r"^(?:[A-Za-z_][A-Za-z0-9_]*\.)+([A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+)$"),
    camel=Pattern(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])"),
    apostrophes=Pattern(r"['’]"),
    fold=(
        (Pattern(r"^(.{2,})ies$"), "y"),
        (Pattern(r"^(.{2,}(?![aiosu])[a-z\u00df-\u00f6\u00f8-\u024f\u03ac-\u03ff\u0430-\u045f])s$"), ""),
    ),
    number=Pattern(r"^(?![45][0-9][0-9]$)[0-9]+$"),
    max_term=80,
    min_term=2,
    stopwords=STOPWORDS,
    synonyms=SYNONYM_GROUPS,
    concept_prefix=CONCEPT_PREFIX,
    enclosed=Pattern(r"^(?:\x22(.+)\x22|“(.+)”|'(.+)'|‘(.+)’|`([^`]+)`)$"),
    emphasis=Pattern(r"(?<![\w*`])(\*{1,3}|_{1,3})(?=[^\s*_])([^*_`\n]{1,200}?)(?<=[^\s*_])\1(?![\w*])"),
)


def normalize(text: str) -> str:
    """Compatibility forms folded (NFKC: ``ＩＰ １０.０.０.１`` → ``IP 10.0.0.1``), as both runtimes do; a
    full-width colon, which carries its own space, keeps one (``提示：Error：EACCES`` → ``提示: Error: EACCES``,
    not the one word ``Error:EACCES`` that a colon inside a name makes)."""
    return unicodedata.normalize("NFKC", text.replace("\uff1a", "\uff1a "))


def heading_key(text: str) -> str:
    """A heading as someone types it: compatibility forms folded, letter case and spacing aside.
    The index keeps each entry's, so that a paste that is an entry's heading finds it however many
    entries share its words. Quotes or backticks around the whole heading are left out
    (:attr:`TermRules.enclosed`), and emphasis marks (:attr:`TermRules.emphasis`)."""
    key = " ".join(TERM_RULES.emphasis.regex.sub(r"\2", normalize(text)).lower().split())
    if m := TERM_RULES.enclosed.regex.match(key):
        return " ".join(next(g for g in m.groups() if g is not None).split())
    return key


def is_cjk(term: str) -> bool:
    """The term starts with a CJK character (:data:`CJK_RANGES`)."""
    return TERM_RULES.cjk.regex.match(term) is not None


def fold(word: str) -> str:
    """Lower case, apostrophes dropped, a plural ``s`` removed: ``Ports`` → ``port``."""
    w = TERM_RULES.apostrophes.regex.sub("", word.lower())
    for pattern, append in TERM_RULES.fold:
        if m := pattern.regex.match(w):
            return m.group(1) + append
    return w


def terms(text: str) -> list[str]:
    """The search terms of ``text`` in order; a compound gives itself, then its parts.

    A phrase of a synonym group (:mod:`kb.synonyms`) gives the group's concept term instead of
    its own terms (``time zone`` and ``时区`` both give ``~timezone``), longest phrase first.
    """
    return list(_terms(text))


@lru_cache(maxsize=256)  # the index analyses an entry's text again right after its vocabulary did
def _terms(text: str) -> tuple[str, ...]:
    plain = list(_plain_terms(normalize(text)))
    table, longest, starts = phrases(), _longest(), _phrase_starts()
    out: list[str] = []
    i = 0
    while i < len(plain):
        if plain[i] not in starts:  # most terms begin no phrase: nothing to look up
            out.append(plain[i])
            i += 1
            continue
        for n in range(min(longest, len(plain) - i), 0, -1):
            concept = table.get("\x01".join(plain[i : i + n]))
            if concept:
                if not out or out[-1] != concept:
                    out.append(concept)
                i += n
                break
        else:
            out.append(plain[i])
            i += 1
    return tuple(out)


def _plain_terms(text: str) -> Iterator[str]:
    rules = TERM_RULES
    for m in rules.token.regex.finditer(text):
        token = m.group()
        if rules.placeholder.regex.match(token):
            yield token
        elif rules.cjk.regex.match(token):
            yield from _bigrams(token)
        else:
            yield from _word_terms(token)


@cache
def phrases() -> dict[str, str]:
    """Each synonym phrase, as its terms joined by ``\\x01``, → its concept term."""
    table = {}
    for group in TERM_RULES.synonyms:
        concept = TERM_RULES.concept_prefix + group[0].replace(" ", "_")
        for phrase in group:
            key = "\x01".join(_plain_terms(normalize(phrase)))
            if key:
                table[key] = concept
    return table


@cache
def _phrase_starts() -> frozenset[str]:
    return frozenset(k.split("\x01", 1)[0] for k in phrases())


@cache
def _longest() -> int:
    return max(k.count("\x01") + 1 for k in phrases())


def _bigrams(run: str) -> Iterator[str]:
    if len(run) == 1:
        yield run
    for i in range(len(run) - 1):
        yield run[i : i + 2]


@lru_cache(maxsize=200_000)  # words repeat: each is split and folded once
def _word_terms(token: str) -> tuple[str, ...]:
    rules = TERM_RULES
    token = token[: rules.max_term]
    whole = fold(token)
    if plural := rules.acronym_plural.regex.match(token):
        return tuple(dict.fromkeys(t for t in (whole, plural.group(1).lower()) if _keep(t)))
    named = rules.file_type.regex.match(token)
    stem = named.group(1) if named else token
    parts = [fold(p) for piece in rules.separator.regex.split(stem) for p in _camel_parts(piece) if p]
    if len(parts) <= 1 and not named:
        return (whole,) if _keep(whole) else ()
    out = [whole]
    for sub in rules.subcompound.regex.split(token):  # node.kubernetes.io/disk-pressure:NoSchedule
        if sub and sub != token and rules.separator.regex.search(sub):
            out.append(fold(sub))
    if qualified := rules.class_name.regex.match(token):
        out.append(fold(qualified.group(1)))
    out += [p for p in parts if p != whole and _keep(p)]
    return tuple(out)


def _camel_parts(piece: str) -> list[str]:
    """An acronym's plural is the acronym (``OSDs`` → ``OSD``), other words split at camel case."""
    m = TERM_RULES.acronym_plural.regex.match(piece)
    return [m.group(1)] if m else TERM_RULES.camel.regex.split(piece)


def _keep(term: str) -> bool:
    rules = TERM_RULES
    return len(term) >= rules.min_term and term not in rules.stopwords and not rules.number.regex.match(term)
