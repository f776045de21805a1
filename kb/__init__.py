"""The knowledge base: markdown FAQ files → entries → a whoosh index with keyword search.

``kb`` never imports ``matcher``: the error matcher is built on top of it. Names are imported on
first use (PEP 562), so answering a query does not load the markdown parser.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

# Imported now, not on first use: a function named like its module would otherwise be replaced
# by the module object the moment the module is first imported.
from kb.terms import terms
from kb.vocabulary import Vocabulary, vocabulary

__version__ = "0.2.0"
"""The version of the kbfind distribution (``kb``, ``matcher`` and ``kbfind``): defined here only."""

if TYPE_CHECKING:
    from kb.build import open_kb
    from kb.bundled import bundled_root
    from kb.index import Hit, KnowledgeBase
    from kb.load import load_entries
    from kb.model import CodeBlock, Entry, Kind, Link, Problem
    from kb.slug import slugify
    from kb.sources import ContentError
    from kb.urls import Locations, entry_path, entry_url, page_url, site_url

_WHERE = {
    "bundled_root": "kb.bundled",
    "Hit": "kb.index",
    "KnowledgeBase": "kb.index",
    "open_kb": "kb.build",
    "load_entries": "kb.load",
    "CodeBlock": "kb.model",
    "Entry": "kb.model",
    "Kind": "kb.model",
    "Link": "kb.model",
    "Problem": "kb.model",
    "slugify": "kb.slug",
    "ContentError": "kb.sources",
    "Locations": "kb.urls",
    "entry_path": "kb.urls",
    "entry_url": "kb.urls",
    "page_url": "kb.urls",
    "site_url": "kb.urls",
}

__all__ = [
    "CodeBlock",
    "ContentError",
    "Entry",
    "Hit",
    "Kind",
    "KnowledgeBase",
    "Link",
    "Locations",
    "Problem",
    "Vocabulary",
    "__version__",
    "bundled_root",
    "entry_path",
    "entry_url",
    "load_entries",
    "open_kb",
    "page_url",
    "site_url",
    "slugify",
    "terms",
    "vocabulary",
]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        value = getattr(import_module(_WHERE[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'kb' has no attribute {name!r}")
