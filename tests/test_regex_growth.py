"""No regular expression blows up on hostile input, in Python or in the browser.

Every pattern of the matcher's spec, and every compiled pattern of a module that reads pastes or
content, is run on adversarial *families* of text: a unit repeated n times, framed by what would
make a nested quantifier backtrack (a near-miss at the end: a key it cannot read, an unclosed
quote, ``(truncated)``). Time must grow no worse than about quadratically from n to 8n units; an
exponential pattern already fails at n (it is stopped after a few seconds). The browser's engine
runs the spec's patterns on the same families (``tests/js/regex_growth.js``).
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import re
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any, NamedTuple

import pytest
from spec_walk import spec_patterns

from matcher.spec import spec_data

HERE = Path(__file__).resolve().parent
GROWTH_JS = HERE / "js" / "regex_growth.js"
NODE = shutil.which("node") or shutil.which("nodejs")

BASE_CHARS = 300  # a family at n units is about this long; at 8n, eight times that
GROWTH = 8  # the larger size, in units of the smaller
RATIO = 200.0  # t(8n) / t(n): 8 is linear, 64 quadratic (up to 120 measured), 512 cubic
FLOOR = 0.005  # seconds: t(8n) below this passes whatever the ratio (noise on tiny times)
BUDGET = 3.0  # seconds for one run of one pattern: past this it is exploding
JS_TIMEOUT = 120  # seconds for node to run them all (it takes well under one)


class Family(NamedTuple):
    """``prefix + unit * n + suffix``."""

    name: str
    prefix: str
    unit: str
    suffix: str

    def text(self, n: int) -> str:
        return self.prefix + self.unit * n + self.suffix

    def units(self) -> int:
        return max(1, BASE_CHARS // len(self.unit))


# Units that nested quantifiers of log, mask and markdown patterns can consume in more than one way.
UNITS = [
    ".", "1.", "1", "9", "1.1.1.1:", "10.0.0.1 ", "1m", "1.5", "1h1m", "0x", "a", "ab", "a ", "a1", "aB", "Ab",
    "a-", "a.", "a/", "a:", "ab:", "a:b ", "a=", "a=b ", 'a="b" ', "a.b.", "x.svc.", "abcde-", "a1b2c-", "-", "--",
    "_", " ", "  ", "\t", "\n", "/", "/a", "~/", "./", "::", "::1", "f", "f:", "ffff:", "fe80::", "sha256:", '"',
    "'", "\\", '\\"', '"\\', 'x="', "=", "[", "]", "(", ")", "{", "{#", "<", "<ip>", ">", "> ", "`", "```", ":::",
    "#", "## ", "- ", "* ", "[a](", "](", "http://", "https://a", "@", "a@b", "$ ", "│", "─", "中", "中文", "月",
    "6月 ", "é", "Ж", "\x1b[", "\x1b[1;", "\x1b]", "\x1b", ",", ", ", "; ", ": ", " - ", "desc = ", "E0101 ",
    "Warning ", "Normal  X  ", "0/1 nodes are available: ", "1 node(s) x, ", "title=", "step 1: ", "if ",
]  # fmt: skip

# Whole lines around a repeated part, the way real pastes put them, ending in a near-miss.
LINES = [
    Family("klog pairs, then a key with a dash", '"msg"', ' key="v"', ' pod-template-hash="x"'),
    Family("klog pairs, then a key it cannot read", '"msg"', ' key="v"', " pod:template=x"),
    Family("klog pairs, truncated", '"msg"', ' key="v"', " (truncated)"),
    Family("klog pairs, unclosed quote", '"msg"', ' key="v"', ' k="v'),
    Family("klog pairs, escapes", '"msg"', ' k="a\\"b\\\\"', " (truncated)"),
    Family("klog pairs, unquoted", '"msg"', " k=v", ' "'),
    Family("klog message of escapes", '"', '\\"', ""),
    Family("logfmt pairs", "level=info", ' msg="x"', ' "'),
    Family("quoted runs", "", '"a" ', '"'),
    Family("klog header", "E0101 10:00:00.000000 1 ", "a.go:1] ", "!"),
    Family("event columns", "  Warning  ", "Failed  ", "(x"),
    Family("journald hosts", "May 12 17:56:22 ", "host ", "k[1]"),
    Family("prompt brackets", "[", "a@b ", "~]"),
    Family("ipv6 groups", "", "fe80:", ":1:"),
    Family("dotted hosts", "", "a-b.", "local-"),
    Family("paths", "", "/a.b", "/-"),
    Family("a dotted last part of a path, then /", "/x/", "a.", "a/"),
    Family("a dotted Windows path, then a backquote", "C:\\x\\", "a.", "`b"),
    Family("pod names", "", "web-", "x2k4p-"),
    Family("scheduler reasons", "0/3 nodes are available: ", "1 node(s) had taint, ", "preemption"),
    Family("markdown links", "", "[a](b", ")"),
    Family("fence titles", "```bash ", 'title="a" ', 'title="'),
    Family("front matter items", "tags:", "\n  - a", "\n -"),
    Family("heading ids", "## a ", "{#a} ", "{#"),
    Family("a command word, then one long word", "exec ", "a", ""),
    Family("table header columns", "NAME", "  NAME", "  !"),
    Family("table header, spaces", "NAME  READY", " ", "!"),
    Family("table header, padded tabs", "NAME", " \t NAME", " \t !"),
    Family("table header, spaces then tab", "NAME", " ", "\t!"),
    Family("a bold label left open over blanks", "**Symptom", " ", "x"),
    Family("a bold label's colon, then blanks", "**Symptom:", " ", "x"),
    Family("gdb frames' parentheses", "#1  f (", ") at ", "x"),
    Family("lldb thread names", "* thread #1", ", name = 'a'", ", stop"),
    Family("diagnostic arrows", "  ├", "─", "x"),
    Family("stern pods", "", "a-bcdfg ", "x"),
    Family("a word, then a long run of spaces", "abc", " ", "x"),
    Family("docker ps columns", "a1b2c3d4e5f6   ", "img  ", "Up 3"),
    Family("a file Go opened, its parts", "open ", "a/", "a:x"),
    Family("a file Go opened, its dots", "open ", "a.", "a1:x"),
    Family("files Go opened, one after another", "", "open a/b.c ", ":x"),
    Family("curl progress, then a header", "* ", "Trying ", "Host: a:"),
    Family("a quoted header in a command", "curl -H ", '"a: b" ', "a: "),
    Family("normal events, then no reason", "  Normal", "  ", "x"),
    Family("describe's events header, spaced", "Type", "  ", "Reason  x"),
    Family("a Python frame's file name of quotes", 'File "', "a", '", line x'),
    Family("a check's dot leader, then no status", "a", ".", "[FAIL]"),
    Family("a check's dot leaders, then no status", "a", "a...", "[ok] x"),
    Family("systemd's OK, spaces unclosed", "[", " ", "OK x"),
    Family("a link's label of words, then no colon", "", "Error ", "reference x"),
    Family("a link's pointer, then no link", "See ", "more info ", "x"),
    Family("a docfx extension's quoted attributes, never closed", ":::image", ' a="', ""),
    Family("a docfx extension's attributes, never closed", ":::image", " a=b", ' c="'),
]


def families() -> list[Family]:
    found = [Family(repr(u), "", u, end) for u in UNITS for end in ("", "!")]
    return found + [Family(f"{u!r} in quotes", '"', u, "") for u in UNITS] + LINES


def module_patterns() -> Iterator[tuple[str, re.Pattern[str]]]:
    """Every compiled pattern at the top of a module of kb, matcher and kbfind."""
    for package in ("kb", "matcher", "kbfind"):
        path = importlib.import_module(package).__path__
        for info in pkgutil.walk_packages(path, f"{package}."):
            if info.name.endswith("__main__"):
                continue
            for name, value in vars(importlib.import_module(info.name)).items():
                if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                    yield f"{info.name}.{name}", value


def all_patterns() -> dict[str, re.Pattern[str]]:
    found = dict(module_patterns())
    found.update({where: p.regex for where, p in spec_patterns()})
    return found


PATTERNS = all_patterns()


class Exploded(Exception):
    pass


def _stop(signum: int, frame: FrameType | None) -> None:
    raise Exploded


def run_time(pattern: re.Pattern[str], text: str, budget: float = BUDGET) -> float:
    """Seconds to find every match (what search, sub, split and findall all do)."""
    signal.setitimer(signal.ITIMER_REAL, budget)  # the regex engine checks signals as it runs
    try:
        start = time.perf_counter()
        for _ in pattern.finditer(text):
            pass
        return time.perf_counter() - start
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def growth_problem(pattern: re.Pattern[str], family: Family, budget: float = BUDGET) -> str | None:
    """``None`` when time grows at most about quadratically from n to 8n units, else why not.

    Noise only ever slows a run down, so each size is timed as the best of a few runs: of three
    at n (cheap, and a slow one would hide growth), and of one at 8n, then three more when that
    one alone fails."""
    n = family.units()
    small, large = family.text(n), family.text(GROWTH * n)
    try:
        t_small = min(run_time(pattern, small, budget) for _ in range(3))
        t_large = run_time(pattern, large, budget)
        if t_large > max(FLOOR, RATIO * t_small):
            t_large = min(t_large, *(run_time(pattern, large, budget) for _ in range(3)))
    except Exploded:
        return f"{family.name}: still running after {budget} s (n={n} or {GROWTH * n} units)"
    if t_large <= max(FLOOR, RATIO * t_small):
        return None
    return f"{family.name}: {t_small * 1e3:.2f} ms at n={n} units, {t_large * 1e3:.2f} ms at {GROWTH}n"


@pytest.fixture(scope="module")
def alarm() -> Iterator[None]:
    previous = signal.signal(signal.SIGALRM, _stop)
    yield
    signal.signal(signal.SIGALRM, previous)


def test_every_pattern_of_the_spec_and_of_the_readers_is_covered() -> None:
    assert len(PATTERNS) > 70
    assert {"spec.framing.klog_structured", "spec.masking.rules[ip].pattern", "kb.parse._FENCE_TITLE"} <= set(PATTERNS)


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_time_grows_at_most_quadratically(name: str, alarm: None) -> None:
    pattern = PATTERNS[name]
    problems = [p for f in families() if (p := growth_problem(pattern, f))]
    assert problems == [], f"{name} /{pattern.pattern}/"


def test_the_measure_catches_an_exponential_pattern(alarm: None) -> None:
    # The structured-klog pattern before it was fixed (issue 13): a value could be read as quoted
    # or as unquoted, so n pairs before a near-miss were tried 2**n ways.
    old = re.compile(r'^"((?:[^"\\]|\\.)*)"((?:\s+[\w.]+=(?:"(?:[^"\\]|\\.)*"|\S+))*)\s*$')
    problem = growth_problem(old, LINES[0], budget=0.5)
    assert problem is not None and "still running" in problem


def test_the_measure_passes_quadratic_growth_and_fails_cubic(alarm: None) -> None:
    quadratic = re.compile(r"a*b")  # no b: from every start, the rest of the run is read
    assert growth_problem(quadratic, Family("run of a", "", "a", "")) is None
    cubic = re.compile(r"a*a*b")  # and every way to split it in two
    assert growth_problem(cubic, Family("run of a", "", "a", ""), budget=0.5) is not None


def run_js(setup: dict[str, Any], tmp_path: Path) -> dict[str, Any]:
    """``tests/js/regex_growth.js``'s report on ``setup``."""
    if NODE is None:
        if os.environ.get("CI"):
            pytest.fail("node is not installed; .ci/run installs it with apt (nodejs)")
        pytest.skip("node is not installed (apt-get install nodejs)")
    limits = {"growth": GROWTH, "ratio": RATIO, "floor": FLOOR}
    (tmp_path / "setup.json").write_text(json.dumps({**limits, **setup}), "utf-8")
    try:
        run = subprocess.run(
            [NODE, str(GROWTH_JS), str(tmp_path / "setup.json")], capture_output=True, text=True, timeout=JS_TIMEOUT
        )
    except subprocess.TimeoutExpired as e:
        started = e.stderr.decode() if isinstance(e.stderr, bytes) else e.stderr or ""
        pytest.fail(f"still running after {JS_TIMEOUT} s, at the pattern {started.strip().splitlines()[-1:]}")
    assert run.returncode == 0, run.stderr
    report: dict[str, Any] = json.loads(run.stdout)
    return report


def exported_patterns(value: Any, where: str = "spec") -> Iterator[tuple[str, dict[str, str]]]:
    """Every ``{"source", "flags"}`` of the spec as the site exports it for the paste page."""
    if isinstance(value, dict) and set(value) == {"source", "flags"}:
        yield where, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from exported_patterns(v, f"{where}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from exported_patterns(v, f"{where}[{i}]")


def test_the_browser_s_engine_grows_alike(tmp_path: Path) -> None:
    patterns = dict(exported_patterns(spec_data()))
    assert len(patterns) == len(list(spec_patterns())) and "spec.framing.klog_structured" in patterns
    fams = [{**f._asdict(), "n": f.units()} for f in families()]
    report = run_js({"patterns": patterns, "families": fams}, tmp_path)
    assert report["checked"] == len(patterns) * len(fams)
    assert report["problems"] == []


def test_the_browser_s_measure_catches_a_cubic_pattern(tmp_path: Path) -> None:
    patterns = {"cubic": {"source": "a*a*b", "flags": ""}, "quadratic": {"source": "a*b", "flags": "i"}}
    run_of_a = {"name": "run of a", "prefix": "", "unit": "a", "suffix": "", "n": 80}
    report = run_js({"patterns": patterns, "families": [run_of_a]}, tmp_path)
    assert [p.split(":")[0] for p in report["problems"]] == ["cubic"]


def test_a_long_run_of_dots_is_no_check_read_again_at_each_dot(alarm: None) -> None:
    # a passed check's dot leader ("….....[ok]") began at every dot of a run: 19 s to index a 50 KB one
    from kb.kind import HEALTHY_ROW

    for text in ("a" + "." * 50_000 + "x", ("step " + "." * 4_000 + "x\n") * 10):
        assert run_time(HEALTHY_ROW.regex, text) < 0.5


def test_a_paragraph_that_opens_bold_over_a_long_run_of_blanks_is_read_at_once(alarm: None) -> None:
    # quadratic growth passes the measure above, but two runs of blanks that may split a long run
    # of them every way took minutes on a 50 KB paragraph ("**Symptom" and blanks that never close)
    from kb.templates import _BOLD_LABEL

    for text in ("**Symptom" + " " * 50_000 + "x", "**Symptom:" + " " * 50_000 + "x", "**" + " \t" * 25_000):
        assert run_time(_BOLD_LABEL, text) < 0.5


def test_a_long_word_after_an_intro_s_logged_in_is_read_at_once(alarm: None) -> None:
    # a word that the phrase's optional spaces could split every way took minutes at 120 letters
    # ("Errors will be logged by kube-controller-manager-and-…-node when it fails.": 19 s to index)
    from kb.templates import _INTRO

    for text in ("errors will be logged in " + "a" * 20_000 + "!", "Errors are shown by " + "x-" * 10_000 + " as"):
        assert run_time(_INTRO, text) < 0.5
