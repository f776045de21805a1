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
from collections import deque
from collections.abc import Iterable

__all__ = ["anchor_terms"]

_SHOWS_TERM = re.compile(r"<(dt|p)>(.*?)(?:</\1>|\n)", re.DOTALL)
"""A ``<dt>``, or a paragraph's first line (a term where the site renders no definition lists)."""
_TAG = re.compile(r"<[^>]*>")
_ID = re.compile(r'\bid="([^"]*)"')


def anchor_terms(html: str, sections: Iterable[tuple[str, str]]) -> str:
    """``html`` with ``id="…"`` on the term of each ``(anchor, title)`` it holds no anchor for: on the
    first term showing the title, the next one for the next section of that title, and so on."""
    present = set(_ID.findall(html))
    missing: dict[str, deque[str]] = {}
    for anchor, title in sections:
        if html_lib.escape(anchor) not in present:
            missing.setdefault(_words(title), deque()).append(anchor)
    if not missing:
        return html

    def anchored(m: re.Match[str]) -> str:
        waiting = missing.get(_words(html_lib.unescape(_TAG.sub("", m.group(2)))))
        if not waiting:
            return m.group()
        return f'<{m.group(1)} id="{html_lib.escape(waiting.popleft())}">' + m.group()[len(m.group(1)) + 2 :]

    return _SHOWS_TERM.sub(anchored, html)


def _words(text: str) -> str:
    """Text as a title and its rendering share it: a code span's backticks, spacing and case aside."""
    return " ".join(text.replace("`", "").split()).casefold()
