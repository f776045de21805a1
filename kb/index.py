"""The whoosh index of a content root: built on first use, updated when files change.

The index lives in the user's cache directory (:mod:`kb.cache`), one folder per content root
and schema version. A full build happens in a temporary folder that is renamed into place, and
an update of a few changed files is one whoosh commit, so a reader sees the old index or the
new one, never half of one. Builders serialize on a lock file; readers never wait.
"""

from __future__ import annotations

import heapq
import json
import math
import os
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate
from pathlib import Path
from typing import Any

from kb import _whoosh
from kb.cache import exclusive, index_home
from kb.model import CodeBlock, Entry, Link, Problem
from kb.sources import SourceFile, find_sources
from kb.terms import terms
from kb.vocabulary import Vocabulary, vocabulary

__all__ = ["FIELD_BOOSTS", "SCHEMA_VERSION", "Hit", "KnowledgeBase", "Progress", "open_kb"]

SCHEMA_VERSION = 4
"""Bump whenever fields, analysis or stored data change: older indexes are then rebuilt."""

FIELD_BOOSTS = {"title": 4.0, "tags": 3.0, "all": 1.0}
"""Keyword search weights: a word of the heading counts most, then the tags, then anywhere."""

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
_DOC_CACHE = 4_000
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
    _reader: Any = field(default=None, repr=False)
    _searcher: Any = field(default=None, repr=False)
    _df: dict[str, int] = field(default_factory=dict, repr=False)
    _docs: dict[int, tuple[Entry, Vocabulary]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        _whoosh.load()
        self._reader = self._index.reader()

    def __len__(self) -> int:
        return int(self._reader.doc_count())

    def __enter__(self) -> KnowledgeBase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()  # closes the reader it wraps
        else:
            self._reader.close()

    def doc_frequency(self, term: str) -> int:
        """How many entries hold ``term`` (as produced by :func:`kb.terms.terms`) anywhere."""
        df = self._df.get(term)
        if df is None:
            if len(self._df) > _DF_CACHE:
                self._df.clear()
            df = self._df[term] = int(self._reader.doc_frequency("all", term))
        return df

    def average_length(self) -> float:
        """Average number of terms of an entry (title, tags and answer)."""
        return float(self._reader.field_length("all")) / max(len(self), 1) or 1.0

    def entries(self) -> Iterator[Entry]:
        """Every entry, in file and line order."""
        docs = (fields for _, fields in self._reader.iter_docs())
        yield from sorted((_entry(d["entry"]) for d in docs), key=lambda e: (e.page, e.line))

    def search(self, query: str, limit: int = 10) -> list[Hit]:
        """Keyword search over titles, error text, tags, answers and code."""
        return self.search_terms(list(dict.fromkeys(terms(query))), limit)

    def search_terms(self, wanted: Iterable[str], limit: int = 10, fields: Iterable[str] = FIELD_BOOSTS) -> list[Hit]:
        """Entries holding any of ``wanted`` terms, best BM25F score first.

        Terms no entry holds are dropped, and of the rest only the :data:`MAX_QUERY_TERMS`
        rarest are searched: a term found everywhere ranks nothing and costs the most.
        """
        _whoosh.load(_whoosh.SEARCHING)
        from whoosh.query import Or, Term

        if self._searcher is None:
            from whoosh.scoring import BM25F
            from whoosh.searching import Searcher

            self._searcher = Searcher(self._reader, weighting=BM25F())
        known = [(df, t) for t in dict.fromkeys(wanted) if (df := self.doc_frequency(t))]
        known.sort(key=lambda dt: dt[0])
        subqueries = [Term(f, t) for _, t in known[:MAX_QUERY_TERMS] for f in fields]
        if not subqueries or limit < 1:
            return []
        results = self._searcher.search(Or(subqueries), limit=limit)
        return [Hit(*self._doc(r.docnum), score=float(r.score)) for r in results]

    def retrieve(self, wanted: Iterable[str], limit: int = 20) -> list[Hit]:
        """Candidates for the matcher: entries holding the most of ``wanted``'s rarer terms.

        Scores are BM25 over all of an entry's text without length normalization, summed term
        at a time straight from the posting blocks into an array: a knowledge base of 100,000
        entries answers in tens of milliseconds, where scoring document by document through
        whoosh's query machinery takes ten times as long. Terms no entry holds are dropped; of
        the rest, the rarest are read first, up to :data:`MAX_QUERY_TERMS` terms, and after the
        first three none held by more than a quarter of the entries: such a term ranks little
        and costs the most.
        """
        n = len(self)
        known = sorted((df, t) for t in dict.fromkeys(wanted) if (df := self.doc_frequency(t)))
        scores = array("d", bytes(8 * self._reader.doc_count_all()))
        touched: set[int] = set()
        reader = self._reader
        cap = max(_MIN_CAP, n // _COMMON)
        for i, (df, term) in enumerate(known[:MAX_QUERY_TERMS]):
            if df > cap and i >= _MIN_TERMS:
                break
            idf = math.log(n / (df + 1)) + 1
            for ids, tfs in _postings(reader, "all", term):
                touched.update(ids)
                counts = set(tfs)
                if len(counts) == 1:  # the usual block: every entry holds the term equally often
                    tf = counts.pop()
                    gain = idf * tf * (_K1 + 1) / (tf + _K1)
                    for d in ids:
                        scores[d] += gain
                else:
                    for d, tf in zip(ids, tfs, strict=True):
                        scores[d] += idf * tf * (_K1 + 1) / (tf + _K1)
        top = sorted(heapq.nlargest(limit, touched, key=scores.__getitem__), key=lambda d: (-scores[d], d))
        return [Hit(*self._doc(d), score=scores[d]) for d in top]

    def _doc(self, docnum: int) -> tuple[Entry, Vocabulary]:
        """A stored entry and its vocabulary, parsed once per opened index."""
        doc = self._docs.get(docnum)
        if doc is None:
            if len(self._docs) > _DOC_CACHE:
                self._docs.clear()
            fields = self._reader.stored_fields(docnum)
            doc = self._docs[docnum] = (_entry(fields["entry"]), _vocabulary(fields["vocabulary"]))
        return doc


_K1 = 1.2  # BM25's term-frequency saturation, as whoosh's
_MIN_TERMS = 3  # read at least this many terms, whatever they cost
_COMMON = 4  # past them, a term held by more than a quarter of the entries ranks little and costs the most
_MIN_CAP = 50


def _postings(reader: Any, field: str, term: str) -> Iterator[tuple[Sequence[int], Sequence[float]]]:
    """``(doc numbers, term frequencies)`` of ``term``, a posting block at a time, deleted
    documents left out. Reads whoosh's posting blocks directly; falls back to its matcher API."""
    for leaf, offset in reader.leaf_readers():
        if (field, term) not in leaf:
            continue
        deleted = leaf.deleted_docs_set
        try:
            m = leaf._terms.matcher(field, leaf._text_to_bytes(field, term), leaf.schema[field].format)
            blocks = _blocks(m)
        except AttributeError:  # another whoosh: the public, slower way
            m = leaf.postings(field, term)
            blocks = iter([(list(m.all_ids()), [1.0] * leaf.doc_frequency(field, term))])
        for ids, tfs in blocks:
            if deleted:
                pairs = [(d + offset, tf) for d, tf in zip(ids, tfs, strict=True) if d not in deleted]
                yield [d for d, _ in pairs], [tf for _, tf in pairs]
            elif offset:
                yield [d + offset for d in ids], tfs
            else:
                yield ids, tfs


def _blocks(m: Any) -> Iterator[tuple[Sequence[int], Sequence[float]]]:
    while m.is_active():
        if m._data is None:
            m._read_data()
        raw = m._data[0]
        ids = raw if m._byteids else list(accumulate(raw))  # whoosh delta-encodes ids per block
        if m._weights is None:
            m._read_weights()
        yield ids, m._weights
        m._next_block()


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
        "all": f"{e.title}\n{tags}\n{e.body}",
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
