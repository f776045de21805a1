"""The matcher as data for the paste page: the spec, the fitted model, and the knowledge base's
term statistics and entry profiles, as one JSON-ready object.

The page's script (``kbfind-matcher.js``) interprets exactly this; nothing of the matcher is
written there that is not read from here.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from kb import KnowledgeBase, Locations, entry_path, terms
from kb.urls import page_link, section_link
from kb.vocabulary import indexed_text
from matcher.background import background
from matcher.matcher import Matcher
from matcher.retrieval import candidate_count
from matcher.spec import FORMAT, spec_data

__all__ = ["browser_data"]


def browser_data(kb: KnowledgeBase, where: Locations | None = None, matcher: Matcher | None = None) -> dict[str, Any]:
    """Everything the paste page needs to answer a paste from ``kb`` as ``kbfind --json`` does;
    ``where`` names the source files as the page should show them (the site's URLs are made in
    the page, from where it is served)."""
    where = where or Locations("")
    m = matcher or Matcher(kb)
    entries = list(kb.entries())
    vocabulary = sorted({t for e in entries for t in terms(indexed_text(e))})
    cal = m.calibration
    problems = kb.problem_count()
    pages = Counter(e.page for e in entries)
    return {
        "format": FORMAT,
        "spec": spec_data(),
        "model": {"intercept": cal.intercept, "coef": list(cal.coef), "threshold": cal.threshold},
        "stats": {
            "doc_count": len(kb),
            "problems": problems,
            "average_length": m.weights.average_length,
            "candidates": candidate_count(len(kb)),
        },
        "df": {t: kb.doc_frequency(t) for t in vocabulary},
        # where a problem is kept in several versions of its page: how many problems hold each term
        "problem_df": {} if problems == len(kb) else {t: kb.problem_frequency(t) for t in vocabulary},
        "background": {"documents": background().documents, "df": background().df},
        "entries": [_entry(m, e, where, pages[e.page] == 1) for e in entries],
    }


def _entry(m: Matcher, e: Any, where: Locations, alone: bool) -> dict[str, Any]:
    p = m.profile(e)
    return {
        "id": e.id,
        "title": e.title,
        "kind": e.kind,
        "path": entry_path(e),
        "source": where.source(e),
        "line": e.line,
        "unanswered": e.unanswered,
        "breadcrumb": list(e.breadcrumb),
        "answer": "" if e.unanswered else e.body,  # as kbfind --json gives it
        "blocks": [{"language": c.language, "title": c.title, "text": c.code} for c in e.code],
        "templates": [
            {
                "text": t.text,
                "signature": list(t.signature),
                "cause": list(t.cause),
                "values": list(t.values),
                "origin": t.origin,
                "line": t.line,
                "first": t.first,
            }
            for t in p.templates
        ],
        "title_terms": list(p.title),
        "prose": sorted(p.text_terms),
        "code": sorted(p.code_terms),
        "length": p.length,
        "copy_key": p.copy_key,
        "link": section_link(e),
        "page_link": page_link(e) if alone else None,  # the only entry of its page: a link to the page names it
        "tf": dict(Counter(terms(indexed_text(e)))),
    }
