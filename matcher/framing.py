"""Log framing around an error — timestamps, levels, prefixes, prompts — and how to strip it.

The rules are data (:data:`matcher.spec.FRAMING`), applied in order to the start of every line,
and the whole list again while one still fires (a journald line can carry a klog line that
carries a logrus message). Each rule's ``what`` is shown by ``--explain``; every rule has a
literal in → out test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.terms import normalize
from matcher.spec import SPEC, FramingSpec, TextSpec

__all__ = ["Framed", "clean", "error_field", "frame_line", "lines"]


@dataclass(frozen=True)
class Framed:
    """One pasted line with its framing removed."""

    text: str
    """What the line says, framing removed."""
    details: tuple[str, ...]
    """Extra messages the line carried in fields (``err="…"``), in order."""
    rules: tuple[str, ...]
    """Names of the rules that fired, in order."""
    command: bool
    """The line was typed at a shell prompt: it is a command, not output."""


def clean(text: str, spec: TextSpec = SPEC.text) -> str:
    """Plain text: compatibility forms folded (NFKC), line breaks made ``\\n``, terminal escapes
    removed, and other control characters and unusual spaces made one space."""
    text = spec.newline.regex.sub("\n", normalize(text))
    return spec.controls.regex.sub(" ", spec.escapes.regex.sub("", text))


def lines(text: str, spec: TextSpec = SPEC.text) -> list[str]:
    """The lines of a text, cleaned."""
    return clean(text, spec).split("\n")


def frame_line(line: str, spec: FramingSpec = SPEC.framing) -> Framed | None:
    """The message of one (cleaned) line, or ``None`` for a line that carries none (fences,
    rulers, a prompt with nothing typed after it)."""
    if spec.fence.regex.match(line) or spec.ruler.regex.match(line):
        return None
    fired: list[str] = []
    text = _strip_prefixes(line.strip(), fired, spec)
    if "box" in fired or "ascii-box" in fired:  # a panel's border on both sides
        text = spec.box_end.regex.sub("", text)
    if spec.fence.regex.match(text) or spec.ruler.regex.match(text):  # framing around a fence or ruler
        return None
    if spec.html_line.regex.match(text):  # an HTML error page's line: its text
        fired.append("html")
        if not (text := spec.html_tag.regex.sub(" ", spec.html_inline.regex.sub("", text)).strip()):
            return None
    command = False
    if (m := spec.prompt.regex.match(text)) and not text[m.end() :].strip():
        return None  # a prompt with nothing typed after it (a transcript's last line) says nothing
    if m and spec.command_word.regex.match(text[m.end() :]):
        text, command = text[m.end() :], True
        fired.append("prompt")
    elif all(r in spec.decorations for r in fired) and spec.typed_command.regex.match(text):
        # typed, not printed: no log prefix was stripped (quote marks or a box border may have been)
        command = True
        fired.append("typed command")
    text, details = _fields(text, fired, spec)
    if spec.fence.regex.match(text.strip()):  # a fence quoted in a log line: '" ``` "'
        return None
    return Framed(text.strip(), details, tuple(fired), command)


def _strip_prefixes(text: str, fired: list[str], spec: FramingSpec) -> str:
    for _ in range(spec.passes):  # bounded: each pass removes at least one prefix or stops
        before = text
        for rule in spec.rules:
            m = rule.pattern.regex.match(text)
            if m and m.end() > 0:
                fired.append(rule.name)
                text = text[m.end() :].lstrip()
        if text == before:
            break
    return text


def _fields(text: str, fired: list[str], spec: FramingSpec) -> tuple[str, tuple[str, ...]]:
    """Structured lines (logrus ``msg="…"``, klog ``"msg" err="…"``, JSON ``{"msg": "…"}``, a
    message and its context fields ``… {"name": "otlp", "error": "…"}``) → message and details."""
    if m := spec.klog_structured.regex.match(text):
        fired.append("klog-structured")
        values = _pairs(m.group(2), spec)
        return _unquote(m.group(1), spec), tuple(v for k, v in values.items() if k in spec.detail_keys)
    if (
        text.startswith("[")
        and (m := spec.unified_structured.regex.match(text))
        and (m.group(2) or m.group(1).startswith('"'))  # not a bracketed word alone: [ValueError]
    ):
        fired.append("unified-structured")
        values = {f.group(1): _unquote(f.group(2), spec) for f in spec.unified_field.regex.finditer(m.group(2))}
        return _unquote(m.group(1), spec), tuple(v for k, v in values.items() if k in spec.detail_keys)
    if spec.json_object.regex.match(text):
        members = [(m.group(1), _unquote(m.group(2), spec)) for m in spec.json_field.regex.finditer(text)]
        members += _cut(text, spec)
        messages = [v for k, v in members if k in spec.json_message_keys]
        said = [v for k, v in members if k in spec.json_message_keys or k in spec.detail_keys]
        if messages and any(v.strip() for v in said):  # a blank message and no error: not read as JSON
            fired.append("json")
            # The message may be a log line itself (Docker's "log"): a shorter text, read the same way.
            inner, details = _fields(_strip_prefixes(messages[0].strip(), fired, spec), fired, spec)
            return inner, (*details, *messages[1:], *(v for k, v in members if k in spec.detail_keys))
    pairs = _pairs(text, spec)
    logfmt = spec.logfmt.regex.search(text) is not None
    pairs.update(_cut(text, spec) if logfmt else [])
    if spec.message_key in pairs and logfmt:
        fired.append("logfmt")
        inner = _strip_prefixes(pairs[spec.message_key], fired, spec)
        details = tuple(v for k, v in pairs.items() if k in spec.detail_keys) + tuple(
            v for k, v in pairs.items() if k in spec.reason_keys and spec.reason_phrase.regex.search(v)
        )
        return (_fields(inner, fired, spec)[0] if inner.startswith('"') else inner), details
    if (m := spec.context_fields.regex.search(text)) and text.rstrip().endswith("}") and text[: m.start()].strip():
        fired.append("context-fields")
        keys = (*spec.detail_keys, *spec.json_message_keys)
        members = [(j.group(1), _unquote(j.group(2), spec)) for j in spec.json_field.regex.finditer(text, m.start())]
        found = [  # and an API's own keys for its error ({"errorReason": "Missing PCS cookies …"}), where phrases
            v
            for k, v in members
            if k in keys or (spec.error_key.regex.search(k) and spec.reason_phrase.regex.search(v))
        ]
        return text[: m.start()].strip(), tuple(found)
    if (t := _trailing_start(text, spec)) and text[:t].strip() and not _FIELD.match(text):
        trailing = _pairs(text[t:], spec)
        if errors := tuple(trailing[k] for k in spec.detail_keys if trailing.get(k, "").strip()):
            fired.append("trailing-fields")
            return text[:t].strip(), errors
    if "error" in text and (carried := tuple(_url_decoded(q) for q in spec.query_error.regex.findall(text))):
        fired.append("query-error")
        return text, carried
    return text, ()


_URL_ESCAPE = re.compile(r"%([2-6][0-9A-Fa-f]|7[0-9A-Ea-e])")


def _url_decoded(value: str) -> str:
    """A query's value as it reads: ``+`` a space, a printable ASCII character's percent escape that
    character; other escapes (a line break, an escape, UTF-8's bytes) stay as written."""
    return _URL_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value.replace("+", " "))


def _trailing_start(text: str, spec: FramingSpec) -> int:
    """Where the unbroken run of ``key=value`` fields that ends ``text`` begins, after a word; 0 when
    none does. One pass: each field is found once and a run starts again at each gap (a field found
    at 0 has no word before it, so the run starts at the next)."""
    start = at = 0
    for m in spec.trailing_field.regex.finditer(text):
        if m.start() != at or not start:
            start = m.start()
        at = m.end()
    return start if at and not text[at:].strip() else 0


def error_field(line: str, spec: FramingSpec = SPEC.framing) -> str:
    """The non-empty error value among a line's context fields, by the order of
    :attr:`FramingSpec.detail_keys` (an ``"error"`` before a ``"details"`` or ``"cause"``), the first
    of a key (not its ``"msg"``, ``"message"`` or ``"log"``: those say what happened, not what went wrong)."""
    found: dict[str, str] = {}
    for j in spec.json_field.regex.finditer(line):
        if j.group(1) in spec.detail_keys and (value := _unquote(j.group(2), spec).strip()):
            found.setdefault(j.group(1), value)
    return next((found[k] for k in spec.detail_keys if k in found), "")


_FIELD = re.compile(r"^[\w./-]+=", re.ASCII)
"""A line that opens with a field is fields throughout (``msg="…" err="…"``): no message before them."""


def _pairs(text: str, spec: FramingSpec) -> dict[str, str]:
    """``key=value`` fields, quoted values unquoted; a later key replaces an earlier one."""
    out: dict[str, str] = {}
    for m in spec.fields.regex.finditer(text):
        out[m.group(1)] = _unquote(m.group(2), spec)
    return out


def _cut(text: str, spec: FramingSpec) -> list[tuple[str, str]]:
    """The last field, when its quoted value was cut short with the line (:attr:`FramingSpec.cut_value`)."""
    m = spec.cut_value.regex.search(text)
    return [(m.group(1), _unquote(f'"{m.group(2)}"', spec))] if m else []


def _unquote(value: str, spec: FramingSpec) -> str:
    if not value.startswith('"'):
        return value
    return spec.escape.regex.sub(lambda m: " " if m.group(1) in spec.blank_escapes else m.group(1), value[1:-1])
