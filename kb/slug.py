"""Heading slugs: the one function behind entry ids and the site's anchors.

It follows Python-Markdown's ``toc`` extension (``slugify_unicode`` and ``unique``) so that the
site's table of contents, configured to call :func:`slugify`, produces the same anchors.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, MutableSet

__all__ = ["assign_ids", "slugify", "unique"]

_STRIP = re.compile(r"[^\w\s-]")
_COUNTED = re.compile(r"^(.*)_([0-9]+)$")


def slugify(value: str, separator: str = "-") -> str:
    """``Pod 时区`` → ``pod-时区``: lower case, punctuation dropped, any script kept."""
    value = _STRIP.sub("", value).strip().lower()
    return re.sub(rf"[{re.escape(separator)}\s]+", separator, value)


def unique(slug: str, taken: MutableSet[str]) -> str:
    """Return ``slug``, or ``slug_1``, ``slug_2``… — the first one not in ``taken`` (then taken)."""
    if slug in taken or not slug:
        m = _COUNTED.match(slug)
        base, count = (m.group(1), int(m.group(2))) if m else (slug, 0)
        count += 1
        while f"{base}_{count}" in taken:
            count += 1
        slug = f"{base}_{count}"
    taken.add(slug)
    return slug


def assign_ids(headings: Iterable[tuple[str, str | None]]) -> list[str]:
    """Ids for one page's headings, given as ``(text, explicit_id)`` in document order.

    Explicit ids are reserved first, as the ``toc`` extension does, so a later heading whose
    slug equals an explicit id is the one that gets the suffix.
    """
    items = list(headings)
    taken: set[str] = {explicit for _, explicit in items if explicit}
    return [explicit or unique(slugify(text), taken) for text, explicit in items]
