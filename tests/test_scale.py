"""The scale benchmark, quick: a 1k-entry synthetic knowledge base end to end."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import TEMPLATES, generate

from kb import load_entries


def test_generator_writes_what_it_labels(tmp_path: Path) -> None:
    cases = generate(tmp_path, 1000, seed=3, cases=100)
    entries, problems = load_entries(tmp_path)
    assert problems == [] and len(entries) == 1000
    titles = {e.title for e in entries}
    assert len(cases) == 100 and all(c["expect"][0] in titles for c in cases)
    assert len({p.parent for p in tmp_path.rglob("*.md")}) > 5 and len(TEMPLATES) >= 60
    again = tmp_path / "again"
    assert generate(again, 1000, seed=3, cases=100) == cases  # deterministic


@pytest.mark.slow
def test_quick_scale_benchmark() -> None:
    run = subprocess.run(
        [sys.executable, "benchmarks/scale.py", "--sizes", "1000", "--cases", "60", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    (row,) = json.loads(run.stdout)
    assert row["entries"] == 1000 and row["cases"] == 60
    assert row["query_top1"] >= 0.9
    assert row["rebuild_s"] < row["build_s"]


@pytest.mark.slow
def test_a_long_build_shows_progress_on_a_terminal(tmp_path: Path) -> None:
    generate(tmp_path / "kb", 3000, seed=1, cases=0)
    env = {**os.environ, "KBFIND_CACHE_DIR": str(tmp_path / "cache")}
    pid, fd = pty.fork()
    if pid == 0:  # the child: kbfind with a terminal on stdout and stderr
        try:
            os.chdir(ROOT)
            os.execve(sys.executable, [sys.executable, "-m", "kbfind", "--kb", str(tmp_path / "kb"), "x"], env)
        finally:
            os._exit(127)  # never go on running the tests in a second process
    out = b""
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.waitpid(pid, 0)
    assert b"kbfind: indexing" in out and b"files" in out
