"""Importing whoosh without the one import of its that costs a fifth of kbfind's start-up.

``whoosh.compat`` does ``from urllib.request import urlretrieve`` (never called by whoosh), which
pulls in ``http.client``, ``email`` and ``ssl``, and ``whoosh.reading`` takes its decorator from
the ``cached_property`` backport, which imports ``asyncio``, and ``whoosh.query`` compiles the
English morphology tables of ``whoosh.lang.morph_en`` for a query type kbfind does not use:
together about 80 ms per process.
While whoosh is first imported, stand-in modules offer the same names (``urlretrieve`` imports
the real one when called; ``cached_property`` is the standard library's); they are removed right
after, so a later import of either module gets the real one.
"""

from __future__ import annotations

import functools
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


def load() -> None:
    """Import the whoosh modules kbfind uses (idempotent, cheap once done)."""
    if "whoosh.searching" in sys.modules:
        return
    stubs: dict[str, dict[str, Any]] = {
        "urllib.request": {"urlretrieve": _urlretrieve},
        "cached_property": {"cached_property": functools.cached_property},
        "whoosh.lang.morph_en": {"variations": _variations},
    }
    placed = []
    for name, attributes in stubs.items():
        if name not in sys.modules:
            module = types.ModuleType(name)
            module.__dict__.update(attributes)
            sys.modules[name] = module
            placed.append((name, module))
    try:
        import whoosh.index
        import whoosh.query
        import whoosh.scoring
        import whoosh.searching  # noqa: F401
    finally:
        for name, module in placed:
            if sys.modules.get(name) is module:
                del sys.modules[name]
