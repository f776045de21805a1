"""The whoosh index of a content root: built on first use, updated when files change.

The index lives in the user's cache directory (:mod:`kb.cache`), one folder per content root
and schema version. A full build happens in a temporary folder that is renamed into place, and
an update of a few changed files is one whoosh commit, so a reader sees the old index or the
new one, never half of one. Builders serialize on a lock file; readers never wait.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from kb import _whoosh
from kb.cache import exclusive, index_home
from kb.index import FIELD_BOOSTS, KnowledgeBase
from kb.model import Entry, Problem
from kb.sources import SourceFile, find_sources
from kb.stored import entry_to_stored, vocabulary_to_stored
from kb.vocabulary import indexed_text, vocabulary

__all__ = ["SCHEMA_VERSION", "Progress", "analysis", "open_kb"]

SCHEMA_VERSION = 4
"""Bump whenever fields change: older indexes are then never read (their folder differs)."""

Progress = Callable[[int, int], None]
"""Called as ``progress(files_done, files_total)`` while an index is built."""

_STATE = "state.json"
_REBUILD_SHARE = 0.5  # when more files than this changed, a fresh build is cheaper


def open_kb(root: Path, progress: Progress | None = None) -> KnowledgeBase:
    """Open the index of ``root``, building or updating it first when the files changed.

    Raises :class:`kb.sources.ContentError` when ``root`` cannot be read at all. When the cache
    folder cannot be written, the index is built in memory and a problem says so.
    """
    sources, problems = find_sources(root)
    home = index_home(root, SCHEMA_VERSION)
    try:
        kb = _open_current(root, home, sources)
        if kb is None:
            with exclusive(home.parent / f"{home.name}.lock"):
                kb = _open_current(root, home, sources) or _refresh(root, home, sources, progress)
    except OSError as e:
        kb = _in_memory(root, sources, progress)
        reason = e.strerror or str(e)
        kb.problems.insert(
            0, Problem(str(e.filename or home), 0, f"cache not writable ({reason}); index kept in memory")
        )
    kb.problems[:0] = problems
    return kb


@cache
def analysis(package: Path | None = None) -> str:
    """A checksum of all the code of :mod:`kb` (what decides what goes into the index: parsing,
    terms, synonyms, fields) and of the schema version: an index written by another version of
    kbfind is rebuilt, never misread. Every module is hashed, so no list can go stale.
    ``package``: the folder of the package to checksum (this one by default)."""
    import hashlib

    here = package or Path(__file__).resolve().parent
    digest = hashlib.blake2b(str(SCHEMA_VERSION).encode(), digest_size=8)
    for path in sorted(here.rglob("*.py")):
        digest.update(path.relative_to(here).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


# -- opening ---------------------------------------------------------------------------------


def _open_current(root: Path, home: Path, sources: list[SourceFile]) -> KnowledgeBase | None:
    state = _read_state(home)
    if state is None or state["files"] != {s.page: _version(s) for s in sources}:
        return None
    return _open_dir(root, home, state)


def _open_dir(root: Path, home: Path, state: dict[str, Any]) -> KnowledgeBase | None:
    """The index in ``home`` when it is whole (the sizes its state recorded), else ``None``."""
    try:
        for name, size in state["index_files"].items():
            if (home / name).stat().st_size != size:
                return None
        _whoosh.load()
        from whoosh import index

        ix = index.open_dir(str(home))
        kb = KnowledgeBase(root, _state_problems(state), False, ix, home=home, versions=state["files"])
        len(kb)
        return kb
    except Exception:  # a cache is disposable: anything unreadable is rebuilt
        return None


def _read_state(home: Path) -> dict[str, Any] | None:
    try:
        state = json.loads((home / _STATE).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    ok = isinstance(state, dict) and state.get("schema") == SCHEMA_VERSION and state.get("analysis") == analysis()
    return state if ok and isinstance(state.get("files"), dict) else None


def _version(s: SourceFile) -> list[Any]:
    return [s.size, s.mtime_ns]


def _state_problems(state: dict[str, Any]) -> list[Problem]:
    return [Problem(*p) for p in state.get("problems", [])]


# -- building and updating -------------------------------------------------------------------


def _refresh(root: Path, home: Path, sources: list[SourceFile], progress: Progress | None) -> KnowledgeBase:
    """Under the lock: update the index in place when few files changed, else rebuild it."""
    state = _read_state(home)
    kb = _open_dir(root, home, state) if state else None
    if state is not None and kb is not None:
        kb.close()
        changed = [s for s in sources if state["files"].get(s.page) != _version(s)]
        removed = set(state["files"]) - {s.page for s in sources}
        if len(changed) + len(removed) <= _REBUILD_SHARE * max(len(sources), 1):
            try:
                return _update(root, home, sources, state, changed, removed)
            except Exception:  # a damaged index: start afresh below
                pass
    return _build(root, home, sources, progress)


def _update(
    root: Path,
    home: Path,
    sources: list[SourceFile],
    state: dict[str, Any],
    changed: list[SourceFile],
    removed: set[str],
) -> KnowledgeBase:
    _whoosh.load()
    from whoosh import index

    ix = index.open_dir(str(home))
    problems = [p for p in _state_problems(state) if p.path not in {_label(root, s) for s in changed} | removed]
    writer = ix.writer()
    for page in removed | {s.page for s in changed}:
        writer.delete_by_term("page", page)
    for s in changed:
        problems += _add_file(writer, root, s)
    writer.commit(optimize=False)
    _write_state(home, sources, problems)
    kb = _open_dir(root, home, _read_state(home) or {})
    if kb is None:
        raise RuntimeError("index unreadable right after an update")
    return kb


def _build(root: Path, home: Path, sources: list[SourceFile], progress: Progress | None) -> KnowledgeBase:
    import tempfile

    _whoosh.load()
    from whoosh import index

    home.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{home.name}.build-", dir=home.parent))
    try:
        ix = index.create_in(str(tmp), _schema())
        problems = _fill(ix, root, sources, progress)
        _write_state(tmp, sources, problems)
        _swap(tmp, home)
    finally:
        _remove_tree(tmp)
    kb = _open_dir(root, home, _read_state(home) or {})
    if kb is None:
        raise OSError(0, "the index just built cannot be read back", str(home))
    return kb


def _in_memory(root: Path, sources: list[SourceFile], progress: Progress | None) -> KnowledgeBase:
    _whoosh.load()
    from whoosh.filedb.filestore import RamStorage

    ix = RamStorage().create_index(_schema())
    problems = _fill(ix, root, sources, progress)
    return KnowledgeBase(root, problems, True, ix, versions={s.page: _version(s) for s in sources})


def _fill(ix: Any, root: Path, sources: list[SourceFile], progress: Progress | None) -> list[Problem]:
    problems: list[Problem] = []
    procs = _processes(sources)
    writer = ix.writer(limitmb=128, procs=procs, multisegment=procs > 1)
    for n, s in enumerate(sources, 1):
        problems += _add_file(writer, root, s)
        if progress:
            progress(n, len(sources))
    writer.commit()
    return problems


_PARALLEL_BYTES = 2_000_000  # below this, starting worker processes costs more than it saves


def _processes(sources: list[SourceFile]) -> int:
    """Writer processes for a build: one per core for a large knowledge base, else one."""
    if sum(s.size for s in sources) < _PARALLEL_BYTES:
        return 1
    return max(1, min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1, 4))


def _add_file(writer: Any, root: Path, source: SourceFile) -> list[Problem]:
    from kb.load import load_file

    entries, problems = load_file(root, source)
    for e in entries:
        writer.add_document(**_document(e))
    return problems


def _swap(tmp: Path, home: Path) -> None:
    """Put the folder ``tmp`` at ``home``; an old ``home`` is moved aside first, then removed."""
    trash = None
    if home.exists():
        trash = home.with_name(f".{home.name}.old-{os.getpid()}")
        os.rename(home, trash)
    os.rename(tmp, home)
    if trash:
        _remove_tree(trash)


def _remove_tree(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)


def _write_state(home: Path, sources: list[SourceFile], problems: list[Problem]) -> None:
    files = {name: (home / name).stat().st_size for name in os.listdir(home) if not name.startswith(_STATE)}
    state = {
        "schema": SCHEMA_VERSION,
        "analysis": analysis(),
        "files": {s.page: _version(s) for s in sources},
        "problems": [[p.path, p.line, p.message] for p in problems],
        "index_files": {n: s for n, s in files.items() if n.endswith((".toc", ".seg", ".pst", ".trm", ".dcz", ".fln"))},
    }
    tmp = home / f"{_STATE}.tmp-{os.getpid()}"
    tmp.write_text(json.dumps(state), "utf-8")
    os.replace(tmp, home / _STATE)


def _label(root: Path, s: SourceFile) -> str:
    from kb.load import source_label

    return source_label(root, s)


# -- schema and documents --------------------------------------------------------------------


def _schema() -> Any:
    from whoosh.fields import ID, STORED, TEXT, Schema

    from kb.analyzer import KbTokenizer

    def text(boost: float = 1.0) -> Any:
        return TEXT(analyzer=KbTokenizer(), phrase=False, field_boost=boost)

    return Schema(
        key=ID(unique=True),
        page=ID,
        title=text(FIELD_BOOSTS["title"]),
        tags=text(FIELD_BOOSTS["tags"]),
        all=text(FIELD_BOOSTS["all"]),
        entry=STORED,
        vocabulary=STORED,
    )


def _document(e: Entry) -> dict[str, Any]:
    tags = " ".join(e.tags)
    return {
        "key": e.key,
        "page": e.page,
        "title": e.title,
        "tags": tags,
        "all": indexed_text(e),
        "entry": entry_to_stored(e),
        "vocabulary": vocabulary_to_stored(vocabulary(e)),
    }
