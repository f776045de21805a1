"""Results as data: the ``--json`` object, built before (and without) any human formatting."""

from __future__ import annotations

from typing import Any

from kb import entry_url
from matcher import Match, Result

__all__ = ["match_json", "result_json"]


def result_json(result: Result, base_url: str, explain: bool = False) -> dict[str, Any]:
    """``{"query", "matches", "suggestions"}``: matches best first, only confident ones."""
    return {
        "query": result.query,
        "matches": [match_json(m, base_url, explain) for m in result.matches],
        "suggestions": [match_json(m, base_url, explain) for m in result.suggestions],
    }


def match_json(m: Match, base_url: str, explain: bool = False) -> dict[str, Any]:
    e = m.entry
    out: dict[str, Any] = {
        "id": e.id,
        "title": e.title,
        "score": round(m.score, 4),
        "source": e.source,
        "line": e.line,
        "url": entry_url(e, base_url),
        "kind": e.kind,
        "confident": m.confident,
        "unanswered": e.unanswered,
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
