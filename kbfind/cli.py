"""``kbfind [TEXT]…``: the pasted error (arguments or stdin) in, the answer out.

A thin wrapper over :func:`matcher.analyze`: it reads arguments, formats, and turns the library's
exceptions into one line on stderr. Exit status: 0 a confident match, 1 none, 2 bad usage/input.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kb.settings import DEBUG_ENV, KB_ENV, SITE_URL_ENV
from kbfind import __version__
from kbfind.terminal import (
    BuildProgress,
    ColorMode,
    OutputError,
    flush_out,
    say,
    silence_stdout,
    use_color,
    write_json,
    write_out,
)

if TYPE_CHECKING:
    from kb import KnowledgeBase, Locations, Problem

__all__ = ["CONTEXT", "UsageProblem", "app", "main", "open_matcher", "report_cache_problems", "run", "where_for"]

PROG = "kbfind"
STDIN_LIMIT = 32 << 20
"""Bytes of stdin read at most: a bound on memory, far above any paste or log worth matching."""
MAX_LIMIT = 100
CONTEXT: dict[str, Any] = {"help_option_names": ["-h", "--help"]}
_WRITE_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EBADF}
"""What writing to stdout fails with, when kbfind's own writes did not catch it (typer's help)."""
INTERRUPTED = 130
"""Exit status after Ctrl-C (128 + SIGINT), as shells report it; typer returns it too."""
TERMINATED = 143
"""Exit status after SIGTERM (``kill``, ``timeout``, a service manager stopping ``kb watch``)."""
CLOSED_PIPE = 141
"""Exit status when the reader of stdout closed it (128 + SIGPIPE, as ``yes | head -1`` gives): not
1, which says that nothing was confident."""


class _Terminated(BaseException):
    """SIGTERM, raised where the program is, so that what it was building is cleaned up on the
    way out (a half-built index is a temporary folder as large as the index)."""


_terminated = False


def _on_sigterm(signum: int, frame: object) -> None:
    global _terminated
    _terminated = True
    raise _Terminated


app = typer.Typer(pretty_exceptions_enable=False, context_settings=CONTEXT)


class UsageProblem(Exception):
    """Bad usage or input: one line on stderr, exit 2."""


def _version(value: bool) -> None:
    if value:
        write_out(f"{PROG} {__version__}\n")
        raise typer.Exit(0)


@app.command(
    help="Answer a pasted error (or a question) from the knowledge base. "
    "The TEXT words are joined into one query; with no TEXT, or '-', the paste is read from stdin. "
    "Exit status: 0 a confident match, 1 no confident match, 2 bad usage or input.",
    context_settings=CONTEXT,
)
def find(
    text: Annotated[
        list[str] | None, typer.Argument(metavar="TEXT", help="The error text or question; '-' or nothing reads stdin.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print exactly one JSON object on stdout.")] = False,
    kb: Annotated[
        Path | None,
        typer.Option(
            "--kb",
            envvar=KB_ENV,
            callback=kb_source,
            help="A markdown file or folder to answer from instead of the bundled FAQ.",
        ),
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", min=1, max=MAX_LIMIT, help="At most this many matches and suggestions.")
    ] = 5,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show why: the line, normalized text, rules and score parts.")
    ] = False,
    site: Annotated[
        str | None,
        typer.Option(
            "--site-url",
            envvar=SITE_URL_ENV,
            help="Base URL of the published site, for links (default: site_url of the mkdocs.yml that owns --kb).",
        ),
    ] = None,
    color: Annotated[
        ColorMode, typer.Option("--color", help="Colour the answer: auto (a terminal, unless NO_COLOR is set).")
    ] = ColorMode.auto,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Nothing on stderr but errors: no warnings, no progress.")
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> int:
    query = _query(text or [])
    matcher = open_matcher(PROG, kb, quiet)
    result = matcher.analyze(query, limit=limit)
    where = where_for(matcher.kb, kb, site, PROG, quiet)
    if as_json:
        from kbfind.payload import result_json

        write_json(result_json(result, where, explain))
    else:
        from kbfind.render import Style, render_result

        style = Style(use_color(color, sys.stdout))
        write_out(render_result(result, where, style, explain, empty="" if len(matcher.kb) else f"kb lint{kb_arg(kb)}"))
    return 0 if result.matches else 1


# -- opening a knowledge base (shared with ``kb``) ------------------------------------------------


def open_matcher(prog: str, kb: Path | None, quiet: bool = False) -> Any:
    """The matcher of ``kb`` (the bundled FAQ when ``None``), its build shown and its content's
    problems summarised on stderr; :class:`UsageProblem` when ``kb`` holds no markdown."""
    from kb import ContentError
    from matcher.api import default_root, matcher_for

    _show_kb_notices(quiet)
    with BuildProgress(prog) as progress:
        try:
            matcher = matcher_for(kb or default_root(), None if quiet else progress)
        except ContentError as e:
            raise UsageProblem(_named_by_env(str(e), kb)) from None
        progress.finish(len(matcher.kb))
    check_content(matcher.kb, prog, kb, quiet)
    return matcher


def _show_kb_notices(quiet: bool) -> None:
    """The library's notices (a wait for another process's build) on stderr, unless ``quiet``."""
    import logging

    class Say(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            say(record.getMessage())

    log = logging.getLogger("kb")
    for handler in [h for h in log.handlers if type(h).__name__ == "Say"]:
        log.removeHandler(handler)
    if not quiet:
        log.addHandler(Say())


def where_for(
    base: KnowledgeBase, kb: Path | None, site: str | None, prog: str = PROG, quiet: bool = False
) -> Locations:
    """Sources as the user gave ``--kb`` (the bundled FAQ: its installed file), and a URL only
    when a site is known; a ``mkdocs.yml`` that cannot be read is a warning."""
    from kb import Locations
    from kb.urls import site as site_of
    from kb.urls import site_url_problem

    if site and (wrong := site_url_problem(site)):
        raise UsageProblem(
            f"--site-url (or {SITE_URL_ENV}) {site!r} {wrong}; give where the site is published, e.g."
            " https://docs.example.com/ or /docs/"
        )
    shown = str(kb) if kb is not None else str(base.root)
    problems: list[str] = []
    where = Locations(shown, base.root.is_file(), *site_of(base.root, site, problems))
    for problem in [] if quiet else problems:
        say(f"{prog}: warning: {problem}")
    return where


def check_content(base: KnowledgeBase, prog: str, kb: Path | None, quiet: bool) -> None:
    """A knowledge base with no markdown, or none it can read, is bad usage; content problems are
    one line at most."""
    if len(base) == 0:
        from kb.sources import no_markdown

        problem = no_markdown(base.root, kb or base.root)
        if problem is not None:
            raise UsageProblem(_named_by_env(problem, kb))
    if quiet:
        return
    problems = _content_problems(base, prog, kb)
    if len(base) == 0:
        from kb.sources import WHAT_AN_ENTRY_IS, lone_readme

        # one line: why there are none (the README's, or the content's problems, e.g. the one page unreadable)
        if why := lone_readme(base.root) or problems:
            say(f"{prog}: warning: {base.root}: no entries found: {why}")
        else:
            say(f"{prog}: warning: {base.root}: no entries found ({WHAT_AN_ENTRY_IS})")
    elif problems:
        say(f"{prog}: warning: {problems}")


def _named_by_env(problem: str, kb: Path | None) -> str:
    """A problem with the knowledge base's path, naming where the path came from when it was
    ``KBFIND_KB``, not ``--kb``: the user typed no option to correct."""
    if kb is None or not _kb_from_env:
        return problem
    return f"{problem} (the path is {KB_ENV}'s: set it to one, or unset it for the bundled FAQ)"


_kb_from_env: list[bool] = []
"""Whether this run's ``--kb`` came from ``KBFIND_KB`` (:func:`kb_source`)."""


def kb_source(ctx: typer.Context, value: Path | None) -> Path | None:
    """The ``--kb`` option's callback: notes whether the path came from the environment."""
    source = ctx.get_parameter_source("kb")
    _kb_from_env[:] = [True] if source is not None and source.name == "ENVIRONMENT" else []
    return value


def report_cache_problems(base: KnowledgeBase, prog: str) -> list[Problem]:
    """Problems outside the content (the cache) each on a line; the content's are returned."""
    content = base.content_problems()
    for p in base.problems:
        if p not in content:
            say(f"{prog}: warning: {p}")
    return content


def kb_arg(kb: Path | None) -> str:
    """`` --kb PATH`` as the user gave it, for a command a message suggests: without it, the bundled FAQ's."""
    return f" --kb {shlex.quote(str(kb))}" if kb is not None else ""


def _content_problems(base: KnowledgeBase, prog: str, kb: Path | None) -> str:
    """Problems outside the content (the cache) each said on a line; the content's summed up in one
    (the problem itself when there is one), returned; ``""`` when there are none."""
    content = report_cache_problems(base, prog)
    if len(content) == 1:
        return str(content[0])
    if not content:
        return ""
    files = len({p.path for p in content})
    lint = "kb lint" + kb_arg(kb)
    have = "file has" if files == 1 else "files have"
    return f"{files} {have} problems; `{lint}` lists them"


def _query(words: list[str]) -> str:
    if words in ([], ["-"]):
        if sys.stdin is None or sys.stdin.isatty():
            raise UsageProblem("nothing to match: pass the error as arguments or pipe it in (see kbfind --help)")
        data = sys.stdin.buffer.read(STDIN_LIMIT + 1)
        if len(data) > STDIN_LIMIT:  # a stream that never ends (`yes |`, `logs -f |`) must not fill memory
            data = data[: data.rfind(b"\n", 0, STDIN_LIMIT) + 1 or STDIN_LIMIT]
            say(
                f"{PROG}: warning: stdin holds more than {STDIN_LIMIT >> 20} MB; only the first"
                f" {len(data) / (1 << 20):.0f} MB were read (pipe the part that matters, e.g. | tail -n 2000)"
            )
        query = _decoded(data, "the input is")
    else:  # arguments arrive with undecodable bytes escaped as lone surrogates
        query = _decoded(" ".join(words).encode("utf-8", "surrogateescape"), "the arguments are")
    if not query.strip():
        raise UsageProblem("the query is empty: pass the error text as arguments or on stdin")
    from matcher.framing import clean

    read = clean(query) if len(query) <= 65536 else query  # (a log of megabytes is not all escapes)
    if not any(c.isalnum() for c in read):  # terminal escapes alone (\e[31m) hold no words either
        raise UsageProblem("the query holds no words or numbers to match: pass the error text itself")
    return query


_VALUED = ("--kb", "--limit", "--site-url", "--color")
"""kbfind's options that take a value."""


def kb_command(args: list[str]) -> str | None:
    """The ``kb`` command meant by ``kbfind [options] kb COMMAND …`` (``kbfind --kb docs kb lint``),
    kbfind's ``--kb`` carried over; ``None`` when the words are no ``kb`` command."""
    words: list[str] = []
    kb, at, k = None, 0, 0
    while k < len(args):
        a = args[k]
        if a in _VALUED and k + 1 < len(args) and not words:
            kb = args[k + 1] if a == "--kb" else kb
            k += 1
        elif a.startswith("--kb=") and not words:
            kb = a[5:]
        elif a == "--" or not a.startswith("-") or words:
            if not words:
                at = k + (a == "--")
            words += args[k + 1 :] if a == "--" else [a]
            if a == "--":
                break
        k += 1
    if len(words) < 2 or words[0] != "kb" or words[1] not in _kb_commands():
        return None
    after = args[at + 1 :]
    given = [] if kb is None or any(a == "--kb" or a.startswith("--kb=") for a in after) else ["--kb", kb]
    return shlex.join(["kb", *after, *given])


def _kb_commands() -> frozenset[str]:
    """The commands of ``kb``: typed after ``kbfind`` (``kbfind kb lint``), they are searched for."""
    from kbfind.kbcli import app as kb_app

    return frozenset(c.name or (c.callback.__name__ if c.callback else "") for c in kb_app.registered_commands)


def _decoded(data: bytes, what: str, prog: str = PROG) -> str:
    """``data`` as text; bytes that are not UTF-8 are replaced, with one warning (``what``: "the input is").
    UTF-16 (PowerShell pipes it, Windows tools write it) is read as such."""
    if codec := _utf16(data):
        return data.decode(codec, errors="replace")
    text = data.decode("utf-8", errors="replace")
    if "\ufffd" in text and b"\xef\xbf\xbd" not in data:
        say(f"{prog}: warning: {what} not valid UTF-8; undecodable bytes were replaced")
    return text


def _utf16(data: bytes) -> str | None:
    """The codec of text in UTF-16, told by the NUL beside nearly every byte of its first characters (ASCII:
    ``i\0n\0v\0``), which UTF-8 text never holds; after a byte-order mark, beside half of them will do.
    ``None`` otherwise."""
    bom = {b"\xff\xfe": "utf-16-le", b"\xfe\xff": "utf-16-be"}.get(data[:2])
    if bom and b"\0" not in data[2:514]:  # no ASCII at all (Chinese in UTF-16), or UTF-8 after two stray bytes
        return "utf-16" if len(data) % 2 == 0 and not _mostly_utf8(data[2:4098]) else None
    head = data[2:514] if bom else data[:512]
    low, high = head[0::2], head[1::2]
    if len(head) < 4:
        return None
    share = 0.5 if bom else 0.9
    for codec, nul, other in (("utf-16-le", high, low), ("utf-16-be", low, high)):
        if bom in (None, codec) and nul.count(0) >= share * len(nul) and not other.count(0):
            return "utf-16" if bom else codec  # "utf-16" drops the mark
    return None


def _mostly_utf8(data: bytes) -> bool:
    """Nine in ten of the characters ``data`` holds read as UTF-8 text, not undecodable or control characters
    (a paste with a stray byte or two does; UTF-16 of Chinese or Russian, whose bytes pair up otherwise, does not)."""
    text = data.decode("utf-8", errors="replace")
    odd = sum(1 for c in text if c == "\ufffd" or (c < " " and c not in "\t\n\r"))  # Cyrillic's 0x04 bytes
    return odd <= 0.1 * len(text)


def words_of(words: list[str], prog: str) -> str:
    """Command-line words as one query: undecodable bytes replaced (with a warning), and refused
    when it holds no word or number (exit 2), as for a paste."""
    query = _decoded(" ".join(words).encode("utf-8", "surrogateescape"), "the arguments are", prog)
    if not query.strip():
        raise UsageProblem("the search is empty: pass some words")
    if not any(c.isalnum() for c in query):
        raise UsageProblem("the search holds no words or numbers: pass the words to look for")
    return query


# -- running -------------------------------------------------------------------------------------


def run(app: typer.Typer, prog: str, argv: list[str] | None = None) -> int:
    """Run a typer app: usage errors and :class:`UsageProblem` become one line and exit 2, an
    unwritable stdout one line and exit 2, Ctrl-C one line and exit 130; never a traceback."""
    try:
        return _run(app, prog, argv)
    except _Terminated:
        return TERMINATED


def run_process(app: typer.Typer, prog: str) -> None:
    """The command as a process: :func:`run`, with SIGTERM (``kill``, ``timeout``, a service
    manager) first cleaning up what was being built, then ending the process by that signal, as
    if it had not been caught: parents and service managers see a process stopped by SIGTERM."""
    import signal

    signal.signal(signal.SIGTERM, _on_sigterm)
    code = run(app, prog)
    if code == TERMINATED and _terminated:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTERM)
    sys.exit(code)


def _stdout_stat() -> os.stat_result | None:
    try:
        return os.fstat(sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # a stream with no file (tests, embedding)
        return None


def _turned_null(before: os.stat_result | None) -> bool:
    """stdout was something else and is now the null device (rich's answer to a closed pipe)."""
    null = os.stat(os.devnull)
    now = _stdout_stat()
    return before is not None and now is not None and not os.path.samestat(before, null) and os.path.samestat(now, null)


def _run(app: typer.Typer, prog: str, argv: list[str] | None) -> int:
    if sys.stdout is None:
        say(f"{prog}: error: standard output is closed; nothing can be printed")
        return 2
    from kbfind.params import use_plain_conversion

    command = typer.main.get_command(app)
    use_plain_conversion(command)
    args = sys.argv[1:] if argv is None else argv
    options = args[: args.index("--") if "--" in args else len(args)]
    as_json = "--json" in options
    before = _stdout_stat()
    try:
        if as_json and "--version" in options and not hasattr(command, "commands"):
            write_json({"version": __version__})  # --json promises one JSON object on stdout; --version runs first
            flush_out()
            return 0
        meant = None if hasattr(command, "commands") or {"-q", "--quiet"} & set(options) else kb_command(args)
        if not hasattr(command, "commands"):  # kbfind's one command, not kb's group of them
            args = _pasted_dashes_as_text(command, args, prog)
        elif args[:1] == ["search"]:  # kb search's words are pasted too (-bash: kubectl: command not found)
            args = ["search", *_pasted_dashes_as_text(command.commands["search"], args[1:], f"{prog} search")]
        code = command.main(args=args, prog_name=prog, standalone_mode=False)
        flush_out()
        if meant:  # the words were searched for; what was meant, most likely
            say(f"{prog}: note: kb is a command of its own; to run it: {meant}")
    except UsageProblem as e:
        return _failed(prog, str(e), as_json)
    except OutputError as e:
        say(f"{prog}: error: cannot write the output: {e}")
        silence_stdout()
        return 2
    except typer.Exit as e:
        return int(e.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        return _interrupted(prog)
    except BrokenPipeError:  # the reader stopped reading (| head -0): not "no answer"
        silence_stdout()
        return CLOSED_PIPE
    except SystemExit as e:
        # click (its streams wrapped to flush quietly) and rich (stdout pointed at the null device) end a
        # command whose output pipe closed with exit(1)
        if e.code == 1 and (type(sys.stdout).__name__ == "PacifyFlushWrapper" or _turned_null(before)):
            silence_stdout()
            return CLOSED_PIPE
        raise
    except OSError as e:
        if e.filename is not None or e.errno not in _WRITE_ERRORS:
            return _internal_error(prog, e)
        say(f"{prog}: error: cannot write the output: {e.strerror}")  # help or completion text
        silence_stdout()
        return 2
    except Exception as e:
        if hasattr(e, "format_message") and hasattr(e, "exit_code"):  # click's usage errors
            if message := e.format_message():  # none after the help that no arguments print
                path = getattr(getattr(e, "ctx", None), "command_path", None) or prog  # kb eval, not kb
                return _failed(prog, f"{message} ({_kb_hint(message, args, path)})", as_json)
            return 2
        return _internal_error(prog, e, as_json)
    if code == INTERRUPTED:  # typer turns Ctrl-C during a command into this exit status
        return _interrupted(prog)
    return code if isinstance(code, int) else 0


def _kb_hint(message: str, args: list[str], path: str) -> str:
    """Where to look: a knowledge base given where an argument goes (``kb list docs/``) is
    pointed to ``--kb``; otherwise the command's help."""
    if path == PROG and (command := kb_command(args)):
        return f"kb is a command of its own: {command}"
    given = any(a == "--kb" or a.startswith("--kb=") for a in args)
    if message.startswith("Got unexpected extra argument") and not given:
        for a in args:
            if f"({a}" in message or f" {a}" in message:
                from kb.sources import MARKDOWN_SUFFIXES

                p = Path(a)
                if p.is_dir() or (p.is_file() and p.suffix.lower() in MARKDOWN_SUFFIXES):
                    return f"a knowledge base goes after --kb: {path} --kb {shlex.quote(a)}"
    return f"see {path} --help"


_OPTION = re.compile(r"--?[A-Za-z][\w-]*(=.*)?", re.DOTALL)


def _pasted_dashes_as_text(command: Any, args: list[str], prog: str) -> list[str]:
    """``args`` with every pasted word that starts with a dash but is no option's shape (``- Error:
    Timeout``, ``--- a/x``, ``-> node``) read as text: the options first, as given, then ``--``,
    then the text in its order. So is a pasted line that only looks like an option given a value
    (``--config=/etc/x.yaml: no such file``): a name no option has, and a value that reads as a
    message (a colon, then a space). Anything else shaped like an option is left to be one, or to
    be refused as an unknown one (``--kbdir="/tmp/My Docs"``: a typo, said so)."""
    names = {n for p in command.params if p.param_type_name == "option" for n in p.opts}

    def option(a: str) -> bool:
        name, eq, value = a.partition("=")
        return a != "-" and bool(_OPTION.fullmatch(a)) and not (eq and name not in names and ": " in value)

    if not any(a.startswith("-") and a not in ("-", "--") and not option(a) for a in args):
        return args
    takes_value = {n for p in command.params if p.param_type_name == "option" and not p.is_flag for n in p.opts}
    options: list[str] = []
    text: list[str] = []
    rest = iter(args)
    for a in rest:
        if a == "--":
            text += list(rest)
        elif option(a):
            options.append(a)
            if a in takes_value:
                value = next(rest, None)
                if value is None:
                    raise UsageProblem(f"Option '{a}' requires an argument. (see {prog} --help)")
                options.append(value)
        else:
            text.append(a)
    return [*options, "--", *text]


def _failed(prog: str, message: str, as_json: bool, label: str = "error") -> int:
    """Exit 2 with one line on stderr; with ``--json``, the same message as the one JSON object
    on stdout (``{"error": …}``), so a program reading stdout always gets one."""
    say(f"{prog}: {label}: {message}")
    if as_json:
        with contextlib.suppress(OutputError, OSError):
            write_json({"error": message})
            flush_out()
    return 2


def _internal_error(prog: str, e: Exception, as_json: bool = False) -> int:
    if os.environ.get(DEBUG_ENV):
        raise e
    message = f"{type(e).__name__}: {e} (please report it; {DEBUG_ENV}=1 shows where)"
    return _failed(prog, message, as_json, "internal error")


def _interrupted(prog: str) -> int:
    say(f"{prog}: interrupted")
    return INTERRUPTED


def main() -> None:
    run_process(app, PROG)
