"""Heading slugs: the one function behind entry ids and the site's anchors.

It follows Python-Markdown's ``toc`` extension (``slugify_unicode`` and ``unique``) so that the
site's table of contents, configured to call :func:`slugify`, produces the same anchors. A site
that keeps another slugify (MkDocs' default drops non-ASCII letters) gets its own anchors from
:func:`assign_ids` given that function: the ``kbfind`` MkDocs plugin does so.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, MutableSet

__all__ = [
    "ENTITY_BRACKETS",
    "Slugify",
    "anchor_text",
    "assign_ids",
    "docutils_id",
    "github_slug",
    "loose_anchor",
    "slugify",
    "unique",
]

Slugify = Callable[[str, str], str]
"""``slugify(text, separator)``: the signature of the ``toc`` extension's ``slugify`` option."""

_STRIP = re.compile(r"[^\w\s-]")
_COUNTED = re.compile(r"^(.*)_([0-9]+)$")
_CODE_SPAN = re.compile(r"(`[^`]*`)")
# What Python-Markdown takes for raw inline HTML (its ``HTML_RE``): ``<pod-name>``, but also
# ``<pod_name>`` and ``<IP:port>``, which CommonMark (the parser) reads as text.
_RAW_HTML = re.compile(r"<(?:/?[a-zA-Z][^<>@ ]*(?: [^<>]*)?|!--(?:(?!<!--|-->).)*--)>")


def slugify(value: str, separator: str = "-") -> str:
    """``Pod 时区`` → ``pod-时区``: lower case, punctuation dropped, any script kept."""
    value = _STRIP.sub("", value).strip().lower()
    return re.sub(rf"[{re.escape(separator)}\s]+", separator, value)


def github_slug(value: str, separator: str = "-") -> str:
    """``Error: x / y`` → ``error-x--y``, as Docusaurus (``github-slugger``) anchors a heading: lower
    case, punctuation and symbols dropped (``-`` and ``_`` kept), each space one separator, none
    collapsed nor trimmed. Repeated slugs take ``-1``, ``-2`` (:data:`DUPLICATE_MARK`)."""
    kept = (
        c for c in value.lower() if c in " -_" or (c.isalnum() if c.isascii() else unicodedata.category(c)[0] in "LMN")
    )
    return "".join(kept).replace(" ", separator)


def loose_anchor(anchor: str) -> str:
    """An anchor as both families of slugs write it: runs of hyphens as one, none at its ends, a
    repeat's ``_1`` (Python-Markdown) as ``-1`` (github-slugger). Ids written for one (a case file's
    ``faq.md#caveats_2``, a front-matter alias keyed ``x-y``) still name the entry the other anchors
    ``caveats-2`` or ``x--y``, where no entry has the id as written."""
    return _HYPHENS.sub("-", _REPEAT.sub(r"-\1", anchor)).strip("-")


_HYPHENS = re.compile(r"-{2,}")
_REPEAT = re.compile(r"_(\d+)$")


def docutils_id(value: str, separator: str = "-") -> str:
    """``Error: x509 / certificate`` → ``error-x509-certificate``, as Sphinx (docutils' ``make_id``)
    anchors a section: ASCII only (accents folded, other scripts dropped), each run of other characters
    one hyphen, no leading digit or hyphen. A repeated or empty one takes ``id1``, ``id2``."""
    spelled = value.lower().translate(_DOCUTILS_DIGRAPHS).translate(_DOCUTILS_LETTERS)
    folded = unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode("ascii")
    return _DOCUTILS_AT_ENDS.sub("", _DOCUTILS_OTHER.sub(separator, " ".join(folded.split())))


_DOCUTILS_DIGRAPHS = {0x00DF: "sz", 0x00E6: "ae", 0x0153: "oe", 0x0238: "db", 0x0239: "qp"}
_DOCUTILS_LETTERS = {
    0x00F8: "o", 0x0111: "d", 0x0127: "h", 0x0131: "i", 0x0142: "l", 0x0167: "t", 0x0180: "b", 0x0183: "b",
    0x0188: "c", 0x018C: "d", 0x0192: "f", 0x0199: "k", 0x019A: "l", 0x019E: "n", 0x01A5: "p", 0x01AB: "t",
    0x01AD: "t", 0x01B4: "y", 0x01B6: "z", 0x01E5: "g", 0x0225: "z", 0x0234: "l", 0x0235: "n", 0x0236: "t",
    0x0237: "j", 0x023C: "c", 0x023F: "s", 0x0240: "z", 0x0247: "e", 0x0249: "j", 0x024B: "q", 0x024D: "r",
    0x024F: "y",
}  # fmt: skip
"""Letters docutils spells in ASCII before it drops the rest (its ``_non_id_translate`` tables)."""
_DOCUTILS_OTHER = re.compile(r"[^a-z0-9]+")
_DOCUTILS_AT_ENDS = re.compile(r"^[-0-9]+|-+$")


DUPLICATE_MARK = "duplicate_mark"
"""The attribute of a slugify function naming what goes before a repeated slug's number (``_`` when it
has none, as Python-Markdown's ``toc`` writes ``a_1``)."""
setattr(github_slug, DUPLICATE_MARK, "-")
setattr(docutils_id, DUPLICATE_MARK, "id")


ENTITY_BRACKETS = {"<": "\ue000", ">": "\ue001"}
"""Angle brackets a heading writes as entities (``&lt;identifier&gt;``), marked in the text its anchor
is made of: the page shows them as text, so they are no raw HTML to leave out."""
_UNMARKED = str.maketrans({v: k for k, v in ENTITY_BRACKETS.items()})


def anchor_text(heading: str) -> str:
    """A heading's text as the site's table of contents slugifies it: what Markdown takes for raw
    HTML is left out (``pods <pod-name> not found`` → ``pods not found``, as the rendered page
    shows it), a code span gives its code, tags and all, and white space is collapsed. Brackets
    marked as an entity's (:data:`ENTITY_BRACKETS`) are text, given back as written."""
    parts = _CODE_SPAN.split(heading)
    text = " ".join("".join(p[1:-1] if i % 2 else _RAW_HTML.sub("", p) for i, p in enumerate(parts)).split())
    return text.translate(_UNMARKED)


def unique(slug: str, taken: MutableSet[str], mark: str = "_") -> str:
    """Return ``slug``, or ``slug_1``, ``slug_2``… — the first one not in ``taken`` (then taken).
    With ``mark="-"``, as github-slugger counts: ``slug-1``, ``slug-2``, an empty slug staying ``""``
    the first time."""
    if mark == "id":  # docutils numbers every id it makes up, whatever the slug: id1, id2
        count = 0
        while not slug or slug in taken:
            count += 1
            slug = f"id{count}"
        taken.add(slug)
        return slug
    if mark != "_":
        base, count = slug, 0
        while slug in taken:
            count += 1
            slug = f"{base}{mark}{count}"
        taken.add(slug)
        return slug
    if slug in taken or not slug:
        m = _COUNTED.match(slug)
        base, count = (m.group(1), int(m.group(2))) if m else (slug, 0)
        count += 1
        while f"{base}_{count}" in taken:
            count += 1
        slug = f"{base}_{count}"
    taken.add(slug)
    return slug


def assign_ids(
    headings: Iterable[tuple[str, str | None]], slugify: Slugify = slugify, separator: str = "-"
) -> list[str]:
    """Ids for one page's headings, given as ``(text, explicit_id)`` in document order.

    Explicit ids are reserved first, as the ``toc`` extension does, so a later heading whose
    slug equals an explicit id is the one that gets the suffix. ``slugify`` and ``separator``
    are the site's ``toc`` settings when they are not kbfind's.
    """
    items = list(headings)
    taken: set[str] = {explicit for _, explicit in items if explicit}
    mark = getattr(slugify, DUPLICATE_MARK, "_")
    return [explicit or unique(slugify(anchor_text(text), separator), taken, mark) for text, explicit in items]
