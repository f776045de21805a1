"""The parity corpus: Python's output at every stage of the matcher, for the browser to reproduce.

Each golden file ``tests/data/parity/<name>.jsonl.gz`` holds, for every query of one knowledge base,
the segments (framed and masked text, rules), the terms of each segment, the candidates and
their keyword scores, every candidate's score, and the ``kbfind --json`` object. The queries are
every labelled paste, every heading typed as written, every line of the bundled FAQ, lines in
other scripts and widths, and the pastes and headings of a generated 2,000-entry knowledge base. ``tests/test_parity.py`` runs the JavaScript
matcher on the same queries and data and requires the same output, stage by stage.

Regenerate after a deliberate change of the matcher (and look at the diff):

    .venv/bin/python tests/parity.py
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "data"
GOLDEN = DATA / "parity"
MATCHER_JS = ROOT / "kbfind" / "plugin" / "assets" / "kbfind-matcher.js"
STAGES_JS = HERE / "js" / "stages.js"
GENERATED_ENTRIES = 2_000
GENERATED_CASES = 150
GENERATED_HEADINGS = 150


@dataclass(frozen=True)
class Corpus:
    name: str
    kb: Path
    queries: tuple[str, ...]


def corpora(generated_root: Path | None = None) -> Iterator[Corpus]:
    """Every corpus; the generated knowledge base is written under ``generated_root`` if given."""
    faq = ROOT / "content"
    yield Corpus("k8s-faq", faq, tuple(dict.fromkeys([*_faq_queries(faq), *_headings(faq)])))
    for kb in sorted(p for p in (DATA / "kbs").iterdir() if p.is_dir()):
        cases = [json.loads(line)["query"] for line in (kb / "pastes.jsonl").read_text("utf-8").splitlines() if line]
        yield Corpus(kb.name, kb / "docs", tuple(dict.fromkeys([*cases, *_headings(kb / "docs")])))
    if generated_root is not None:
        yield _generated(generated_root)


def _faq_queries(faq: Path) -> Iterator[str]:
    for name in ("dev-pastes.jsonl", "pastes-real.jsonl", "pastes-negative.jsonl"):
        for line in (DATA / name).read_text("utf-8").splitlines():
            if line.strip():
                yield json.loads(line)["query"]
    for line in (faq / "k8s-faq.md").read_text("utf-8").splitlines():
        if line.strip():
            yield line
    for name in ("scripts.txt", "structured.txt"):  # other scripts and widths; JSON and logfmt lines
        yield from (line for line in (GOLDEN / name).read_text("utf-8").splitlines() if line.strip())
    for line in (GOLDEN / "multiline.jsonl").read_text("utf-8").splitlines():  # wrapped and escaped lines
        if line.strip():
            yield json.loads(line)["query"]


def _headings(root: Path) -> Iterator[str]:
    """Every heading typed as written, and in lower case (the look-up rule ignores case)."""
    from kb import open_kb

    with open_kb(root) as kb:
        titles = [e.title for e in kb.entries()]
    yield from titles
    yield from (t.lower() for t in titles)


def _generated(root: Path) -> Corpus:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate

    kb = root / "generated-2k"
    cases = generate(kb, GENERATED_ENTRIES, seed=7, cases=GENERATED_CASES)
    # and headings typed as written, where thousands of entries share their words: the look-up
    # finds the entry that keyword scores alone leave out of the candidates
    headings = list(_headings(kb))[:GENERATED_HEADINGS]
    return Corpus("generated-2k", kb, tuple(dict.fromkeys([*(str(c["query"]) for c in cases), *headings])))


def python_stages(matcher: Any, order: dict[str, int], query: str) -> dict[str, Any]:
    """What each stage of the Python matcher made of ``query``, in the JavaScript's shape;
    candidates are named by their position in the knowledge base (``order``: entry key → position)."""
    from kbfind.payload import result_json

    st = matcher.stages(query, 5)
    return {
        "query": query,
        "segments": [
            [s.line, s.kind, s.text, s.masked.text, [*s.rules, *(f"mask:{r}" for r in s.masked.rules)]]
            for s in st.segments
        ],
        "terms": [[list(v.masked_sequence), list(v.content), list(v.tail)] for v in st.views],
        "candidates": [
            [order[p.entry.key], _num(bm25), _num(s.score)]
            for (p, bm25), s in zip(st.candidates, st.scored, strict=True)
        ],
        "result": result_json(matcher.analyze(query, 5)),
    }


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _num(x: float) -> float:
    return float(f"{x:.12g}")


def golden_path(name: str) -> Path:
    return GOLDEN / f"{name}.jsonl.gz"


def write(generated_root: Path) -> None:
    from kb import open_kb
    from matcher import Matcher

    for corpus in corpora(generated_root):
        with open_kb(corpus.kb) as kb:
            m = Matcher(kb)
            order = {e.key: i for i, e in enumerate(kb.entries())}
            cases = [python_stages(m, order, q) for q in corpus.queries]
        text = "\n".join(json.dumps(c, ensure_ascii=False, separators=(",", ":")) for c in cases) + "\n"
        text = _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)  # an input's undecodable bytes, escaped
        golden_path(corpus.name).write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
        print(f"{golden_path(corpus.name).relative_to(ROOT)}: {len(cases)} queries")


def read(name: str) -> list[dict[str, Any]]:
    text = gzip.decompress(golden_path(name).read_bytes()).decode("utf-8")
    return [json.loads(line) for line in text.splitlines() if line]


if __name__ == "__main__":
    import os
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("KBFIND_CACHE_DIR", str(Path(tmp) / "cache"))
        write(Path(tmp))
