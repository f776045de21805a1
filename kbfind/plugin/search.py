"""Chinese and Japanese in the site's search: the CJK bigrams of every title and text go into
the search index (``cjk_title``, ``cjk``), so that ``时区`` finds ``Pod 时区`` and ``资源`` finds
``预留资源``. The browser's search splits a Chinese query into the index's known tokens, and
bigrams are what it finds: the approach of Lucene's CJK analyzer and of ``kb.terms`` — no
dictionary, nothing to load."""

from __future__ import annotations

import json
import re
from pathlib import Path

from kb.terms import CJK_CLASS

__all__ = ["add_cjk_fields", "cjk_bigrams"]

_CJK_RUN = re.compile(f"[{CJK_CLASS}]{{2,}}")
_TAGS = re.compile(r"<[^<>]{0,2000}>")
_FIELDS = {"cjk_title": {"boost": 1000.0}, "cjk": {"boost": 1.0}}


def cjk_bigrams(text: str) -> str:
    """``删除卡在 Terminating`` → ``删除 除卡 卡在``: the overlapping bigrams of each CJK run."""
    grams = [run[i : i + 2] for m in _CJK_RUN.finditer(text) for run in [m.group()] for i in range(len(run) - 1)]
    return " ".join(dict.fromkeys(grams))


def add_cjk_fields(index_path: Path) -> bool:
    """Add the bigram fields to the search index at ``index_path`` (``search_index.json`` of the
    ``search`` plugin); ``False``, and the file untouched, when no document has CJK text, or when the
    index names no fields to search (MkDocs' own themes: their search has fields of its own)."""
    index = json.loads(index_path.read_text("utf-8"))
    if not isinstance(index.get("config", {}).get("fields"), dict):
        return False
    grams = [(cjk_bigrams(d.get("title", "")), cjk_bigrams(_TAGS.sub(" ", d.get("text", "")))) for d in index["docs"]]
    if not any(title or text for title, text in grams):
        return False
    for doc, (title, text) in zip(index["docs"], grams, strict=True):
        doc.update(cjk_title=title, cjk=text)
    index["config"]["fields"].update(_FIELDS)
    index_path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), "utf-8")
    return True
