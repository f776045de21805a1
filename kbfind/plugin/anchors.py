"""Anchors for the entries a page shows without a heading: the questions of an FAQ written as a
definition list (:mod:`kb.deflist`).

A heading has its anchor; a definition term has none, in MkDocs' ``def_list`` (``<dt>``) as
without it (the term opens a paragraph). Each entry whose anchor the page lacks gets it on the
first such element that shows its title, so that the paste page's and ``kbfind``'s links land on
the question, not the page's top. Nothing else of the page changes.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Iterable

__all__ = ["anchor_terms"]

_SHOWS_TERM = re.compile(r"<(dt|p)>(.*?)(?:</\1>|\n)", re.DOTALL)
"""A ``<dt>``, or a paragraph's first line (a term where the site renders no definition lists)."""
_TAG = re.compile(r"<[^>]*>")


def anchor_terms(html: str, sections: Iterable[tuple[str, str]]) -> str:
    """``html`` with ``id="…"`` on the term of each ``(anchor, title)`` it holds no anchor for."""
    missing = {_words(title): anchor for anchor, title in sections if f'id="{html_lib.escape(anchor)}"' not in html}
    if not missing:
        return html

    def anchored(m: re.Match[str]) -> str:
        anchor = missing.pop(_words(html_lib.unescape(_TAG.sub("", m.group(2)))), None)
        if anchor is None:
            return m.group()
        return f'<{m.group(1)} id="{html_lib.escape(anchor)}">' + m.group()[len(m.group(1)) + 2 :]

    return _SHOWS_TERM.sub(anchored, html)


def _words(text: str) -> str:
    """Text as a title and its rendering share it: a code span's backticks, spacing and case aside."""
    return " ".join(text.replace("`", "").split()).casefold()
