"""The accuracy targets, on the development set and on our own labelled pastes."""

import pytest
from conftest import CONTENT, DATA

from kb import open_kb
from matcher.evaluate import evaluate, load_cases

SETS = {
    "dev": [DATA / "dev-pastes.jsonl"],
    "ours": [DATA / "pastes-real.jsonl", DATA / "pastes-negative.jsonl"],
}


@pytest.mark.parametrize("name", SETS)
def test_targets(name: str) -> None:
    cases = [c for path in SETS[name] for c in load_cases(path)]
    with open_kb(CONTENT) as kb:
        figures = evaluate(cases, kb).figures
    assert figures["top1"] >= 0.92, figures
    assert figures["top3"] >= 0.97, figures
    assert figures["refused"] >= 0.90, figures
    assert figures["confident_wrong"] <= 0.03, figures


def test_our_set_is_large_enough_and_sourced() -> None:
    cases = [c for path in SETS["ours"] for c in load_cases(path)]
    assert len(cases) >= 80
    assert sum(c.negative for c in cases) >= len(cases) / 4
    assert all(c.source and c.source != "paraphrase" for c in cases)
