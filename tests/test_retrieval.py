"""Candidate retrieval is BM25 as written down: the same scores as a brute-force count over every
entry's text, and entries tied at the cut taken in file and line order; long sections do not
crowd out the short entry a paste is about."""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CONTENT, DATA

from kb import Entry, KnowledgeBase, load_entries, open_kb, terms
from kb.vocabulary import indexed_text
from matcher import match
from matcher.retrieval import candidate_count, generic_damping, retrieve
from matcher.spec import SPEC
from matcher.weights import Weights

Ranked = list[tuple[str, float]]


def brute_force(entries: list[Entry], wanted: list[str], limit: int) -> Ranked:
    """BM25 with its length norm, generic words damped by the knowledge base's size, entry by
    entry, from the entries' own text."""
    spec = SPEC.retrieval
    counts = [Counter(terms(indexed_text(e))) for e in entries]
    df = Counter(t for c in counts for t in c)
    n = len(entries)
    lengths = [sum(c.values()) for c in counts]
    average = max(sum(lengths) / n, 1.0)
    k1, b = spec.k1, spec.length_b
    known = sorted((df[t], t) for t in dict.fromkeys(wanted) if df[t])
    cap = max(spec.common_floor, n // spec.common_share)
    looked_up = []
    for i, (d, t) in enumerate(known[: spec.max_terms]):
        if d > cap and i >= spec.min_terms:
            break
        looked_up.append((d, t))
    generic = Weights(n, df.__getitem__).generic
    damping = 1 - (1 - SPEC.weights.generic_factor) * SPEC.weights.background_strength / (
        n + SPEC.weights.background_strength
    )
    scores: dict[int, float] = {}
    for d, t in looked_up:  # rarest first, as retrieval adds them up
        idf = (math.log(n / (d + 1)) + 1) * (damping if generic(t) else 1.0)
        for i, c in enumerate(counts):
            if tf := c[t]:
                norm = k1 * (1 - b + b * lengths[i] / average)
                scores[i] = scores.get(i, 0.0) + idf * tf * (k1 + 1) / (tf + norm)
    best = sorted(scores, key=lambda i: (-scores[i], entries[i].page, entries[i].line))[:limit]
    return [(entries[i].key, scores[i]) for i in best]


def retrieved(kb: KnowledgeBase, wanted: list[str], limit: int) -> Ranked:
    return [(e.key, score) for e, _, score in retrieve(kb, wanted, limit, generic(kb))]


def generic(kb: KnowledgeBase) -> Callable[[str], bool]:
    return Weights(len(kb), kb.doc_frequency).generic


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
    got = retrieve(updated_kb, terms("orphaned pod cleanup"), 15, generic(updated_kb))
    assert len({score for _, _, score in got}) == 1
    assert [(e.page, e.line) for e, _, _ in got] == [("a.md", 1 + 40 * i) for i in range(10)] + [
        ("b.md", 1 + 40 * i) for i in range(5)
    ]


def test_a_long_section_holding_every_word_does_not_crowd_out_the_entry_named_by_the_paste(
    cache_dir: object, tmp_path: Path
) -> None:
    # A real notes tree: configuration references of thousands of words hold every common word of
    # a paste, many times. Without BM25's length norm they outscore the entry whose heading is it.
    notes = tmp_path / "notes"
    notes.mkdir()
    heading = "Unable to connect to the server: x509: certificate is valid for 10.1.1.2, not 1.2.3.4"
    (notes / "faq.md").write_text(f"## {heading}\n\nAdd the address to the certificate's SANs.\n", "utf-8")
    for i in range(40):  # most sections are short, as in any notes tree
        (notes / f"topic{i}.md").write_text(f"## topic {i}\n\nHow thing{i} is set up, with the steps.\n", "utf-8")
    filler = " ".join(f"setting{i} takes a value" for i in range(600))
    words = "unable to connect to the server x509 certificate is valid not"
    reference = "\n\n".join([filler, *[words] * 3])
    for name in ("hostapd", "libvirtd", "redis"):
        (notes / f"{name}.md").write_text(f"## {name} reference\n\n{reference}\n", "utf-8")
    paste = "Unable to connect to the server: x509: certificate is valid for 10.0.0.1, 10.96.0.1, not 34.12.56.78"
    with open_kb(notes) as kb:
        first, *_ = retrieve(kb, terms(paste), 4, generic(kb))
        assert first[0].title == heading
        assert match(paste, kb=notes)[0].entry.title == heading


def test_generic_words_are_damped_as_much_as_the_knowledge_base_is_small() -> None:
    factor = SPEC.weights.generic_factor
    assert generic_damping(0) == pytest.approx(factor)
    assert factor < generic_damping(50) < 0.3 < 0.95 < generic_damping(10_000) < 1
