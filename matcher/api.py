"""The library's front door: ``match(paste)`` and ``analyze(paste)`` on a default matcher.

A default :class:`~matcher.matcher.Matcher` is kept per content root (the bundled FAQ, or
``$KBFIND_KB``) and is replaced when the root's files or its calibration file change on disk, so
a long-running program answers from edited notes. Pass a :class:`kb.KnowledgeBase` to use one
you opened yourself, or build a :class:`~matcher.matcher.Matcher` to hold one with another
calibration.
"""

from __future__ import annotations

import os
import threading
import weakref
from collections import OrderedDict
from pathlib import Path

from kb import KnowledgeBase, bundled_root, open_kb
from kb.build import Progress
from kb.index import check_limit
from kb.settings import KB_ENV
from matcher.matcher import Matcher
from matcher.model import Calibration, calibration_stamp
from matcher.results import Match, Result

__all__ = ["KB_ENV", "analyze", "default_kb", "default_root", "match", "matcher_for"]

_KEPT = 16
"""Content roots whose matcher is kept: a program answering from many folders holds the files
of the last few, not of every one it ever opened (a file handle each, until the process runs out)."""
_by_root: OrderedDict[Path, Matcher] = OrderedDict()
_by_kb: weakref.WeakKeyDictionary[KnowledgeBase, Matcher] = weakref.WeakKeyDictionary()
_guard = threading.Lock()
_building: dict[Path, threading.Lock] = {}


def default_root() -> Path:
    """``$KBFIND_KB`` when set, else the bundled FAQ."""
    return Path(os.environ.get(KB_ENV) or bundled_root())


def _resolved(path: Path) -> Path:
    try:
        return path.expanduser().resolve()
    except (OSError, RuntimeError) as e:  # RuntimeError: a loop of symbolic links, before Python 3.13
        from kb import ContentError  # not imported on the way to an answer

        raise ContentError(f"{path}: cannot follow its symbolic links ({getattr(e, 'strerror', None) or e})") from None


def default_kb() -> KnowledgeBase:
    """The knowledge base :func:`match` answers from by default."""
    return matcher_for(None).kb


def matcher_for(
    kb: KnowledgeBase | str | Path | None, progress: Progress | None = None, calibration: Calibration | None = None
) -> Matcher:
    """The matcher of ``kb`` (a knowledge base, a content path, or ``None`` for the default),
    kept while its files are unchanged."""
    if isinstance(kb, str) and not kb:  # Path("") would be the current folder, a tree of who knows what
        from kb import ContentError

        raise ContentError("an empty path names no file or folder; pass None for the default knowledge base")
    if kb is not None and not isinstance(kb, KnowledgeBase | str | Path):
        raise TypeError(f"kb must be a KnowledgeBase, a path or None, not {type(kb).__name__}")
    if calibration is not None:
        return Matcher(kb if isinstance(kb, KnowledgeBase) else _open(kb, progress), calibration)
    if isinstance(kb, KnowledgeBase):
        m = _by_kb.get(kb)
        if m is None or _recalibrated(m):
            m = _by_kb[kb] = Matcher(kb)
        return m
    root = _resolved(Path(kb) if kb is not None else default_root())
    with _guard:
        building = _building.setdefault(root, threading.Lock())
    with building:  # one build per root at a time; other roots are answered meanwhile
        m = _by_root.get(root)
        if m is None or m.kb.stale():  # the stale one is not closed: a caller may still read it
            if m is None:
                _refuse_no_knowledge_base(root, kb)  # before its index is made in the cache
            m = Matcher(_usable(open_kb(root, progress), kb))
        elif _recalibrated(m):
            m = Matcher(m.kb)
        with _guard:
            _by_root[root] = m
            _by_root.move_to_end(root)
            while len(_by_root) > _KEPT:
                _building.pop(_by_root.popitem(last=False)[0], None)
    return m


def _recalibrated(m: Matcher) -> bool:
    """The knowledge base's calibration file was written, replaced or removed since ``m`` read it."""
    root = getattr(m.kb, "root", None)
    return root is not None and m.carried != calibration_stamp(root)


def _open(kb: str | Path | None, progress: Progress | None) -> KnowledgeBase:
    root = _resolved(Path(kb) if kb is not None else default_root())
    _refuse_no_knowledge_base(root, kb)
    return _usable(open_kb(root, progress), kb)


def _refuse_no_knowledge_base(root: Path, kb: str | Path | None) -> None:
    """A path that holds no markdown (or none readable) is a :class:`kb.ContentError` before any
    index is made for it: a wrong path leaves nothing in the cache. Only a folder is walked."""
    from kb.sources import ContentError, is_markdown, no_markdown

    if not root.is_dir() and not (root.is_file() and not is_markdown(root.name)):
        return  # a markdown file, or what is neither a file nor a folder: opening it says so
    problem = no_markdown(root, kb if kb is not None else root)
    if problem is not None:
        raise ContentError(problem)


def _usable(base: KnowledgeBase, kb: str | Path | None) -> KnowledgeBase:
    """``base``, unless it is no knowledge base at all (no markdown, or none readable): an empty
    answer would hide a wrong path, so that is a :class:`kb.ContentError`, as in ``kbfind``."""
    if len(base) == 0:
        from kb.sources import ContentError, no_markdown

        problem = no_markdown(base.root, kb if kb is not None else base.root)
        if problem is not None:
            base.close()
            raise ContentError(problem)
    return base


def match(paste: str, kb: KnowledgeBase | str | Path | None = None, limit: int = 5) -> list[Match]:
    """Confident matches for ``paste``, best first; ``[]`` when nothing is confident."""
    _check(paste, limit)
    return matcher_for(kb).match(paste, limit)


def _check(paste: object, limit: object) -> None:
    """The arguments a caller may get wrong, said at the door rather than deep in the matcher."""
    if not isinstance(paste, str):
        raise TypeError(f"paste must be a str, not {type(paste).__name__} (decode bytes first)")
    check_limit(limit)


def analyze(
    paste: str,
    kb: KnowledgeBase | str | Path | None = None,
    limit: int = 5,
    calibration: Calibration | None = None,
) -> Result:
    """Matches and suggestions for ``paste``, with what is needed to explain each."""
    _check(paste, limit)
    return matcher_for(kb, calibration=calibration).analyze(paste, limit)
