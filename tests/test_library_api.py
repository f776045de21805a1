"""``from matcher import match, analyze`` as a program uses it: from several threads while the
notes change, from many folders, with arguments it may get wrong."""

from __future__ import annotations

import gc
import os
import threading
import time
from pathlib import Path

import pytest

from kb import ContentError, open_kb
from matcher import analyze, api, match
from matcher.api import matcher_for

ERROR = "Error: widget {} exploded on host"


def notes(folder: Path, count: int = 1) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    text = "".join(f"## {ERROR.format(i)}\n\nRestart widget {i}.\n\n" for i in range(count))
    (folder / "faq.md").write_text("# Widgets\n\n" + text, "utf-8")
    return folder


def test_a_matcher_held_across_a_refresh_still_answers(cache_dir: Path, tmp_path: Path) -> None:
    root = notes(tmp_path / "notes", 3)
    held = matcher_for(root)
    (root / "more.md").write_text("## Error: emu escaped\n\nCatch it.\n", "utf-8")
    assert match("Error: emu escaped", kb=root)[0].entry.title == "Error: emu escaped"  # a refreshed index
    assert held.match(ERROR.format(2))[0].entry.title == ERROR.format(2)  # the one held before: still open


def test_threads_answer_while_the_notes_change(cache_dir: Path, tmp_path: Path) -> None:
    root = notes(tmp_path / "notes", 200)
    paste = "\n".join(ERROR.format(i) for i in range(0, 200, 7))
    failures: list[str] = []
    stop = time.monotonic() + 3

    def ask() -> None:
        while time.monotonic() < stop:
            try:
                assert analyze(paste, kb=root).matches
            except Exception as e:  # every failure is the finding
                failures.append(repr(e))

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for t in threads:
        t.start()
    n = 0
    while time.monotonic() < stop:
        n += 1
        (root / f"extra-{n % 3}.md").write_text(f"## Error: extra {n}\n\nx\n", "utf-8")
        time.sleep(0.1)
    for t in threads:
        t.join(timeout=60)
    assert failures == []


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="counts open files through /proc")
def test_answering_from_many_folders_keeps_the_files_of_a_few(cache_dir: Path, tmp_path: Path) -> None:
    def open_files() -> int:
        gc.collect()
        return len(os.listdir("/proc/self/fd"))

    before = open_files()
    for i in range(3 * api._KEPT):
        root = notes(tmp_path / f"kb{i}")
        assert match(ERROR.format(0), kb=root)[0].entry.title == ERROR.format(0)
    assert len(api._by_root) <= api._KEPT
    assert open_files() - before <= 2 * api._KEPT  # not one per folder ever opened


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: match(None), TypeError, "paste must be a str, not NoneType (decode bytes first)"),  # type: ignore[arg-type]
        (lambda: match(b"x509"), TypeError, "paste must be a str, not bytes (decode bytes first)"),  # type: ignore[arg-type]
        (lambda: match("x509", limit=0), ValueError, "limit must be at least 1, not 0"),
        (lambda: analyze("x509", limit="5"), TypeError, "limit must be an int, not str"),  # type: ignore[arg-type]
        (lambda: match("x509", limit=True), TypeError, "limit must be an int, not bool"),
        (lambda: match("x509", kb=5), TypeError, "kb must be a KnowledgeBase, a path or None, not int"),  # type: ignore[arg-type]
        (
            lambda: match("x509", kb=""),
            ContentError,
            "an empty path names no file or folder; pass None for the default knowledge base",
        ),
    ],
)
def test_arguments_a_caller_gets_wrong_are_said_plainly(call: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error) as raised:
        call()  # type: ignore[operator]
    assert str(raised.value) == message


@pytest.mark.parametrize("calibrated", [False, True], ids=["default", "own-calibration"])
def test_a_path_that_holds_no_markdown_is_an_error_not_an_empty_answer(
    calibrated: bool, cache_dir: Path, tmp_path: Path
) -> None:
    from matcher.model import default_calibration

    calibration = default_calibration() if calibrated else None
    (tmp_path / "text").mkdir()
    (tmp_path / "text" / "notes.txt").write_text("## Error: widget 1 exploded on host\n\nRestart it.\n", "utf-8")
    (tmp_path / "empty").mkdir()
    for folder in ("text", "empty"):
        with pytest.raises(ContentError) as raised:
            analyze(ERROR.format(1), kb=str(tmp_path / folder), calibration=calibration)
        assert str(raised.value) == (
            f"{tmp_path / folder}: holds no markdown (.md, .mdx, .markdown) files; pass --kb a markdown file or a folder that holds some"
        )
    (tmp_path / "headless").mkdir()
    (tmp_path / "headless" / "notes.md").write_text("No headings yet.\n", "utf-8")
    assert analyze(ERROR.format(1), kb=tmp_path / "headless", calibration=calibration).suggestions == ()


def test_a_str_holding_undecodable_bytes_is_answered_not_a_crash(cache_dir: Path, tmp_path: Path) -> None:
    """Text read with errors="surrogateescape" (os.fsdecode, sys.argv) carries its bad bytes as lone
    surrogates; the keyword index cannot encode them, so they are read as U+FFFD, as the CLI reads them."""
    (tmp_path / "notes.md").write_text("## connection refused to 10.0.0.1:6443\n\nStart the API server.\n", "utf-8")
    paste = b"connection refused \xff to 1.2.3.4:6443".decode("utf-8", "surrogateescape")
    assert [m.entry.title for m in match(paste, kb=tmp_path)] == ["connection refused to 10.0.0.1:6443"]
    assert analyze("\udcff", kb=tmp_path).query == "\ufffd"


def test_open_kb_reads_a_path_from_home_as_analyze_does(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "faq.md").write_text("## redis timeout while saving\n\nRaise it.\n", "utf-8")
    with open_kb("~/notes") as opened:
        assert [e.title for e in opened.entries()] == ["redis timeout while saving"]


def test_open_kb_refuses_what_match_refuses_before_the_cache_is_touched(cache_dir: Path, tmp_path: Path) -> None:
    """An empty path (an unset variable) would index the current folder; a file that is not markdown
    would get an empty index of its own. Keyword search checks its arguments as ``match`` does."""
    (tmp_path / "notes.txt").write_text("## Error: widget exploded\n", "utf-8")
    with pytest.raises(ContentError, match=r"^an empty path names no file or folder"):
        open_kb("")
    with pytest.raises(ContentError, match=r"notes\.txt: is not a markdown \(\.md, \.mdx, \.markdown\) file"):
        open_kb(tmp_path / "notes.txt")
    assert not any(cache_dir.rglob("*notes*"))
    (tmp_path / "faq.md").write_text("## redis timeout while saving\n\nRaise it.\n", "utf-8")
    with open_kb(tmp_path / "faq.md") as opened:
        with pytest.raises(TypeError, match=r"^query must be a str, not NoneType$"):
            opened.search(None)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match=r"^limit must be at least 1, not 0$"):
            opened.search("redis", limit=0)
        assert [h.entry.title for h in opened.search("redis", limit=1)] == ["redis timeout while saving"]
