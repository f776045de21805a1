"""Variables in error text — addresses, ids, names, numbers — replaced by named placeholders.

The rules (:data:`matcher.spec.MASKING`) are data, most specific first (a UUID before a hex id
before a number), as in Drain3's masking instructions and Sentry's parameterization. Each rule
runs once over the whole original text, in order; a match inside a variable an earlier rule
masked is skipped. So a look-around always sees the text as written, never the edge of a
fragment or a placeholder. Both sides are
masked the same way, so the heading's own literals (``123.123.123.123``, ``"cron-…-lmkcb"``,
``:1433``) are placeholders too, never facts to match.
"""

from __future__ import annotations

from dataclasses import dataclass

from matcher.spec import SPEC, MaskSpec

__all__ = ["Masked", "Piece", "mask"]

Piece = tuple[str, str | None]
"""``(original text, rule name)`` for a masked variable, ``(text, None)`` for the rest."""


@dataclass(frozen=True)
class Masked:
    """A text with its variables masked, and what each placeholder stood for."""

    text: str
    values: tuple[tuple[str, str], ...]
    """``(placeholder name, original text)`` in the order they appear."""
    rules: tuple[str, ...]
    """Names of the rules that fired, in rule order."""
    pieces: tuple[Piece, ...] = ()
    """The text cut at its variables."""

    def keeping(self, names: frozenset[str] | tuple[str, ...]) -> str:
        """The text with only the variables of other rules masked (those in ``names`` kept)."""
        return "".join(f"<{n}>" if n and n not in names else v for v, n in self.pieces)


def mask(text: str, spec: MaskSpec = SPEC.masking) -> Masked:
    """Replace every variable in ``text`` by its placeholder, rule by rule over the whole text.

    Placeholders already in ``text`` stay as they are (masking masked text changes nothing); a
    match that would overlap a placeholder is skipped.
    """
    pieces = _placeholders(text, spec)
    literal = _literal(pieces)
    fired = []
    for rule in spec.rules:
        found = _matches(text, literal, rule.pattern.regex, spec.trailing)
        if found:
            fired.append(rule.name)
            pieces = _cut(pieces, found, rule.name)
            literal = _literal(pieces)
    pieces = _absorb_quotes(pieces)
    masked = "".join(f"<{name}>" if name else value for value, name in pieces)
    values = tuple((name, value) for value, name in pieces if name)
    return Masked(masked, values, tuple(fired), tuple(pieces))


def _placeholders(text: str, spec: MaskSpec) -> list[Piece]:
    """``text`` as pieces, with any placeholder it already holds as a masked piece."""
    pieces: list[Piece] = []
    at = 0
    for m in spec.placeholder.regex.finditer(text):
        if m.start() > at:
            pieces.append((text[at : m.start()], None))
        pieces.append((m.group(), m.group(1)))
        at = m.end()
    if at < len(text) or not pieces:
        pieces.append((text[at:], None))
    return pieces


def _literal(pieces: list[Piece]) -> list[tuple[int, int]]:
    """``(start, end)`` in the original text of each piece not yet masked."""
    literal = []
    at = 0
    for v, n in pieces:
        if not n:
            literal.append((at, at + len(v)))
        at += len(v)
    return literal


def _matches(text: str, literal: list[tuple[int, int]], regex: object, trailing: str) -> list[tuple[int, int]]:
    """Spans of the rule's matches in the original text, each inside a piece not yet masked
    (``literal``: pieces only ever split, so the text they make up stays ``text``)."""
    spans = []
    for m in regex.finditer(text):  # type: ignore[attr-defined]
        end = m.start() + len(m.group().rstrip(trailing))
        if end > m.start() and any(lo <= m.start() and end <= hi for lo, hi in literal):
            spans.append((m.start(), end))
    return spans


def _cut(pieces: list[Piece], spans: list[tuple[int, int]], name: str) -> list[Piece]:
    """The pieces with each span (offsets in the original text) made a masked piece."""
    out: list[Piece] = []
    at = 0
    queue = list(spans)
    for v, n in pieces:
        size = len(v)
        if n:
            out.append((v, n))
        else:
            cursor = 0
            while queue and queue[0][1] <= at + size:
                lo, hi = queue.pop(0)
                if lo - at > cursor:
                    out.append((v[cursor : lo - at], None))
                out.append((v[lo - at : hi - at], name))
                cursor = hi - at
            if cursor < len(v):
                out.append((v[cursor:], None))
        at += size
    return out


def _absorb_quotes(pieces: list[Piece]) -> list[Piece]:
    """``"<uuid>"`` → ``<uuid>``: quotes around one masked value belong to the value."""
    out = list(pieces)
    for i in range(1, len(out) - 1):
        (left, lname), (value, name), (right, rname) = out[i - 1], out[i], out[i + 1]
        if name and not lname and not rname and left[-1:] in ('"', "'") and right[:1] == left[-1:]:
            out[i - 1], out[i], out[i + 1] = (left[:-1], None), (left[-1] + value + right[0], name), (right[1:], None)
    return [p for p in out if p[0]]
