"""Results as data: the ``--json`` object, built before (and without) any human formatting.

The paste page's ``window.kbfind.analyze`` builds exactly the same object
(``kbfind-matcher.js``: ``matchJson``); ``tests/test_parity.py`` holds them to it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from kb import Entry, Locations
from matcher import Match, Result

if TYPE_CHECKING:
    from kb import Hit

__all__ = ["entries_json", "entry_json", "hits_json", "match_json", "matched_json", "result_json"]


def result_json(result: Result, where: Locations | None = None, explain: bool = False) -> dict[str, Any]:
    """``{"query", "matches", "suggestions"}``: matches best first, only confident ones."""
    where = where or Locations("")
    return {
        "query": result.query,
        "matches": [match_json(m, where, explain) for m in result.matches],
        "suggestions": [match_json(m, where, explain) for m in result.suggestions],
    }


def entry_json(e: Entry, where: Locations) -> dict[str, Any]:
    """An entry as data: where it is, what it is, and its answer."""
    out: dict[str, Any] = {"id": e.id, "title": e.title, "source": where.source(e), "line": e.line}
    if (url := where.url(e)) is not None:
        out["url"] = url
    out.update(
        kind=e.kind,
        unanswered=e.unanswered,
        breadcrumb=list(e.breadcrumb),
        answer="" if e.unanswered else e.body,  # a TODO comment is no answer
        code=[{"language": c.language, "title": c.title, "text": c.code} for c in e.code],
    )
    return out


def copy_json(e: Entry, where: Locations) -> dict[str, Any]:
    """Where a copy of a match is (the same entry in another version of its page)."""
    out: dict[str, Any] = {"id": e.id, "source": where.source(e), "line": e.line}
    if (url := where.url(e)) is not None:
        out["url"] = url
    return out


def match_json(m: Match, where: Locations, explain: bool = False) -> dict[str, Any]:
    e = entry_json(m.entry, where)
    out: dict[str, Any] = {
        "id": e.pop("id"),
        "title": e.pop("title"),
        "score": round(m.score, 4),
        **e,
        "confident": m.confident,
        "params": {name: list(values) for name, values in m.params},
        "matched": matched_json(m),
        "copies": [copy_json(c, where) for c in m.copies],
    }
    if explain:
        x = m.explanation
        out["explain"] = {
            "normalized": x.normalized,
            "rules": list(x.rules),
            "heading_terms_found": list(x.matched_terms),
            "heading_terms_missing": list(x.missing_terms),
            "features": {k: round(v, 4) for k, v in vars(x.features).items()},
            "log_odds": {name: round(v, 4) for name, v in x.contributions if v},
        }
    return out


def matched_json(m: Match) -> dict[str, Any]:
    """The line of the paste that matched, and what of the entry it matched: its heading, an alias,
    an error quoted in its answer (``body``), or, for a topic, the words of its title and answer."""
    x = m.explanation
    origin = x.template_origin or "words"
    return {"line": x.line, "text": x.text, "origin": origin, "origin_line": x.template_line or m.entry.line}


def entries_json(entries: Iterable[Entry], where: Locations) -> dict[str, Any]:
    """``kb list --json`` and ``kb show --json``: ``{"entries": [...]}``, each entry with its tags."""
    return {"entries": [_browsed(e, where) for e in entries]}


def hits_json(query: str, hits: Iterable[Hit], where: Locations) -> dict[str, Any]:
    """``kb search --json``: ``{"query", "hits": [...]}``, best first, each entry with its
    keyword-search score (larger is better, unbounded) and tags."""
    rows = []
    for h in hits:
        e = _browsed(h.entry, where)
        rows.append({"id": e.pop("id"), "title": e.pop("title"), "score": round(h.score, 3), **e})
    return {"query": query, "hits": rows}


def _browsed(e: Entry, where: Locations) -> dict[str, Any]:
    return {**entry_json(e, where), "tags": list(e.tags)}
