import os
import shutil
import time
from pathlib import Path

import pytest
from conftest import CONTENT

from kb import ContentError, open_kb
from kb.build import SCHEMA_VERSION
from kb.cache import cache_root, index_home


def make_kb(tmp_path: Path) -> Path:
    root = tmp_path / "notes"
    root.mkdir()
    (root / "a.md").write_text("## disk full\n\nRun `df -h`.\n", "utf-8")
    (root / "sub").mkdir()
    (root / "sub" / "b.md").write_text("## pod stuck pending\n\nCheck events.\n", "utf-8")
    return root


def titles(root: Path) -> list[str]:
    with open_kb(root) as kb:
        return [e.title for e in kb.entries()]


def test_cache_honours_xdg_cache_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("KBFIND_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_root() == tmp_path / "xdg" / "kbfind"
    root = make_kb(tmp_path)
    titles(root)
    home = index_home(root, SCHEMA_VERSION)
    assert home.is_relative_to(tmp_path / "xdg" / "kbfind") and (home / "state.json").exists()


def test_index_is_built_on_first_use_and_reused(cache_dir: Path, tmp_path: Path) -> None:
    root = make_kb(tmp_path)
    assert titles(root) == ["disk full", "pod stuck pending"]
    home = index_home(root, SCHEMA_VERSION)
    stamp = (home / "state.json").stat().st_mtime_ns
    assert titles(root) == ["disk full", "pod stuck pending"]
    assert (home / "state.json").stat().st_mtime_ns == stamp


def test_edited_added_and_deleted_files_are_picked_up(cache_dir: Path, tmp_path: Path) -> None:
    root = make_kb(tmp_path)
    titles(root)
    (root / "a.md").write_text("## disk really full\n", "utf-8")
    (root / "c.md").write_text("## new entry\n", "utf-8")
    (root / "sub" / "b.md").unlink()
    assert titles(root) == ["disk really full", "new entry"]


def test_a_readme_beside_an_index_is_left_out_as_mkdocs_leaves_it(cache_dir: Path, tmp_path: Path) -> None:
    root = make_kb(tmp_path)
    (root / "sub" / "README.md").write_text("## what this folder holds\n\nNotes for the repository.\n", "utf-8")
    assert titles(root) == ["disk full", "what this folder holds", "pod stuck pending"]
    (root / "sub" / "index.md").write_text("## node not ready\n\nRestart the kubelet.\n", "utf-8")
    # MkDocs publishes sub/index.md as the folder's page and excludes sub/README.md from the site
    assert titles(root) == ["disk full", "pod stuck pending", "node not ready"]
    (root / "sub" / "readme").mkdir()  # only a file named README.md is shadowed
    (root / "sub" / "index.md").unlink()
    assert titles(root) == ["disk full", "what this folder holds", "pod stuck pending"]


def test_build_happens_in_a_temporary_folder_moved_into_place(cache_dir: Path, tmp_path: Path) -> None:
    root = make_kb(tmp_path)
    titles(root)
    parent = index_home(root, SCHEMA_VERSION).parent
    leftovers = [p.name for p in parent.iterdir() if ".build-" in p.name or ".old-" in p.name]
    assert leftovers == []


def test_a_missing_content_root_is_a_content_error(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="no such file or folder"):
        open_kb(tmp_path / "missing")


def test_a_single_file_is_a_knowledge_base(cache_dir: Path) -> None:
    with open_kb(CONTENT / "k8s-faq.md") as kb:
        assert len(kb) == 50
        assert {e.source for e in kb.entries()} == {"k8s-faq.md"}


def test_garbage_index_is_rebuilt(cache_dir: Path, tmp_path: Path) -> None:
    root = make_kb(tmp_path)
    titles(root)
    home = index_home(root, SCHEMA_VERSION)
    for f in home.iterdir():
        if f.name != "state.json":
            f.write_bytes(b"garbage" * 10)
    assert titles(root) == ["disk full", "pod stuck pending"]


def test_index_of_another_schema_is_never_read(cache_dir: Path, tmp_path: Path) -> None:
    root = make_kb(tmp_path)
    titles(root)
    home = index_home(root, SCHEMA_VERSION)
    other = index_home(root, SCHEMA_VERSION + 1)
    assert other != home and not other.exists()


def test_touching_a_file_updates_only_that_file(cache_dir: Path, tmp_path: Path) -> None:
    root = make_kb(tmp_path)
    titles(root)
    time.sleep(0.01)
    os.utime(root / "a.md")
    assert titles(root) == ["disk full", "pod stuck pending"]
    shutil.rmtree(root / "sub")
    assert titles(root) == ["disk full"]


def test_the_index_counts_the_problems_of_a_tree_that_keeps_each_version_of_its_pages(
    cache_dir: Path, tmp_path: Path
) -> None:
    """One heading, page name and titles above is one problem, however many versions keep it; an
    index updated in place (a version removed, a heading changed) counts the entries it now has."""
    page = "# Troubleshooting\n\n## Watchman issues\n\nRestart it.\n\n## Cache issues\n\nClear it.\n"
    root = tmp_path / "site"
    for folder in ("docs", "versioned_docs/version-2", "versioned_docs/version-1"):
        (root / folder).mkdir(parents=True)
        (root / folder / "Troubleshooting.md").write_text(page, "utf-8")
    (root / "docs" / "other.md").write_text("# Other\n\n## Watchman issues\n\nAnother page name.\n", "utf-8")
    for n in range(20):  # enough pages that two changed ones are updated in place, not rebuilt
        (root / f"note-{n}.md").write_text(f"# Note {n}\n\n## Problem {n}\n\nFix {n}.\n", "utf-8")
    with open_kb(root) as kb:
        assert (len(kb), kb.problem_count()) == (27, 23)
    shutil.rmtree(root / "versioned_docs" / "version-1")
    time.sleep(0.01)
    (root / "versioned_docs" / "version-2" / "Troubleshooting.md").write_text(page.replace("Cache", "Disk"), "utf-8")
    with open_kb(root) as kb:
        assert kb._reader.has_deletions()  # updated in place: the old entries are deleted, not gone
        assert (len(kb), kb.problem_count()) == (25, 24)
