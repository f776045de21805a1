"""Results as data: the ``--json`` object, built before (and without) any human formatting.

The paste page's ``window.kbfind.analyze`` builds exactly the same object
(``kbfind-matcher.js``: ``matchJson``); ``tests/test_parity.py`` holds them to it.
"""

from __future__ import annotations

from typing import Any

from kb import Entry, Locations
from matcher import Match, Result

__all__ = ["entry_json", "match_json", "result_json"]


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
        answer=e.body,
        code=[{"language": c.language, "title": c.title, "text": c.code} for c in e.code],
    )
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
        "matched": {"line": m.explanation.line, "text": m.explanation.text},
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
