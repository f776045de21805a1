"""``kb``: browse a knowledge base and measure the matcher on labelled pastes.

Each command is a thin wrapper over a public function of :mod:`kb` or :mod:`matcher`.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import unquote

import typer

from kb.settings import KB_ENV, SITE_URL_ENV
from kbfind import __version__
from kbfind.cli import (
    CONTEXT,
    UsageProblem,
    kb_arg,
    kb_source,
    open_matcher,
    report_cache_problems,
    run_process,
    where_for,
    words_of,
)
from kbfind.terminal import OutputError, flush_out, safe_text, say, silence_stdout, write_json, write_out

__all__ = ["app", "main"]

PROG = "kb"

WATCH_HINT_FILES = 2_000
"""From this many files, ``kb index`` mentions ``kb watch``."""

app = typer.Typer(
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    context_settings=CONTEXT,
    help="Browse a knowledge base and evaluate kbfind on labelled pastes.",
)

KbOption = Annotated[
    Path | None,
    typer.Option(
        "--kb", envvar=KB_ENV, callback=kb_source, help="A markdown file or folder instead of the bundled FAQ."
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON object instead of text.")]
SiteOption = Annotated[
    str | None,
    typer.Option("--site-url", envvar=SITE_URL_ENV, help="Base URL of the published site, for the JSON's url."),
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Nothing on stderr but errors.")]


def _version(value: bool) -> None:
    if value:
        write_out(f"{PROG} {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def _options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Browse a knowledge base and evaluate kbfind on labelled pastes."""


def _open(kb: Path | None, quiet: bool = False) -> Any:
    """The knowledge base of ``kb`` (the bundled FAQ when ``None``), opened as ``kbfind`` opens it."""
    return open_matcher(PROG, kb, quiet).kb


_CONTROL_CHARACTER = re.compile("[\x00-\x1f\x7f-\x9f]")


def _cell(text: str) -> str:
    """A file's name in a tab-separated line: its control characters written as escapes (a tab or a
    newline would split the line; an escape sequence, removed as a title's is, would name another file)."""
    return _CONTROL_CHARACTER.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def _lines(rows: list[str]) -> None:
    write_out("".join(safe_text(r) + "\n" for r in rows))


@app.command("list", help="List the entries: source:line, kind, id and title (tab-separated).")
def list_entries(
    kb: KbOption = None, as_json: JsonOption = False, site: SiteOption = None, quiet: QuietOption = False
) -> int:
    base = _open(kb, quiet)
    where = where_for(base, kb, site, PROG, quiet)
    if as_json:
        from kbfind.payload import entries_json

        write_json(entries_json(base.entries(), where))
    else:
        _lines(
            [
                f"{_cell(where.source(e))}:{e.line}\t{e.kind}\t{e.id}\t{' '.join(e.title.split())}"
                for e in base.entries()
            ]
        )
    return 0


@app.command(help="Build or refresh the index of a knowledge base now, and say where it is.")
def index(kb: KbOption = None, quiet: QuietOption = False) -> int:
    import time

    start = time.perf_counter()
    base = _open(kb, quiet)
    took = time.perf_counter() - start
    where = str(base.home) if base.home else "in memory"
    _lines([f"{len(base)} entries from {base.root}, index {where} (ready in {took:.1f} s)"])
    files = len(base.snapshot.files) if base.snapshot is not None else 0
    if not quiet and base.home is not None and files >= WATCH_HINT_FILES and sys.platform.startswith("linux"):
        from kb.watchstamp import current

        if current(base.home) is None:
            say(f"{PROG}: tip: `kb watch --kb {kb or base.root}` spares every query a check of these {files} files")
    return 0


@app.command(
    help="Watch a knowledge base's files (Linux), so that each query asks this process instead of checking"
    " every file; Ctrl-C stops it. Useful on trees of thousands of files."
)
def watch(kb: KbOption = None, quiet: QuietOption = False) -> int:
    from kb.build import SCHEMA_VERSION
    from kb.cache import index_home
    from kb.watch import Watcher, WatchError
    from kb.watchstamp import record
    from matcher.api import default_root

    root = (kb or default_root()).expanduser()
    notice = (lambda line: None) if quiet else (lambda line: say(f"{PROG}: {line}"))
    try:
        watcher = Watcher(root, index_home(root, SCHEMA_VERSION), notice)  # watching before the index is checked
        watcher.listen()  # before the index is built: a second watcher stops here
        stamp = watcher.stamp()
        base = _open(kb, quiet)
        if base.home is None:
            raise UsageProblem("the index is kept in memory (the cache cannot be used): there is nothing to watch for")
        if stamp.generation >= 0:
            record(base.home, stamp, base.snapshot)
        base.close()  # not read again here: a rebuilt index's old files must not stay open
    except WatchError as e:
        raise UsageProblem(str(e)) from None
    if not quiet:
        what = "" if watcher.single else f" ({watcher.folders} folder{'s' * (watcher.folders != 1)})"
        say(f"{PROG}: watching {base.root}{what}; queries ask this process (Ctrl-C stops it)")
    try:
        watcher.serve()
    except WatchError as e:  # the root went away: queries check every file again
        say(f"{PROG}: {e}")
        return 1
    return 0


@app.command(
    help="Keyword search over titles, error text, tags, answers and code (BM25F). Exit 1 when nothing matches."
)
def search(
    words: Annotated[list[str], typer.Argument(help="Words to search for, in any language.")],
    kb: KbOption = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=100, help="At most this many hits.")] = 10,
    as_json: JsonOption = False,
    site: SiteOption = None,
    quiet: QuietOption = False,
) -> int:
    query = words_of(words, PROG)
    base = _open(kb, quiet)
    hits = base.search(query, limit)
    where = where_for(base, kb, site, PROG, quiet)
    if as_json:
        from kbfind.payload import hits_json

        write_json(hits_json(query, hits, where))
    elif hits:
        _lines([f"{h.score:7.2f}  {h.entry.title}  ({where.source(h.entry)}:{h.entry.line})" for h in hits])
    else:
        shown = query if len(query) <= 80 else query[:79] + "…"
        say(f"{PROG}: nothing matches {shown!r}; try other or fewer words, or 'kb list' for every entry")
    return 0 if hits else 1


@app.command(help="Show an entry by its id (the anchor on the site), or PAGE#ID when ids repeat across pages.")
def show(
    entry_id: Annotated[str, typer.Argument(metavar="ID")],
    kb: KbOption = None,
    as_json: JsonOption = False,
    site: SiteOption = None,
    quiet: QuietOption = False,
) -> int:
    base = _open(kb, quiet)
    where = where_for(base, kb, site, PROG, quiet)
    found = _named(base, entry_id, where)
    if not found:
        if not entry_id.strip():
            raise UsageProblem(f"the id is empty: pass an entry's id ('kb list{kb_arg(kb)}' shows them)")
        page = (
            "; in PAGE#ID, PAGE is the file's path under --kb (ops/faq.md#some-id) or as kb list prints it"
            if "#" in entry_id
            else ""
        )
        raise UsageProblem(f"no entry with id {entry_id!r}; 'kb list{kb_arg(kb)}' shows the ids{page}")
    if as_json:
        from kbfind.payload import entries_json

        write_json(entries_json(found, where))
        return 0
    for e in found:
        state = f"{e.kind}, no answer yet" if e.unanswered else e.kind
        _lines([f"{'#' * e.level} {e.title}", f"{where.source(e)}:{e.line}  ({state})", "", e.body])
    return 0


@app.command(
    "eval",
    help="Run labelled pastes (JSON lines) through the matcher and report accuracy; with minimums, exit 1 "
    "when one is not met (for a knowledge base's CI).",
)
def evaluate_cases(
    files: Annotated[
        list[Path],
        typer.Argument(
            help='JSON-lines files (- reads stdin), a case per line: {"query", "expect": entry titles or ids, "kind"}.'
        ),
    ],
    kb: KbOption = None,
    as_json: JsonOption = False,
    calibration: Annotated[Path | None, typer.Option("--calibration", help="Coefficients from 'kb calibrate'.")] = None,
    min_answered: Annotated[
        float | None, typer.Option("--min-answered", min=0.0, max=1.0, help="Share answered confidently and right.")
    ] = None,
    min_top1: Annotated[
        float | None, typer.Option("--min-top1", min=0.0, max=1.0, help="Share whose first listed entry is right.")
    ] = None,
    min_top3: Annotated[
        float | None, typer.Option("--min-top3", min=0.0, max=1.0, help="Right entry in the first three.")
    ] = None,
    min_refused: Annotated[
        float | None, typer.Option("--min-refused", min=0.0, max=1.0, help="Share of the negatives refused.")
    ] = None,
    max_confident_wrong: Annotated[
        float | None,
        typer.Option("--max-confident-wrong", min=0.0, max=1.0, help="Share answered confidently and all wrong."),
    ] = None,
    quiet: QuietOption = False,
) -> int:
    from matcher.evaluate import Minimums, evaluate

    cases = _cases(files)
    base, given = _open(kb, quiet), _calibration(calibration)
    if not quiet:
        _check_labels(cases, base, kb)
    report = evaluate(cases, base, given)
    model = str(calibration) if given is not None else _model_of(base)
    wanted = Minimums(min_answered, min_top1, min_top3, min_refused, max_confident_wrong)
    unmet = wanted.unmet(report.figures)
    where = where_for(base, kb, None, PROG, True)
    if as_json:
        write_json({**_report_json(report, where), "model": model, "unmet": unmet})
    else:
        write_out(_report_text(report, where) + f"model: {model}\n")
    for reason in unmet:
        say(f"{PROG}: below the minimum: {reason}")
    return 1 if unmet else 0


@app.command(
    help="Check a knowledge base: entries their own heading or error texts do not find, near-duplicates, "
    "topics no paste would name, content that could not be read, structure the parser guessed. "
    "Exit 1 on errors (with --strict, on warnings too)."
)
def lint(
    kb: KbOption = None,
    as_json: JsonOption = False,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings count as errors.")] = False,
    ignore: Annotated[
        list[str] | None,
        typer.Option(
            "--ignore",
            metavar="CODE",
            help="Leave out the warnings of this code, the one in brackets (repeatable, or comma-separated):"
            " --ignore no-error-text for an FAQ of how-to questions. Errors are never left out.",
        ),
    ] = None,
    quiet: QuietOption = False,
) -> int:
    from matcher.lint import ALIAS_HOWTO, CODES
    from matcher.lint import lint as check

    left_out = frozenset(code.strip() for given in ignore or () for code in given.split(","))  # a,b as ruff takes it
    for code in sorted(left_out):
        if code not in CODES:
            raise UsageProblem(f"--ignore {code!r} is no finding's code; the codes are {', '.join(CODES)}")
    matcher = open_matcher(PROG, kb, True)
    if not quiet:
        report_cache_problems(matcher.kb, PROG)  # the content's are findings
    everything = check(matcher, where_for(matcher.kb, kb, "", PROG, quiet))
    findings = [f for f in everything if f.code not in left_out or f.level == "error"]  # an error stays an error
    if as_json:
        howto = {"alias_howto": ALIAS_HOWTO} if any(f.code == "no-error-text" for f in findings) else {}
        write_json({"findings": [vars(f) for f in findings], **howto})
    else:
        _lines([str(f) for f in findings])
    errors = sum(f.level == "error" for f in findings)
    warnings = len(findings) - errors
    if not quiet and not as_json:
        if any(f.code == "no-error-text" for f in findings):
            say(f"{PROG}: {ALIAS_HOWTO}")
        tally = _tally([f for f in findings if f.level == "warning"])
        say(f"{PROG}: {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}{tally}")
        if dropped := len(everything) - len(findings):
            say(f"{PROG}: {dropped} warning{'s' * (dropped != 1)} left out by --ignore")
        if kept := sorted({f.code for f in findings if f.code in left_out}):
            say(f"{PROG}: --ignore leaves out warnings, not errors: {', '.join(kept)} stayed")
    return 1 if errors or (strict and warnings) else 0


def _named(base: Any, entry_id: str, where: Any) -> list[Any]:
    """The entries ``entry_id`` names, first found of: the id or PAGE#ID; the page's file as kb list
    prints it (any spelling of that path) with the id; a link to the section, as kbfind and the site
    name it (the longest page it ends in: ops/faq/ is ops/faq.md, not faq.md; the home page of a site
    under a prefix, …/kb/#id). Where no entry has the id as written, one whose id the other family of
    slugs writes so (``x-y`` for ``x--y``, ``caveats_2`` for ``caveats-2``: :func:`kb.slug.loose_anchor`)."""
    from kb.slug import loose_anchor

    entries = list(base.entries())
    return _named_by(entries, entry_id, where, str.__eq__) or _named_by(
        entries, entry_id, where, lambda a, b: loose_anchor(a) == loose_anchor(b)
    )


def _named_by(entries: list[Any], entry_id: str, where: Any, same: Callable[[str, str], bool]) -> list[Any]:
    page, _, anchor = entry_id.rpartition("#")
    found = [e for e in entries if e.key == entry_id or same(entry_id, e.id)]
    if found or (not page and "#" not in entry_id):
        return found
    wanted = os.path.abspath(page)
    found = [e for e in entries if page and same(anchor, e.id) and os.path.abspath(where.source(e)) == wanted]
    if found:
        return found
    published, anchor = _published(page), unquote(anchor)
    linked = [e for e in entries if same(anchor, e.id) and _is_page(published, e.page)]
    longest = max((len(_published(e.page)) for e in linked), default=0)
    found = [e for e in linked if len(_published(e.page)) == longest]
    if not found and "/" not in published:
        found = [e for e in entries if same(anchor, e.id) and not _published(e.page)]
    return found


def _published(page: str) -> str:
    """A page as a link names it: a URL's path (``https://rook.io/docs/Troubleshooting/x/``), or a page
    without its ``.md``; folders, no extension, no ``index`` (nor Hugo's ``_index``)."""
    path = unquote(page.split("://", 1)[1].partition("/")[2] if "://" in page else page)
    path = re.sub(
        r"(?:(?:^|/)(?:index|readme|_index))?(?:\.(?:md|mdx|markdown|mdown|mkdn|mkd|html))?/?$",
        "",
        path.strip("/"),
        flags=re.IGNORECASE,
    )
    return path.lower()


def _is_page(published: str, page: str) -> bool:
    """``published`` names ``page`` (a path under --kb), ending in it: a site may publish under a prefix;
    the home page (``index.md``) is the site's root."""
    name = _published(page)
    return published == name or (bool(name) and published.endswith("/" + name))


def _tally(findings: list[Any]) -> str:
    """How many warnings of each code, most first, when there are many: what --ignore would leave out."""
    if len(findings) < 10:
        return ""
    counts = ", ".join(f"{n} {code}" for code, n in Counter(f.code for f in findings).most_common())
    return f" ({counts}; --ignore CODE leaves a kind of warning out)"


@app.command(
    help="Refit the confidence model on labelled pastes and write it; written as the knowledge base's"
    " .kbfind/calibration.json (--write KB/.kbfind/calibration.json), kbfind and the site use it for that"
    " knowledge base."
)
def calibrate(
    files: Annotated[list[Path], typer.Argument(help="JSON-lines case files (- reads them from stdin).")],
    write: Annotated[Path, typer.Option("--write", help="Where to write the model (JSON).")],
    kb: KbOption = None,
    threshold_only: Annotated[
        bool,
        typer.Option("--threshold-only", help="Keep the shipped coefficients; choose the threshold alone."),
    ] = False,
    min_refused: Annotated[
        float,
        typer.Option("--min-refused", min=0.0, max=1.0, help="Share of the negatives to refuse at least."),
    ] = 0.9,
    quiet: QuietOption = False,
) -> int:
    import warnings

    from matcher.evaluate import entry_names, names_an_entry, resolved
    from matcher.fitting import calibrate as fit

    cases = _cases(files)
    write = _target(write)
    base = _open(kb, quiet)
    if not quiet:
        _check_labels(cases, base, kb)
    names = entry_names(base)
    named = sum(1 for c in resolved(cases, base) if names_an_entry(c, names))
    negatives = sum(not c.expect for c in cases)
    if not named or not negatives:
        raise UsageProblem(
            f"{named} pastes whose label names an entry and {negatives} negatives given: the bar needs both"
            ' (a negative is a paste your notes do not answer, "expect": [])'
        )
    if not threshold_only and (named < REFIT_PASTES or negatives < REFIT_NEGATIVES):
        raise UsageProblem(
            f"refitting every coefficient needs at least {REFIT_PASTES} pastes whose label names an entry and"
            f" {REFIT_NEGATIVES} negatives ({named} and {negatives} given): label more, or keep the shipped"
            " coefficients with --threshold-only"
        )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        cal = fit(cases, base, refused=min_refused, threshold_only=threshold_only)
    for w in [] if quiet else caught:
        say(f"{PROG}: warning: {w.message}")
    if negatives < 10 and not quiet:
        say(f"{PROG}: warning: the bar rests on {negatives} negatives; label more for a steadier one")
    try:
        write.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise UsageProblem(f"{write.parent}: cannot make the folder: {e.strerror}") from None
    _replace(write, cal.to_json() + "\n")
    try:
        from matcher.model import kb_calibration_path

        if write == kb_calibration_path(base.root).resolve():  # where kbfind reads it: in use from now on
            note = f"kbfind, kb eval and the paste page answer {kb or base.root} with it from now on"
        else:
            note = f"try it with: kb eval --calibration {write} …"
        write_out(f"wrote {write} (threshold {cal.threshold:.2f}); {note}\n")
        flush_out()
    except OutputError:  # the model is written: a message that cannot be shown is no failure
        silence_stdout()
    return 0


REFIT_PASTES, REFIT_NEGATIVES = 20, 5
"""What a refit of every coefficient needs at least; fewer, and only the threshold is chosen."""


def _target(path: Path) -> Path:
    """Where ``--write`` may write: a new file, or a regular file its owner can write (through a
    symbolic link, the file it names); never a device, a folder or a read-only file."""
    import stat

    from kb.sources import is_markdown

    if not path.name:
        raise UsageProblem("--write needs a file name, e.g. notes/.kbfind/calibration.json")
    if is_markdown(path.name):
        raise UsageProblem(f"{path}: a markdown name, read as a page of notes; write the model to a .json file")
    try:
        real = path.resolve()
        st = real.stat()
    except FileNotFoundError:
        if path.is_symlink() and not real.parent.is_dir():  # a new file through it, but no folders made
            raise UsageProblem(f"{path}: a symbolic link into a folder that does not exist ({real.parent})") from None
        return real
    except (OSError, RuntimeError) as e:
        raise UsageProblem(f"{path}: cannot write there: {getattr(e, 'strerror', None) or e}") from None
    if not stat.S_ISREG(st.st_mode):
        raise UsageProblem(f"{path}: not a regular file; give the path of a JSON file to write")
    if not st.st_mode & stat.S_IWUSR:
        raise UsageProblem(f"{path}: the file is read-only; make it writable or write elsewhere")
    if st.st_size and not _a_calibration(real):
        raise UsageProblem(
            f"{path}: the file exists and is not a calibration; kb calibrate replaces only a calibration it"
            " wrote: write elsewhere, or remove the file first"
        )
    return real


def _a_calibration(path: Path) -> bool:
    """The file holds a calibration (of these model terms or others: a refit replaces an old one)."""
    import json

    from kb.sources import read_regular

    try:
        data = json.loads(read_regular(path, 1 << 20).decode("utf-8-sig"))
    except (OSError, ValueError, RecursionError):
        return False
    return isinstance(data, dict) and {"terms", "coef", "threshold"} <= data.keys()


def _replace(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all: a reader never sees half a file."""
    import os

    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        mode = path.stat().st_mode & 0o7777  # a rewritten file keeps who may read it
    except OSError:
        mode = None
    try:
        tmp.write_text(text, "utf-8")
        if mode is not None:
            tmp.chmod(mode)
        os.replace(tmp, path)
    except OSError as e:
        with contextlib.suppress(OSError):  # on a read-only file system the clean-up fails too
            tmp.unlink(missing_ok=True)
        raise UsageProblem(f"{path}: cannot write: {e.strerror}") from None


def _check_labels(cases: list[Any], base: Any, kb: Path | None) -> None:
    """One warning per label that names no entry (at most five, then how many more)."""
    from matcher.evaluate import unknown_labels

    unknown = unknown_labels(cases, base)
    for where, label in unknown[:5]:
        hint = (
            "a page's path is from --kb, as kb show takes it"
            if "#" in label
            else f"kb list{kb_arg(kb)} shows the titles"
        )
        say(f"{PROG}: warning: {where}: {label!r} names no entry ({hint})")
    if len(unknown) > 5:
        say(f"{PROG}: warning: and {len(unknown) - 5} more labels that name no entry")


def _cases(files: list[Path]) -> list[Any]:
    from matcher.evaluate import CaseError, load_cases

    cases = []
    for f in files:
        try:
            if str(f) == "-":  # the cases piped in
                from matcher.evaluate import MAX_CASE_BYTES

                cases += load_cases(Path("<stdin>"), sys.stdin.buffer.read(MAX_CASE_BYTES + 1))
                continue
            cases += load_cases(f)
        except OSError as e:
            raise UsageProblem(f"{f}: cannot read: {e.strerror}") from None
        except CaseError as e:
            raise UsageProblem(str(e)) from None
    if not cases:
        raise UsageProblem("no cases in the given files")
    return cases


def _model_of(base: Any) -> str:
    """Which model answers ``base``: the calibration file it carries, or the shipped one."""
    from matcher.model import calibration_of, kb_calibration_path

    path = kb_calibration_path(base.root)
    return str(path) if calibration_of(base.root)[1] is None and path.exists() else "shipped"


def _calibration(path: Path | None) -> Any:
    if path is None:
        return None
    from matcher.model import CalibrationError, load

    try:
        return load(path)
    except OSError as e:
        raise UsageProblem(f"{path}: cannot read: {e.strerror}") from None
    except CalibrationError as e:
        raise UsageProblem(str(e)) from None


def _report_json(report: Any, where: Any) -> dict[str, Any]:
    def outcome(o: Any) -> dict[str, Any]:
        alias = o.alias and {
            "title": o.alias.entry.title,
            "source": where.source(o.alias.entry),
            "line": o.alias.entry.line,
            "text": o.alias.text,
        }
        return {
            "where": o.case.where,
            "kind": o.case.kind,
            "query": o.case.query,
            "expect": list(o.case.expect),
            "confident": list(o.confident),
            "ranked": list(o.ranked[:5]),
            "rank": o.rank,
            "alias": alias,
        }

    return {
        "figures": {kind: _rounded(f) for kind, f in report.figures_by_kind().items()},
        "failures": [outcome(o) for o in report.failures],
        "unconfident": [outcome(o) for o in report.unconfident],
    }


def _rounded(figures: dict[str, float]) -> dict[str, float | None]:
    """Figures to 4 places; a share of no cases (no negatives to refuse) is ``null``."""
    from matcher.evaluate import MEASURED_ON_NEGATIVES

    counts = ("cases", "positives", "negatives")
    return {
        k: round(v, 4) if k in counts or figures["negatives" if k in MEASURED_ON_NEGATIVES else "positives"] else None
        for k, v in figures.items()
    }


def _report_text(report: Any, where: Any) -> str:
    def alias(o: Any) -> list[str]:
        if o.alias is None:
            return []
        at = f"{where.source(o.alias.entry)}:{o.alias.entry.line}"
        return [f"    alias under {o.alias.entry.title!r} ({at}): {o.alias.comment}"]

    lines = [
        f"{'':<12} {'cases':>5} {'answered':>8} {'top-1':>6} {'top-3':>6} {'refused':>7} {'conf.wrong':>10}",
    ]
    for kind, f in report.figures_by_kind().items():
        if not f["cases"]:
            continue
        answered = f"{f['answered']:.3f}" if f["positives"] else "-"
        top1 = f"{f['top1']:.3f}" if f["positives"] else "-"
        top3 = f"{f['top3']:.3f}" if f["positives"] else "-"
        refused = f"{f['refused']:.3f}" if f["negatives"] else "-"
        wrong = f"{f['confident_wrong']:.3f}" if f["positives"] else "-"
        name = kind or "(no kind)"
        lines.append(f"{name:<12} {int(f['cases']):>5} {answered:>8} {top1:>6} {top3:>6} {refused:>7} {wrong:>10}")
    lines.append(
        "answered: confident and the first answer right · top-1: the first listed entry right, confident or not"
        " · refused: negatives with no confident answer · conf.wrong: confident answers all wrong"
    )
    if report.failures:
        lines += ["", f"{len(report.failures)} failure{'s' * (len(report.failures) != 1)}:"]
    for o in report.failures:
        want = "refuse" if o.case.negative else " | ".join(o.case.expect)
        lines.append(f"- {o.case.where}: want {want!r}; got {_got(o)}")
        lines.append(f"    {o.case.query[:150]!r}")
        lines += alias(o)
    if report.unconfident:
        n = len(report.unconfident)
        lines += [
            "",
            f"{n} ranked first but not confident (not answered; an alias would answer {'it' if n == 1 else 'them'}):",
        ]
    for o in report.unconfident:
        lines.append(f"- {o.case.where}: {o.ranked[0]!r}")
        lines.append(f"    {o.case.query[:150]!r}")
        lines += alias(o)
    return "\n".join(lines) + "\n"


def _got(o: Any) -> str:
    """The first three entries listed for a case, the confident ones said apart from the suggestions
    after them: ``(confident) 'A' · (not confident) 'B | C'``."""
    shown = o.ranked[:3]
    confident, rest = shown[: len(o.confident)], shown[len(o.confident) :]
    said = [
        f"({state}) {' | '.join(names)!r}"
        for state, names in (("confident", confident), ("not confident", rest))
        if names
    ]
    return " · ".join(said) or "nothing"


def main() -> None:
    run_process(app, PROG)
