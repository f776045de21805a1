"""What printing to a terminal or a pipe takes: choosing colour, keeping content's control
sequences off the screen, writing without crashing on a closed, full or ASCII-only stream, and
showing a long index build."""

from __future__ import annotations

import json
import os
import re
import sys
import time
from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Any, TextIO

__all__ = [
    "BuildProgress",
    "ColorMode",
    "OutputError",
    "flush_out",
    "safe_data",
    "safe_text",
    "say",
    "silence_stdout",
    "use_color",
    "write_json",
    "write_out",
]


class ColorMode(StrEnum):
    """``--color``: ``auto`` colours a terminal unless ``NO_COLOR`` is set (or ``FORCE_COLOR``
    colours anything); ``always`` and ``never`` are what they say."""

    auto = "auto"
    always = "always"
    never = "never"


class OutputError(Exception):
    """Standard output cannot be written (closed, disk full): one line on stderr, exit 2."""


def use_color(mode: ColorMode, stream: TextIO | None, environ: Mapping[str, str] = os.environ) -> bool:
    """Whether to colour ``stream``: the flag first, then ``NO_COLOR``, ``FORCE_COLOR``
    (no-color.org, force-color.org: any non-empty value), then whether it is a terminal."""
    if mode is not ColorMode.auto:
        return mode is ColorMode.always
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR"):
        return True
    return _isatty(stream) and environ.get("TERM") != "dumb"


def _isatty(stream: TextIO | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (OSError, ValueError):  # closed
        return False


# -- text from content ---------------------------------------------------------------------------

# A terminal acts on these instead of showing them: colours and conceal (CSI … m), cursor moves,
# titles and clipboard writes (OSC 0 / 52), device strings; in 7-bit and 8-bit forms. An
# unterminated string ends at the line's end, so the rest of the answer stays readable.
_CONTROL = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x9b[0-?]*[ -/]*[@-~]"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]"
)


_ANY_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Where every one of :data:`_CONTROL`'s sequences starts: text without it has nothing to strip
(a character class is scanned ten times faster than the alternatives)."""


def safe_text(text: str) -> str:
    """``text`` without terminal control sequences or control characters; tabs and newlines stay,
    and a carriage return ends a line as the matcher reads it (``a\rb`` is two lines, not ``ab``)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text) if _ANY_CONTROL.search(text) else text


def safe_data(value: Any) -> Any:
    """JSON-able ``value`` with every string (keys too) made :func:`safe_text`."""
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, dict):
        return {safe_text(k) if isinstance(k, str) else k: safe_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [safe_data(v) for v in value]
    return value


# -- writing -------------------------------------------------------------------------------------

_ASCII_MARKS = str.maketrans({"✔": "+", "│": "|", "·": "-", "…": "...", "─": "-", "→": "->", "—": "-", "█": "#"})


def _fit(text: str, stream: TextIO) -> str:
    """``text`` as ``stream`` can encode it: ASCII marks, then ``?`` for what is left."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
        return text
    except UnicodeEncodeError:
        text = text.translate(_ASCII_MARKS)
        return text.encode(encoding, "replace").decode(encoding)
    except LookupError:
        return text


def write_out(text: str) -> None:
    """Write ``text`` to stdout; :class:`OutputError` when it cannot be written (a closed pipe
    stays :class:`BrokenPipeError`: the reader has all it wanted)."""
    stream = sys.stdout
    if stream is None:
        raise OutputError("standard output is closed")
    try:
        stream.write(_fit(text, stream))
    except BrokenPipeError:
        raise
    except (OSError, ValueError) as e:
        raise OutputError(_reason(e)) from None


def write_json(data: Any) -> None:
    """One JSON object on one line, its strings :func:`safe_text`; escaped to ASCII when stdout
    cannot encode it (the data stay whole)."""
    data = safe_data(data)
    text = json.dumps(data, ensure_ascii=False)
    if sys.stdout is not None and _fit(text, sys.stdout) != text:
        text = json.dumps(data)
    write_out(text + "\n")


def flush_out() -> None:
    """Flush stdout now, so that a full disk is an :class:`OutputError` and not a complaint at exit."""
    stream = sys.stdout
    if stream is None:
        return
    try:
        stream.flush()
    except BrokenPipeError:
        raise
    except (OSError, ValueError) as e:
        raise OutputError(_reason(e)) from None


def silence_stdout() -> None:
    """Point stdout at the null device, so that the interpreter's last flush has nothing to fail
    on (after ``kbfind … | head`` or a full disk)."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def say(line: str) -> None:
    """One line on stderr; nothing when stderr is closed or broken (never on stdout instead)."""
    stream = sys.stderr
    if stream is None:
        return
    try:
        stream.write(_fit(safe_text(line), stream) + "\n")
        stream.flush()
    except (OSError, ValueError):
        pass


def _reason(e: Exception) -> str:
    if isinstance(e, OSError) and e.strerror:
        return e.strerror
    return str(e) or type(e).__name__


# -- index builds --------------------------------------------------------------------------------


LONG_BUILD = 0.5
"""Seconds a build runs before it is shown: small builds finish before a bar would help."""


class BuildProgress:
    """Shows an index build that takes a while (``kb.build.Progress``): a bar when stderr is a
    terminal, else a start line and a finish line with counts and time, for logs."""

    def __init__(self, prog: str, after: float | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        self.prog = prog
        self.after = LONG_BUILD if after is None else after
        self.clock = clock
        self.started = clock()
        self.done = self.total = 0
        self.shown = False
        self._bar: Any = None
        self._task: Any = None

    def __call__(self, done: int, total: int) -> None:
        self.done, self.total = done, total
        if not self.shown:
            if self.clock() - self.started < self.after or done >= total:
                return
            self._start()
        if self._bar is not None:
            self._bar.update(self._task, completed=done, total=total)

    def _start(self) -> None:
        self.shown = True
        if _isatty(sys.stderr):
            self._start_bar()
        else:
            say(f"{self.prog}: indexing {self.total} files…")

    def _start_bar(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._bar = Progress(
            TextColumn(f"{self.prog}: indexing"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("files"),
            TimeElapsedColumn(),
            console=Console(file=sys.stderr),
        )
        self._task = self._bar.add_task("index", total=self.total, completed=self.done)
        self._bar.start()

    def finish(self, entries: int) -> None:
        """The build is over: stop the bar and say what it made, if it was shown."""
        self.stop()
        if self.shown:
            took = self.clock() - self.started
            say(f"{self.prog}: indexed {self.total} files ({entries} entries) in {took:.1f} s")

    def stop(self) -> None:
        """Stop the bar (it restores the cursor); the build is over or was abandoned."""
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def __enter__(self) -> BuildProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
