"""An index someone else could write is never loaded: whoosh unpickles it, so loading it would run
their code. Tests run as root, where modes do not stop anyone: ownership is set with ``os.chown``
to another uid, and modes are checked as the rules read them (not as the kernel enforces them)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from kb import ContentError, open_kb
from kb.build import SCHEMA_VERSION
from kb.cache import index_home

STRANGER = 54321
pytestmark = pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX ownership")


def notes(tmp_path: Path) -> Path:
    root = tmp_path / "notes"
    root.mkdir()
    (root / "a.md").write_text("## disk full\n\nRun `df -h`.\n", "utf-8")
    return root


class Payload:
    """Runs ``os.mkdir(marker)`` when unpickled: what a planted index does to whoever loads it."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return os.mkdir, (str(self.marker),)

    def clean(self) -> None:
        pass


def plant(home: Path, marker: Path) -> None:
    """Rewrite the index's TOC so that reading it runs code, its recorded size kept in step."""
    import json

    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import TOC

    storage = FileStorage(str(home))
    toc = TOC.read(storage, "MAIN")
    toc.schema._fields["evil"] = Payload(marker)
    (home / TOC._filename("MAIN", toc.generation)).unlink()
    TOC(toc.schema, toc.segments, toc.generation).write(storage, "MAIN")
    state = json.loads((home / "state.json").read_text("utf-8"))
    state["index_files"] = {n: (home / n).stat().st_size for n in state["index_files"]}
    (home / "state.json").write_text(json.dumps(state), "utf-8")


def chown_tree(top: Path, uid: int) -> None:
    for folder, _, files in os.walk(top):
        os.chown(folder, uid, -1)
        for name in files:
            os.chown(os.path.join(folder, name), uid, -1)


def private_and_mine(path: Path) -> bool:
    st = path.stat()
    return st.st_uid == os.geteuid() and stat.S_IMODE(st.st_mode) == 0o700


@pytest.mark.parametrize("how", ["owned by another user", "writable by others"])
def test_a_planted_index_folder_is_never_loaded_and_is_rebuilt(how: str, cache_dir: Path, tmp_path: Path) -> None:
    root = notes(tmp_path)
    with open_kb(root):
        pass
    home = index_home(root, SCHEMA_VERSION)
    marker = tmp_path / "code-ran"
    plant(home, marker)
    if how == "owned by another user":
        chown_tree(home, STRANGER)
    else:
        os.chmod(home, 0o777)
    with open_kb(root) as base:
        assert not marker.exists()
        assert [e.title for e in base.entries()] == ["disk full"]
        assert [str(p) for p in base.problems] == [
            f"{home}: index folder {how}"
            + (f" (uid {STRANGER})" if how == "owned by another user" else "")
            + "; not loaded, rebuilt"
        ]
        assert base.home == home and private_and_mine(home)
    with open_kb(root) as base:
        assert base.problems == [] and not marker.exists()


def test_a_planted_index_file_is_never_loaded(cache_dir: Path, tmp_path: Path) -> None:
    root = notes(tmp_path)
    with open_kb(root):
        pass
    home = index_home(root, SCHEMA_VERSION)
    marker = tmp_path / "code-ran"
    plant(home, marker)
    toc = next(home.glob("*.toc"))
    os.chown(toc, STRANGER, -1)
    with open_kb(root) as base:
        assert not marker.exists()
        assert [str(p) for p in base.problems] == [
            f"{home}: index file {toc.name} owned by another user (uid {STRANGER}); not loaded, rebuilt"
        ]


def test_a_cache_root_of_another_user_is_not_used(cache_dir: Path, tmp_path: Path) -> None:
    root = notes(tmp_path)
    with open_kb(root):
        pass
    marker = tmp_path / "code-ran"
    plant(index_home(root, SCHEMA_VERSION), marker)
    chown_tree(cache_dir, STRANGER)
    before = sorted(str(p) for p in cache_dir.rglob("*"))
    with open_kb(root) as base:
        assert not marker.exists()
        assert base.in_memory and [e.title for e in base.entries()] == ["disk full"]
        assert [str(p) for p in base.problems] == [
            f"{cache_dir}: cache folder owned by another user (uid {STRANGER}) (make it private, or set"
            " KBFIND_CACHE_DIR); not used, index kept in memory"
        ]
    assert sorted(str(p) for p in cache_dir.rglob("*")) == before


def test_a_state_file_of_another_user_is_not_trusted(cache_dir: Path, tmp_path: Path) -> None:
    root = notes(tmp_path)
    with open_kb(root):
        pass
    home = index_home(root, SCHEMA_VERSION)
    os.chown(home / "state.json", STRANGER, -1)
    with open_kb(root) as base:
        assert [str(p) for p in base.problems] == [
            f"{home}: index file state.json owned by another user (uid {STRANGER}); not loaded, rebuilt"
        ]
    assert (home / "state.json").stat().st_uid == os.geteuid()


def test_everything_is_created_private_whatever_the_umask(tmp_path: Path) -> None:
    root = notes(tmp_path)
    cache = tmp_path / "cache"
    code = (
        "import os, sys\nfrom pathlib import Path\nimport kb.indexing\n"
        "os.umask(0)\nkb.indexing.PARALLEL_BYTES = 0  # worker processes write too\n"
        "from kb import open_kb\n"
        "with open_kb(Path(sys.argv[1])) as base: print(len(base))\n"
        "Path(sys.argv[1], 'b.md').write_text('## edited\\n', 'utf-8')\n"
        "with open_kb(Path(sys.argv[1])) as base: print(len(base))  # an update in place\n"
    )
    env = {**os.environ, "KBFIND_CACHE_DIR": str(cache)}
    run = subprocess.run([sys.executable, "-c", code, str(root)], cwd=ROOT, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["1", "2"]
    modes = {str(p.relative_to(cache)): stat.S_IMODE(p.lstat().st_mode) for p in [cache, *cache.rglob("*")]}
    assert modes and all(m == (0o700 if (cache / p).is_dir() else 0o600) for p, m in modes.items()), modes


def test_the_index_folder_of_the_filesystem_root_is_named_so(tmp_path: Path) -> None:
    """``--kb /`` has no name of its own: its folder must not start with a dash, which a shell reads
    as an option (``rm -r -af63…``)."""
    assert index_home(Path("/"), SCHEMA_VERSION, tmp_path).name.startswith("root-")


def test_a_path_that_is_no_knowledge_base_leaves_nothing_in_the_cache(cache_dir: Path, tmp_path: Path) -> None:
    from conftest import kbfind_here

    from matcher import match

    (tmp_path / "env.sh").write_text("export A=1\n", "utf-8")
    (tmp_path / "empty").mkdir()
    for path in ("env.sh", "empty", "nowhere"):
        assert kbfind_here("--kb", str(tmp_path / path), "x509").returncode == 2
        assert kbfind_here("lint", "--kb", str(tmp_path / path), prog="kb").returncode == 2
        with pytest.raises(ContentError):
            match("x509", kb=tmp_path / path)
    assert not cache_dir.exists() or not any(cache_dir.rglob("*")), sorted(cache_dir.rglob("*"))
