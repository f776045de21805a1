"""The paste page: its markdown (a text box, a status line, the results, its scripts and style)
and the list of the pages it answers from.

Titles and paths come from content, so they are only ever text here (escaped), and a link is only
ever relative or http(s): a page file named ``javascript:alert(1).md`` is a relative link to
that page, never script.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from urllib.parse import urlsplit

__all__ = ["ASSETS", "PAGES_MARK", "SCRIPTS", "STYLE", "page_list", "page_markdown", "safe_href"]

ASSETS = "assets/kbfind"
"""Where the page's files go, under the site's root."""
SCRIPTS = ("kbfind-matcher.js", "kbfind-data.js", "kbfind-paste.js")
"""Loaded in this order: the matcher, its data (sets ``window.kbfindData``), the page's script."""
STYLE = "kbfind.css"
PAGES_MARK = "<!-- kbfind:pages -->"
"""Replaced by :func:`page_list` once every page's title is known."""

_INTRO = (
    "Paste an error message or a log — other addresses, names and timestamps than the notes have "
    "are fine — or describe the symptom in words. The best sections of this site appear as you paste, "
    "matched in your browser by the same rules as the `kbfind` command. Nothing leaves this page."
)
_PLACEHOLDER = "e.g. Error: pods web-0 not found"


def page_markdown(title: str, assets: str) -> str:
    """The page; ``assets`` is the folder of :data:`ASSETS` relative to the page (``../assets/kbfind``)."""
    shown = html.escape(title)
    scripts = "\n".join(f'<script src="{html.escape(f"{assets}/{name}")}" defer></script>' for name in SCRIPTS)
    return f"""---
title: {json.dumps(shown)}
hide:
  - toc
search:
  exclude: true
---

<h1>{shown}</h1>

{_INTRO}

<div class="kb-paste">
<link rel="stylesheet" href="{html.escape(f"{assets}/{STYLE}")}">
<textarea id="kb-paste" rows="8" spellcheck="false" disabled
  placeholder="{_PLACEHOLDER}" aria-label="Paste an error"></textarea>
<p id="kb-status" class="kb-status" role="status" aria-live="polite">Loading the matcher…</p>
<noscript><p>The paste box needs JavaScript.</p></noscript>
<ol id="kb-results" class="kb-results"></ol>
</div>

{PAGES_MARK}

{scripts}
"""


def page_list(pages: Sequence[tuple[str, str]]) -> str:
    """``(title, href)`` of each page the knowledge base comes from, as a folded list; a title is
    text (MkDocs gives some titles as HTML, entities and all: they are unescaped, then escaped)."""
    items = []
    for title, href in pages:
        text = html.escape(html.unescape(title))
        link = safe_href(href)
        items.append(f'<li><a href="{html.escape(link)}">{text}</a></li>' if link else f"<li>{text}</li>")
    count = f"{len(pages)} page" + ("" if len(pages) == 1 else "s")
    return (
        f'<details class="kb-pages">\n<summary>Answers come from {count}</summary>\n'
        f"<ul>\n{''.join(items)}\n</ul>\n</details>"
    )


def safe_href(url: str) -> str | None:
    """``url`` when it is http(s) or relative, made unmistakably relative (``./javascript:x/``
    names a folder); ``None`` for any other scheme."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme:
        return url if parts.scheme in ("http", "https") and parts.netloc else None
    head = url.split("/", 1)[0]
    return f"./{url}" if ":" in head else url
