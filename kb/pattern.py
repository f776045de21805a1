"""Regular expressions written once and read alike by Python's ``re`` and JavaScript's ``RegExp``.

A :class:`Pattern` is compiled in Python with ``re.ASCII`` (so ``\\w``, ``\\d``, ``\\b`` are ASCII,
as in JavaScript) and in JavaScript with the ``u`` flag (so ``.``, classes and counted repeats
step over code points, as in Python). What both engines do not share is not written: no
possessive quantifiers or atomic groups (``(?=(x+))\\1`` does that job in both), no named
groups, no inline flags, no lookbehind of varying width. Text is normalized first (NFKC,
whitespace and controls made ASCII), so ``\\s`` and case-insensitive matching agree too; a
non-ASCII letter in a case-insensitive pattern is written in both cases (``[μΜ]``), since only
JavaScript folds it. ``tests/test_pattern_dialect.py`` checks every pattern against these rules,
and the parity test compiles each in JavaScript.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

__all__ = ["DialectError", "Pattern"]

# Escapes JavaScript accepts with the ``u`` flag: classes, controls, code points, back-references,
# and the syntax characters themselves ("-" only inside a class, where Python accepts it too).
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_ALLOWED_ESCAPES = set("dDwWsSbBtnvfr0xu123456789^$\\.*+?()[]{}|/-")
# Constructs one engine reads and the other does not, or reads otherwise.
_NOT_SHARED = re.compile(r"(?<!\\)(?:[*+?}]\+|\(\?(?:>|P|[aiLmsux-]+[:)]|<(?![=!])))")


class DialectError(ValueError):
    """A pattern that Python and JavaScript would not read alike."""


@dataclass(frozen=True)
class Pattern:
    """A regular expression in the dialect both runtimes read alike."""

    source: str
    ignore_case: bool = False

    def __post_init__(self) -> None:
        for escape in _ESCAPE.findall(self.source):
            if escape not in _ALLOWED_ESCAPES:
                raise DialectError(f"{self.source!r}: escape \\{escape} is not read alike in JavaScript")
        if shared := _NOT_SHARED.search(self.source):
            raise DialectError(f"{self.source!r}: {shared.group()!r} is not read alike in JavaScript")
        for c in dict.fromkeys(self.source) if self.ignore_case else ():
            cases = {c.lower(), c.upper()}
            if not c.isascii() and len(cases) > 1 and not cases <= set(self.source):
                raise DialectError(
                    f"{self.source!r}: {c!r} is folded to other cases in JavaScript, not under re.ASCII;"
                    f" write both, [{c.lower()}{c.upper()}]"
                )

    @cached_property
    def regex(self) -> re.Pattern[str]:
        """Compiled on first use: a run reads only the patterns its input reaches, and compiling
        all of them was a fifth of start-up (and from :mod:`kb.compiled`'s table, kept from the
        runs before)."""
        from kb.compiled import regex

        return regex(self.source, re.ASCII | (re.IGNORECASE if self.ignore_case else 0))

    def to_data(self) -> dict[str, Any]:
        """``{"source", "flags"}`` for ``new RegExp(source, "u" + flags)``."""
        return {"source": self.source, "flags": "i" if self.ignore_case else ""}
