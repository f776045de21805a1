"""What the parser had to decide about a page's structure, for authors to check (``kb lint``).

Parsing never fails on a structure it has to guess about; it picks the likelier reading. These
are the places where it did, and sections it did not make entries of, with their lines.
"""

from __future__ import annotations

from dataclasses import dataclass

from kb.sections import Section, is_navigation, part_strength, tree

__all__ = ["Note", "outline_notes"]


@dataclass(frozen=True)
class Note:
    """Something about a page's structure an author may want to know."""

    line: int
    """1-based line of the heading."""
    code: str
    message: str


def outline_notes(text: str, page: str = "") -> list[Note]:
    """Notes on the structure of one markdown file (its headings as the parser reads them; ``page``,
    its path, says whether it is MDX)."""
    from kb.parse import page_outline

    lines, headings, asked = page_outline(text, page)
    sections = tree(headings, len(lines), asked=asked)
    notes: list[Note] = []
    for s in sections:
        own = "\n".join(lines[s.line + 1 : s.answer_end])
        if is_navigation(own) and not s.problems and not s.part:  # a part's links are its problem's answer
            notes.append(Note(s.line + 1, "navigation", f"{s.title!r} only lists links: read as a table of contents"))
        if s.part and part_strength(s.title) == 1:
            parent = s.parent.title if s.parent else ""
            notes.append(Note(s.line + 1, "guessed-part", f"{s.title!r} read as part of the answer to {parent!r}"))
        if s.children and not s.problems and not own.strip():
            notes.append(Note(s.line + 1, "empty-answer", f"{s.title!r} has only parts and no answer of its own"))
        if _empty_group(s):
            notes.append(Note(s.line + 1, "empty-group", f"{s.title!r} groups sections but none has an answer"))
    return notes


def _empty_group(s: Section) -> bool:
    return bool(s.problems) and all(not c.children and c.answer_end <= c.line + 1 for c in s.problems)
