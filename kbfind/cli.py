"""``kbfind [TEXT]…``: the pasted error (arguments or stdin) in, the answer out.

A thin wrapper over :func:`matcher.analyze`: it reads arguments, formats, and turns the library's
exceptions into one line on stderr. Exit status: 0 a confident match, 1 none, 2 bad usage/input.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer

from kb.settings import DEBUG_ENV, KB_ENV, SITE_URL_ENV
from kbfind import __version__

__all__ = ["app", "main"]

PROG = "kbfind"
MAX_LIMIT = 100

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)


class UsageProblem(Exception):
    """Bad usage or input: one line on stderr, exit 2."""


def _version(value: bool) -> None:
    if value:
        print(f"{PROG} {__version__}")
        raise typer.Exit(0)


@app.command(
    help="Answer a pasted error (or a question) from the knowledge base. "
    "The TEXT words are joined into one query; with no TEXT, or '-', the paste is read from stdin. "
    "Exit status: 0 a confident match, 1 no confident match, 2 bad usage or input."
)
def find(
    text: Annotated[
        list[str] | None, typer.Argument(help="The error text or question; '-' or nothing reads stdin.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print exactly one JSON object on stdout.")] = False,
    kb: Annotated[
        Path | None,
        typer.Option(
            "--kb", envvar=KB_ENV, help="A markdown file or folder to answer from instead of the bundled FAQ."
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
        typer.Option("--site-url", envvar=SITE_URL_ENV, help="Base URL of the published site for links."),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> int:
    query = _query(text or [])
    from kb import ContentError, Locations, site_url
    from matcher.api import default_root, matcher_for

    root = kb or default_root()
    try:
        matcher = matcher_for(root, progress_bar(PROG))
    except ContentError as e:
        raise UsageProblem(str(e)) from None
    warn_about(matcher.kb, PROG)
    result = matcher.analyze(query, limit=limit)
    shown = str(kb) if kb is not None else str(root.resolve())
    where = Locations(shown, root.is_file(), site if site is not None else site_url(root))
    if as_json:
        from kbfind.payload import result_json

        sys.stdout.write(json.dumps(result_json(result, where, explain), ensure_ascii=False) + "\n")
    else:
        from kbfind.render import Style, render_result

        sys.stdout.write(render_result(result, where, Style(_color()), explain))
    return 0 if result.matches else 1


def progress_bar(prog: str) -> Any:
    """A progress line on stderr while an index is built, when stderr is a terminal."""
    if not sys.stderr.isatty():
        return None
    started = time.monotonic()

    def show(done: int, total: int) -> None:
        if time.monotonic() - started < 0.5 and done < total:
            return  # small builds finish before a bar would help
        width = 30
        filled = width * done // max(total, 1)
        end = "\n" if done == total else ""
        bar = "█" * filled + "·" * (width - filled)
        print(f"\r{prog}: indexing {bar} {done}/{total} files", end=end, file=sys.stderr, flush=True)

    return show


def warn_about(base: Any, prog: str) -> None:
    """One line on stderr for each problem of the content, and for content with no entries."""
    for problem in base.problems:
        print(f"{prog}: warning: {problem}", file=sys.stderr)
    if len(base) == 0:
        print(
            f"{prog}: warning: {base.root}: no entries found (an entry is a '## ' section of a .md file)",
            file=sys.stderr,
        )


def _query(words: list[str]) -> str:
    if words in ([], ["-"]):
        if sys.stdin is None or sys.stdin.isatty():
            raise UsageProblem("nothing to match: pass the error as arguments or pipe it in (see kbfind --help)")
        data = sys.stdin.buffer.read()
        query = data.decode("utf-8", errors="replace")
        if "\ufffd" in query and b"\xef\xbf\xbd" not in data:
            print(f"{PROG}: warning: the input is not valid UTF-8; undecodable bytes were replaced", file=sys.stderr)
    else:
        query = " ".join(words)
    if not query.strip():
        raise UsageProblem("the query is empty: pass the error text as arguments or on stdin")
    return query


def _color() -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty() and os.environ.get("TERM") != "dumb"


def run(app: typer.Typer, prog: str, argv: list[str] | None = None) -> int:
    """Run a typer app; usage errors and :class:`UsageProblem` become one line and exit 2."""
    command = typer.main.get_command(app)
    try:
        code = command.main(args=argv, prog_name=prog, standalone_mode=False)
    except UsageProblem as e:
        print(f"{prog}: error: {e}", file=sys.stderr)
        return 2
    except typer.Exit as e:
        return int(e.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        print(f"{prog}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        _silence_stdout()
        return 1
    except Exception as e:
        if hasattr(e, "format_message") and hasattr(e, "exit_code"):  # click's usage errors
            print(f"{prog}: error: {e.format_message()} (see {prog} --help)", file=sys.stderr)
            return 2
        if os.environ.get(DEBUG_ENV):
            raise
        print(
            f"{prog}: internal error: {type(e).__name__}: {e} (please report it; {DEBUG_ENV}=1 shows where)",
            file=sys.stderr,
        )
        return 2
    return code if isinstance(code, int) else 0


def _silence_stdout() -> None:
    """After EPIPE (``kbfind … | head``), keep the interpreter from complaining at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def main() -> None:
    sys.exit(run(app, PROG))
