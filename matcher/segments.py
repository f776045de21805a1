"""A paste → the pieces of text worth matching: lines, the messages inside them, and reasons.

A line of a paste is framed (:mod:`matcher.framing`); the message and each error field of a
structured line become segments, and a scheduler message becomes one segment per reason
(``0/10 nodes are available: 3 node(s) had …, 7 node(s) didn't …``), so that every reason the
knowledge base knows can be answered. Repeated lines count once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from matcher.framing import Framed, frame_line, lines
from matcher.masking import Masked, mask
from matcher.spec import SPEC, SegmentSpec

__all__ = ["Segment", "SegmentKind", "numbered_lines", "reads_as_error", "segments"]

SegmentKind = Literal["line", "field", "reason", "command"]


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

    A paste of more than ``max_lines`` distinct lines is cut down first to the lines that
    ``relevance`` rates highest (a cheap score of a raw line), so a long log costs little more
    than its reading.
    """
    spec = SPEC.segments
    kept: set[str] = set()
    found: list[Segment] = []
    for n, framed in _worth_reading(numbered_lines(paste, relevance), spec):
        kind: SegmentKind = "command" if framed.command else "line"
        pieces = [(framed.text, kind), *((d, "field") for d in framed.details)]
        for text, k in pieces:
            for part, pk in _reasons(text, k, spec):
                part = part.strip()[: spec.max_segment_chars]
                masked = mask(part)
                key = masked.text.lower()
                if part and key not in kept:
                    kept.add(key)
                    rules = (*framed.rules, "reasons") if pk == "reason" else framed.rules
                    found.append(Segment(part, masked, n, pk, rules))
    return found


def _worth_reading(lines: list[tuple[int, str]], spec: SegmentSpec) -> list[tuple[int, Framed]]:
    """The lines that carry a message: not table headers or healthy rows (but a line alone); not echoed commands
    when the paste holds their output; not info lines when it holds errors; not the lines around
    a message (:func:`_around`, :func:`_quoted_source`) when one of the lines left is none of them."""
    read = [(n, raw, frame_line(raw)) for n, raw in lines]
    texts = [raw.strip() if f is None else f.text for _, raw, f in read]
    framed = [
        (n, raw, f, _quoted_source(texts, k, spec))
        for k, (n, raw, f) in enumerate(read)
        if f is not None and (f.details or not SPEC.framing.drawn.regex.match(f.text))  # not one that only draws
    ]
    output = any(not f.command for _, _, f, _ in framed)
    errors = any(reads_as_error(raw, spec) for _, raw, _, _ in framed)
    out = []
    for n, raw, f, source in framed:
        if (f.command and output) or (
            len(framed) > 1 and (spec.table_header.regex.match(f.text) or spec.healthy_row.regex.match(f.text))
        ):
            continue  # a quiet row alone is what the user asks about (a check's heading typed: "√ can …")
        if errors and spec.info_line.regex.search(raw) and not reads_as_error(raw, spec):
            continue
        out.append((n, f, source or _around(f.text, spec)))
    if not all(around for _, _, around in out):  # a line of those left that the rest frames
        out = [line for line in out if not line[2]]
    return [(n, f) for n, f, _ in out]


def _around(text: str, spec: SegmentSpec) -> bool:
    """A line around a message, not one: the exception's name above it, a frame of its trace,
    systemd's report that the unit it killed failed, a runtime's notice, a caret pointing at a column."""
    return bool(
        spec.exception_header.regex.match(text)
        or spec.caret_line.regex.match(text)
        or spec.stack_frame.regex.match(text)
        or spec.unit_state.regex.match(text)
        or spec.runtime_notice.regex.match(text)
    )


def _quoted_source(texts: list[str], k: int, spec: SegmentSpec) -> bool:
    """Line ``k`` (of the lines' messages, log prefixes off) is the source code a stack frame
    quotes: the frame above it, a caret under it; or the line after a frame that always quotes
    its source (Python's)."""
    if k > 0 and spec.source_frame.regex.match(texts[k - 1]):
        return True
    return (
        0 < k < len(texts) - 1
        and bool(spec.caret_line.regex.match(texts[k + 1]))
        and bool(spec.stack_frame.regex.match(texts[k - 1]))
    )


def reads_as_error(line: str, spec: SegmentSpec = SPEC.segments) -> bool:
    """The line reports an error (:attr:`SegmentSpec.error_line`, :attr:`SegmentSpec.error_cue`)."""
    return bool(spec.error_line.regex.search(line) or spec.error_cue.regex.search(line))


def numbered_lines(paste: str, relevance: Callable[[str], float] | None = None) -> list[tuple[int, str]]:
    """Non-blank lines of distinct shape (numbers and ids aside) with their 1-based numbers;
    of a long paste, the ``max_lines`` most relevant, in paste order."""
    spec = SPEC.segments
    seen: set[str] = set()
    out = []
    wholes: set[str] = set()
    checks = [spec.structured_checks]
    for n, whole in _with_chains(lines(paste), spec):
        if (whole_shape := _shape(whole, spec)) in wholes:
            continue  # a line of one shape again holds pieces of the shapes seen (checked first: cheap)
        wholes.add(whole_shape)
        for raw in _pieces(whole, spec, checks):
            if not raw.strip():
                continue
            shape = _shape(raw, spec)
            if shape not in seen:
                seen.add(shape)
                out.append((n, raw))
    if len(out) <= spec.max_lines:
        return out
    if relevance is None:
        return out[: spec.max_lines]
    rated = sorted(range(len(out)), key=lambda i: (-relevance(out[i][1]), out[i][0]))[: spec.max_lines]
    return [out[i] for i in sorted(rated)]  # in paste order: the pieces of one line as they came


def _with_chains(raw: list[str], spec: SegmentSpec) -> list[tuple[int, str]]:
    """``(number, line)`` of each line, and after a line that reads as an error and opens a chain
    (:attr:`SegmentSpec.chain_open`), the chain as one line: it and the lines after it that are
    more indented than it, while each one before ends the same way; after a YAML key folded onto
    the lines below it (:attr:`SegmentSpec.folded_open`), those lines as one. A line inside a chain
    opens none of its own, and a chain stops at ``max_line_chars``: linear in the paste."""
    out: list[tuple[int, str]] = []
    joined = 0  # lines before this one are inside the last chain
    for k, line in enumerate(raw):
        out.append((k + 1, line))
        if k < joined:
            continue
        key = spec.folded_open.regex.match(line)
        if key is None and (not spec.chain_open.regex.search(line) or not reads_as_error(line, spec)):
            if wrapped := _wrapped(raw, k, spec):
                out.append((k + 1, wrapped[0]))
                joined = wrapped[1]
            continue
        depth = _depth(key.group(1).replace("-", " ")) if key else _depth(line)
        parts = [] if key else [line.strip()]
        size, j = len(line), k + 1
        while (
            j < len(raw)
            and size < spec.max_line_chars
            and raw[j].strip()
            and _depth(raw[j]) > depth
            and (key is not None or spec.chain_open.regex.search(parts[-1]))
        ):
            parts.append(raw[j].strip())
            size += len(raw[j])
            j += 1
        if len(parts) > (0 if key else 1):
            out.append((k + 1, " ".join(parts)))
            joined = j
    return out


def _wrapped(raw: list[str], k: int, spec: SegmentSpec) -> tuple[str, int] | None:
    """The line a wrap cut into ``raw[k]`` and the lines after it, and the index after its last
    piece; ``None`` when ``raw[k]`` goes on on no line below. Each piece after the first is no line
    of its own (:func:`_goes_on`). Cut at a fixed width (three lines of one length or more, then a
    shorter rest), the pieces join as they are: ``"error": "laun`` / ``ching machine…``. Cut at a
    word, by an editor or a page, each piece ends mid-sentence, the next goes on with a lower-case
    word (:attr:`SegmentSpec.wrap_next`), and they join with a space."""
    width = len(raw[k])
    first = raw[k].strip()
    if width < spec.wrap_min or not first or k + 1 == len(raw) or not (after := raw[k + 1].strip()):
        return None
    head = first.split(None, 1)[0]
    fixed = k + 2 < len(raw) and len(raw[k + 1]) == width == len(raw[k + 2]) and not _same_start(head, after, spec)
    if not fixed and not (spec.wrap_end.regex.match(first[-1]) and spec.wrap_next.regex.match(after)):
        return None  # neither can go on: most lines of a log, the same line again (checked first: cheap)
    j = k + 1
    while (
        j < len(raw)
        and (j - k) * width < spec.max_line_chars
        and len(raw[j]) == width
        and not raw[j][0].isspace()
        and _goes_on(head, raw[j], spec)
    ):
        j += 1
    if j >= k + 3:  # a fixed width: the rest is shorter
        if j < len(raw) and 0 < len(raw[j]) < width and not raw[j][0].isspace() and _goes_on(head, raw[j], spec):
            j += 1
        return "".join(raw[k:j]).strip(), j
    j = k + 1
    parts, size = [first], width
    while (
        j < len(raw)
        and size < spec.max_line_chars
        and len(parts[-1]) >= spec.wrap_min
        and spec.wrap_end.regex.match(parts[-1][-1])
        and _depth(raw[j]) <= _depth(raw[k])
        and spec.wrap_next.regex.match(raw[j].strip())
        and _goes_on(head, raw[j], spec)
        and not (spec.chain_open.regex.search(raw[j]) and reads_as_error(raw[j], spec))  # opens a chain
    ):
        parts.append(raw[j].strip())
        size += len(raw[j])
        j += 1
    return (" ".join(parts), j) if len(parts) > 1 else None


def _goes_on(head: str, line: str, spec: SegmentSpec) -> bool:
    """``line`` may go on with a line a wrap cut (``head``: the first word of the wrapped line's
    first piece): it is no line of its own. Not when it starts with a word of that
    shape (the same log line again, the next ``at …`` of a trace, an access log's next client),
    holds a table's column gaps, is a stack frame, or starts with a log line's framing (``npm
    ERR!``, a time stamp, a level)."""
    text = line.strip()
    if not text or _same_start(head, text, spec):
        return False
    if spec.wrap_table.regex.search(text) or spec.stack_frame.regex.match(text):
        return False
    framed = frame_line(text)
    return framed is not None and not framed.rules and framed.text == text


def _same_start(head: str, text: str, spec: SegmentSpec) -> bool:
    """``text`` (stripped) starts with ``head`` or a word of its shape (numbers and ids marked)."""
    word = text.split(None, 1)[0] if text else ""
    if word == head:
        return True  # (cheap: most lines of a log start alike)
    return _shape(word, spec) == _shape(head, spec)


def _shape(text: str, spec: SegmentSpec) -> str:
    """``text`` with its numbers and ids marked: lines of one shape are one line again."""
    return spec.shape.regex.sub(spec.shape_mark, text)


def _depth(line: str) -> int:
    """How far a line is indented, a tab as far as the next stop of eight."""
    width = 0
    for ch in line:
        if ch == " ":
            width += 1
        elif ch == "\t":
            width += 8 - width % 8
        else:
            break
    return width


def _pieces(line: str, spec: SegmentSpec, checks: list[int]) -> list[str]:
    """A line, or the lines a long one holds (compact JSON: ``{"msg":"…"},{"msg":"…"}``), or one
    that holds captured output with its line breaks escaped (``…\\r\\nFailed to …\\r\\n…``); a
    structured line (:attr:`SegmentSpec.structured_rules`) whole, though its values hold escaped
    breaks or run long, up to ``structured_max_chars``, then the lines after the first that its
    values hold, its stack trace left out (:attr:`SegmentSpec.stack_member`). Of a long piece, its end is
    read too (``… classpath=<4 KB> msg=invalid bearer token``: a log line ends in its message). ``checks``: how many
    more lines of the paste may be asked whether they are structured (``structured_checks``)."""
    short = len(line) <= spec.max_segment_chars
    if short and (line.count("\\n") < spec.escaped_lines or spec.windows_path.regex.search(line)):
        return [line]  # (the count first: most lines hold no escaped break, and it costs little)
    if len(line) <= spec.structured_max_chars and checks[0] > 0 and _structured(line, spec, checks):
        held = spec.escaped_newline.regex.split(spec.stack_member.regex.sub("", line), maxsplit=spec.long_line_pieces)
        return [line, *held[1 : spec.long_line_pieces]] if len(held) > spec.escaped_lines else [line]
    if short:
        escaped = spec.escaped_newline.regex.split(line, maxsplit=spec.long_line_pieces)
        return escaped[: spec.long_line_pieces] if len(escaped) > spec.escaped_lines else [line]
    pieces = spec.long_line_split.regex.split(line, maxsplit=spec.long_line_pieces)[: spec.long_line_pieces]
    tail = [pieces[-1][-spec.max_segment_chars :]] if len(pieces[-1]) > spec.max_segment_chars else []
    return [
        piece[: spec.max_line_chars] for piece in pieces
    ] + tail  # the end of a long line too: log lines end in their message


def _structured(line: str, spec: SegmentSpec, checks: list[int]) -> bool:
    """The line is framed as a structured one, its message and error fields its values, and holds
    one message: not a dump of many (``{"items": [{"message": …}, …]}``)."""
    if ("{" not in line or '"' not in line) and '="' not in line and "msg=" not in line:
        return False  # (cheap: a structured line holds a JSON object, a quoted value or a message)
    checks[0] -= 1
    framed = frame_line(line)
    if framed is None or not any(rule in spec.structured_rules for rule in framed.rules):
        return False
    keys = SPEC.framing.json_message_keys
    return sum(m.group(1) in keys for m in SPEC.framing.json_field.regex.finditer(line)) <= 1


def _reasons(text: str, kind: SegmentKind, spec: SegmentSpec) -> list[tuple[str, SegmentKind]]:
    """A scheduler message → its reasons; any other text → itself."""
    if m := spec.scheduler.regex.search(text):
        reasons = [r.strip().rstrip(spec.reason_trailing) for r in spec.reason_split.regex.split(m.group(1))]
        found: list[tuple[str, SegmentKind]] = [(r, "reason") for r in reasons if r]
        return [*found, (text, kind)] if len(found) > 1 else found  # a heading may be the whole message
    if m := spec.fit_summary.regex.search(text):
        return [(r.strip(), "reason") for r in m.group(1).split(spec.fit_split) if r.strip()]
    return [(text, kind)]
