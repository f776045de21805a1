"""Compiled patterns kept from one run to the next (kb.compiled): the same patterns as ``re.compile``'s,
read back by the next run, and never trusted, kept or written where they should not be."""

from __future__ import annotations

import json
import marshal
import os
import re
import subprocess
import sys
import time
import zlib
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
    assert len(files) == 1 and files[0].name.startswith(f"v{compiled.FORMAT}-{sys.implementation.cache_tag}-")
    assert unsafe(files[0].stat()) is None and files[0].stat().st_mode & 0o777 == 0o600
    second = _child(cache, "import kb.kind; " + _STATE)
    assert second == {"kept": first["kept"], "added": 0}


def test_nothing_is_written_where_kbfind_made_no_cache(tmp_path: Path) -> None:
    # a library user who never built an index: no folder appears on their disk
    missing = tmp_path / "never-made"
    assert _child(missing, "import kb.kind; " + _STATE)["added"] > 10
    assert not missing.exists()


def _written(path: Path, codes: object) -> None:
    """``codes`` as a table file holds them: a whole one, its checksum right."""
    payload = marshal.dumps(codes)
    path.parent.mkdir(mode=0o700, exist_ok=True)
    path.write_bytes(zlib.crc32(payload).to_bytes(4, "big") + payload)
    path.chmod(0o600)


def test_a_damaged_table_is_compiled_anew_and_rewritten(cache: Path) -> None:
    path = compiled.table_path()
    assert path is not None and path.parent == cache / "patterns"
    key = (INCLUDE.pattern, int(INCLUDE.flags))
    _written(path, {key: compiled._compile(INCLUDE.pattern, INCLUDE.flags)})
    whole = path.read_bytes()
    # the engine checks code only in part: one integer changed on disk could crash or hang every run
    flipped = bytearray(whole)
    flipped[-3] ^= 0x01
    for damage in (b"", b"\x00not marshal", bytes(flipped), whole[:-1]):
        path.write_bytes(damage)
        compiled.forget()
        assert compiled.regex(INCLUDE.pattern, INCLUDE.flags) == INCLUDE
        assert compiled._loaded().added == 1, damage[:8]
        compiled._save(compiled._loaded())
        compiled.forget()
        assert compiled.regex(INCLUDE.pattern, INCLUDE.flags) == INCLUDE
        assert compiled._loaded().added == 0  # read back whole
    for wrong in ([1, 2], {key: (1, [0], 0, {})}, {key: "x"}):  # whole as written, but not a table's shape
        _written(path, wrong)
        compiled.forget()
        assert compiled.regex(INCLUDE.pattern, INCLUDE.flags) == INCLUDE
        assert compiled._loaded().added == 1


@pytest.mark.parametrize(("file_mode", "folder_mode"), [(0o622, 0o700), (0o600, 0o777)])
def test_a_table_others_can_write_is_not_read(cache: Path, file_mode: int, folder_mode: int) -> None:
    # whoever can write the table, or swap it in its folder, chooses what every pattern matches: as
    # for the index, such a file is not trusted
    source = r"^never\s+kept\b"
    path = compiled.table_path()
    assert path is not None
    _written(path, {(source, int(re.ASCII)): compiled._compile(r"^anything", int(re.ASCII))})
    path.chmod(file_mode)
    path.parent.chmod(folder_mode)
    assert compiled.regex(source, re.ASCII).match("never  kept")
    assert compiled._loaded().added == 1


def test_a_wrong_pattern_still_raises_re_error_and_nothing_is_kept(cache: Path) -> None:
    with pytest.raises(re.error):
        compiled.regex(r"(unclosed", 0)
    assert compiled._loaded().codes == {}


def test_the_table_is_capped_and_keeps_what_the_last_run_used(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # patterns edited or retired leave the file once it is full; what a run uses is never crowded out
    monkeypatch.setattr(compiled, "LIMIT", 3)
    path = compiled.table_path()
    assert path is not None
    _written(path, {(rf"^old{i}$", 0): compiled._compile(rf"^old{i}$", 0) for i in range(3)})
    compiled.forget()
    for i in range(2):
        assert compiled.regex(rf"^new{i}$").match(f"new{i}")
    assert compiled.regex(r"^old2$").match("old2")
    compiled._save(compiled._loaded())
    compiled.forget()
    assert list(compiled._read(path)) == [(r"^new0$", 0), (r"^new1$", 0), (r"^old2$", 0)]


def test_a_sticky_shared_cache_root_is_read_as_it_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a /tmp-like root others can write but not take files from: kb.cache uses it as it is, so this does too
    root = tmp_path / "shared"
    root.mkdir()
    root.chmod(0o1777)
    monkeypatch.setenv(CACHE_ENV, str(root))
    compiled.forget()
    try:
        compiled.regex(r"^sticky$")
        compiled._save(compiled._loaded())
        compiled.forget()
        assert compiled.regex(r"^sticky$").match("sticky") and compiled._loaded().added == 0
    finally:
        compiled.forget()


def test_tables_of_other_python_builds_go_when_no_run_wrote_them_for_a_month(cache: Path) -> None:
    path = compiled.table_path()
    assert path is not None
    old, recent = path.with_name("v1-cpython-310-x.marshal"), path.with_name("v1-cpython-312-x.marshal")
    for other, days in ((old, compiled.STALE_DAYS + 1), (recent, 1)):
        _written(other, {})
        when = time.time() - days * 86400
        os.utime(other, (when, when))
    compiled.regex(r"^now$")
    compiled._save(compiled._loaded())
    assert sorted(p.name for p in path.parent.iterdir()) == sorted([path.name, recent.name])


def test_an_interpreter_whose_internals_differ_compiles_the_public_way_once(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []

    def differs(source: str, flags: int) -> object:
        calls.append(source)
        raise TypeError("compile() takes 7 arguments")

    monkeypatch.setattr(compiled, "_compile", differs)
    monkeypatch.setattr(compiled, "_internal", True)
    assert compiled.regex(r"^one$").match("one") and compiled.regex(r"^two$").match("two")
    assert calls == [r"^one$"] and compiled._loaded().added == 0


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
