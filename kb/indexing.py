"""Writing a content root's entries into a new whoosh index: all of them, or nothing.

Each writer — this process, or one worker process per core for a large knowledge base — reads,
parses and analyses its share of the files and writes one whoosh segment of its own; the index
is then one table of contents listing those segments. Workers take chunks of files from a shared
counter, so a slow chunk does not hold the others back, and report which chunks they wrote. A
worker that dies (the OOM killer's ``kill -9``) or fails leaves chunks unreported: they are
written again in this process, so that the index never silently lacks a file. The count of
entries is checked once more on the finished index before anyone may use it.

Workers are forked, die with their parent (``PR_SET_PDEATHSIG`` on Linux, and a check of their
parent between chunks elsewhere), ignore Ctrl-C (their parent stops them and cleans up), and
close the build lock they inherited.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from kb.model import Entry, Problem
from kb.sources import SourceFile

__all__ = [
    "PARALLEL_BYTES",
    "Filled",
    "IncompleteIndex",
    "file_storage",
    "fill",
    "processes",
    "ram_storage",
    "store_offsets",
]

PARALLEL_BYTES = 2_000_000
"""Below this much markdown, starting worker processes costs more than it saves."""

_CHUNKS_PER_WORKER = 8
_REPORT_EVERY = 20  # files
# Above this, a segment's files are kept apart: whoosh copies each part of a compound file into
# memory when it opens it (40 ms and its size, on every query of a large knowledge base).
_COMPOUND_BYTES = 2_000_000
_LIMIT_MB = 96  # whoosh's posting buffer per writer, before it spills to sorted runs on disk

Document = Callable[[Entry], dict[str, Any]]
Progress = Callable[[int, int], None]


class IncompleteIndex(RuntimeError):
    """A finished index does not hold every entry its writers reported."""


@dataclass
class Filled:
    """What writing an index produced."""

    entries: int = 0
    problems: dict[str, tuple[Problem, ...]] = field(default_factory=dict)
    """Page → what was wrong with it (pages without problems are left out)."""
    digests: dict[str, str] = field(default_factory=dict)
    """Page → :func:`kb.freshness.content_digest` of the bytes indexed."""
    notes: list[Problem] = field(default_factory=list)
    """What happened to this build's workers (said once, not kept)."""
    segments: list[Any] = field(default_factory=list)
    chunks: set[int] = field(default_factory=set)

    def merge(self, other: Filled) -> None:
        self.entries += other.entries
        self.problems.update(other.problems)
        self.digests.update(other.digests)
        self.segments += other.segments
        self.chunks |= other.chunks


def processes(sources: Sequence[SourceFile]) -> int:
    """Writer processes for a build: one per core (at most 4) for a large knowledge base, else one."""
    if sum(s.size for s in sources) < PARALLEL_BYTES or not sys.platform.startswith("linux"):
        return 1  # fork is the fast, safe way to start workers on Linux only
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, 4))


def fill(
    ix: Any,
    root: Path,
    sources: Sequence[SourceFile],
    document: Document,
    progress: Progress | None = None,
    workers: int = 1,
    inherited: Iterable[int] = (),
) -> Filled:
    """Write the entries of ``sources`` into the empty index ``ix`` (made by :func:`file_storage`
    or :func:`ram_storage`) with ``workers`` processes (``inherited``: descriptors a worker must
    close, such as the build lock's)."""
    chunks = _chunks(sources, workers * _CHUNKS_PER_WORKER if workers > 1 else 1)
    counter = _Counter(sum(len(c) for c in chunks), progress)
    compound = sum(s.size for s in sources) < _COMPOUND_BYTES
    done = Filled()
    if workers > 1:
        try:
            done = _in_workers(ix, root, chunks, document, counter, workers, tuple(inherited), compound)
        except OSError as e:  # no processes or semaphores to be had here: this process writes it all
            done.notes.append(Problem("index build", 0, f"no worker processes ({e.strerror or e}); built by one"))
    missing = [(i, chunk) for i, chunk in enumerate(chunks) if i not in done.chunks]
    if missing:
        done.merge(_segment(ix, root, missing, document, counter.add, compound))
    _commit(ix, done)
    return done


def _chunks(sources: Sequence[SourceFile], n: int) -> list[list[SourceFile]]:
    """``sources`` in page order, cut into ``n`` runs of about equal bytes."""
    total = sum(s.size for s in sources) or 1
    chunks: list[list[SourceFile]] = [[] for _ in range(max(n, 1))]
    seen = 0
    for s in sources:
        chunks[min(seen * len(chunks) // total, len(chunks) - 1)].append(s)
        seen += s.size
    return [c for c in chunks if c] or [[]]


class _Counter:
    """Files done so far, reported to ``progress``."""

    def __init__(self, total: int, progress: Progress | None) -> None:
        self.done, self.total, self.progress = 0, total, progress

    def add(self, files: int) -> None:
        self.done = min(self.done + files, self.total)  # a dead worker's files are counted twice
        if self.progress:
            self.progress(self.done, self.total)


def _segment(
    ix: Any,
    root: Path,
    chunks: Iterable[tuple[int, Sequence[SourceFile]]],
    document: Document,
    report: Callable[[int], None],
    compound: bool,
    parent: int | None = None,
) -> Filled:
    """Write the files of ``chunks`` as one new segment of ``ix`` (not yet listed in its TOC),
    in one compound file or not."""
    from whoosh.codec.whoosh3 import W3Codec
    from whoosh.writing import SegmentWriter

    from kb.load import load_source

    out = Filled()
    # Posting blocks uncompressed: a fifth less time writing them, none inflating them at query
    # time, for an index 8% larger.
    writer = SegmentWriter(ix, _lk=False, limitmb=_LIMIT_MB, codec=W3Codec(compression=0), compound=compound)
    store_offsets(writer)
    try:
        for number, chunk in chunks:
            if parent is not None and os.getppid() != parent:
                os._exit(1)  # orphaned: nobody will use what this worker writes
            for s in chunk:
                loaded = load_source(root, s)
                for e in loaded.entries:
                    writer.add_document(**document(e))
                out.entries += len(loaded.entries)
                if loaded.problems:
                    out.problems[s.page] = loaded.problems
                if loaded.digest:
                    out.digests[s.page] = loaded.digest
                report(1)
            out.chunks.add(number)
        if out.entries:
            out.segments.append(writer._finalize_segment())  # what whoosh's own multi-process writer does
        else:
            writer.cancel()
    except BaseException:
        writer.cancel()
        raise
    finally:
        _forget_temporaries(ix.storage)
    return out


def store_offsets(writer: Any) -> None:
    """Have the segment keep where each stored document starts, as whoosh itself does above 32,768
    documents: below that, every query's first document read would sum the lengths of all of them
    (in Python: 1.5 ms at 12,000 entries). The file format is whoosh's own; another whoosh whose
    writer has other internals writes its default."""
    with contextlib.suppress(AttributeError, KeyError):
        writer.perdocwriter._colwriters["_stored"]._child.cutoff = 0


def _commit(ix: Any, done: Filled) -> None:
    """List the written segments in a new TOC, then check that the index holds every entry."""
    from whoosh.index import TOC, clean_files

    generation = ix.latest_generation() + 1
    TOC(ix.schema, done.segments, generation).write(ix.storage, ix.indexname)
    clean_files(ix.storage, ix.indexname, generation, done.segments)
    with ix.reader() as reader:
        held = reader.doc_count_all()
    if held != done.entries or sum(s.doc_count_all() for s in done.segments) != done.entries:
        raise IncompleteIndex(f"the index holds {held} entries of {done.entries} written")


def file_storage(folder: Path) -> Any:
    """A whoosh storage in ``folder`` whose writers keep their temporary files in a folder of
    their own inside it (whoosh's default is one shared by all writers of the index)."""
    return _storages()[0](str(folder))


def ram_storage() -> Any:
    """A whoosh storage in memory whose writers keep any temporary file in a private folder
    made only when needed (whoosh's default is a fixed, shared name in the system's temp folder)."""
    return _storages()[1]()


def _unique() -> str:
    return f"{os.getpid()}-{os.urandom(8).hex()}"


def _remember(storage: Any, temporary: Any) -> Any:
    """Keep track of a temporary storage: whoosh does not always remove the ones it asks for."""
    storage.__dict__.setdefault("_kb_temporaries", []).append(temporary)
    return temporary


def _forget_temporaries(storage: Any) -> None:
    for temporary in storage.__dict__.pop("_kb_temporaries", []):
        temporary.destroy()


@cache
def _storages() -> tuple[Any, Any]:
    import shutil
    import tempfile

    from whoosh.filedb.filestore import FileStorage, RamStorage

    class LazyTemporary(FileStorage):  # type: ignore[misc]
        def create(self) -> Any:
            return self  # made on first use: a build that never spills never touches the disk

        def create_file(self, name: str, *args: Any, **kwargs: Any) -> Any:
            os.makedirs(self.folder, mode=0o700, exist_ok=True)
            return super().create_file(name, *args, **kwargs)

        def destroy(self, *args: Any, **kwargs: Any) -> None:
            shutil.rmtree(self.folder, ignore_errors=True)

    class Files(FileStorage):  # type: ignore[misc]
        def temp_storage(self, name: str | None = None) -> Any:
            return _remember(self, LazyTemporary(os.path.join(self.folder, f"{name or 'w'}-{_unique()}.tmp")))

    class Memory(RamStorage):  # type: ignore[misc]
        def temp_storage(self, name: str | None = None) -> Any:
            return _remember(self, LazyTemporary(os.path.join(tempfile.gettempdir(), f"kbfind-{_unique()}.tmp")))

    return Files, Memory


# -- workers ---------------------------------------------------------------------------------


def _in_workers(
    ix: Any,
    root: Path,
    chunks: list[list[SourceFile]],
    document: Document,
    counter: _Counter,
    workers: int,
    inherited: tuple[int, ...],
    compound: bool,
) -> Filled:
    """Run ``workers`` processes over ``chunks``: what those that finished wrote, and a note for
    each that did not (its chunks are missing from the result)."""
    import multiprocessing
    from multiprocessing.connection import wait

    ctx = multiprocessing.get_context("fork")
    turn = ctx.Value("i", 0)
    parent = os.getpid()
    running: dict[Any, Any] = {}  # receiving end → process
    done = Filled()
    try:
        for _ in range(min(workers, len(chunks))):
            receive, send = ctx.Pipe(duplex=False)
            args = (ix, root, chunks, turn, document, send, parent, inherited, compound)
            proc = ctx.Process(target=_work, args=args, daemon=True)
            with _signals_held():  # the worker starts deaf to Ctrl-C and SIGTERM until it says what they do
                proc.start()
            send.close()
            running[receive] = proc
        while running:
            wait([*running, *(p.sentinel for p in running.values())])
            for receive, proc in list(running.items()):
                over = _drain(receive, proc, done, counter)
                if over is not None:
                    del running[receive]
                    proc.join()
                    receive.close()
                    if not over:
                        done.notes.append(_note(proc.exitcode))
    finally:
        for receive, proc in running.items():  # interrupted: stop the rest
            proc.kill()
            proc.join()
            receive.close()
    return done


def _drain(receive: Any, proc: Any, done: Filled, counter: _Counter) -> bool | None:
    """Read what a worker sent: ``True`` once it finished, ``False`` if it failed or died, ``None``
    while it is still at work."""
    while True:
        try:
            if not receive.poll():
                if proc.is_alive():
                    return None
                if not receive.poll():  # dead: all it ever wrote is readable now
                    return False
            kind, value = receive.recv()
        except (EOFError, OSError):
            return False
        if kind == "progress":
            counter.add(value)
        elif kind == "done":
            done.merge(value)
            return True
        else:  # "error": the worker's exception as text; its chunks are written again here
            return False


def _note(exitcode: int | None) -> Problem:
    import signal

    how = f"was killed by {signal.Signals(-exitcode).name}" if exitcode and exitcode < 0 else f"failed ({exitcode})"
    return Problem("index build", 0, f"a worker process {how}; its files were indexed again by the main process")


def _work(
    ix: Any,
    root: Path,
    chunks: list[list[SourceFile]],
    turn: Any,
    document: Document,
    send: Any,
    parent: int,
    inherited: tuple[int, ...],
    compound: bool,
) -> None:
    """A worker: take chunk numbers from ``turn`` until none is left, write them as one segment."""
    _die_with_parent(parent)
    for fd in inherited:
        with contextlib.suppress(OSError):
            os.close(fd)  # the parent's build lock: a worker must never keep it
    import gc

    gc.freeze()  # what was inherited is never garbage: do not scan it again and again

    def mine() -> Iterable[tuple[int, Sequence[SourceFile]]]:
        while True:
            with turn.get_lock():
                number = turn.value
                turn.value += 1
            if number >= len(chunks):
                return
            yield number, chunks[number]

    unsent = 0

    def report(files: int) -> None:
        nonlocal unsent
        unsent += files
        if unsent >= _REPORT_EVERY:  # a message per file would keep the parent busy too
            send.send(("progress", unsent))
            unsent = 0

    try:
        result = _segment(ix, root, mine(), document, report, compound, parent)
    except Exception as e:
        send.send(("error", f"{type(e).__name__}: {e}"))
        raise SystemExit(1) from None
    send.send(("progress", unsent))
    send.send(("done", result))
    send.close()


_HELD = ("SIGINT", "SIGTERM")


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold back SIGINT and SIGTERM for the block (they are delivered after; a child forked in it
    inherits the hold). A group's SIGTERM arriving while a child is still the parent's copy would
    run the parent's handler in the middle of Python's after-fork work: a traceback on stderr."""
    import signal

    held = {getattr(signal, name) for name in _HELD}
    signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, held)


def _die_with_parent(parent: int) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the parent handles it
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the handler the command gave its own process
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {getattr(signal, name) for name in _HELD})  # a held SIGTERM ends it here
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)
