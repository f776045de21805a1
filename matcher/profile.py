"""What the matcher knows of an entry: its heading as an error template, and its vocabulary."""

from __future__ import annotations

from dataclasses import dataclass

from kb.model import Entry
from kb.terms import terms
from kb.vocabulary import Vocabulary, vocabulary
from matcher.framing import clean, frame_line
from matcher.masking import mask
from matcher.spec import SPEC

__all__ = ["Profile", "cause_terms", "profile", "template_of"]


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


def profile(entry: Entry, vocab: Vocabulary | None = None) -> Profile:
    """The entry's profile; ``vocab`` as the index stored it, else computed."""
    vocab = vocab or vocabulary(entry)
    template = template_of(entry.title) if entry.kind == "error" else clean(entry.title).lower()
    prose = vocab.prose
    if entry.kind == "error":  # the heading's example values are placeholders, not words it explains
        prose = prose - (frozenset(terms(entry.title)) - frozenset(terms(template)))
    return Profile(
        entry=entry,
        template=template,
        signature=tuple(dict.fromkeys(terms(template))),
        cause=cause_terms(template) if entry.kind == "error" else (),
        text_terms=prose,
        code_terms=vocab.code,
        length=vocab.length,
    )


def template_of(text: str) -> str:
    """Error text read like a pasted line: cleaned, framing stripped, variables masked, lower case."""
    text = clean(text).replace("\n", " ")
    framed = frame_line(text)
    return mask(framed.text if framed and framed.text else text).text.lower()


def cause_terms(template: str) -> tuple[str, ...]:
    """Terms of the last clause that has words, in order, placeholders included: the cause
    ``certificate is valid for <ip>, not <ip>`` is not ``certificate has expired, not yet valid``."""
    for clause in reversed(SPEC.view.clause.regex.split(template)):
        found = terms(clause)
        if any(t[0] != "<" for t in found):
            return tuple(found)
    return ()
