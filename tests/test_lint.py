"""The code stays formatted, lint-clean and type-checked (strict) — CI fails otherwise."""

import subprocess
import sys

from conftest import ROOT

PATHS = ["kb", "matcher", "kbfind", "tests", "benchmarks", "site"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_lint() -> None:
    result = run("ruff", "check", *PATHS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format() -> None:
    result = run("ruff", "format", "--check", *PATHS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict() -> None:
    result = run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr


def test_startup_benchmark_runs() -> None:
    result = subprocess.run(
        [sys.executable, "benchmarks/startup.py", "--runs", "1"], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr
    assert "ratio kbfind / hello-world:" in result.stdout
