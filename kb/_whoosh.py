"""Importing whoosh without the one import of its that costs a fifth of kbfind's start-up.

``whoosh.compat`` does ``from urllib.request import urlretrieve`` (never called by whoosh), which
pulls in ``http.client``, ``email`` and ``ssl``, and ``whoosh.reading`` takes its decorator from
the ``cached_property`` backport, which imports ``asyncio``, and ``whoosh.query`` compiles the
English morphology tables of ``whoosh.lang.morph_en`` (and ``whoosh.analysis`` the Porter
stemmer's) for features kbfind does not use: together about 80 ms per process.
While whoosh is first imported, stand-in modules offer the same names (``urlretrieve`` imports
the real one when called; ``cached_property`` is the standard library's); they are removed right
after, so a later import of either module gets the real one.
"""

from __future__ import annotations

import functools
import importlib
import sys
import types
from typing import Any

__all__ = ["load"]


def _urlretrieve(*args: Any, **kwargs: Any) -> Any:
    from urllib.request import urlretrieve

    return urlretrieve(*args, **kwargs)


def _variations(word: str) -> Any:
    from whoosh.lang.morph_en import variations

    return variations(word)


READING = ("whoosh.index", "whoosh.reading", "whoosh.codec.whoosh3", "whoosh.filedb.filestore")
"""What opening an index and reading it needs."""

SEARCHING = ("whoosh.query", "whoosh.scoring", "whoosh.searching")
"""What whoosh's own query and scoring machinery needs (keyword search, not the matcher)."""


def _stem(word: str) -> Any:
    from whoosh.lang.porter import stem

    return stem(word)


def load(modules: tuple[str, ...] = READING) -> None:
    """Import whoosh modules with the stand-ins in place (idempotent, cheap once done)."""
    if all(m in sys.modules for m in modules):
        return
    stubs: dict[str, dict[str, Any]] = {
        "urllib.request": {"urlretrieve": _urlretrieve},
        "cached_property": {"cached_property": functools.cached_property},
        "whoosh.lang.morph_en": {"variations": _variations},
        "whoosh.lang.porter": {"stem": _stem},
    }
    placed = []
    for name, attributes in stubs.items():
        if name not in sys.modules:
            module = types.ModuleType(name)
            module.__dict__.update(attributes)
            sys.modules[name] = module
            placed.append((name, module))
    try:
        for name in modules:
            importlib.import_module(name)
    finally:
        for name, module in placed:
            if sys.modules.get(name) is module:
                del sys.modules[name]
