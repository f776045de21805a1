"""An FAQ written as a definition list: each question a term, its answer the definition.

Hugo's docs, pandoc and MkDocs' ``def_list`` extension write a list of questions this way::

    Why is a given page not published?
    : In the `content/section/page.md` file, …

Each question is one problem, as a heading would be. A definition list of two terms or more, two
thirds of them questions or error messages, is read with each term as a heading one level below the section
that holds it (a page's title counts as ``#``), so that each question is an entry of its own and
the section, or the page, is their group. Other definition lists (options, variables, glossaries)
are text of their section, as before. Only the lines are read so: the file is never changed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from markdown_it.token import Token

from kb.kind import classify

__all__ = ["faq_terms_as_headings"]

_DEFINITION = re.compile(r"^ {0,3}:[ \t]+\S")
"""A definition's first line: ``:`` and a space (Python-Markdown's, pandoc's and goldmark's marker)."""
_QUESTION = re.compile(r"\?[\s\"'”’)*_`]*$")
"""A term that asks: it ends in a question mark (before closing quotes, emphasis or a code span)."""


def faq_terms_as_headings(
    lines: list[str], parse: Callable[[str], Sequence[Token]]
) -> tuple[list[str], dict[int, str]]:
    """``lines`` with each term of an FAQ written as a definition list made a heading (ATX, same line,
    so every line keeps its number); ``lines`` itself when the page has none. ``parse`` tokenizes the
    page as entries read it. A list above every heading is the page title's: its terms are ``##``.
    Also each such line as written (0-based line → text): the question is a problem, never a part of
    the one before, and no answer shows the ``#`` marks, which the file does not hold."""
    if not any(_DEFINITION.match(line) for line in lines):  # most pages: no tokenizing
        return lines, {}
    tokens = [t for t in parse("\n".join(lines)) if t.map]
    out = list(lines)
    written: dict[int, str] = {}
    for level, above, terms in _lists(tokens, lines, 1):
        asking = sum(bool(_QUESTION.search(lines[k]) or classify(lines[k]) == "error") for k in terms)
        if len(terms) < 2 or asking < _ASKING * len(terms) or classify(above) == "error":
            continue  # (under an error's heading, "What does it mean?" / "How do I fix it?" are its answer's parts)
        for k in terms:
            out[k] = f"{'#' * min(level + 1, 6)} {lines[k].strip()}"
            written[k] = lines[k]
    return out, written


_ASKING = 2 / 3
"""The share of a list's terms that ask a question or are an error message for the list to be an FAQ,
every term of it an entry: an FAQ's author words a question or two as statements (``DDEV wants to add
a hostname to /etc/hosts but I don't think it should need to.``)."""


def _lists(tokens: list[Token], lines: list[str], level: int) -> list[tuple[int, str, list[int]]]:
    """Each run of definition terms not parted by a heading, with the level and text of the heading
    above it (:func:`_term` says which line of a top-level paragraph is one)."""
    found: list[tuple[int, str, list[int]]] = []
    current: list[int] = []
    above = ""
    for i, t in enumerate(tokens):
        if t.type == "heading_open":
            if current:
                found.append((level, above, current))
                current = []
            level, above = int(t.tag[1]), tokens[i + 1].content if i + 1 < len(tokens) else ""
        elif t.type == "paragraph_open" and t.level == 0 and (k := _term(tokens, i, lines)) is not None:
            current.append(k)
    if current:
        found.append((level, above, current))
    return found


def _term(tokens: list[Token], i: int, lines: list[str]) -> int | None:
    """The line of the term a top-level paragraph opens a definition with, if it does: the line just
    before its first definition line (the lines above it, an old ``<a name=…></a>`` anchor, are terms
    with no text to the site), or its one line when the next paragraph, after blank lines only, is a
    definition."""
    first, end = tokens[i].map  # type: ignore[misc]
    if _DEFINITION.match(lines[first]):
        return None
    if end - first > 1:  # each line before the definition is a term (Python-Markdown's <dt>s): the first with text
        k = next((k for k in range(first + 1, end) if _DEFINITION.match(lines[k])), None)
        return (
            next((j for j in range(first, k) if _termlike(lines[j]) and not _TAGS.match(lines[j])), None) if k else None
        )
    if not _termlike(lines[first]):
        return None
    nxt = next((a for a in tokens[i + 1 : i + 4] if a.type == "paragraph_open"), None)  # after its close
    if nxt is None or nxt.level != 0:
        return None
    start = nxt.map[0]  # type: ignore[index]
    return first if all(not lines[k].strip() for k in range(end, start)) and _DEFINITION.match(lines[start]) else None


_TAGS = re.compile(r"^\s*(?:<[^<>\n]+>\s*)+$")
"""A line of HTML tags alone (an old ``<a name="x"></a>`` anchor): a term with no text."""


def _termlike(line: str) -> bool:
    """A line that can be a term: text at the margin, not a definition."""
    return bool(line.strip()) and not line.startswith((" ", "\t")) and not _DEFINITION.match(line)
