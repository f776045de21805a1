"""Properties that hold for any text (hypothesis): nothing raises, normalization is stable."""

from __future__ import annotations

import time

from conftest import CONTENT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb.parse import parse_markdown
from kb.terms import terms
from matcher import analyze
from matcher.framing import frame_line
from matcher.masking import mask

# Text with the characters pastes are made of: log punctuation, digits, quotes, CJK, emoji,
# control characters and markdown markup, not only letters.
ALPHABET = st.sampled_from(
    [
        *list("abcxyzE0123456789 .:/-_\"'=[]{}()<>#*`~|\\\t\n\r\x00\x1b@,;!?"),
        "中",
        "文",
        "时",
        "区",
        "🔥",
        "é",
        "ש",
        "\u200b",
        "\ufeff",
    ]
)
TEXT = st.text(alphabet=ALPHABET, max_size=300)
LOG_WORDS = st.sampled_from(
    ["E0101 10:00:00.000000", "1", "kubelet.go:12]", '"msg"', 'err="x"', "level=info", 'msg="a b"', "10.0.0.1:80",
     "May 1 10:00:00 host k[1]:", "  Warning  Failed  3m  kubelet", "0/3 nodes are available:", "3 node(s) x,",
     "x509:", "```", ">", "│", "$", "#", "[a@b ~]$", "time=\"t\"", "sha256:abcdef012345", "web-7d9f8c6b5-x2k4p"]
)  # fmt: skip
LOG_LINES = st.lists(LOG_WORDS | TEXT, max_size=12).map(" ".join)
FAST = settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


def normalize(line: str) -> str:
    framed = frame_line(line)
    return mask(framed.text).text if framed else ""


@FAST
@given(LOG_LINES)
def test_normalization_never_raises_and_is_idempotent(line: str) -> None:
    start = time.perf_counter()
    once = normalize(line)
    assert normalize(once) == once
    assert time.perf_counter() - start < 1.0


@FAST
@given(TEXT)
def test_masking_is_idempotent_and_keeps_values(text: str) -> None:
    masked = mask(text)
    assert mask(masked.text).text == masked.text
    assert "".join(value for value, _ in masked.pieces) == text


@FAST
@given(TEXT)
def test_terms_never_raise(text: str) -> None:
    assert all(isinstance(t, str) and t for t in terms(text))


@FAST
@given(
    st.text(max_size=400)
    | st.lists(
        st.sampled_from(["## ", "# ", "```", "---", "tags: [a]", ":::tip", ":::", "{#x}", "\n", "a", "- b", "~~~"]),
        max_size=40,
    ).map("".join)
)
def test_the_parser_never_raises(text: str) -> None:
    entries, _ = parse_markdown(text, "f.md", "f.md")
    assert all(e.line >= 1 and e.title == e.title.strip() for e in entries)


@settings(max_examples=120, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(LOG_LINES)
def test_match_never_raises_and_scores_are_probabilities(paste: str) -> None:
    result = analyze(paste, CONTENT)
    for m in (*result.matches, *result.suggestions):
        assert 0.0 <= m.score <= 1.0
    assert all(m.confident for m in result.matches) and not any(m.confident for m in result.suggestions)
