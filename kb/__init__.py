"""The knowledge base: markdown FAQ files → entries → a whoosh index with keyword search.

``kb`` never imports ``matcher``: the error matcher is built on top of it. Names are imported on
first use (PEP 562), so answering a query does not load the markdown parser.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kb.bundled import bundled_root
    from kb.index import Hit, KnowledgeBase, open_kb
    from kb.load import load_entries
    from kb.model import CodeBlock, Entry, Kind, Link, Problem
    from kb.slug import slugify
    from kb.sources import ContentError
    from kb.terms import terms
    from kb.urls import entry_url, page_url, site_url
    from kb.vocabulary import Vocabulary, vocabulary

_WHERE = {
    "bundled_root": "kb.bundled",
    "Hit": "kb.index",
    "KnowledgeBase": "kb.index",
    "open_kb": "kb.index",
    "load_entries": "kb.load",
    "CodeBlock": "kb.model",
    "Entry": "kb.model",
    "Kind": "kb.model",
    "Link": "kb.model",
    "Problem": "kb.model",
    "slugify": "kb.slug",
    "ContentError": "kb.sources",
    "terms": "kb.terms",
    "entry_url": "kb.urls",
    "page_url": "kb.urls",
    "site_url": "kb.urls",
    "Vocabulary": "kb.vocabulary",
    "vocabulary": "kb.vocabulary",
}

__all__ = [
    "CodeBlock",
    "ContentError",
    "Entry",
    "Hit",
    "Kind",
    "KnowledgeBase",
    "Link",
    "Problem",
    "Vocabulary",
    "bundled_root",
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
