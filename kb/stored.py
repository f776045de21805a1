"""Entries as the index stores them, and back: one plain-data form, read and written only here."""

from __future__ import annotations

from typing import Any

from kb.model import CodeBlock, Entry, Link, Template
from kb.vocabulary import Vocabulary

__all__ = ["entry_from_stored", "entry_to_stored", "vocabulary_from_stored", "vocabulary_to_stored"]


def entry_to_stored(e: Entry) -> dict[str, Any]:
    """An entry as plain data (lists, strings, numbers) for the index's stored fields."""
    return {
        "id": e.id,
        "title": e.title,
        "kind": e.kind,
        "body": e.body,
        "source": e.source,
        "line": e.line,
        "page": e.page,
        "code": [[c.language, c.title, c.code, c.line] for c in e.code],
        "links": [[link.text, link.url] for link in e.links],
        "tags": list(e.tags),
        "breadcrumb": list(e.breadcrumb),
        "level": e.level,
        "templates": [[t.text, t.line, t.origin] for t in e.templates],
    }


def entry_from_stored(d: dict[str, Any]) -> Entry:
    """The inverse of :func:`entry_to_stored`."""
    return Entry(
        id=d["id"],
        title=d["title"],
        kind=d["kind"],
        body=d["body"],
        source=d["source"],
        line=d["line"],
        page=d["page"],
        code=tuple(CodeBlock(*c) for c in d["code"]),
        links=tuple(Link(*link) for link in d["links"]),
        tags=tuple(d["tags"]),
        breadcrumb=tuple(d["breadcrumb"]),
        level=d["level"],
        templates=tuple(Template(*t) for t in d["templates"]),
    )


def vocabulary_to_stored(v: Vocabulary) -> tuple[str, str, int]:
    return " ".join(sorted(v.prose)), " ".join(sorted(v.code)), v.length


def vocabulary_from_stored(stored: tuple[str, str, int]) -> Vocabulary:
    prose, code, length = stored
    return Vocabulary(frozenset(prose.split()), frozenset(code.split()), length)
