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
        "code": _code_to_stored(e),
        "links": [[link.text, link.url] for link in e.links],
        "tags": list(e.tags),
        "breadcrumb": list(e.breadcrumb),
        "level": e.level,
        "templates": [[t.text, t.line, t.origin, t.first] for t in e.templates],
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
        code=tuple(_code_from_stored(c, d["body"]) for c in d["code"]),
        links=tuple(Link(*link) for link in d["links"]),
        tags=tuple(d["tags"]),
        breadcrumb=tuple(d["breadcrumb"]),
        level=d["level"],
        templates=tuple(Template(*t) for t in d["templates"]),
    )


def _code_to_stored(e: Entry) -> list[list[Any]]:
    """Each code block as ``[language, title, line, start, end]`` where its code is the answer's
    text from ``start`` to ``end`` (as written, it always is: a quarter of the stored bytes, and
    of the time to read them back, saved), else as ``[language, title, code, line]``."""
    out: list[list[Any]] = []
    at = 0
    for c in e.code:
        start = e.body.find(c.code, at)
        if start < 0:
            out.append([c.language, c.title, c.code, c.line])
        else:
            at = start + len(c.code)
            out.append([c.language, c.title, c.line, start, at])
    return out


def _code_from_stored(c: list[Any], body: str) -> CodeBlock:
    if len(c) == 5:
        language, title, line, start, end = c
        return CodeBlock(language, title, body[start:end], line)
    return CodeBlock(*c)


def vocabulary_to_stored(v: Vocabulary) -> tuple[str, str, int]:
    return " ".join(sorted(v.prose)), " ".join(sorted(v.code)), v.length


def vocabulary_from_stored(stored: tuple[str, str, int]) -> Vocabulary:
    prose, code, length = stored
    return Vocabulary(frozenset(prose.split()), frozenset(code.split()), length)
