"""A paste → the pieces of text worth matching: lines, the messages inside them, and reasons.

A line of a paste is framed (:mod:`matcher.framing`); the message and each error field of a
structured line become segments, and a scheduler message becomes one segment per reason
(``0/10 nodes are available: 3 node(s) had …, 7 node(s) didn't …``), so that every reason the
knowledge base knows can be answered. Repeated lines count once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from matcher.framing import frame_line, strip_controls
from matcher.masking import Masked, mask

__all__ = ["MAX_LINES", "MAX_SEGMENT_CHARS", "Segment", "segments"]

MAX_LINES = 200
"""A paste with more distinct lines than this is cut down to its most relevant lines."""

MAX_SEGMENT_CHARS = 2000
"""Longer messages are cut: an error message is shorter than this, a dump is not an error."""

SegmentKind = Literal["line", "field", "reason", "command"]

_SCHEDULER = re.compile(r"\b\d+/\d+ nodes are available:\s*(.*?)(?:\.?\s*preemption:.*)?$", re.IGNORECASE)
_REASON_SPLIT = re.compile(r",\s+(?=\d+\s)")
_FIT_SUMMARY = re.compile(r"(?:fit failure summary on nodes|failed to fit in any node)\s*:\s*(.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class Segment:
    """A piece of a paste that may carry one error."""

    text: str
    """The message, framing removed, variables kept."""
    masked: Masked
    """The message with its variables masked."""
    line: int
    """1-based line of the paste it came from."""
    kind: SegmentKind
    rules: tuple[str, ...]
    """The framing rules that fired on its line."""


def segments(paste: str, relevance: Callable[[str], float] | None = None) -> list[Segment]:
    """The segments of a paste, in order, each distinct message once.

    A paste of more than :data:`MAX_LINES` distinct lines is cut down first to the lines that
    ``relevance`` rates highest (a cheap score of a raw line), so a long log costs little more
    than its reading.
    """
    kept: set[str] = set()
    found: list[Segment] = []
    for n, raw in _lines(paste, relevance):
        framed = frame_line(raw)
        if framed is None or (not framed.text and not framed.details):
            continue
        kind: SegmentKind = "command" if framed.command else "line"
        pieces = [(framed.text, kind)] + [(d, "field") for d in framed.details]
        for text, k in pieces:
            for part, pk in _reasons(text, k):
                part = part.strip()[:MAX_SEGMENT_CHARS]
                key = part.lower()
                if part and key not in kept:
                    kept.add(key)
                    found.append(Segment(part, mask(part), n, pk, framed.rules))
    return found


def _lines(paste: str, relevance: Callable[[str], float] | None) -> list[tuple[int, str]]:
    """Distinct non-blank lines with their 1-based numbers; the most relevant of a long paste."""
    seen: set[str] = set()
    lines = []
    for n, raw in enumerate(strip_controls(paste).splitlines(), 1):
        if raw.strip() and raw not in seen:
            seen.add(raw)
            lines.append((n, raw))
    if len(lines) <= MAX_LINES or relevance is None:
        return lines[:MAX_LINES] if relevance is None else lines
    top = sorted(lines, key=lambda nl: -relevance(nl[1][:MAX_SEGMENT_CHARS]))[:MAX_LINES]
    return sorted(top)


def _reasons(text: str, kind: SegmentKind) -> list[tuple[str, SegmentKind]]:
    """A scheduler message → its reasons; any other text → itself."""
    if m := _SCHEDULER.search(text):
        reasons = [r.strip().rstrip(".") for r in _REASON_SPLIT.split(m.group(1))]
        return [(r, "reason") for r in reasons if r]
    if m := _FIT_SUMMARY.search(text):
        return [(r.strip(), "reason") for r in m.group(1).split(",") if r.strip()]
    return [(text, kind)]
