"""With ``kb watch`` running, a query asks it instead of a ``stat`` of every file, and still sees
every change: the watcher counts each one before it answers."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import kb.freshness
from kb import open_kb
from kb.build import SCHEMA_VERSION
from kb.cache import index_home
from kb.watch import Watcher, WatchError, _refuse_remote
from kb.watchstamp import Stamp, address, current, record, stamp_path
from tests.conftest import ROOT, kbfind
from tests.test_freshness import notes, titles

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify is Linux's")


def home_of(root: Path) -> Path:
    return index_home(root, SCHEMA_VERSION)


@pytest.fixture
def watched(cache_dir: Path, tmp_path: Path) -> Iterator[tuple[Path, Watcher]]:
    """A notes tree, its index built, and a watcher answering queries from a thread."""
    root = notes(tmp_path)
    watcher = Watcher(root, home_of(root))
    watcher.listen()
    stop = threading.Event()
    thread = threading.Thread(target=watcher.serve, args=(stop.is_set,), daemon=True)
    thread.start()
    try:
        yield root, watcher
    finally:
        stop.set()
        current(home_of(root))  # wakes it up to see that
        thread.join(5)
        watcher.close()


def generation(root: Path) -> int:
    stamp = current(home_of(root))
    assert stamp is not None, "the watcher did not answer"
    return stamp.generation


def counted(watcher: Watcher, page: Path) -> bool:
    """Whether appending to ``page`` (another name of a note) moves the watcher's count."""
    before = watcher.stamp().generation
    with open(page, "a", encoding="utf-8") as f:
        f.write("\n## appended\n")
    return watcher.stamp().generation > before


def no_full_check(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> bool:
        raise AssertionError("a stat of every file, though the watcher vouched for them")

    monkeypatch.setattr(kb.freshness, "unchanged", refuse)


def test_with_a_watcher_a_warm_query_checks_no_file(
    watched: tuple[Path, Watcher], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, _ = watched
    assert titles(root) == ["disk full", "pod stuck pending"]  # built, then recorded under the stamp
    no_full_check(monkeypatch)
    assert titles(root) == ["disk full", "pod stuck pending"]
    with open_kb(root) as base:
        assert not base.stale()  # a long-running program asks the watcher too


def rename_file(root: Path) -> None:
    (root / "a.md").rename(root / "z.md")


def rename_folder(root: Path) -> None:
    (root / "sub").rename(root / "moved")


def edit(root: Path) -> None:
    (root / "a.md").write_text("## disk fill\n\nRun `df -h`.\n", "utf-8")  # same size


def back_dated_edit(root: Path) -> None:
    page = root / "a.md"
    before = page.stat()
    page.write_text("## disk fell\n\nRun `df -h`.\n", "utf-8")
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))  # touch -d: the indexed mtime again


def append(root: Path) -> None:
    with open(root / "a.md", "a", encoding="utf-8") as f:
        f.write("\n## disk still full\n")


def save_by_rename(root: Path) -> None:
    (root / ".a.md.tmp").write_text("## disk fuzz\n\nRun `df -h`.\n", "utf-8")
    (root / ".a.md.tmp").rename(root / "a.md")


def add_deep(root: Path) -> None:
    deep = root / "sub" / "x" / "y"
    deep.mkdir(parents=True)
    (deep / "c.md").write_text("## new entry\n", "utf-8")


def delete(root: Path) -> None:
    (root / "sub" / "b.md").unlink()


CHANGES = {
    edit: ["disk fill", "pod stuck pending"],
    back_dated_edit: ["disk fell", "pod stuck pending"],
    append: ["disk full", "disk still full", "pod stuck pending"],
    save_by_rename: ["disk fuzz", "pod stuck pending"],
    add_deep: ["disk full", "new entry", "pod stuck pending"],
    delete: ["disk full"],
    rename_file: ["disk full", "pod stuck pending"],
    rename_folder: ["disk full", "pod stuck pending"],
}


@pytest.mark.parametrize("change", list(CHANGES), ids=[c.__name__ for c in CHANGES])
def test_every_change_is_counted_before_the_next_query_is_answered(
    watched: tuple[Path, Watcher], change: object
) -> None:
    root, _ = watched
    titles(root)
    before = generation(root)
    change(root)  # type: ignore[operator]
    assert generation(root) > before
    assert titles(root) == CHANGES[change]  # type: ignore[index]


def test_same_size_edits_within_the_same_tick_are_each_seen(watched: tuple[Path, Watcher]) -> None:
    root, _ = watched
    page = root / "a.md"
    for word in ["alpha", "bravo", "charl", "delta", "echos"]:
        page.write_text(f"## {word} failed\n", "utf-8")
        assert titles(root) == [f"{word} failed", "pod stuck pending"]


def test_files_in_a_folder_made_after_the_watcher_started_are_watched(watched: tuple[Path, Watcher]) -> None:
    root, watcher = watched
    (root / "new").mkdir()
    titles(root)
    folders = watcher.folders
    assert folders == 3
    before = generation(root)
    (root / "new" / "c.md").write_text("## fresh\n", "utf-8")
    assert generation(root) > before
    assert titles(root) == ["disk full", "fresh", "pod stuck pending"]


@pytest.mark.parametrize("target", ["sub/b.md", ".drafts/c.md", "drafts/missing.md", "/"])
def test_a_tree_holding_a_symbolic_link_is_not_vouched_for(cache_dir: Path, tmp_path: Path, target: str) -> None:
    # What is behind a link (a hidden folder, outside, nothing yet, or a link changed there) can
    # change with no event in the watched folders: queries check every file while one is there.
    root = notes(tmp_path)
    (root / ".drafts").mkdir()
    (root / ".drafts" / "c.md").write_text("## draft\n", "utf-8")
    (root / "c.md").symlink_to(target if target.startswith("/") else root / target)
    said: list[str] = []
    watcher = Watcher(root, home_of(root), said.append)
    try:
        assert watcher.stamp().generation == -1  # current() takes it for no answer
        assert watcher.folders == 2  # the link is not followed, even to /
        assert said == [
            f"not vouching for {root}: it holds a symbolic link ({root / 'c.md'}); queries check each file meanwhile"
        ]
        (root / "c.md").unlink()
        assert watcher.stamp().generation > 0
        assert said[-1] == f"vouching for {root} again"
        (root / "sub" / "d.md").symlink_to(root / "a.md")  # made while it runs
        assert watcher.stamp().generation == -1
    finally:
        watcher.close()


def test_a_second_name_made_while_it_runs_in_a_watched_folder_is_watched(watched: tuple[Path, Watcher]) -> None:
    root, _ = watched
    os.link(root / "a.md", root / "sub" / "a.bak")  # not markdown: the walk never reads it
    titles(root)
    before = generation(root)
    with open(root / "sub" / "a.bak", "a", encoding="utf-8") as f:
        f.write("\n## disk still full\n")
    assert generation(root) > before
    assert titles(root) == ["disk full", "disk still full", "pod stuck pending"]


def test_a_file_watched_by_inode_and_replaced_is_watched_anew(cache_dir: Path, tmp_path: Path) -> None:
    root = notes(tmp_path)
    os.link(root / "a.md", tmp_path / "keep.md")  # a second name: watched by inode
    watcher = Watcher(root, home_of(root))
    try:
        (root / ".a.tmp").write_text("## disk fuzz\n", "utf-8")
        (root / ".a.tmp").rename(root / "a.md")  # saved by rename: a new inode
        os.link(root / "a.md", tmp_path / "y.md")
        assert counted(watcher, tmp_path / "y.md")
    finally:
        watcher.close()


def test_an_edit_through_a_hard_link_outside_the_watched_folders_is_counted(cache_dir: Path, tmp_path: Path) -> None:
    root = notes(tmp_path)
    (root / ".bak").mkdir()
    os.link(root / "a.md", root / ".bak" / "a.md")  # a file with two names: watched itself
    watcher = Watcher(root, home_of(root))
    try:
        assert counted(watcher, root / ".bak" / "a.md")
    finally:
        watcher.close()


def test_a_single_file_root_is_watched_itself(cache_dir: Path, tmp_path: Path) -> None:
    page = tmp_path / "faq.md"
    page.write_text("## one\n", "utf-8")
    os.link(page, tmp_path / ".faq.bak")  # an edit through the other name is reported under it
    watcher = Watcher(page, home_of(page))
    try:
        assert counted(watcher, tmp_path / ".faq.bak")
    finally:
        watcher.close()


def test_a_new_tree_where_the_root_was_is_not_vouched_for(cache_dir: Path, tmp_path: Path) -> None:
    root = notes(tmp_path / "a")
    watcher = Watcher(root, home_of(root))
    try:
        (tmp_path / "a").rename(tmp_path / "a.old")  # the folder above: the root gets no event
        notes(tmp_path / "a")
        with pytest.raises(WatchError, match="was removed or renamed; watching stopped"):
            watcher.stamp()
    finally:
        watcher.close()


def test_a_folder_too_deep_to_name_is_skipped_as_queries_skip_it(cache_dir: Path, tmp_path: Path) -> None:
    """Below PATH_MAX a folder cannot be named from the root: queries skip it with a warning, and so
    does the watcher, which used to stop with an internal error."""
    root = notes(tmp_path)
    fd = os.open(root, os.O_RDONLY)
    try:
        for _ in range(24):  # 24 × 200 characters: past Linux's 4,096
            os.mkdir("d" * 200, dir_fd=fd)
            fd, old = os.open("d" * 200, os.O_RDONLY, dir_fd=fd), fd
            os.close(old)
    finally:
        os.close(fd)
    watcher = Watcher(root, home_of(root))
    try:
        assert 3 < watcher.folders < 26
    finally:
        watcher.close()


def test_a_folder_the_watcher_cannot_read_for_another_reason_is_one_line(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = notes(tmp_path)

    def invalid(path: object) -> object:
        raise OSError(22, "Invalid argument", path)

    monkeypatch.setattr(os, "scandir", invalid)
    with pytest.raises(WatchError, match=f"^cannot watch {root}: Invalid argument$"):
        Watcher(root, home_of(root))


def test_files_that_are_not_markdown_do_not_count(watched: tuple[Path, Watcher]) -> None:
    root, _ = watched
    before = generation(root)
    (root / "notes.txt").write_text("scratch", "utf-8")
    (root / "sub" / "build.log").write_text("log", "utf-8")
    assert generation(root) == before
    (root / "notes.txt").rename(root / "notes.md")  # but one renamed to markdown does
    assert generation(root) > before
    before = generation(root)
    (root / "sub" / "guide.mdx").write_text("## npm ERR! code EACCES\n", "utf-8")  # MDX is markdown too
    assert generation(root) > before


def test_the_mount_table_is_read_as_the_kernel_writes_it(tmp_path: Path) -> None:
    root = str(tmp_path)  # on whatever this machine mounts it: its device decides
    device = f"{os.major(os.stat(root).st_dev)}:{os.minor(os.stat(root).st_dev)}"
    nfs_over = f"22 1 0:99 / {root} rw - autofs systemd-1 rw\n30 22 {device} / {root} rw - nfs4 srv:/n rw\n"
    with pytest.raises(WatchError, match=r"is a nfs4 file system"):  # the automount's mount, not autofs
        _refuse_remote(root, nfs_over)
    spaced = f"40 22 0:50 / {root}/my\\040box rw - fuse.sshfs me@box: rw\n"
    with pytest.raises(WatchError, match=r"/my box is a fuse\.sshfs file system"):
        _refuse_remote(root, spaced)
    _refuse_remote(root, f"41 22 0:51 / {root}/.remote rw - fuse.sshfs me@box: rw\n")  # hidden: never walked


def test_queries_go_on_where_local_sockets_are_denied(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import _socket

    def denied(*args: object) -> None:
        raise OSError(97, "Address family not supported by protocol")

    root = notes(tmp_path)
    monkeypatch.setattr(_socket, "socket", denied)
    assert current(home_of(root)) is None
    assert titles(root) == ["disk full", "pod stuck pending"]


def test_network_and_fuse_file_systems_are_refused() -> None:
    info = (
        "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
        "40 22 0:50 / /home/me/notes rw - nfs4 server:/notes rw\n"
        "41 22 0:51 / /home/me/mnt/box rw - fuse.sshfs me@box: rw\n"
        "42 22 0:52 / /media/usb rw - fuseblk /dev/sdb1 rw\n"
    )
    _refuse_remote("/home/me/work", info)  # on ext4
    _refuse_remote("/media/usb/notes", info)  # a local disk through FUSE
    with pytest.raises(WatchError, match=r"^/home/me/notes is a nfs4 file system: changes made elsewhere"):
        _refuse_remote("/home/me/notes/ops", info)
    with pytest.raises(WatchError, match=r"^/home/me/mnt/box is a fuse\.sshfs file system"):
        _refuse_remote("/home/me/mnt", info)  # a remote mount inside the tree


def test_a_stopped_watcher_is_not_waited_for(cache_dir: Path, tmp_path: Path) -> None:
    root = notes(tmp_path)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(address(home_of(root)))
    server.listen(1)  # accepts into the backlog, never answers: what Ctrl-Z leaves
    try:
        start = time.perf_counter()
        assert current(home_of(root)) is None
        assert time.perf_counter() - start < 0.5
    finally:
        server.close()


def test_a_single_file_root_counts_its_own_changes_only(cache_dir: Path, tmp_path: Path) -> None:
    page = tmp_path / "faq.md"
    page.write_text("## disk full\n", "utf-8")
    watcher = Watcher(page, home_of(page))
    try:
        before = watcher.stamp().generation
        (tmp_path / "other.md").write_text("## not watched\n", "utf-8")
        assert watcher.stamp().generation == before
        page.write_text("## disk fuller\n", "utf-8")
        assert watcher.stamp().generation > before
    finally:
        watcher.close()


def test_hidden_names_an_editor_writes_do_not_count(watched: tuple[Path, Watcher]) -> None:
    root, _ = watched
    before = generation(root)
    (root / ".a.md.swp").write_bytes(b"swap")
    (root / ".a.md.swp").unlink()
    assert generation(root) == before


def test_without_the_watcher_every_file_is_checked_again(cache_dir: Path, tmp_path: Path) -> None:
    root = notes(tmp_path)
    watcher = Watcher(root, home_of(root))
    watcher.listen()
    stamp = watcher.stamp()
    with open_kb(root) as base:
        assert base.snapshot is not None
        record(home_of(root), stamp, base.snapshot)
    watcher.close()  # stopped: nobody counts the edit below
    assert not stamp_path(home_of(root)).exists()  # its record is not left in the cache
    edit(root)
    assert current(home_of(root)) is None
    assert titles(root) == ["disk fill", "pod stuck pending"]


def test_a_stopped_watcher_leaves_another_watchers_record(cache_dir: Path, tmp_path: Path) -> None:
    root = notes(tmp_path)
    watcher = Watcher(root, home_of(root))
    watcher.listen()
    with open_kb(root) as base:
        assert base.snapshot is not None
        record(home_of(root), Stamp("another", 0, watcher.root), base.snapshot)
    watcher.close()
    assert "another" in stamp_path(home_of(root)).read_text("utf-8")


def test_a_stamp_of_another_watcher_is_not_trusted(
    watched: tuple[Path, Watcher], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, watcher = watched
    titles(root)
    checks: list[object] = []
    full = kb.freshness.unchanged
    monkeypatch.setattr(kb.freshness, "unchanged", lambda snap: checks.append(snap) or full(snap))
    with open_kb(root) as base:
        assert base.snapshot is not None
        other = Stamp("another", generation(root), watcher.root)
        record(home_of(root), other, base.snapshot)
    assert "another" in stamp_path(home_of(root)).read_text("utf-8")
    titles(root)
    assert len(checks) == 1  # checked every file, then recorded this watcher's stamp
    titles(root)
    assert len(checks) == 1


def test_no_watcher_answers_quickly(cache_dir: Path, tmp_path: Path) -> None:
    root = notes(tmp_path)
    start = time.perf_counter()
    assert current(home_of(root)) is None
    assert time.perf_counter() - start < 0.4  # a refused connection, not the timeout


def test_the_watcher_stops_when_its_root_goes(cache_dir: Path, tmp_path: Path) -> None:
    root = notes(tmp_path)
    watcher = Watcher(root, home_of(root))
    try:
        root.rename(tmp_path / "elsewhere")
        with pytest.raises(WatchError, match="was removed or renamed; watching stopped"):
            watcher.stamp()
    finally:
        watcher.close()


def test_a_second_watcher_of_the_same_root_is_refused(watched: tuple[Path, Watcher]) -> None:
    root, _ = watched
    second = Watcher(root, home_of(root))
    try:
        with pytest.raises(WatchError, match="is already watched by another kb watch; stop it first"):
            second.listen()
    finally:
        second.close()


# -- the command -----------------------------------------------------------------------------------


def test_kb_watch_answers_queries_until_interrupted(cache_dir: Path, tmp_path: Path) -> None:
    root = notes(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-c", "from kbfind.kbcli import main; main()", "watch", "--kb", str(root)]
    proc = subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None
        said = proc.stderr.readline()
        while said and "watching" not in said:
            said += proc.stderr.readline()
        assert said.endswith(f"kb: watching {root} (2 folders); queries ask this process (Ctrl-C stops it)\n")
        assert current(home_of(root)) is not None
        held = [os.readlink(fd) for fd in Path(f"/proc/{proc.pid}/fd").iterdir()]
        assert not [f for f in held if f.startswith(str(cache_dir))]  # a rebuilt index is freed, not kept open
        assert kbfind("--kb", str(root), "disk full").returncode == 0
        edit(root)
        done = kbfind("--kb", str(root), "--json", "disk fill")
        assert done.returncode == 0 and '"title": "disk fill"' in done.stdout
        proc.send_signal(signal.SIGINT)
        assert proc.wait(20) == 130
        assert proc.stderr.read() == "kb: interrupted\n"
    finally:
        proc.kill()
        proc.wait()


def test_kb_watch_of_a_missing_folder_is_one_line(cache_dir: Path, tmp_path: Path) -> None:
    done = kbfind_kb("watch", "--kb", str(tmp_path / "nowhere"))
    assert done.returncode == 2
    assert (
        done.stderr
        == f"kb: error: {tmp_path / 'nowhere'}: no such file or folder; pass --kb PATH to a markdown file or folder\n"
    )


def kbfind_kb(*args: str) -> subprocess.CompletedProcess[str]:
    from tests.conftest import kbfind_here

    return kbfind_here(*args, prog="kb")


def test_kb_index_mentions_the_watcher_on_a_large_tree(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = notes(tmp_path)
    monkeypatch.setattr("kbfind.kbcli.WATCH_HINT_FILES", 2)
    done = kbfind_kb("index", "--kb", str(root))
    assert done.returncode == 0
    assert done.stderr.endswith(f"kb: tip: `kb watch --kb {root}` spares every query a check of these 2 files\n")
    monkeypatch.setattr("kbfind.kbcli.WATCH_HINT_FILES", 3)
    assert "tip" not in kbfind_kb("index", "--kb", str(root)).stderr


MOUNT_SCRIPT = """
import sys, threading, subprocess, time
from pathlib import Path
from kb.watch import Watcher
from kb.watchstamp import current
root, home = Path(sys.argv[1]), Path(sys.argv[2])
watcher = Watcher(root, home)
watcher.listen()
stop = threading.Event()
threading.Thread(target=watcher.serve, args=(stop.is_set,), daemon=True).start()
before = current(home).generation
subprocess.run(["mount", "-t", "tmpfs", "none", str(root / "sub")], check=True)
time.sleep(0.2)  # the serving loop sees the mount table change first, and must not lose it
mounted = current(home).generation
(root / "sub" / "c.md").write_text("## on the new mount\\n")
written = current(home).generation
print(before < mounted < written)
stop.set()
"""


def test_a_mount_over_a_folder_of_the_tree_is_walked_into(cache_dir: Path, tmp_path: Path) -> None:
    root = notes(tmp_path)
    script = tmp_path / "mount_check.py"
    script.write_text(MOUNT_SCRIPT, "utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = ["unshare", "-m", "--propagation", "private", sys.executable, str(script), str(root), str(home_of(root))]
    try:
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)
    except FileNotFoundError:
        pytest.skip("no unshare(1) here")
    if "Operation not permitted" in done.stderr or "permission denied" in done.stderr.lower():
        pytest.skip("mounting needs privileges this runner lacks")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "True"
