"""Every test runs with its own cache and home: nothing touches the user's real ones.

HOME and the cache are replaced in :func:`pytest_configure`, before any test module is imported
(code run at import must not reach the real cache either), and the session fails when the user's
real kbfind cache changed while the tests ran.
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from kb import compiled
from kb.cache import cache_root
from kb.settings import CACHE_ENV, DEBUG_ENV, KB_ENV, SITE_URL_ENV

if TYPE_CHECKING:
    from kb import KnowledgeBase

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
DATA = ROOT / "tests" / "data"

_ISOLATED = ("HOME", "XDG_CACHE_HOME", "LOCALAPPDATA", CACHE_ENV, KB_ENV, SITE_URL_ENV, DEBUG_ENV)
_SAVED_ENV = pytest.StashKey[dict[str, str | None]]()
_TEST_HOME = pytest.StashKey[Path]()
_REAL_CACHES = pytest.StashKey[dict[Path, dict[str, tuple[int, int]]]]()
_CACHE_CHANGES = pytest.StashKey[list[str]]()

# Fixtures that make a test slow or need a browser: the test is marked accordingly.
_MARKED_BY_FIXTURE = {"browser": "browser", "built_site": "slow", "fixture_site": "slow", "wheel": "slow"}


def pytest_configure(config: pytest.Config) -> None:
    """A private HOME and cache for the whole session, set before any test module is imported."""
    config.stash[_SAVED_ENV] = {k: os.environ.get(k) for k in _ISOLATED}
    real = {cache_root(), Path.home() / ".cache" / "kbfind"}  # $KBFIND_CACHE_DIR when set, and the usual place
    for k in (CACHE_ENV, KB_ENV, SITE_URL_ENV, DEBUG_ENV):
        os.environ.pop(k, None)
    real.add(cache_root())  # the user's cache folder on this platform
    config.stash[_REAL_CACHES] = {path: _tree_state(path) for path in sorted(real)}
    home = Path(tempfile.mkdtemp(prefix="kbfind-test-home-"))
    config.stash[_TEST_HOME] = home
    os.environ["HOME"] = str(home)
    os.environ["XDG_CACHE_HOME"] = str(home / ".cache")
    os.environ["LOCALAPPDATA"] = str(home / "AppData" / "Local")  # where Windows keeps caches
    compiled.forget()  # compiled patterns are kept in the test cache too, not the real one
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        # Run as a background job (`make test &`), the session and the programs it starts would
        # ignore Ctrl-C: the tests of what Ctrl-C does need it to be what it is at a terminal.
        signal.signal(signal.SIGINT, signal.default_int_handler)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        for fixture, marker in _MARKED_BY_FIXTURE.items():
            if fixture in getattr(item, "fixturenames", ()):
                item.add_marker(marker)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Fail the session when the user's real kbfind cache changed while the tests ran."""
    changes = [
        change
        for path, before in session.config.stash[_REAL_CACHES].items()
        for change in _differences(before, _tree_state(path))
    ]
    session.config.stash[_CACHE_CHANGES] = changes
    if changes:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    if changes := config.stash.get(_CACHE_CHANGES, []):
        terminalreporter.section("the user's real kbfind cache changed", red=True, bold=True)
        terminalreporter.write_line(
            "A test reached the real cache instead of a temporary one, or kbfind was used with that cache"
            " while the tests ran (run them again with nothing else using it); what changed:"
        )
        for change in changes[:20]:
            terminalreporter.write_line(f"  {change}", red=True)


def pytest_unconfigure(config: pytest.Config) -> None:
    compiled.forget()  # its write at exit would go to the cache removed below
    for k, v in config.stash.get(_SAVED_ENV, {}).items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v
    if _TEST_HOME in config.stash:
        shutil.rmtree(config.stash[_TEST_HOME], ignore_errors=True)


def _tree_state(root: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder under ``root`` (``root`` included), with its size and mtime."""
    state: dict[str, tuple[int, int]] = {}
    paths = [root]
    while paths:
        path = paths.pop()
        try:
            st = path.lstat()
            state[str(path)] = (st.st_size, st.st_mtime_ns)
            if path.is_dir() and not path.is_symlink():
                paths.extend(path.iterdir())
        except OSError:  # gone meanwhile, or never there
            continue
    return state


def _differences(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> list[str]:
    added = [f"{p} appeared" for p in sorted(after.keys() - before.keys())]
    removed = [f"{p} disappeared" for p in sorted(before.keys() - after.keys())]
    modified = [f"{p} changed" for p in sorted(before.keys() & after.keys()) if before[p] != after[p]]
    return added + removed + modified


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty cache for one test."""
    cache = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(cache))
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


def kbfind_here(
    *args: str, stdin: str | bytes | None = None, env: dict[str, str] | None = None, prog: str = "kbfind"
) -> subprocess.CompletedProcess[str]:
    """Run the kbfind command (or ``prog="kb"``) in this process, as its ``main()`` does, with a
    pipe holding ``stdin`` (empty when ``None``) on stdin and stdout and stderr captured."""
    from kbfind.cli import run

    if prog == "kb":
        from kbfind.kbcli import PROG, app
    else:
        from kbfind.cli import PROG, app

    data = stdin.encode() if isinstance(stdin, str) else stdin or b""
    out, err = io.BytesIO(), io.BytesIO()
    streams = (
        io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"),
        io.TextIOWrapper(out, encoding="utf-8", write_through=True),
        io.TextIOWrapper(err, encoding="utf-8", write_through=True),
    )
    saved = sys.stdin, sys.stdout, sys.stderr
    with pytest.MonkeyPatch.context() as patch:
        for k, v in (env or {}).items():
            patch.setenv(k, v)
        sys.stdin, sys.stdout, sys.stderr = streams
        try:
            code = run(app, PROG, list(args))
        finally:
            sys.stdin, sys.stdout, sys.stderr = saved
    for stream in streams:
        stream.detach()
    return subprocess.CompletedProcess([prog, *args], code, out.getvalue().decode(), err.getvalue().decode())


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled FAQ's site, built once per session with ``mkdocs build --strict``."""
    from site_build import build_site

    out = tmp_path_factory.mktemp("site") / "site"
    result = build_site(out)
    (out.parent / "build.log").write_text(result.stdout + result.stderr, "utf-8")
    assert result.returncode == 0, result.stderr
    return out


def write_notes(root: Path, edited: bool = False) -> Path:
    """Three pages of 100 entries (and one more in ``a.md``): each of the 300 holds ``volume``
    (from 1 to 3 times, so the term spans several posting blocks), and ten a page are the same
    ``orphaned pod cleanup`` entry (ties). ``edited`` changes one entry of ``a.md`` and replaces
    its last one, as an edit would."""
    root.mkdir(parents=True, exist_ok=True)
    for page in ("a.md", "b.md", "c.md"):
        sections = [
            "## orphaned pod cleanup\n\nRemove the volume folder of the orphaned pod.\n"
            if i % 10 == 0
            else f"## error {page[0]}{i}: disk pressure on node{i}\n\nFree {'volume ' * (i % 3 + 1)}space on node{i}.\n"
            for i in range(100)
        ]
        if page == "a.md" and edited:
            sections[5] = "## error a5: inode pressure\n\nDelete small files.\n"
            sections.append("## brand new entry 新的条目\n\nNew text with a newword.\n")
        elif page == "a.md":
            sections.append("## retired entry\n\nAn oldword, gone after the edit.\n")
        text = "\n".join(sections)
        if not (root / page).exists() or (root / page).read_text("utf-8") != text:
            (root / page).write_text(text, "utf-8")
    return root


@pytest.fixture(scope="session")
def updated_kb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    """The index of :func:`write_notes`' pages, updated in place after ``a.md`` was edited: two
    segments, and the first holds the deleted documents of ``a.md``'s old version."""
    from kb import open_kb

    root = write_notes(tmp_path_factory.mktemp("updated") / "notes")
    with open_kb(root) as kb:
        assert len(kb) == kb.slots == 301
    write_notes(root, edited=True)
    with open_kb(root) as kb:
        assert len(kb) == 301 and kb.slots == 402, "the edit was not an update in place"
        yield kb


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """kbfind built as a wheel, once per session."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (found,) = out.glob("kbfind-*.whl")
    return found


@pytest.fixture(scope="session")
def installed_wheel(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel installed without dependencies into a folder of its own: a ``PYTHONPATH`` entry."""
    target = tmp_path_factory.mktemp("site-packages")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return target
