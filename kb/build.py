"""The whoosh index of a content root: built on first use, updated when files change.

The index lives in the user's cache directory (:mod:`kb.cache`), one folder per content root
and schema version, beside a record of what it was built from (:mod:`kb.state`). A query opens
it when a ``stat`` of each file and folder finds the content as recorded
(:mod:`kb.freshness`); nothing is walked or read. Otherwise, under the build lock
(:mod:`kb.locks`), a few changed files are updated in place (one whoosh commit), or the whole
index is built in a temporary folder (:mod:`kb.indexing`, by worker processes when large),
checked, and renamed into place: a reader sees the old index or the new one, never part of one.

What is not the current user's, or can be written by others, is never loaded: an index folder
like that is set aside and rebuilt, a cache root like that is not used (the index is then
kept in memory), and every warning says so once.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kb import _whoosh
from kb.cache import UnsafeCache, index_home, make_private, private_folders, unsafe
from kb.freshness import changed_sources, settle, snapshot, unchanged
from kb.index import FIELD_BOOSTS, KnowledgeBase
from kb.model import Entry, Problem
from kb.sources import ContentError, is_markdown, no_markdown
from kb.state import State, index_files, read_state, write_state
from kb.stored import entry_to_stored, vocabulary_to_stored
from kb.terms import heading_key
from kb.urls import section_link
from kb.vocabulary import indexed_text, vocabulary
from kb.watchstamp import Stamp, checked, current, record

if TYPE_CHECKING:
    from kb.sources import Scan, SourceFile

__all__ = ["SCHEMA_VERSION", "Progress", "analysis", "open_kb"]

SCHEMA_VERSION = 6
"""Bump whenever fields change: older indexes are then never read (their folder differs)."""

Progress = Callable[[int, int], None]
"""Called as ``progress(files_done, files_total)`` while an index is built."""

_REBUILD_SHARE = 0.5  # when more files than this changed, a fresh build is cheaper


def _home_expanded(root: Path) -> Path:
    """``~/notes`` as the shell and :func:`matcher.analyze` read it; a ``~user`` the system has not, as written."""
    try:
        return root.expanduser()
    except RuntimeError:
        return root


def open_kb(root: str | os.PathLike[str], progress: Progress | None = None) -> KnowledgeBase:
    """Open the index of ``root``, building or updating it first when the files changed.

    ``root`` may start with ``~``. Raises :class:`kb.sources.ContentError` when ``root`` cannot be read at
    all, is empty or is a file that is not markdown. When the cache
    cannot be written or is not safe to use, the index is built in memory and a problem says so.
    """
    if isinstance(root, str) and not root:  # Path("") is the current folder: a tree of who knows what
        raise ContentError("an empty path names no file or folder; pass the path of a markdown file or folder")
    root = _home_expanded(Path(root))
    if root.is_file() and not is_markdown(root.name):  # refused before its index is made in the cache
        raise ContentError(no_markdown(root, root) or f"{root}: not a markdown file")
    home = index_home(root, SCHEMA_VERSION)
    stamp = current(home)  # a watcher's answer, asked before anything is checked
    kb = _open_fresh(root, home, stamp)
    if kb is not None:
        return kb
    from kb.sources import scan  # the walk: only when the quick check did not do

    found = scan(root)
    try:
        kb = _refresh(root, home, found, progress)
    except OSError as e:
        return _in_memory(root, found, progress, _cache_problem(e, home))
    if stamp is not None and kb.home is not None and kb.snapshot is not None:
        record(home, stamp, kb.snapshot)  # walked after the stamp: what it found is current
    return kb


@cache
def analysis(package: Path | None = None) -> str:
    """A checksum of all the code of :mod:`kb` (what decides what goes into the index: parsing,
    terms, synonyms, fields) and of the schema version: an index written by another version of
    kbfind is rebuilt, never misread. Every module is hashed, so no list can go stale.
    ``package``: the folder of the package to checksum (this one by default)."""
    here = package or Path(__file__).resolve().parent
    digest = hashlib.blake2b(str(SCHEMA_VERSION).encode(), digest_size=8)
    for path in sorted(here.rglob("*.py")):
        digest.update(path.relative_to(here).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


# -- opening ---------------------------------------------------------------------------------


def _open_fresh(root: Path, home: Path, stamp: Stamp | None) -> KnowledgeBase | None:
    """The index of ``root`` when everything checks out: safe folders, a trusted record, content
    unchanged since (vouched by a watcher's ``stamp``, else a ``stat`` of each file), and whole
    index files. ``None`` sends the caller the slow way."""
    try:
        for level in (home.parent.parent, home.parent, home):
            if unsafe(os.stat(level)):
                return None
    except OSError:
        return None
    state = read_state(home, SCHEMA_VERSION, analysis())
    if state is None or not checked(home, state.snapshot, stamp):
        return None
    return _open_dir(root, home, state)


def _open_dir(root: Path, home: Path, state: State) -> KnowledgeBase | None:
    """The index in ``home`` when its files are those ``state`` records (same TOC, same sizes,
    all the user's own), else ``None``."""
    try:
        if {n for n in os.listdir(home) if n.endswith(".toc")} != {n for n in state.index_files if n.endswith(".toc")}:
            return None
        for name, size in state.index_files.items():
            st = os.stat(home / name, follow_symlinks=False)
            if st.st_size != size or unsafe(st):
                return None
        _whoosh.load()
        from whoosh import index

        ix = index.open_dir(str(home))
        kb = KnowledgeBase(root, state.all_problems(), False, ix, home=home, snapshot=state.snapshot)
        len(kb)
        return kb
    except Exception:  # a cache is disposable: anything unreadable is rebuilt
        return None


def _home_trouble(home: Path) -> str | None:
    """Why the index folder ``home`` (or a file in it) must not be loaded, or ``None``."""
    try:
        reason = unsafe(os.stat(home))
        if reason:
            return f"index folder {reason}"
        for entry in os.scandir(home):
            reason = unsafe(entry.stat(follow_symlinks=False))
            if reason:
                return f"index file {entry.name} {reason}"
    except FileNotFoundError:
        return None
    return None


# -- building and updating -------------------------------------------------------------------


def _refresh(root: Path, home: Path, found: Scan, progress: Progress | None) -> KnowledgeBase:
    """Under the build lock: use an index another process just made, update this one in place
    when few files changed, else build it anew."""
    from kb.locks import holding

    private_folders(home.parent.parent, home.parent)  # the cache root, and index-v<schema> in it
    notes: list[Problem] = []
    with holding(home.parent / f"{home.name}.lock", f"the index of {root}") as lock:
        trouble = _home_trouble(home)
        if trouble:
            _set_aside(home)
            notes.append(Problem(str(home), 0, f"{trouble}; not loaded, rebuilt"))
        state = None if trouble else read_state(home, SCHEMA_VERSION, analysis())
        kb = _reuse(root, home, state, found)
        if kb is None:
            _remove_stale_builds(home)
            kb = _build(root, home, found, progress, () if lock is None else (lock.fd,))
    kb.problems[:0] = notes
    return kb


def _reuse(root: Path, home: Path, state: State | None, found: Scan) -> KnowledgeBase | None:
    """The index in ``home``, brought up to date in place, when that is cheaper than a build."""
    if state is None:
        return None
    if unchanged(state.snapshot):
        return _open_dir(root, home, state)  # another process built it while we waited
    kb = _open_dir(root, home, state)
    if kb is None:
        return None
    kb.close()
    changed, removed = changed_sources(state.snapshot, found)
    if len(changed) + len(removed) > _REBUILD_SHARE * max(len(found.sources), 1):
        return None
    try:
        return _update(root, home, state, found, changed, removed)
    except OSError:  # the disk, not the index: said once, by the caller
        raise
    except Exception:  # a damaged index: built afresh instead
        return None


def _update(
    root: Path, home: Path, state: State, found: Scan, changed: list[SourceFile], removed: set[str]
) -> KnowledgeBase | None:
    """Replace the entries of the changed and removed files in place (one whoosh commit)."""
    from kb.load import load_source

    problems = {page: kept for page, kept in state.problems.items() if page and page not in removed}
    digests = dict(state.snapshot.digests)
    if changed or removed:
        _whoosh.load()
        from whoosh import index

        from kb.indexing import store_offsets

        writer = index.open_dir(str(home)).writer()
        store_offsets(writer)
        try:
            for page in removed | {s.page for s in changed}:
                writer.delete_by_term("page", page)
                problems.pop(page, None)
            for s in changed:
                loaded = load_source(root, s)
                for e in loaded.entries:
                    writer.add_document(**_document(e))
                if loaded.problems:
                    problems[s.page] = loaded.problems
                if loaded.digest:
                    digests[s.page] = loaded.digest
        except BaseException:
            writer.cancel()
            raise
        writer.commit(optimize=False)
        make_private(home)
    problems[""] = found.problems
    fresh = State(settle(snapshot(found, digests)), problems, index_files(home))
    write_state(home, fresh, SCHEMA_VERSION, analysis())
    return _open_dir(root, home, fresh)


def _build(root: Path, home: Path, found: Scan, progress: Progress | None, inherited: tuple[int, ...]) -> KnowledgeBase:
    """Build the whole index in a private temporary folder, check it, and rename it into place."""
    import tempfile

    from kb.indexing import file_storage, fill, processes

    _whoosh.load()
    tmp = Path(tempfile.mkdtemp(prefix=f".{home.name}.build-{os.getpid()}-", dir=home.parent))
    try:
        ix = file_storage(tmp).create_index(_schema())
        filled = fill(ix, root, found.sources, _document, progress, processes(found.sources), inherited)
        state = State(settle(snapshot(found, filled.digests)), {"": found.problems, **filled.problems}, {})
        make_private(tmp)
        state = State(state.snapshot, state.problems, index_files(tmp))
        write_state(tmp, state, SCHEMA_VERSION, analysis())
        _swap(tmp, home)
    finally:
        _remove_tree(tmp)
    kb = _open_dir(root, home, state)
    if kb is None:
        raise OSError(0, "the index just built cannot be read back", str(home))
    kb.problems += filled.notes
    return kb


def _in_memory(root: Path, found: Scan, progress: Progress | None, why: Problem) -> KnowledgeBase:
    """The index built in memory, by this process alone (worker processes cannot share it)."""
    from kb.indexing import fill, ram_storage

    _whoosh.load()
    ix = ram_storage().create_index(_schema())
    filled = fill(ix, root, found.sources, _document, progress)
    state = State(snapshot(found, filled.digests), {"": found.problems, **filled.problems}, {})
    return KnowledgeBase(root, [why, *state.all_problems()], True, ix, snapshot=state.snapshot)


def _cache_problem(e: OSError, home: Path) -> Problem:
    """One line for why the cache was not used."""
    from kb.locks import LockTimeout

    if isinstance(e, UnsafeCache):
        return Problem(str(e.filename), 0, f"{e.strerror}; not used, index kept in memory")
    if isinstance(e, LockTimeout):
        return Problem(str(e.filename), 0, f"{e.strerror}; index kept in memory")
    reason = e.strerror or str(e)
    return Problem(str(e.filename or home), 0, f"cache not writable ({reason}); index kept in memory")


def _swap(tmp: Path, home: Path) -> None:
    """Put the folder ``tmp`` at ``home``; an old ``home`` is moved aside first, then removed."""
    for _ in range(3):
        trash = None
        if home.exists():
            trash = home.with_name(f".{home.name}.old-{os.getpid()}-{os.urandom(4).hex()}")
            os.rename(home, trash)
        try:
            os.rename(tmp, home)
        except OSError:  # another builder's index arrived in between (no lock on this system)
            continue
        finally:
            if trash:
                _remove_tree(trash)
        return
    raise OSError(0, "could not move the new index into place", str(home))


def _set_aside(home: Path) -> None:
    """Move an index folder that must not be loaded out of the way (and remove it if we can)."""
    aside = home.with_name(f".{home.name}.unsafe-{os.getpid()}-{os.urandom(4).hex()}")
    os.rename(home, aside)
    _remove_tree(aside)


def _remove_stale_builds(home: Path) -> None:
    """Remove what interrupted builds left: under the lock, any build folder of ``home`` is stale."""
    prefixes = tuple(f".{home.name}.{kind}-" for kind in ("build", "old", "unsafe"))
    for entry in os.scandir(home.parent):
        if entry.name.startswith(prefixes):
            _remove_tree(Path(entry.path))


def _remove_tree(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)


# -- schema and documents --------------------------------------------------------------------


def _schema() -> Any:
    from whoosh.columns import NumericColumn
    from whoosh.fields import COLUMN, ID, STORED, TEXT, Schema

    from kb.analyzer import KbTokenizer

    def text(boost: float = 1.0) -> Any:
        return TEXT(analyzer=KbTokenizer(), phrase=False, field_boost=boost)

    return Schema(
        key=ID(unique=True),
        page=ID,
        heading=ID,
        link=ID,
        title=text(FIELD_BOOSTS["title"]),
        tags=text(FIELD_BOOSTS["tags"]),
        all=text(FIELD_BOOSTS["all"]),
        entry=STORED,
        vocabulary=STORED,
        length=COLUMN(NumericColumn("I", default=0)),
        copies=COLUMN(NumericColumn("Q", default=0)),
    )


def _document(e: Entry) -> dict[str, Any]:
    tags = " ".join(e.tags)
    vocab = vocabulary(e)
    return {
        "key": e.key,
        "page": e.page,
        "heading": heading_key(e.title),
        "link": section_link(e),
        "title": e.title,
        "tags": tags,
        "all": indexed_text(e),
        "entry": entry_to_stored(e),
        "vocabulary": vocabulary_to_stored(vocab),
        "length": vocab.length,
        "copies": copy_hash(e.copy_key),
    }


def copy_hash(key: str) -> int:
    """A 64-bit hash of an entry's :attr:`~kb.model.Entry.copy_key`, kept as a column: counting the
    distinct ones among 100,000 entries takes milliseconds."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "big")
