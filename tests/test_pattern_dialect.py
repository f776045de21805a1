"""The regular-expression dialect Python and the browser's JavaScript read alike: what it refuses,
and that every pattern of the spec is written in it (the parity test runs them in JavaScript)."""

from __future__ import annotations

import pytest
from spec_walk import spec_patterns

from kb.pattern import DialectError, Pattern


@pytest.mark.parametrize(
    ("source", "ignore_case", "why"),
    [
        (r"\Afoo", False, r"escape \A is not read alike in JavaScript"),
        (r"a++b", False, "'++' is not read alike in JavaScript"),
        (r"(?i:x)", False, "'(?i:' is not read alike in JavaScript"),
        (r"(?P<n>x)", False, "'(?P' is not read alike in JavaScript"),
        # JavaScript's "iu" folds Μ, μ and the micro sign together; Python's re.ASCII folds ASCII only.
        (r"\d+μs", True, "'μ' is folded to other cases in JavaScript, not under re.ASCII; write both, [μΜ]"),
    ],
)
def test_what_one_engine_would_read_otherwise_is_refused(source: str, ignore_case: bool, why: str) -> None:
    with pytest.raises(DialectError) as refused:
        Pattern(source, ignore_case)
    assert str(refused.value) == f"{source!r}: {why}"


def test_a_non_ascii_letter_written_in_both_cases_matches_both_in_python() -> None:
    duration = Pattern(r"\d+[μΜ]s", ignore_case=True)
    assert [bool(duration.regex.fullmatch(t)) for t in ("250μs", "900ΜS", "5ms")] == [True, True, False]
    assert Pattern(r"\d+μs").regex.fullmatch("250μs")  # case-sensitive: nothing to fold


def test_every_pattern_of_the_spec_is_in_the_dialect() -> None:
    patterns = list(spec_patterns())
    assert len(patterns) > 50
    for where, p in patterns:
        assert Pattern(p.source, p.ignore_case) == p, where
        assert p.regex.pattern == p.source, where  # compiled lazily: each must still compile


def test_a_pattern_is_compiled_when_first_used_not_when_written() -> None:
    # most of start-up was compiling every pattern of the spec; a run needs only those it reaches
    p = Pattern(r"x509: (?:certificate|cert) \w+")
    assert "regex" not in vars(p)
    assert p.regex.match("x509: certificate signed") and p.regex is p.regex  # compiled once
    assert "regex" in vars(p)
