"""An FAQ written as a definition list: each question a term, its answer the definition.

Hugo's docs, pandoc and MkDocs' ``def_list`` extension write a list of questions this way::

    Why is a given page not published?
    : In the `content/section/page.md` file, …

Each question is one problem, as a heading would be. A definition list whose terms (two or more)
are all questions or error messages is read with each term as a heading one level below the section
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


def faq_terms_as_headings(lines: list[str], parse: Callable[[str], Sequence[Token]]) -> list[str]:
    """``lines`` with each term of an FAQ written as a definition list made a heading (ATX, same line,
    so every line keeps its number); ``lines`` itself when the page has none. ``parse`` tokenizes the
    page as entries read it. A list above every heading is the page title's: its terms are ``##``."""
    if not any(_DEFINITION.match(line) for line in lines):  # most pages: no tokenizing
        return lines
    tokens = [t for t in parse("\n".join(lines)) if t.map]
    out = list(lines)
    for level, terms in _lists(tokens, lines, 1):
        if len(terms) < 2 or not all(_QUESTION.search(lines[k]) or classify(lines[k]) == "error" for k in terms):
            continue
        for k in terms:
            out[k] = f"{'#' * min(level + 1, 6)} {lines[k].strip()}"
    return out


def _lists(tokens: list[Token], lines: list[str], level: int) -> list[tuple[int, list[int]]]:
    """Each run of definition terms not parted by a heading, with the level of the heading above it:
    a term is a top-level paragraph's first line whose next line, or the next paragraph's first line
    after blank lines only, opens a definition."""
    found: list[tuple[int, list[int]]] = []
    current: list[int] = []
    for i, t in enumerate(tokens):
        if t.type == "heading_open":
            if current:
                found.append((level, current))
                current = []
            level = int(t.tag[1])
        elif t.type == "paragraph_open" and t.level == 0 and _is_term(t, tokens[i + 1 :], lines):
            current.append(t.map[0])  # type: ignore[index]
    if current:
        found.append((level, current))
    return found


def _is_term(t: Token, after: list[Token], lines: list[str]) -> bool:
    first, end = t.map  # type: ignore[misc]
    line = lines[first]
    if _DEFINITION.match(line) or not line.strip() or line.startswith((" ", "\t")):
        return False
    if end - first > 1:
        return bool(_DEFINITION.match(lines[first + 1]))
    nxt = next((a for a in after if a.type == "paragraph_open"), None)
    if nxt is None or nxt.level != 0:
        return False
    start = nxt.map[0]  # type: ignore[index]
    return all(not lines[k].strip() for k in range(end, start)) and bool(_DEFINITION.match(lines[start]))
