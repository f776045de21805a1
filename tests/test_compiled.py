"""Compiled patterns kept from one run to the next (kb.compiled): the same patterns as ``re.compile``'s,
read back by the next run, and never trusted, kept or written where they should not be."""

from __future__ import annotations

import json
import marshal
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from spec_walk import spec_patterns

from kb import compiled
from kb.cache import unsafe
from kb.kind import INCLUDE
from kb.pattern import Pattern
from kb.settings import CACHE_ENV

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty cache root of this test's own, and a table read from it afresh."""
    root = tmp_path / "cache"
    root.mkdir(mode=0o700)
    monkeypatch.setenv(CACHE_ENV, str(root))
    compiled.forget()
    yield root
    compiled.forget()


def _child(cache: Path, code: str) -> dict[str, object]:
    """Run ``code`` in a new interpreter with ``cache`` as its cache root; it prints JSON."""
    env = {**os.environ, CACHE_ENV: str(cache), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120, check=True
    )
    return json.loads(done.stdout)


_STATE = "import json, kb.compiled as c; t = c._loaded(); print(json.dumps({'kept': len(t.codes), 'added': t.added}))"


def test_every_pattern_compiled_by_the_table_is_the_one_re_compile_makes(cache: Path) -> None:
    # Pattern objects compare their engine's code: equal means the same program, not just the same source
    patterns = [p for _, p in spec_patterns()]
    assert len(patterns) > 50
    for p in patterns:
        flags = re.ASCII | (re.IGNORECASE if p.ignore_case else 0)
        assert compiled.regex(p.source, flags) == re.compile(p.source, flags), p.source
    compiled._save(compiled._loaded())
    compiled.forget()
    for p in patterns:  # read back from the file this time
        flags = re.ASCII | (re.IGNORECASE if p.ignore_case else 0)
        assert compiled.regex(p.source, flags) == re.compile(p.source, flags), p.source
    assert compiled._loaded().added == 0


def test_a_run_keeps_what_it_compiled_and_the_next_run_reads_it(cache: Path) -> None:
    first = _child(cache, "import kb.kind; " + _STATE)
    assert first["added"] == first["kept"] > 10  # kb.kind's own patterns, compiled at import
    files = list((cache / "patterns").iterdir())
    assert len(files) == 1 and files[0].name.startswith(f"{sys.implementation.cache_tag}-")
    assert unsafe(files[0].stat()) is None and files[0].stat().st_mode & 0o777 == 0o600
    second = _child(cache, "import kb.kind; " + _STATE)
    assert second == {"kept": first["kept"], "added": 0}


def test_nothing_is_written_where_kbfind_made_no_cache(tmp_path: Path) -> None:
    # a library user who never built an index: no folder appears on their disk
    missing = tmp_path / "never-made"
    assert _child(missing, "import kb.kind; " + _STATE)["added"] > 10
    assert not missing.exists()


def test_a_damaged_table_is_compiled_anew_and_rewritten(cache: Path) -> None:
    (cache / "patterns").mkdir(mode=0o700)
    path = compiled.table_path()
    assert path is not None and path.parent == cache / "patterns"
    for damage in (
        b"\x00not marshal",
        marshal.dumps([1, 2]),
        marshal.dumps({(INCLUDE.pattern, int(INCLUDE.flags)): (1, [0], 0, {})}),
    ):
        path.write_bytes(damage)
        path.chmod(0o600)
        compiled.forget()
        assert compiled.regex(INCLUDE.pattern, INCLUDE.flags) == INCLUDE
        assert compiled._loaded().added == 1
        compiled._save(compiled._loaded())
        compiled.forget()
        assert compiled.regex(INCLUDE.pattern, INCLUDE.flags) == INCLUDE
        assert compiled._loaded().added == 0  # read back whole


@pytest.mark.parametrize(("file_mode", "folder_mode"), [(0o622, 0o700), (0o600, 0o777)])
def test_a_table_others_can_write_is_not_read(cache: Path, file_mode: int, folder_mode: int) -> None:
    # whoever can write the table, or swap it in its folder, chooses what every pattern matches: as
    # for the index, such a file is not trusted
    source = r"^never\s+kept\b"
    path = compiled.table_path()
    assert path is not None
    path.parent.mkdir(mode=0o700)
    path.write_bytes(marshal.dumps({(source, int(re.ASCII)): compiled._compile(r"^anything", int(re.ASCII))}))
    path.chmod(file_mode)
    path.parent.chmod(folder_mode)
    assert compiled.regex(source, re.ASCII).match("never  kept")
    assert compiled._loaded().added == 1


def test_a_wrong_pattern_still_raises_re_error_and_nothing_is_kept(cache: Path) -> None:
    with pytest.raises(re.error):
        compiled.regex(r"(unclosed", 0)
    assert compiled._loaded().codes == {}


def test_the_table_is_capped(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compiled, "LIMIT", 3)
    for i in range(5):
        assert compiled.regex(rf"^cap{i}$").match(f"cap{i}")
    assert len(compiled._loaded().codes) == 3


def test_forgetting_drops_a_pending_write(cache: Path) -> None:
    compiled.regex(r"^pending$")
    table = compiled._loaded()
    compiled.forget()
    compiled._save(table)
    assert not (cache / "patterns").exists()


def test_a_pattern_of_the_spec_uses_the_table(cache: Path) -> None:
    p = Pattern(r"^table\s+(\d+)$")
    assert p.regex.match("table 12").group(1) == "12"
    assert (p.regex.pattern, p.regex.flags) == (p.source, re.ASCII)
    assert (p.source, int(re.ASCII)) in compiled._loaded().codes
