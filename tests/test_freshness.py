"""The next query sees every change to the notes, and a warm query neither walks nor reads them."""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import replace
from pathlib import Path

import pytest

import kb.sources
from kb import open_kb
from kb.freshness import Snapshot, Stamps, snapshot, unchanged
from kb.load import load_source
from kb.sources import scan


def notes(tmp_path: Path) -> Path:
    root = tmp_path / "notes"
    (root / "sub").mkdir(parents=True)
    (root / "a.md").write_text("## disk full\n\nRun `df -h`.\n", "utf-8")
    (root / "sub" / "b.md").write_text("## pod stuck pending\n\nCheck events.\n", "utf-8")
    return root


def titles(root: Path) -> list[str]:
    with open_kb(root) as base:
        return sorted(e.title for e in base.entries())


def test_an_edit_is_seen(cache_dir: Path, tmp_path: Path) -> None:
    root = notes(tmp_path)
    titles(root)
    (root / "a.md").write_text("## disk really full\n", "utf-8")
    assert titles(root) == ["disk really full", "pod stuck pending"]


def test_an_added_file_is_seen(cache_dir: Path, tmp_path: Path) -> None:
    root = notes(tmp_path)
    titles(root)
    (root / "sub" / "deeper").mkdir()
    (root / "sub" / "deeper" / "c.md").write_text("## new entry\n", "utf-8")
    assert titles(root) == ["disk full", "new entry", "pod stuck pending"]


def test_hidden_folders_and_installed_packages_are_not_notes(cache_dir: Path, tmp_path: Path) -> None:
    """A Docusaurus site's ``node_modules`` holds thousands of other projects' READMEs; ``npm
    install`` there is no edit of the notes, and a tree of nothing else holds no markdown."""
    root = notes(tmp_path)
    for folder in ("node_modules/left-pad", "sub/node_modules/x/docs", ".git/info"):
        (root / folder).mkdir(parents=True)
        (root / folder / "CHANGELOG.md").write_text("## Error: cannot find module\n\nOlder release.\n", "utf-8")
    assert titles(root) == ["disk full", "pod stuck pending"]
    with open_kb(root) as base:
        built = base.snapshot
    (root / "node_modules" / "left-pad" / "README.md").write_text("## left-pad\n", "utf-8")
    with open_kb(root) as base:
        assert base.snapshot == built  # not rebuilt
    only = tmp_path / "site"
    shutil.copytree(root / "node_modules", only / "node_modules")
    assert kb.sources.no_markdown(only, "site") == (
        "site: holds no markdown (.md, .mdx, .markdown) files; pass --kb a markdown file or a folder that holds some"
    )


def test_a_deleted_file_is_seen(cache_dir: Path, tmp_path: Path) -> None:
    root = notes(tmp_path)
    titles(root)
    (root / "sub" / "b.md").unlink()
    assert titles(root) == ["disk full"]


def test_renamed_files_and_folders_are_seen(cache_dir: Path, tmp_path: Path) -> None:
    root = notes(tmp_path)
    titles(root)
    (root / "a.md").rename(root / "z.md")
    with open_kb(root) as base:
        assert sorted(e.page for e in base.entries()) == ["sub/b.md", "z.md"]
    (root / "sub").rename(root / "moved")
    with open_kb(root) as base:
        assert sorted(e.page for e in base.entries()) == ["moved/b.md", "z.md"]


def test_a_file_replaced_by_another_of_the_same_size_and_time_is_seen(cache_dir: Path, tmp_path: Path) -> None:
    root = notes(tmp_path)
    titles(root)
    st = (root / "a.md").stat()
    (root / ".a.md.swp").write_text("## disk fuzz\n\nRun `df -h`.\n", "utf-8")
    os.utime(root / ".a.md.swp", ns=(st.st_atime_ns, st.st_mtime_ns))
    (root / ".a.md.swp").rename(root / "a.md")  # an editor's save by rename: same size and mtime, new inode
    assert (root / "a.md").stat().st_size == st.st_size
    assert titles(root) == ["disk fuzz", "pod stuck pending"]


def test_same_size_edits_within_the_same_tick_are_seen(cache_dir: Path, tmp_path: Path) -> None:
    root = notes(tmp_path)
    page = root / "a.md"
    for word in ["alpha", "bravo", "charl", "delta", "echos"]:  # same length: same size every time
        page.write_text(f"## {word} failed\n", "utf-8")
        assert titles(root) == [f"{word} failed", "pod stuck pending"]


def test_a_back_dated_same_size_edit_is_seen(cache_dir: Path, tmp_path: Path) -> None:
    root = notes(tmp_path)
    page = root / "a.md"
    old = page.stat()
    os.utime(page, ns=(old.st_atime_ns, old.st_mtime_ns - 10**10))  # as if written 10 s earlier
    titles(root)
    before = page.stat()
    page.write_text("## disk fill\n\nRun `df -h`.\n", "utf-8")  # one letter less, one more below
    page.write_text("## disk fell\n\nRun `df -h`.\n", "utf-8")
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))  # touch -d: mtime back to the indexed one
    assert page.stat().st_size == before.st_size and page.stat().st_mtime_ns == before.st_mtime_ns
    assert titles(root) == ["disk fell", "pod stuck pending"]


def test_a_change_that_keeps_every_timestamp_is_caught_by_the_content_digest(tmp_path: Path) -> None:
    """What a coarse filesystem clock does: a second write in the same tick leaves size, mtime
    and ctime as they were. A file changed close to the scan is then checked by its content."""
    root = notes(tmp_path)
    found = scan(root)
    indexed = snapshot(found, {s.page: str(load_source(root, s).digest) for s in found.sources})
    assert unchanged(indexed) and "a.md" in indexed.digests
    (root / "a.md").write_text("## disk FULL\n\nRun `df -h`.\n", "utf-8")
    st = (root / "a.md").stat()
    size, _, _, inode = indexed.files["a.md"]
    stamps = {**indexed.files, "a.md": (size, st.st_mtime_ns, st.st_ctime_ns, inode)}
    same_stamps = replace(indexed, files=Stamps.of(stamps, 4))
    assert not unchanged(same_stamps)
    assert unchanged(replace(same_stamps, digests={}))  # the digest is what tells


def test_digests_are_dropped_once_changes_are_old_enough(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = notes(tmp_path)
    with open_kb(root) as base:
        assert base.snapshot is not None and base.snapshot.racy > 0  # just written: checked by content
    monkeypatch.setattr("kb.freshness.RACY_NS", 0)
    (root / "c.md").write_text("## settled\n", "utf-8")
    time.sleep(0.01)
    with open_kb(root) as base:
        assert base.snapshot is not None and base.snapshot.racy == 0


def test_a_warm_open_neither_walks_nor_reads_the_notes(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = notes(tmp_path)
    monkeypatch.setattr("kb.freshness.RACY_NS", 0)  # nothing counts as just changed
    time.sleep(0.01)
    titles(root)

    def no(*args: object) -> None:
        raise AssertionError("a warm open walked or read the notes")

    monkeypatch.setattr(kb.sources, "scan", no)
    monkeypatch.setattr(os, "scandir", no)
    monkeypatch.setattr("kb.freshness._file_digest", no)
    assert titles(root) == ["disk full", "pod stuck pending"]


def test_stale_tells_a_long_running_program_that_the_notes_changed(cache_dir: Path, tmp_path: Path) -> None:
    root = notes(tmp_path)
    with open_kb(root) as base:
        assert not base.stale()
        (root / "a.md").write_text("## disk full!\n\nRun `df -h`.\n", "utf-8")
        assert base.stale()
    with open_kb(root) as base:
        assert not base.stale()
        page = root / "a.md"
        page.write_text(page.read_text("utf-8").replace("full!", "FULL!"), "utf-8")
        assert base.stale()


# -- warnings ------------------------------------------------------------------------------------


def warnings(root: Path) -> list[str]:
    with open_kb(root) as base:
        return [str(p) for p in base.problems]


def test_a_warning_goes_when_its_file_is_fixed_and_is_never_repeated(cache_dir: Path, tmp_path: Path) -> None:
    root = notes(tmp_path)
    broken = root / "sub" / "latin1.md"
    broken.write_bytes("## café crashed\n".encode("latin-1"))
    expected = [f"{broken}:1: not UTF-8; undecodable bytes replaced with U+FFFD"]
    assert warnings(root) == expected
    for n in range(3):  # edited, still broken: still one warning
        broken.write_bytes(f"## café crashed {n}\n".encode("latin-1"))
        assert warnings(root) == expected
    broken.write_text("## café crashed\n", "utf-8")
    assert warnings(root) == []
    broken.write_bytes("## café crashed\n".encode("latin-1"))
    assert warnings(root) == expected
    broken.unlink()
    assert warnings(root) == []


def test_the_record_of_stamps_is_compact_and_a_check_builds_no_table(tmp_path: Path) -> None:
    root = notes(tmp_path)
    found = scan(root)
    record = snapshot(found, {}).to_json()
    assert isinstance(record["file_stamps"], str) and isinstance(record["folder_stamps"], str)  # base64
    read = Snapshot.from_json(json.loads(json.dumps(record)))
    assert dict(read.files) == {s.page: (s.size, s.mtime_ns, s.ctime_ns, s.inode) for s in found.sources}
    again = Snapshot.from_json(record)
    assert unchanged(again) and again.files._by_name is None and again.folders._by_name is None
    for bad in ("not base64!", 7):
        with pytest.raises((TypeError, ValueError)):
            Snapshot.from_json({**record, "file_stamps": bad})
    with pytest.raises(ValueError):
        Snapshot.from_json({**record, "pages": record["pages"][1:]})
