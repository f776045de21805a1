"""``kb lint``'s near-duplicate check scales with the knowledge base and finds exactly the pairs
that comparing every pair of headings finds."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from kb import Locations, open_kb
from matcher import Matcher
from matcher.lint import _duplicates, _twin_pairs
from matcher.profile import profile
from matcher.spec import SPEC

WORDS = [f"w{i}" for i in range(400)]
GENERIC = ["error", "failed", "cannot", "not", "found", "invalid", "file", "unable", "denied", "to"]


def weights(rng: random.Random) -> dict[str, float]:
    """Rarer words weigh more, generic ones little, placeholders a fixed 0.5; many ties."""
    w = {t: round(rng.uniform(1.0, 9.0), 1) for t in WORDS}
    w.update({t: round(rng.uniform(0.1, 0.6), 2) for t in GENERIC})
    w.update({"<num>": 0.5, "<path>": 0.5, "<ip>": 0.5})
    return w


def signatures(rng: random.Random, count: int, twins: float) -> list[tuple[str, ...]]:
    """Heading-like signatures; a ``twins`` share of them are near copies of an earlier one (a
    word added, dropped, replaced, or the words reordered), and a few are empty or repeated exactly."""
    vocab = [*WORDS, *GENERIC, "<num>", "<path>", "<ip>"]
    out: list[tuple[str, ...]] = []
    for _ in range(count):
        roll = rng.random()
        if out and roll < twins:
            base = list(rng.choice(out))
            change = rng.randrange(5)
            if change == 0:
                base.append(rng.choice(vocab))
            elif change == 1 and len(base) > 1:
                base.pop(rng.randrange(len(base)))
            elif change == 2 and base:
                base[rng.randrange(len(base))] = rng.choice(vocab)
            elif change == 3:
                rng.shuffle(base)
            out.append(tuple(dict.fromkeys(base)))
        elif roll > 0.99:
            out.append(())
        else:
            size = rng.randint(1, 9)
            out.append(tuple(dict.fromkeys([*rng.sample(WORDS, size // 2 + 1), *rng.sample(GENERIC, size // 2)])))
    return out


def all_pairs(sigs: list[tuple[str, ...]], w: Callable[[str], float], threshold: float) -> list[tuple[int, int]]:
    """The reference: every pair compared (what ``kb lint`` did before it filtered candidates)."""
    found = []
    for i, sa in enumerate(sigs):
        for j in range(i + 1, len(sigs)):
            sb = sigs[j]
            union = both = 0.0
            for t in dict.fromkeys(sa + sb):
                union += w(t)
                if t in sa and t in sb:
                    both += w(t)
            if union and both / union >= threshold:
                found.append((i, j))
    return found


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("threshold", [SPEC.decide.twin_similarity, 0.5, 0.7, 0.95, 1.0])
def test_candidate_pairs_are_exactly_the_pairs_all_pairs_find(seed: int, threshold: float) -> None:
    rng = random.Random(seed)
    w = weights(rng)
    sigs = signatures(rng, 300, twins=0.6)
    expected = all_pairs(sigs, w.__getitem__, threshold)
    assert expected, "the sample should hold near-duplicates"
    assert _twin_pairs(sigs, w.__getitem__, threshold) == expected


def test_the_duplicate_check_of_thousands_of_headings_is_not_quadratic() -> None:
    rng = random.Random(7)
    w = weights(rng)
    sigs = signatures(rng, 10_000, twins=0.1)
    start = time.perf_counter()
    pairs = _twin_pairs(sigs, w.__getitem__, SPEC.decide.twin_similarity)
    elapsed = time.perf_counter() - start
    assert elapsed < 20, f"{elapsed:.1f} s for 10,000 headings (all 50 million pairs take minutes)"
    assert pairs and all(i < j for i, j in pairs) and pairs == sorted(pairs)


NEAR = [
    "x509: certificate signed by unknown authority",
    "Error: connect ECONNREFUSED 127.0.0.1:5432",
    "ModuleNotFoundError: No module named 'requests'",
    "permission denied while trying to connect to the Docker daemon socket",
    "fatal: refusing to merge unrelated histories",
]


def test_lint_reports_the_same_near_duplicates_as_comparing_every_pair(tmp_path: Path, cache_dir: Path) -> None:
    rng = random.Random(3)
    heads = []
    for i in range(300):
        if i % 3 == 0:
            base = rng.choice(NEAR)
            heads.append(rng.choice([base, base + "!", f"{base} (again)", f"{base} on {rng.choice(WORDS)}"]))
        else:
            words = rng.sample(WORDS, 3)
            heads.append(f"{rng.choice(GENERIC)} {words[0]}: {words[1]} {rng.choice(GENERIC)} {words[2]} {i}")
    root = tmp_path / "kb"
    root.mkdir()
    for part in range(3):
        text = "".join(f"## {h}\n\nFix it.\n\n" for h in heads[part * 100 : (part + 1) * 100])
        (root / f"part{part}.md").write_text(text, "utf-8")
    with open_kb(root) as kb:
        matcher = Matcher(kb)
        where = Locations(kb.root.name, kb.root.is_file())
        entries = list(kb.entries())
        found = [(f.path, f.line, f.message) for f in _duplicates(matcher, entries, where)]
        sigs = [(e, t.signature) for e in entries for t in profile(e).templates[:1] if t.origin == "heading"]
        pairs = all_pairs([s for _, s in sigs], matcher.weights, SPEC.decide.twin_similarity)
        expected = [
            (
                where.source(b),
                b.line,
                f"{b.title!r} states the same problem as {a.title!r} ({where.source(a)}:{a.line})",
            )
            for a, b in ((sigs[i][0], sigs[j][0]) for i, j in pairs)
        ]
    assert len(expected) > 100, "the knowledge base should hold many near-duplicates"
    assert found == expected
