"""A folder of the notes that cannot be read is said to be unreadable, and is read again as soon
as it can be: it is never recorded as empty, nor its warning kept once it is readable.

Most tests take a folder's permissions away and run kbfind in a subprocess, as a user would; when
the suite runs as root (CI does), under ``capsh`` with the capabilities that let root read any
folder dropped (Debian's libcap2-bin, which .ci/run installs).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kb import open_kb
from tests.conftest import ROOT

DROPPED = "--drop=cap_dac_override,cap_dac_read_search,cap_fowner"
CAPSH = shutil.which("capsh") or shutil.which("capsh", path="/usr/sbin:/sbin")


def kbfind_as_user(*args: str) -> subprocess.CompletedProcess[str]:
    """Run kbfind in a subprocess that cannot read what its permissions deny, even as root."""
    command = [sys.executable, "-m", "kbfind", *args]
    if os.geteuid() == 0:
        if CAPSH is None:
            if os.environ.get("CI"):
                pytest.fail("capsh is not installed; .ci/run installs it with apt (libcap2-bin)")
            pytest.skip("running as root without capsh, which could drop root's right to read (libcap2-bin)")
        command = [CAPSH, DROPPED, "--", "-c", shlex.join(command)]
    proc = subprocess.run(command, capture_output=True, cwd=ROOT, timeout=120, stdin=subprocess.DEVNULL)
    return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode(), proc.stderr.decode())


@pytest.fixture
def notes(tmp_path: Path) -> Iterator[Path]:
    """A root with one page, and a subfolder with another; made readable again afterwards (the
    temporary folder must be removable)."""
    root = tmp_path / "notes"
    (root / "sub").mkdir(parents=True)
    (root / "a.md").write_text("## Foo error\n\nRestart foo.\n", "utf-8")
    (root / "sub" / "b.md").write_text("## Bar failure\n\nRestart bar.\n", "utf-8")
    try:
        yield root
    finally:
        for folder in (root, root / "sub"):
            folder.chmod(0o755)


def answered(root: Path, query: str, page: str) -> None:
    run = kbfind_as_user("--kb", str(root), query)
    assert run.returncode == 0, run.stderr
    assert f"{root / page}:1" in run.stdout
    assert "cannot read" not in run.stderr


def test_an_unreadable_root_is_said_to_be_unreadable_not_empty(cache_dir: Path, notes: Path) -> None:
    notes.chmod(0)
    run = kbfind_as_user("--kb", str(notes), "Foo error")
    assert run.returncode == 2
    assert run.stderr.startswith(f"kbfind: error: {notes}: cannot read folder: Permission denied; make it readable")
    assert len(run.stderr.splitlines()) == 1 and "holds no markdown" not in run.stderr


def test_an_unreadable_file_as_kb_is_said_to_be_unreadable(cache_dir: Path, notes: Path) -> None:
    page = notes / "a.md"
    page.chmod(0)
    try:
        run = kbfind_as_user("--kb", str(page), "Foo error")
    finally:
        page.chmod(0o644)
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == (
        f"kbfind: error: {page}: cannot read file: Permission denied; make it readable to you (chmod u+r)"
        " or pass --kb a file you can read\n"
    )


@pytest.mark.parametrize("indexed_before", [True, False], ids=["indexed-before", "unreadable-from-the-first"])
def test_a_root_readable_again_is_read_again(cache_dir: Path, notes: Path, indexed_before: bool) -> None:
    if indexed_before:
        answered(notes, "Foo error", "a.md")
    notes.chmod(0)
    assert kbfind_as_user("--kb", str(notes), "Foo error").returncode == 2
    notes.chmod(0o755)
    answered(notes, "Foo error", "a.md")
    answered(notes, "Bar failure", "sub/b.md")


def test_a_subfolder_readable_again_is_read_again(cache_dir: Path, notes: Path) -> None:
    (notes / "sub").chmod(0)
    run = kbfind_as_user("--kb", str(notes), "Bar failure")
    assert run.returncode == 1
    assert f"{notes / 'sub'}: cannot read folder: Permission denied; skipped" in run.stderr
    (notes / "sub").chmod(0o755)
    answered(notes, "Bar failure", "sub/b.md")


def test_a_root_holding_only_an_unreadable_folder_says_which(cache_dir: Path, notes: Path) -> None:
    (notes / "a.md").unlink()
    (notes / "sub").chmod(0)
    run = kbfind_as_user("--kb", str(notes), "Bar failure")
    assert run.returncode == 2
    assert run.stderr.startswith(f"kbfind: error: {notes / 'sub'}: cannot read folder: Permission denied;")
    assert "holds no markdown" not in run.stderr


def test_an_unreadable_folder_is_tried_again_on_every_query(
    cache_dir: Path, notes: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Readable again with nothing a ``stat`` sees changed (the user joined the folder's group):
    listing it again is what tells. While it stays unreadable, the index is not rebuilt."""
    import kb.sources

    denied = {str(notes / "sub")}
    real = os.scandir

    def scandir(path: Any = ".") -> Any:
        if isinstance(path, (str, Path)) and str(path) in denied:  # also given descriptors (rmtree)
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    with open_kb(notes) as base:
        assert [e.title for e in base.entries()] == ["Foo error"]
        assert [p.message for p in base.problems] == ["cannot read folder: Permission denied; skipped"]
    with monkeypatch.context() as warm:
        warm.setattr(kb.sources, "scan", lambda root: pytest.fail("walked again while nothing changed"))
        with open_kb(notes) as base:
            assert [e.title for e in base.entries()] == ["Foo error"]
    denied.clear()
    with open_kb(notes) as base:
        assert [e.title for e in base.entries()] == ["Foo error", "Bar failure"]
        assert base.problems == []


def test_a_knowledge_base_empty_because_its_page_is_unreadable_says_so_on_one_line(
    cache_dir: Path, tmp_path: Path
) -> None:
    """Why there are no entries is the problem itself: not a second line saying there are none."""
    root = tmp_path / "one"
    root.mkdir()
    page = root / "faq.md"
    page.write_text("## Foo error\n\nRestart foo.\n", "utf-8")
    page.chmod(0)
    try:
        run = kbfind_as_user("--kb", str(root), "Foo error")
    finally:
        page.chmod(0o644)
    assert run.returncode == 1
    assert run.stderr == f"kbfind: warning: {root}: no entries found: {page}: cannot read: Permission denied; skipped\n"
