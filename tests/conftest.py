"""Every test runs with its own cache and home: nothing touches the user's real ones."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
DATA = ROOT / "tests" / "data"
SHARED_EVAL = ROOT.parent / "shared" / "eval" / "dev-pastes.jsonl"


@pytest.fixture(scope="session", autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A private HOME and cache for the whole session (the index is built once, there)."""
    home = tmp_path_factory.mktemp("home")
    saved = {
        k: os.environ.get(k)
        for k in ("HOME", "XDG_CACHE_HOME", "KBFIND_CACHE_DIR", "KBFIND_KB", "KBFIND_SITE_URL", "NO_COLOR")
    }
    os.environ["HOME"] = str(home)
    os.environ["XDG_CACHE_HOME"] = str(home / ".cache")
    os.environ.pop("KBFIND_CACHE_DIR", None)
    os.environ.pop("KBFIND_KB", None)
    os.environ.pop("KBFIND_SITE_URL", None)
    yield home
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty cache for one test."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("KBFIND_CACHE_DIR", str(cache))
    return cache


def kbfind(
    *args: str, stdin: str | bytes | None = None, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the kbfind command in a subprocess, as a user would."""
    data = stdin.encode() if isinstance(stdin, str) else stdin
    proc = subprocess.run(
        [sys.executable, "-m", "kbfind", *args],
        input=data,
        capture_output=True,
        env={**os.environ, **(env or {})},
        cwd=cwd or ROOT,
        timeout=120,
    )
    return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode(), proc.stderr.decode())


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled FAQ's site, built once per session with ``mkdocs build --strict``."""
    from site_build import build_site

    out = tmp_path_factory.mktemp("site") / "site"
    result = build_site(out)
    (out.parent / "build.log").write_text(result.stdout + result.stderr, "utf-8")
    assert result.returncode == 0, result.stderr
    return out
