"""The whoosh index of a content root: built on first use, updated when files change.

The index lives in the user's cache directory (:mod:`kb.cache`), one folder per content root
and schema version. A full build happens in a temporary folder that is renamed into place, and
an update of a few changed files is one whoosh commit, so a reader sees the old index or the
new one, never half of one. Builders serialize on a lock file; readers never wait.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from kb import _whoosh
from kb.cache import exclusive, index_home
from kb.model import CodeBlock, Entry, Link, Problem
from kb.sources import SourceFile, find_sources
from kb.terms import terms
from kb.vocabulary import Vocabulary, vocabulary

__all__ = ["FIELD_BOOSTS", "SCHEMA_VERSION", "Hit", "KnowledgeBase", "Progress", "open_kb"]

SCHEMA_VERSION = 3
"""Bump whenever fields, analysis or stored data change: older indexes are then rebuilt."""

FIELD_BOOSTS = {"title": 4.0, "tags": 3.0, "body": 1.0, "code": 0.6}
"""Keyword search weights: a word of the heading counts most, then the tags, the answer, its code."""

MAX_QUERY_TERMS = 32
"""At most this many (the rarest) terms of a query go to the index."""

_STATE = "state.json"
_ANALYSIS_SOURCES = (
    "analyzer.py",
    "frontmatter.py",
    "index.py",
    "kind.py",
    "model.py",
    "parse.py",
    "slug.py",
    "synonyms.py",
    "terms.py",
    "vocabulary.py",
)
_DF_CACHE = 200_000
_DOC_CACHE = 20_000
_REBUILD_SHARE = 0.5  # when more files than this changed, a fresh build is cheaper

Progress = Callable[[int, int], None]
"""Called as ``progress(files_done, files_total)`` while an index is built."""


@dataclass(frozen=True)
class Hit:
    """A keyword-search result: the entry, the entry's vocabulary (as stored in the index) and
    its BM25F score (larger is better, unbounded)."""

    entry: Entry
    vocabulary: Vocabulary
    score: float


@dataclass
class KnowledgeBase:
    """An opened index of a content root: entries, keyword search and term statistics."""

    root: Path
    problems: list[Problem]
    in_memory: bool
    _index: Any = field(repr=False)
    _searcher: Any = field(default=None, repr=False)
    _df: dict[str, int] = field(default_factory=dict, repr=False)
    _docs: dict[int, tuple[Entry, Vocabulary]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        _whoosh.load()
        from whoosh.scoring import BM25F

        self._searcher = self._index.searcher(weighting=BM25F())

    def __len__(self) -> int:
        return int(self._searcher.doc_count())

    def __enter__(self) -> KnowledgeBase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._searcher.close()

    def doc_frequency(self, term: str) -> int:
        """How many entries hold ``term`` (as produced by :func:`kb.terms.terms`) anywhere."""
        df = self._df.get(term)
        if df is None:
            if len(self._df) > _DF_CACHE:
                self._df.clear()
            df = self._df[term] = int(self._searcher.doc_frequency("all", term))
        return df

    def average_length(self) -> float:
        """Average number of terms of an entry (title, tags and answer)."""
        return float(self._searcher.avg_field_length("all", 0.0)) or 1.0

    def entries(self) -> Iterator[Entry]:
        """Every entry, in file and line order."""
        docs = (fields for _, fields in self._searcher.iter_docs())
        yield from sorted((_entry(d["entry"]) for d in docs), key=lambda e: (e.page, e.line))

    def search(self, query: str, limit: int = 10) -> list[Hit]:
        """Keyword search over titles, error text, tags, answers and code."""
        return self.search_terms(list(dict.fromkeys(terms(query))), limit)

    def search_terms(self, wanted: Iterable[str], limit: int = 10, fields: Iterable[str] = FIELD_BOOSTS) -> list[Hit]:
        """Entries holding any of ``wanted`` terms, best BM25F score first.

        Terms no entry holds are dropped, and of the rest only the :data:`MAX_QUERY_TERMS`
        rarest are searched: a term found everywhere ranks nothing and costs the most.
        """
        from whoosh.query import Or, Term

        known = [(df, t) for t in dict.fromkeys(wanted) if (df := self.doc_frequency(t))]
        known.sort(key=lambda dt: dt[0])
        subqueries = [Term(f, t) for _, t in known[:MAX_QUERY_TERMS] for f in fields]
        if not subqueries or limit < 1:
            return []
        results = self._searcher.search(Or(subqueries), limit=limit)
        return [Hit(*self._doc(r.docnum), score=float(r.score)) for r in results]

    def _doc(self, docnum: int) -> tuple[Entry, Vocabulary]:
        """A stored entry and its vocabulary, parsed once per opened index."""
        doc = self._docs.get(docnum)
        if doc is None:
            if len(self._docs) > _DOC_CACHE:
                self._docs.clear()
            fields = self._searcher.stored_fields(docnum)
            doc = self._docs[docnum] = (_entry(fields["entry"]), _vocabulary(fields["vocabulary"]))
        return doc


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


# -- opening ---------------------------------------------------------------------------------


def _open_current(root: Path, home: Path, sources: list[SourceFile]) -> KnowledgeBase | None:
    state = _read_state(home)
    if state is None or state["files"] != _file_map(sources, {}):
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
        kb = KnowledgeBase(root, _state_problems(state), False, ix)
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


@cache
def analysis() -> str:
    """A checksum of the code that decides what goes into the index (parsing, terms, synonyms,
    schema): an index written by another version of kbfind is rebuilt, never misread."""
    import zlib

    here = Path(__file__).resolve().parent
    crc = zlib.crc32(str(SCHEMA_VERSION).encode())
    for name in _ANALYSIS_SOURCES:
        try:
            crc = zlib.crc32((here / name).read_bytes(), crc)
        except OSError:
            crc = zlib.crc32(name.encode(), crc)
    return f"{crc:08x}"


def _file_map(sources: list[SourceFile], problems: dict[str, list[Problem]]) -> dict[str, Any]:
    return (
        {s.page: [s.size, s.mtime_ns, [[p.path, p.line, p.message] for p in problems.get(s.page, [])]] for s in sources}
        if problems
        else {s.page: _version(s) for s in sources}
    )


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
        changed = [s for s in sources if state["files"].get(s.page) != _version(s)]
        removed = set(state["files"]) - {s.page for s in sources}
        if len(changed) + len(removed) <= _REBUILD_SHARE * max(len(sources), 1):
            kb.close()
            try:
                return _update(root, home, sources, state, changed, removed)
            except Exception:  # a damaged index: start afresh below
                pass
        else:
            kb.close()
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
    return KnowledgeBase(root, _fill(ix, root, sources, progress), True, ix)


def _fill(ix: Any, root: Path, sources: list[SourceFile], progress: Progress | None) -> list[Problem]:
    problems: list[Problem] = []
    writer = ix.writer(limitmb=256)
    for n, s in enumerate(sources, 1):
        problems += _add_file(writer, root, s)
        if progress:
            progress(n, len(sources))
    writer.commit()
    return problems


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
        body=text(FIELD_BOOSTS["body"]),
        code=text(FIELD_BOOSTS["code"]),
        all=text(),
        entry=STORED,
        vocabulary=STORED,
    )


def _document(e: Entry) -> dict[str, Any]:
    code = "\n".join(c.code for c in e.code)
    prose = e.body
    for c in e.code:
        prose = prose.replace(c.code, "")
    tags = " ".join(e.tags)
    return {
        "key": e.key,
        "page": e.page,
        "title": e.title,
        "tags": tags,
        "body": prose,
        "code": code,
        "all": "\n".join((e.title, tags, e.body)),
        "entry": _stored(e),
        "vocabulary": _stored_vocabulary(vocabulary(e)),
    }


def _stored(e: Entry) -> dict[str, Any]:
    return {
        "id": e.id,
        "title": e.title,
        "kind": e.kind,
        "body": e.body,
        "source": e.source,
        "line": e.line,
        "page": e.page,
        "code": [[c.language, c.title, c.code, c.line] for c in e.code],
        "links": [[link.text, link.url] for link in e.links],
        "tags": list(e.tags),
    }


def _stored_vocabulary(v: Vocabulary) -> tuple[str, str, int]:
    return " ".join(sorted(v.prose)), " ".join(sorted(v.code)), v.length


def _vocabulary(stored: tuple[str, str, int]) -> Vocabulary:
    prose, code, length = stored
    return Vocabulary(frozenset(prose.split()), frozenset(code.split()), length)


def _entry(d: dict[str, Any]) -> Entry:
    return Entry(
        id=d["id"],
        title=d["title"],
        kind=d["kind"],
        body=d["body"],
        source=d["source"],
        line=d["line"],
        page=d["page"],
        code=tuple(CodeBlock(*c) for c in d["code"]),
        links=tuple(Link(*link) for link in d["links"]),
        tags=tuple(d["tags"]),
    )
