"""The matcher as data, for the site's paste page: the same rules, terms and model, as JSON.

The browser script (``site/assets/kbfind-paste.js``) applies these in the same order as the
Python matcher: framing rules, masking rules, terms (with the synonym phrases), weights,
features and the fitted logistic model. Nothing here is written twice: every pattern and number
is read from the module that owns it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Any

from kb import KnowledgeBase, entry_url, terms
from kb.index import _K1, MAX_QUERY_TERMS
from kb.synonyms import CONCEPT_PREFIX, SYNONYM_GROUPS
from kb.terms import STOPWORDS
from matcher import api, features, framing, masking, segments, weights
from matcher.calibration import TERMS, default_calibration
from matcher.decide import SUGGESTION_FLOOR
from matcher.profile import CLAUSE, profile

__all__ = ["browser_data", "js_regex"]

EXPORT_VERSION = 1

_POSSESSIVE = re.compile(r"(?<!\\)([*+?}])\+")


def js_regex(pattern: re.Pattern[str]) -> dict[str, str]:
    """A Python pattern as a JavaScript ``RegExp(source, flags)``.

    The patterns are written in the subset both engines share; the one Python-only construct
    used, possessive quantifiers (``x++``, ``x*+``), becomes the plain greedy one.
    """
    source = _POSSESSIVE.sub(r"\1", pattern.pattern)
    flags = "i" if pattern.flags & re.IGNORECASE else ""
    return {"source": source, "flags": flags}


def browser_data(kb: KnowledgeBase, base_url: str = "") -> dict[str, Any]:
    """Everything the paste page needs to score a paste against ``kb`` as the CLI does."""
    w = api._weights(kb)
    entries = list(kb.entries())
    return {
        "version": EXPORT_VERSION,
        "rules": _rules(),
        "terms": _terms(),
        "weights": _weights(kb, w, entries),
        "model": _model(kb),
        "entries": [_entry(e, w, base_url) for e in entries],
    }


def _rules() -> dict[str, Any]:
    return {
        "escapes": js_regex(framing._ESCAPES),
        "controls": js_regex(framing._CONTROLS),
        "fence": js_regex(framing._FENCE),
        "ruler": js_regex(framing._RULER),
        "framing": [
            {"name": r.name, **js_regex(r.pattern), "repl": r.repl if isinstance(r.repl, str) else ""}
            for r in framing.FRAMING_RULES
        ],
        "prompt": js_regex(framing._PROMPT),
        "command_word": js_regex(framing._COMMAND_WORD),
        "logfmt": js_regex(framing._LOGFMT),
        "klog_structured": js_regex(framing._KLOG_STRUCTURED),
        "masking": [{"name": r.name, **js_regex(r.pattern)} for r in masking.MASK_RULES],
        "trailing": masking._TRAILING,
        "mask_rounds": masking._ROUNDS,
        "placeholder": js_regex(masking.PLACEHOLDER),
        "shape": js_regex(segments._SHAPE),
        "scheduler": js_regex(segments._SCHEDULER),
        "reason_split": js_regex(segments._REASON_SPLIT),
        "fit_summary": js_regex(segments._FIT_SUMMARY),
        "clause": js_regex(CLAUSE),
        "keep_names": sorted(features._KEEP_NAMES),
        "max_lines": segments.MAX_LINES,
        "max_line_chars": segments.MAX_LINE_CHARS,
        "max_segment_chars": segments.MAX_SEGMENT_CHARS,
        "relevance_words": api._RELEVANCE_WORDS,
        "relevance_word": js_regex(api._WORD),
        "error_cue": js_regex(api._ERROR_CUE),
    }


def _terms() -> dict[str, Any]:
    from kb.terms import _CAMEL, _CJK, _LONGEST, _MAX_TERM, _SEPARATOR, _SUBCOMPOUND, _TOKEN, _phrases

    return {
        "token": js_regex(_TOKEN),
        "cjk": {"source": f"[{_CJK}]", "flags": ""},
        "separator": js_regex(_SEPARATOR),
        "subcompound": js_regex(_SUBCOMPOUND),
        "camel": js_regex(_CAMEL),
        "stopwords": sorted(STOPWORDS),
        "phrases": {"\u0001".join(k): v for k, v in _phrases().items()},
        "longest_phrase": _LONGEST,
        "max_term": _MAX_TERM,
        "concept_prefix": CONCEPT_PREFIX,
        "groups": len(SYNONYM_GROUPS),
    }


def _weights(kb: KnowledgeBase, w: weights.Weights, entries: list[Any]) -> dict[str, Any]:
    df: Counter[str] = Counter()
    for e in entries:
        df.update(set(terms(f"{e.title}\n{' '.join(e.tags)}\n{e.body}")))
    n = len(kb)
    return {
        "doc_count": n,
        "unit": w.unit,
        "average_length": w.average_length,
        "generic": sorted(weights.GENERIC),
        "generic_factor": weights.GENERIC_FACTOR,
        "placeholder_weight": weights.PLACEHOLDER_WEIGHT,
        "cjk_function": "".join(sorted(weights._CJK_FUNCTION)),
        "df": dict(sorted(df.items())),
        "unknown_idf": math.log(1 + (n + 0.5) / 0.5),
    }


def _model(kb: KnowledgeBase) -> dict[str, Any]:
    cal = default_calibration()
    return {
        "terms": list(TERMS),
        "intercept": cal.intercept,
        "coef": list(cal.coef),
        "threshold": cal.threshold,
        "suggestion_floor": SUGGESTION_FLOOR,
        "candidates": api.candidates_for(len(kb)),
        "max_query_terms": MAX_QUERY_TERMS,
        "twin_similarity": api.TWIN_SIMILARITY,
        "mass_cap": features._MASS_CAP,
        "code_credit": features._CODE_CREDIT,
        "length_b": features._LENGTH_B,
        "bm25": {"k1": _K1},
    }


def _entry(e: Any, w: weights.Weights, base_url: str) -> dict[str, Any]:
    p = profile(e)
    all_terms = Counter(terms(f"{e.title}\n{' '.join(e.tags)}\n{e.body}"))
    return {
        "id": e.id,
        "title": e.title,
        "kind": e.kind,
        "url": entry_url(e, base_url),
        "source": f"{e.source}:{e.line}",
        "unanswered": e.unanswered,
        "template": p.template,
        "signature": list(p.signature),
        "cause": list(p.cause),
        "prose": sorted(p.text_terms),
        "code": sorted(p.code_terms),
        "length": p.length,
        "tf": dict(sorted(all_terms.items())),
    }
