"""Log framing around an error — timestamps, levels, prefixes, prompts — and how to strip it.

Rules are data, applied in order to every line, and the whole list again while one still fires
(a journald line can carry a klog line that carries a logrus message). Each rule's ``what``
is shown by ``--explain``; every rule has a literal in → out test.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["FRAMING_RULES", "Framed", "FramingRule", "frame_line", "strip_controls"]


@dataclass(frozen=True)
class FramingRule:
    """``pattern`` at the start of a line is replaced by ``repl`` (a string or a function)."""

    name: str
    pattern: re.Pattern[str]
    repl: str | Callable[[re.Match[str]], str]
    what: str


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


def _rule(name: str, pattern: str, repl: str | Callable[[re.Match[str]], str], what: str) -> FramingRule:
    return FramingRule(name, re.compile(pattern), repl, what)


_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|1[0-2]月|[1-9]月)"
_LEVEL = r"(?:FATAL|ERROR|WARNING|WARN|INFO|DEBUG|TRACE|PANIC|LOG|ERRO|FATA|WARN|CRIT|NOTICE)"

FRAMING_RULES: tuple[FramingRule, ...] = (
    _rule("markdown-quote", r"^\s*(?:>\s?)+", "", "markdown quote marks"),
    _rule("box", r"^\s*[│┃║╷╵╭╰┌└├╎┆]+ ?", "", "box-drawing border (Terraform and other CLIs)"),
    _rule("ci-step", r"^##\[(?:error|warning|debug|group|endgroup)\]", "", "CI annotation"),
    _rule(
        "iso-timestamp",
        r"^\[?\d{4}[-/]\d{2}[-/]\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?"
        r"(?: ?(?:Z|UTC|GMT|[+-]\d{2}:?\d{2}))?\]?\s+",
        "",
        "ISO or CI timestamp",
    ),
    _rule(
        "journald",
        rf"^{_MONTH}\s+\d{{1,2}}\s+\d{{2}}:\d{{2}}:\d{{2}}(?:\s+[\w.-]+)?\s+[\w.@/-]+(?:\[\d+\])?:\s+",
        "",
        "journald/syslog date, host and process",
    ),
    _rule("process", r"^[\w.@-]+\[\d+\]:\s+", "", "process name and pid"),
    _rule("clock", r"^\d{2}:\d{2}:\d{2}(?:\.\d+)?\s+", "", "time of day"),
    _rule("klog", r"^[IWEF]\d{4}\s+\d{2}:\d{2}:\d{2}\.\d+\s+\d+\s+", "", "klog level, date and thread"),
    _rule(
        "source-location",
        r"^[\w.-]+\.(?:go|py|rs|java|c|cc):\d+(?:\]|:|(?=\s))\s*(?:\[\w+\]\s*)?",
        "",
        "source file and line of the logging call",
    ),
    _rule("bracket-pid", r"^\[\d+\]\s+", "", "bracketed pid"),
    _rule("level", rf"^{_LEVEL}(?:\[\d+\])?:?\s+", "", "log level word"),
    _rule(
        "event-row",
        r"^(?:\d[\w.]*\s+)?(?:Normal|Warning)\s+[A-Z]\w+\s+"
        r"(?:(?:<\w+>|\d[\w.]*)(?:\s+\(x\d+\s+over\s+[\w.<>]+\))?\s+)?"
        r"(?:[a-z][\w.-]*/[\w.-]+\s+|(?:default-scheduler|kubelet|[\w-]+-controller|[a-z][\w-]*)(?:,\s*[\w.-]+)?"
        r"(?:\s{2,}|\s+(?=\S)))?",
        "",
        "kubectl describe/get events columns (type, reason, age, from)",
    ),
)

_PROMPT = re.compile(
    r"^(?:\[[^\]\n]{1,80}\][#$]|[\w.-]+@[\w.-]+(?::[^\s$#]*)?\s?[#$]|[~\w/.-]*\s»|➜\s+\S+(?:\s+git:\([^)]*\))?(?:\s+✗)?"
    r"|\(⎈[^)]*\)\S*\$|[$#%]|/\s#|>(?=kubectl|helm|docker|k3s|kubeadm|crictl|ctr)|PS [A-Z]:\\[^>]*>)\s*"
)
_COMMAND_WORD = re.compile(r"^(?:sudo\s+)?[a-z][\w.-]*(?:\s|$)")
_LOGFMT = re.compile(r'(?:^|\s)(msg|err|error)=("(?:[^"\\]|\\.)*"|\S+)')
_KLOG_STRUCTURED = re.compile(r'^"((?:[^"\\]|\\.)*)"((?:\s+[\w.]+=(?:"(?:[^"\\]|\\.)*"|\S+))*)\s*$')
_ESCAPE = re.compile(r"\\(.)")
_ESCAPES = re.compile(r"\x1b\[[0-9;?]{0,64}[ -/]{0,8}[@-~]|\x1b\][^\x07\x1b]{0,512}(?:\x07|\x1b\\)?|\x1b")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]+")
_FENCE = re.compile(r"^\s*(?:`{3,}|~{3,})")
_RULER = re.compile(r"^[\s\-=_*~╷╵─━]*$")


def strip_controls(text: str) -> str:
    """ANSI colour and cursor codes and other control characters removed (tabs kept)."""
    return _CONTROLS.sub(" ", _ESCAPES.sub("", text))


def frame_line(line: str) -> Framed | None:
    """The message of one pasted line, or ``None`` for a line that carries none (fences, rulers)."""
    if _FENCE.match(line) or _RULER.match(line):
        return None
    fired: list[str] = []
    text = _strip_prefixes(line.strip(), fired)
    if _FENCE.match(text) or _RULER.match(text):  # framing around a fence or a ruler: no message either
        return None
    command = False
    if (m := _PROMPT.match(text)) and _COMMAND_WORD.match(text[m.end() :]):
        text, command = text[m.end() :], True
        fired.append("prompt")
    text, details = _fields(text, fired)
    return Framed(text.strip(), details, tuple(fired), command)


def _strip_prefixes(text: str, fired: list[str]) -> str:
    for _ in range(8):  # bounded: each pass removes at least one prefix or stops
        before = text
        for rule in FRAMING_RULES:
            new = rule.pattern.sub(rule.repl, text, count=1)
            if new != text:
                fired.append(rule.name)
                text = new.lstrip()
        if text == before:
            break
    return text


def _fields(text: str, fired: list[str]) -> tuple[str, tuple[str, ...]]:
    """Structured lines (logrus ``msg="…"``, klog ``"msg" err="…"``) → message and details."""
    if m := _KLOG_STRUCTURED.match(text):
        fired.append("klog-structured")
        values = dict(_pairs(m.group(2)))
        details = tuple(v for k, v in values.items() if k in ("err", "error"))
        return _unescape(m.group(1)), details
    pairs = dict(_pairs(text))
    if "msg" in pairs and (" level=" in f" {text}" or "time=" in text):
        fired.append("logfmt")
        inner = _strip_prefixes(pairs["msg"], fired)
        details = tuple(v for k, v in pairs.items() if k in ("err", "error"))
        return (_fields(inner, fired)[0] if inner.startswith('"') else inner), details
    return text, ()


def _pairs(text: str) -> list[tuple[str, str]]:
    out = []
    for m in _LOGFMT.finditer(text):
        value = m.group(2)
        out.append((m.group(1), _unescape(value[1:-1]) if value.startswith('"') else value))
    return out


def _unescape(value: str) -> str:
    return _ESCAPE.sub(lambda m: {"n": " ", "t": " "}.get(m.group(1), m.group(1)), value)
