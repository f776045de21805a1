"""What the matcher knows of an entry: its heading as an error template, and its vocabulary."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.model import Entry
from kb.terms import terms
from kb.vocabulary import Vocabulary, vocabulary
from matcher.framing import frame_line
from matcher.masking import PLACEHOLDER, mask

__all__ = ["CLAUSE", "Profile", "param_slots", "profile"]


@dataclass(frozen=True)
class Profile:
    """An entry, and its heading and answer as sets of terms."""

    entry: Entry
    template: str
    """The heading with its literals masked, lower case: ``… valid for <ip>, <ip>, not <ip>``."""
    signature: tuple[str, ...]
    """Distinct terms of ``template`` (error entries) or of the title (topics)."""
    cause: tuple[str, ...]
    """Error entries: terms of the template's last clause, in order, where an error chain names
    its cause."""
    text_terms: frozenset[str]
    """Every term of the title, tags and the answer's prose."""
    code_terms: frozenset[str]
    """Terms found only in the answer's code blocks."""
    length: int
    """Number of terms of the title, tags and answer (repeats counted), for length norms."""

    @property
    def is_error(self) -> bool:
        return self.entry.kind == "error"


_cache: dict[tuple[str, str, str], Profile] = {}


def profile(entry: Entry, vocab: Vocabulary | None = None) -> Profile:
    """The entry's profile; ``vocab`` as the index stored it, else computed (memoized)."""
    key = (entry.key, entry.title, entry.body)
    p = _cache.get(key)
    if p is None:
        if len(_cache) > 4_000:
            _cache.clear()
        p = _cache[key] = _make(entry, vocab or vocabulary(entry))
    return p


def _make(entry: Entry, vocab: Vocabulary) -> Profile:
    template = _template(entry.title) if entry.kind == "error" else entry.title.lower()
    prose = vocab.prose
    if entry.kind == "error":  # the heading's example values are placeholders, not words it explains
        prose = prose - (frozenset(terms(entry.title)) - frozenset(terms(template)))
    return Profile(
        entry=entry,
        template=template,
        signature=tuple(dict.fromkeys(terms(template))),
        cause=_cause(template) if entry.kind == "error" else (),
        text_terms=prose,
        code_terms=vocab.code,
        length=vocab.length,
    )


def _template(title: str) -> str:
    """A heading read like a pasted line: framing stripped, variables masked, lower case."""
    framed = frame_line(title)
    return mask(framed.text if framed and framed.text else title).text.lower()


# Each alternative starts where a run of spaces starts, so a long run costs one pass, not many.
CLAUSE = re.compile(r"(?<!\s)\s*:\s+|(?<!\s)\s+desc\s*=\s*|;\s+|(?<!\s)\s+-\s+")
"""Where an error chain's clauses meet: ``outer: inner``, ``… desc = …``, ``; ``."""


def _cause(template: str) -> tuple[str, ...]:
    """Terms of the last clause that has words, in order, placeholders included: the cause
    ``certificate is valid for <ip>, not <ip>`` is not ``certificate has expired, not yet valid``."""
    for clause in reversed(CLAUSE.split(template)):
        found = terms(clause)
        if any(t[0] != "<" for t in found):
            return tuple(found)
    return ()


_NAME_WORD = re.compile(r"[A-Za-z][\w.-]*")


def param_slots(template: str) -> list[tuple[str, str]]:
    """``(name, placeholder)`` for each placeholder of a template, named by the words before it.

    ``… valid for <ip>, <ip>, not <ip>`` → ``[("valid for", "<ip>"), ("valid for", "<ip>"), ("not", "<ip>")]``:
    a placeholder that follows another after only a comma belongs to the same list.
    """
    slots: list[tuple[str, str]] = []
    at = 0
    for m in PLACEHOLDER.finditer(template):
        between = template[at : m.start()]
        name = slots[-1][0] if slots and between.strip() in (",", "") else _name_before(between) or m.group(1)
        slots.append((name, m.group()))
        at = m.end()
    return slots


def _name_before(text: str) -> str:
    """The one or two words right before a placeholder: ``… is valid for `` → ``valid for``."""
    words = text.split()[-2:]
    if not words or not _NAME_WORD.fullmatch(words[-1]):
        return ""
    if len(words) == 2 and _NAME_WORD.fullmatch(words[0]):
        return " ".join(words).lower()
    return words[-1].lower()
