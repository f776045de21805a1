"""Variables in error text — addresses, ids, names, numbers — replaced by named placeholders.

Rules are data, most specific first (a UUID before a hex id before a number), as in Drain3's
masking instructions and Sentry's parameterization. Both sides are masked the same way, so the
heading's own literals (``123.123.123.123``, ``"cron-1594372200-lmkcb"``, ``:1433``) are
placeholders too, never facts to match. Every pattern runs in linear time: no nested
quantifiers over the same characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["MASK_RULES", "PLACEHOLDER", "MaskRule", "Masked", "mask"]

PLACEHOLDER = re.compile(r"<(url|uuid|digest|hex|ip|path|pod|q|host|dur|qty|num)>")


@dataclass(frozen=True)
class MaskRule:
    """Text matching ``pattern`` becomes ``<name>``."""

    name: str
    pattern: re.Pattern[str]
    what: str


@dataclass(frozen=True)
class Masked:
    """A text with its variables masked, and what each placeholder stood for."""

    text: str
    values: tuple[tuple[str, str], ...]
    """``(placeholder name, original text)`` in the order they appear."""
    rules: tuple[str, ...]
    """Names of the rules that fired."""
    pieces: tuple[tuple[str, str | None], ...] = ()
    """The text cut at its variables: ``(original, rule name or None)``."""

    def keeping(self, names: frozenset[str]) -> str:
        """The text with only the variables of other rules masked (those in ``names`` kept)."""
        return "".join(f"<{n}>" if n and n not in names else v for v, n in self.pieces)


def _rule(name: str, pattern: str, what: str) -> MaskRule:
    return MaskRule(name, re.compile(pattern, re.IGNORECASE), what)


_HEX = "[0-9a-f]"
_POD_HASH = "[bcdfghjklmnpqrstvwxz2456789]{5}"  # the alphabet of generated name suffixes
_IPV4 = r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?:/\d{1,2})?(?::\d{1,5})?(?![\w.])"
# Eight groups, or fewer with one "::"; the look-ahead is bounded so it stays linear.
_IPV6 = (
    rf"(?<![\w:.])\[?(?=[0-9a-f:]{{0,39}}::|(?:{_HEX}{{1,4}}:){{7}}{_HEX})"
    rf"{_HEX}{{0,4}}(?::{_HEX}{{0,4}}){{2,7}}(?:%\w+)?\]?(?::\d{{1,5}})?(?![\w:])"
)

MASK_RULES: tuple[MaskRule, ...] = (
    _rule("url", r"\b[a-z][a-z0-9+.-]{1,15}://[^\s\"'<>\])]++", "a URL"),
    _rule("uuid", rf"\b{_HEX}{{8}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{12}}\b", "a UUID"),
    _rule("digest", rf"\b(?:sha256|sha512|sha1|md5):{_HEX}{{12,}}\b", "a content digest"),
    _rule("hex", rf"\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d){_HEX}{{12,}}\b", "a container id or other long hex"),
    _rule("ip", _IPV4 + "|" + _IPV6, "an IPv4 or IPv6 address, with port or prefix length"),
    _rule("q", r"\"[^\"\s]{0,200}\"|'[^'\s]{1,200}'", "a quoted name (no spaces inside)"),
    _rule("path", r"(?<![\w.:/~-])(?:~|\.{1,2})?/(?:[\w.@%+,~=:-]++/)*+[\w.@%+,~=:-]++/?", "a file path"),
    _rule(
        "pod",
        rf"\b[a-z0-9](?:[a-z0-9-]{{0,60}}[a-z0-9])?-(?:[a-z0-9]{{6,10}}-)?{_POD_HASH}\b(?![.-]\w)",
        "a pod or job name with generated suffix",
    ),
    _rule(
        "host",
        r"\b(?:[a-z0-9-]{1,63}\.){1,8}(?:local|internal|lan|com|net|org|cn|svc|cluster)(?::\d{1,5})?\b(?![./-]\w)",
        "a host name",
    ),
    _rule(
        "dur", r"\b\d+(?:\.\d+)?(?:ns|us|µs|ms|h|s)(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m))*\b|\b\d+m\d+s\b", "a duration"
    ),
    _rule("qty", r"\b\d+(?:\.\d+)?(?:Ki|Mi|Gi|Ti|Pi|Ei|KB|MB|GB|TB|kB|k|K|M|G|T|m)\b", "a quantity (size, CPU)"),
    _rule("num", r"(?<![\w.])[-+]?\d+(?:\.\d+)?(?![\w.]\w)", "a number"),
)


_TRAILING = ".,:;!?"


def mask(text: str) -> Masked:
    """Replace every variable in ``text`` by its placeholder, most specific rule first.

    Placeholders already in ``text`` stay as they are, and the rules are applied again to what
    is left until nothing changes: masking masked text changes nothing.
    """
    # The text as pieces: (literal, None) still to mask, or (original, rule name) already masked.
    pieces = _placeholders(text)
    fired: list[str] = []
    for _ in range(_ROUNDS):
        changed = False
        for rule in MASK_RULES:
            split = [p for piece in pieces for p in _split(piece, rule)]
            if split != pieces:
                changed = True
                if rule.name not in fired:
                    fired.append(rule.name)
            pieces = split
        if not changed:
            break
    pieces = _absorb_quotes(pieces)
    masked = "".join(f"<{name}>" if name else value for value, name in pieces)
    values = tuple((name, value) for value, name in pieces if name)
    return Masked(masked, values, tuple(fired), tuple(pieces))


_ROUNDS = 4


def _placeholders(text: str) -> list[tuple[str, str | None]]:
    """``text`` as pieces, with any placeholder it already holds as a masked piece."""
    pieces: list[tuple[str, str | None]] = []
    at = 0
    for m in PLACEHOLDER.finditer(text):
        if m.start() > at:
            pieces.append((text[at : m.start()], None))
        pieces.append((m.group(), m.group(1)))
        at = m.end()
    if at < len(text) or not pieces:
        pieces.append((text[at:], None))
    return pieces


def _split(piece: tuple[str, str | None], rule: MaskRule) -> list[tuple[str, str | None]]:
    value, name = piece
    if name or not value:
        return [piece]
    out: list[tuple[str, str | None]] = []
    at = 0
    for m in rule.pattern.finditer(value):
        found = m.group().rstrip(_TRAILING)  # "see https://x/y." — the full stop is not the URL's
        if not found:
            continue
        if m.start() > at:
            out.append((value[at : m.start()], None))
        out.append((found, rule.name))
        at = m.start() + len(found)
    if at < len(value):
        out.append((value[at:], None))
    return out


def _absorb_quotes(pieces: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    """``"<uuid>"`` → ``<uuid>``: quotes around one masked value belong to the value."""
    out = list(pieces)
    for i in range(1, len(out) - 1):
        (left, lname), (value, name), (right, rname) = out[i - 1], out[i], out[i + 1]
        if name and not lname and not rname and left[-1:] in "\"'" and left[-1:] and right[:1] == left[-1:]:
            out[i - 1], out[i], out[i + 1] = (left[:-1], None), (left[-1] + value + right[0], name), (right[1:], None)
    return [p for p in out if p[0]]
