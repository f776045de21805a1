"""A build survives what real machines do to it: a worker killed by the OOM killer, its parent
killed or interrupted, a file name that is not UTF-8, a full disk, a lock whose holder died, a
tree that links to ``/``. Worker processes are real; trees are a few MB."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest
from conftest import ROOT
from trees import SECTIONS, alive, child_pids, wait_for, write_tree

import kb.indexing
from kb import open_kb
from kb.build import SCHEMA_VERSION
from kb.cache import index_home
from kb.sources import scan

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forked workers, /proc")

FILES = 500  # × 6 KiB: 3 MB, above the 2 MB where a build starts worker processes

OPEN = textwrap.dedent(
    """
    import logging, os, sys
    from pathlib import Path
    import kb.locks
    kb.locks.NOTICE_AFTER = 0.2
    if os.environ.get("CONFIGURE_LOGGING"):  # a program that shows its libraries' warnings
        logging.basicConfig(format="%(message)s")
    from kb import open_kb
    with open_kb(Path(sys.argv[1])) as base:
        print(len(base))
        for p in base.problems:
            print(p, file=sys.stderr)
    """
)


@pytest.fixture(scope="module")
def big_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tree(tmp_path_factory.mktemp("big") / "notes", FILES, kib=6)


def workers_of(proc: subprocess.Popen[bytes]) -> list[int]:
    assert wait_for(lambda: len(child_pids(proc.pid)) >= 2 or proc.poll() is not None, 120)
    assert proc.poll() is None, "the build ended before its workers were seen"
    return child_pids(proc.pid)


def leftovers(cache: Path) -> list[str]:
    return sorted(p.name for p in cache.rglob("*") if ".build-" in p.name or ".old-" in p.name)


def test_a_worker_killed_with_sigkill_never_leaves_half_an_index(big_tree: Path, tmp_path: Path) -> None:
    env = {"KBFIND_CACHE_DIR": str(tmp_path / "cache")}
    proc = start_open(big_tree, env)
    victim = workers_of(proc)[0]
    time.sleep(0.3)
    os.kill(victim, signal.SIGKILL)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert out.decode().split() == [str(FILES * SECTIONS)]
    assert "a worker process was killed by SIGKILL; its files were indexed again by the main process" in err.decode()
    again = start_open(big_tree, env)
    out, err = again.communicate(timeout=120)
    assert out.decode().split() == [str(FILES * SECTIONS)] and err == b""  # recorded whole, said once


def start_open(root: Path, env: dict[str, str], **kwargs: object) -> subprocess.Popen[bytes]:
    return subprocess.Popen(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-c", OPEN, str(root)],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **kwargs,
    )


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_build_takes_its_workers_and_its_lock_with_it(big_tree: Path, tmp_path: Path, sig: int) -> None:
    cache = tmp_path / "cache"
    env = {"KBFIND_CACHE_DIR": str(cache)}
    proc = start_open(big_tree, env)
    workers = workers_of(proc)
    os.kill(proc.pid, sig)
    proc.wait(timeout=30)
    assert wait_for(lambda: not any(alive(w) for w in workers), 10), "workers outlived their parent"
    again = start_open(big_tree, env)
    out, err = again.communicate(timeout=180)  # before: waited forever on the orphans' lock
    assert out.decode().split() == [str(FILES * SECTIONS)], err
    assert leftovers(cache) == []


def start_kbfind(root: Path, cache: Path, **kwargs: object) -> subprocess.Popen[bytes]:
    """``kbfind --kb root <paste>`` on a first build, as a user starts it."""
    return subprocess.Popen(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "kbfind", "--kb", str(root), "error number 7-1 happened"],
        cwd=ROOT,
        env={**os.environ, "KBFIND_CACHE_DIR": str(cache)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **kwargs,
    )


def test_ctrl_c_stops_a_build_in_one_line_and_leaves_nothing_behind(big_tree: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    proc = start_kbfind(big_tree, cache, start_new_session=True)  # its own group, as a terminal's foreground job
    workers = workers_of(proc)
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C does: the whole group
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err.decode() and err.decode().rstrip().endswith("interrupted")
    assert wait_for(lambda: not any(alive(w) for w in workers), 10)
    assert leftovers(cache) == []


@pytest.mark.parametrize("to", ["process", "group"])
def test_sigterm_stops_a_build_silently_and_leaves_nothing_behind(to: str, big_tree: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    proc = start_kbfind(big_tree, cache, start_new_session=True)
    workers = workers_of(proc)
    assert leftovers(cache) != []  # the index is being built in its temporary folder
    if to == "group":  # what `timeout` and service managers send: the workers get it too
        os.killpg(proc.pid, signal.SIGTERM)
    else:  # `kill PID`
        proc.terminate()
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGTERM, err  # stopped by the signal, as if it had not been caught
    assert err == b""
    assert wait_for(lambda: not any(alive(w) for w in workers), 10)
    assert leftovers(cache) == []  # before: the temporary folder stayed until the next build


def test_a_file_name_that_is_not_utf8_is_skipped_with_a_warning(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_tree(tmp_path / "notes", 40)
    (root / os.fsdecode(b"bad-\xff.md")).write_text("## bad name\n\nanswer\n", "utf-8")
    (root / os.fsdecode(b"dir-\xfe")).mkdir()
    (root / os.fsdecode(b"dir-\xfe") / "inner.md").write_text("## inner\n\nanswer\n", "utf-8")
    monkeypatch.setattr(kb.indexing, "PARALLEL_BYTES", 0)  # real workers, on a small tree
    with open_kb(root) as base:
        assert len(base) == 40 * SECTIONS
        assert [str(p) for p in base.problems] == [
            f"{root}/bad-\\xff.md: name is not valid UTF-8; skipped (rename it)",
            f"{root}/dir-\\xfe: name is not valid UTF-8; skipped (rename it)",
        ]
        assert base.search("error number 3-2")[0].entry.title == "error number 3-2 happened on node3"


def lock_holder(cache: Path, home: Path, what: str, then: str) -> subprocess.Popen[bytes]:
    """Another process that takes the build lock of the index in ``home`` for ``what``, then runs
    the code ``then`` (with ``os`` and ``time`` imported)."""
    script = textwrap.dedent(
        f"""
        import os, time
        from pathlib import Path
        from kb.cache import private_folders
        from kb.locks import acquire
        private_folders(Path({str(cache)!r}), Path({str(home.parent)!r}))
        acquire(Path({str(home.parent / (home.name + ".lock"))!r}), {what!r})
        """
    )
    return subprocess.Popen([sys.executable, "-c", script + textwrap.dedent(then)], cwd=ROOT, stdout=subprocess.PIPE)


@pytest.mark.parametrize("waiter", ["library, logging configured", "library alone", "kbfind", "kbfind -q"])
def test_a_waiting_builder_says_what_it_waits_for_unless_asked_not_to(tmp_path: Path, waiter: str) -> None:
    root = write_tree(tmp_path / "notes", 3)
    cache = tmp_path / "cache"
    home = index_home(root, SCHEMA_VERSION, cache)
    held = 2 if waiter.startswith("library") else 4  # the command says so after NOTICE_AFTER, 3 s
    holder = lock_holder(cache, home, "the index of my notes", f'print("held", flush=True)\ntime.sleep({held})\n')
    assert holder.stdout is not None and holder.stdout.readline() == b"held\n"
    env = {"KBFIND_CACHE_DIR": str(cache), "CONFIGURE_LOGGING": "1" if "configured" in waiter else ""}
    if waiter.startswith("library"):
        process = start_open(root, env)
    else:
        quiet = ["-q"] if waiter.endswith("-q") else []
        command = [sys.executable, "-m", "kbfind", *quiet, "--kb", str(root), "--json", "nothing like this"]
        process = subprocess.Popen(
            command, cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
    out, err = process.communicate(timeout=60)
    holder.wait()
    if waiter.startswith("library"):
        assert out.decode().split() == [str(3 * SECTIONS)]
    else:
        assert process.returncode == 1 and json.loads(out)["matches"] == []
    said = f"kbfind: waiting for process {holder.pid} to finish building the index of my notes" in err.decode()
    assert said == (waiter in ("library, logging configured", "kbfind")), err.decode()  # the library never prints


def test_a_waiting_builder_gives_up_on_a_live_holder_and_answers_from_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_tree(tmp_path / "notes", 3)
    cache = tmp_path / "cache"
    home = index_home(root, SCHEMA_VERSION, cache)
    lock = home.parent / f"{home.name}.lock"
    holder = lock_holder(cache, home, "the index of my notes", 'print("held", flush=True)\ntime.sleep(60)\n')
    try:
        assert holder.stdout is not None and holder.stdout.readline() == b"held\n"
        monkeypatch.setenv("KBFIND_CACHE_DIR", str(cache))
        monkeypatch.setattr("kb.locks.WAIT_LIMIT", 0.5)
        with open_kb(root) as base:
            assert base.in_memory and len(base) == 3 * SECTIONS
            message = f"gave up waiting for process {holder.pid} to finish building the index of my notes"
            assert str(base.problems[0]).startswith(f"{lock}: {message}")
            assert str(base.problems[0]).endswith("; index kept in memory")
    finally:
        holder.kill()
        holder.wait()


def test_a_dead_builders_lock_held_by_its_orphans_is_taken_over(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "notes", 3)
    cache = tmp_path / "cache"
    home = index_home(root, SCHEMA_VERSION, cache)
    orphaned = """
        if os.fork() == 0:  # an orphan that inherited the lock, as workers of old versions did
            os.setsid()
            print(os.getpid(), flush=True)
            time.sleep(120)
        os._exit(0)
        """
    holder = lock_holder(cache, home, "the index", orphaned)
    assert holder.stdout is not None
    orphan = int(holder.stdout.readline())
    holder.wait()
    try:
        waiter = start_open(root, {"KBFIND_CACHE_DIR": str(cache), "CONFIGURE_LOGGING": "1"})
        out, err = waiter.communicate(timeout=60)  # before: forever
        assert out.decode().split() == [str(3 * SECTIONS)]
        assert f"process {holder.pid} died while building the index; its lock" in err.decode()
        assert alive(orphan)
    finally:
        os.kill(orphan, signal.SIGKILL)


def test_folders_of_interrupted_builds_are_removed(tmp_path: Path, cache_dir: Path) -> None:
    root = write_tree(tmp_path / "notes", 3)
    with open_kb(root):
        pass
    home = index_home(root, SCHEMA_VERSION)
    for name in (f".{home.name}.build-4242-abc", f".{home.name}.old-4242-abc"):
        (home.parent / name).mkdir()
        (home.parent / name / "_MAIN_1.toc").write_bytes(b"half")
    (home / "state.json").unlink()  # forces a build
    with open_kb(root):
        pass
    assert leftovers(cache_dir) == []


# -- no usable cache -----------------------------------------------------------------------------


def test_a_large_knowledge_base_without_a_usable_cache_is_built_in_memory(big_tree: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", "utf-8")
    env = {**os.environ, "KBFIND_CACHE_DIR": str(blocker / "cache")}
    run = subprocess.run(
        [sys.executable, "-m", "kbfind", "--json", "--kb", str(big_tree), "error number 7-1 happened on node7"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    warnings = [line for line in run.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1 and "cache not writable (Not a directory); index kept in memory" in warnings[0]


def test_a_full_disk_is_one_line_and_leaves_nothing_behind(big_tree: Path, tmp_path: Path) -> None:
    cache = tmp_path / "small"
    cache.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(cache)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here")
    try:
        env = {**os.environ, "KBFIND_CACHE_DIR": str(cache)}
        run = subprocess.run(
            [sys.executable, "-c", OPEN, str(big_tree)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
        )
        assert run.returncode == 0, run.stderr
        assert run.stdout.split() == [str(FILES * SECTIONS)]
        assert run.stderr.splitlines()[0].endswith("cache not writable (No space left on device); index kept in memory")
        assert len(run.stderr.splitlines()) == 1
        assert leftovers(cache) == []
    finally:
        subprocess.run(["umount", str(cache)], check=False)


def test_a_full_disk_while_recording_the_index_is_one_line(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_tree(tmp_path / "notes", 3)

    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(cache_dir))

    monkeypatch.setattr("kb.build.write_state", full)
    with open_kb(root) as base:
        assert base.in_memory and len(base) == 3 * SECTIONS
        assert [str(p) for p in base.problems] == [
            f"{cache_dir}: cache not writable (No space left on device); index kept in memory"
        ]
    assert leftovers(cache_dir) == []
    assert list(Path(tempfile.gettempdir()).glob(f"kbfind-{os.getpid()}-*")) == []  # whoosh's scratch folders


# -- links ---------------------------------------------------------------------------------------


def test_links_out_of_the_content_root_are_not_followed_and_loops_end(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "notes", 2)
    (root / "everything").symlink_to("/")
    (root / "outside.md").symlink_to(tmp_path / "elsewhere.md")
    (tmp_path / "elsewhere.md").write_text("## not ours\n", "utf-8")
    (root / "team0" / "back-up").symlink_to(root)
    (root / "alias.md").symlink_to(root / "team0" / "area0" / "notes-00000.md")
    (root / "a-link").symlink_to("team1")  # a second name of a folder, met before it: no loop, read once
    (root / "team1" / "sibling").symlink_to("../team0")
    start_time = time.monotonic()
    found = scan(root)
    assert time.monotonic() - start_time < 5
    # alias.md, a link to a page of the tree, is followed; the page is listed once, at its own path, as
    # are the pages of a folder reached through a link too
    assert sorted(s.page for s in found.sources) == ["team0/area0/notes-00000.md", "team1/area1/notes-00001.md"]
    assert [str(p) for p in found.problems] == [
        f"{root}/team0/back-up: folder already visited (symlink loop); skipped",
        f"{root}/everything: symbolic link leads out of {root}; skipped and 1 more (links are followed only inside it)",
    ]


def test_proc_is_never_walked_out_of(tmp_path: Path) -> None:
    code = "import sys; from pathlib import Path; from kb.sources import scan; print(len(scan(Path('/proc')).sources))"
    run = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "KBFIND_CACHE_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,  # before: still walking / after minutes
    )
    assert run.returncode == 0 and run.stdout.split() == ["0"]


def test_workers_are_forked_with_sigint_and_sigterm_held() -> None:
    """A group's SIGTERM that reaches a worker before it has set its own handlers waits until it
    has: run in the middle of Python's after-fork work, the parent's handler printed a traceback."""
    with kb.indexing._signals_held():
        held = signal.pthread_sigmask(signal.SIG_BLOCK, set())
    assert {signal.SIGINT, signal.SIGTERM} <= held
    assert signal.SIGTERM not in signal.pthread_sigmask(signal.SIG_BLOCK, set())


def test_a_link_to_a_page_of_the_tree_lists_its_entries_once(tmp_path: Path, cache_dir: Path) -> None:
    from kb import open_kb

    root = tmp_path / "notes"
    (root / "sub").mkdir(parents=True)
    (root / "main.md").write_text("## Error: disk quota exceeded\n\nClean.\n", "utf-8")
    (root / "sub" / "alias.md").symlink_to(root / "main.md")
    (root / "a-link.md").symlink_to("main.md")  # first by name: the page's own path is kept all the same
    with open_kb(root) as kb:
        assert [(e.page, e.title) for e in kb.entries()] == [("main.md", "Error: disk quota exceeded")]
