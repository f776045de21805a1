"""The ``kbfind`` plugin's options, as written under ``plugins:`` in ``mkdocs.yml``."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

__all__ = ["KbfindConfig"]


class KbfindConfig(base.Config):  # type: ignore[no-untyped-call]
    """Every option has a default: ``plugins: [search, kbfind]`` is a complete configuration."""

    path = c.Type(str, default="paste/")
    """Where the paste page goes, under the site's root (``""``: the home page, when the site has none)."""
    title = c.Type(str, default="Paste an error")
    """The paste page's title."""
    include = c.ListOfItems(c.Type(str), default=["*"])
    """Glob patterns (``fnmatch``; ``*`` also matches ``/``) of the pages under ``docs_dir`` whose
    sections form the knowledge base."""
    exclude = c.ListOfItems(c.Type(str), default=[])
    """Glob patterns of pages left out of the knowledge base (they stay on the site)."""
    docusaurus_admonitions = c.Type(bool, default=False)
    """Render Docusaurus ``:::tip`` … ``:::`` blocks of the site's pages as admonitions."""
    unanswered_note = c.Type(bool, default=False)
    """Put a "Not answered yet" note under every entry whose answer is empty."""
    cjk_search = c.Type(bool, default=True)
    """Add the bigrams of Chinese and Japanese text to the search index, so that ``时区`` finds
    ``Pod 时区``; the index is left as it is when no page has such text."""
