"""The terms an entry is written with, computed once when the index is built."""

from __future__ import annotations

from dataclasses import dataclass

from kb.model import Entry
from kb.terms import terms

__all__ = ["Vocabulary", "indexed_text", "vocabulary"]


@dataclass(frozen=True)
class Vocabulary:
    """An entry's terms (as :func:`kb.terms.terms` gives them), split by where they appear."""

    prose: frozenset[str]
    """Terms of the title, tags and the answer outside code blocks."""
    code: frozenset[str]
    """Terms found only in the answer's code blocks."""
    length: int
    """Number of terms of the title, tags and answer, repeats counted."""


def indexed_text(e: Entry) -> str:
    """All of an entry's text, as the index analyses it: title, tags, answer, and the aliases its
    author wrote elsewhere (the front matter's, a table of contents' link texts)."""
    return f"{e.title}\n{' '.join(e.tags)}\n{e.body}{_elsewhere(e)}"


def _elsewhere(e: Entry) -> str:
    """Aliases with words the title and answer do not hold (a ``<!-- kbfind-alias: … -->`` comment
    is in the answer; a table of contents' link text mostly repeats the title), one per line."""
    aliases = [t.text for t in e.templates if t.origin == "alias" and t.text not in e.body]
    if not aliases:
        return ""
    known = frozenset(terms(f"{e.title}\n{e.body}"))
    return "".join(f"\n{a}" for a in aliases if not frozenset(terms(a)) <= known)


def vocabulary(entry: Entry) -> Vocabulary:
    prose = entry.body
    for block in entry.code:
        prose = prose.replace(block.code, "\n")
    tags = " ".join(entry.tags)
    text = frozenset(terms(f"{entry.title}\n{tags}\n{prose}{_elsewhere(entry)}"))
    code = frozenset(t for block in entry.code for t in terms(block.code)) - text
    return Vocabulary(text, code, len(terms(indexed_text(entry))))
