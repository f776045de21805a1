"""How common words are in ops and log text at large: a table shipped as data.

``background.json`` holds, for the ~10,000 most common terms, how many of ~29,000 documents
(sections of public operations documentation and the error messages of public programs) hold
each; ``benchmarks/background.py`` builds it and says from what. :class:`matcher.weights.Weights`
mixes it into a knowledge base's own document frequencies, so that in a knowledge base of twenty
entries a word like ``controller`` does not look as telling as ``vmnetd``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

__all__ = ["Background", "background"]

_FILE = Path(__file__).with_name("background.json")


@dataclass(frozen=True)
class Background:
    documents: int
    df: dict[str, int]
    """Term → documents holding it (absent: fewer than the table's cut)."""

    def share(self, term: str) -> float:
        """The share of background documents that hold ``term``."""
        return self.df.get(term, 0) / self.documents


@cache
def background() -> Background:
    data = json.loads(_FILE.read_text("utf-8"))
    return Background(int(data["documents"]), {str(k): int(v) for k, v in data["df"].items()})
