"""Candidate retrieval is BM25 as written down: the same scores as a brute-force count over every
entry's text, and entries tied at the cut taken in file and line order."""

from __future__ import annotations

import json
import math
from collections import Counter

import pytest
from conftest import CONTENT, DATA

from kb import Entry, KnowledgeBase, load_entries, open_kb, terms
from kb.vocabulary import indexed_text
from matcher.retrieval import candidate_count, retrieve
from matcher.spec import SPEC

Ranked = list[tuple[str, float]]


def brute_force(entries: list[Entry], wanted: list[str], limit: int) -> Ranked:
    """BM25 without length normalization, entry by entry, from the entries' own text."""
    spec = SPEC.retrieval
    counts = [Counter(terms(indexed_text(e))) for e in entries]
    df = Counter(t for c in counts for t in c)
    n = len(entries)
    known = sorted((df[t], t) for t in dict.fromkeys(wanted) if df[t])
    cap = max(spec.common_floor, n // spec.common_share)
    looked_up = []
    for i, (d, t) in enumerate(known[: spec.max_terms]):
        if d > cap and i >= spec.min_terms:
            break
        looked_up.append((d, t))
    scores: dict[int, float] = {}
    for d, t in looked_up:  # rarest first, as retrieval adds them up
        idf = math.log(n / (d + 1)) + 1
        for i, c in enumerate(counts):
            if tf := c[t]:
                scores[i] = scores.get(i, 0.0) + idf * tf * (spec.k1 + 1) / (tf + spec.k1)
    best = sorted(scores, key=lambda i: (-scores[i], entries[i].page, entries[i].line))[:limit]
    return [(entries[i].key, scores[i]) for i in best]


def retrieved(kb: KnowledgeBase, wanted: list[str], limit: int) -> Ranked:
    return [(e.key, score) for e, _, score in retrieve(kb, wanted, limit)]


def same(got: Ranked, want: Ranked) -> bool:
    return [k for k, _ in got] == [k for k, _ in want] and all(
        math.isclose(g, w, rel_tol=1e-12) for (_, g), (_, w) in zip(got, want, strict=True)
    )


def queries() -> list[str]:
    pastes = [json.loads(line)["query"] for line in (DATA / "dev-pastes.jsonl").read_text("utf-8").splitlines() if line]
    return [*pastes, "pod stuck terminating", "容器时区不对", "volume"]


def test_scores_equal_brute_force_bm25_on_the_bundled_faq() -> None:
    entries, _ = load_entries(CONTENT)
    entries.sort(key=lambda e: (e.page, e.line))
    with open_kb(CONTENT) as kb:
        limit = candidate_count(len(kb))
        for query in [*queries(), *(e.title for e in entries), *(e.body for e in entries)]:
            wanted = terms(query)
            for n in (1, limit, 1000):
                got, want = retrieved(kb, wanted, n), brute_force(entries, wanted, n)
                assert same(got, want), (query[:80], n, got[:5], want[:5])


@pytest.mark.parametrize(
    "query",
    [
        "orphaned pod cleanup",
        "free volume space",  # volume: in almost every entry, 1 to 3 times
        "volume disk pressure node7 orphaned",  # the common terms past the third are not looked up
        "newword 新的条目",
    ],
)
def test_scores_equal_brute_force_bm25_after_an_update(updated_kb: KnowledgeBase, query: str) -> None:
    entries, _ = load_entries(updated_kb.root)
    entries.sort(key=lambda e: (e.page, e.line))
    for n in (1, 5, 15, 40, 1000):
        got, want = retrieved(updated_kb, terms(query), n), brute_force(entries, terms(query), n)
        assert same(got, want), (query, n, got[:5], want[:5])


def test_entries_tied_at_the_cut_are_taken_in_file_and_line_order(updated_kb: KnowledgeBase) -> None:
    # Thirty entries, ten a page, are the same: a.md's were written last (it was edited), so
    # their document numbers come after b.md's and c.md's, and yet they come first.
    got = retrieve(updated_kb, terms("orphaned pod cleanup"), 15)
    assert len({score for _, _, score in got}) == 1
    assert [(e.page, e.line) for e, _, _ in got] == [("a.md", 1 + 40 * i) for i in range(10)] + [
        ("b.md", 1 + 40 * i) for i in range(5)
    ]
