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

MAX_LINE_CHARS = 4000
"""Only the start of a longer line is read: an error message is shorter, a dump is not one."""

MAX_SEGMENT_CHARS = 2000
"""Longer messages are cut: an error message is shorter than this, a dump is not an error."""

SegmentKind = Literal["line", "field", "reason", "command"]

_SCHEDULER = re.compile(r"\b\d+/\d+ nodes are available:\s*(.*?)(?:\.?\s*preemption:.*)?$", re.IGNORECASE)
_REASON_SPLIT = re.compile(r",\s+(?=\d+\s)")
# Runs of digits and hex letters holding a digit: numbers, ids, addresses. Starting only at a
# word boundary keeps it linear on long runs of letters.
_SHAPE = re.compile(r"\b[0-9a-fA-F]*\d[0-9a-fA-F]*\b", re.ASCII)
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
                masked = mask(part)
                key = masked.text.lower()
                if part and key not in kept:
                    kept.add(key)
                    rules = (*framed.rules, "reasons") if pk == "reason" else framed.rules
                    found.append(Segment(part, masked, n, pk, rules))
    return found


def _lines(paste: str, relevance: Callable[[str], float] | None) -> list[tuple[int, str]]:
    """Non-blank lines of distinct shape (numbers and ids aside) with their 1-based numbers;
    of a long paste, the :data:`MAX_LINES` most relevant, in paste order."""
    seen: set[str] = set()
    lines = []
    for n, raw in enumerate(strip_controls(paste).splitlines(), 1):
        if not raw.strip():
            continue
        raw = raw[:MAX_LINE_CHARS]
        shape = _SHAPE.sub("#", raw)
        if shape not in seen:
            seen.add(shape)
            lines.append((n, raw))
    if len(lines) <= MAX_LINES:
        return lines
    if relevance is None:
        return lines[:MAX_LINES]
    top = sorted(lines, key=lambda nl: -relevance(nl[1]))[:MAX_LINES]
    return sorted(top)


def _reasons(text: str, kind: SegmentKind) -> list[tuple[str, SegmentKind]]:
    """A scheduler message → its reasons; any other text → itself."""
    if m := _SCHEDULER.search(text):
        reasons = [r.strip().rstrip(".") for r in _REASON_SPLIT.split(m.group(1))]
        found: list[tuple[str, SegmentKind]] = [(r, "reason") for r in reasons if r]
        return [*found, (text, kind)] if len(found) > 1 else found  # a heading may be the whole message
    if m := _FIT_SUMMARY.search(text):
        return [(r.strip(), "reason") for r in m.group(1).split(",") if r.strip()]
    return [(text, kind)]
